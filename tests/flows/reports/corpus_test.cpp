// The report reader against the hand-written corpus (tests/data/reports_handwritten.tsv):
// reports as team leaders write them, with their known truth. The reader is not tuned
// on this file; it counts the misreads and prints each one.
#include <gtest/gtest.h>

#include <fstream>
#include <iostream>

#include "support/report_truth.hpp"
#include "support/reports_support.hpp"
#include "support/unescape.hpp"

namespace hocvuso::test {


namespace {

TEST(ReportCorpus, HandWritten) {
  const auto content = report_content();
  std::ifstream file(std::string(HOCVUSO_SOURCE_DIR) + "/tests/data/reports_handwritten.tsv");
  ASSERT_TRUE(file) << "tests/data/reports_handwritten.tsv";
  std::string line;
  int rows = 0, misread_reports = 0, flagged_reports = 0, line_no = 0;
  while (std::getline(file, line)) {
    ++line_no;
    if (line.empty() || (line[0] == '#' && line.find('\t') == std::string::npos)) continue;
    const auto tab1 = line.find('\t');
    const auto tab2 = line.find('\t', tab1 + 1);
    ASSERT_NE(tab2, std::string::npos) << "line " << line_no << " needs three fields";
    const std::string message = hocvuso::testing::unescape_newlines(line.substr(0, tab1));
    Truth truth{line.substr(tab1 + 1, tab2 - tab1 - 1), parse_truth_figures(line.substr(tab2 + 1))};
    const auto parse = reports::parse_report(message, *content, kToday);
    const auto wrong = misreads(parse, truth);
    ++rows;
    if (flagged(parse)) ++flagged_reports;
    if (wrong.empty()) continue;
    ++misread_reports;
    std::string why;
    for (const auto& w : wrong) why += "\n    " + w;
    std::cout << "misread, line " << line_no << ": " << message << why << "\n";
  }
  std::cout << "hand-written corpus: " << rows << " reports, " << misread_reports << " misread, " << flagged_reports
            << " with something flagged unread\n";
  EXPECT_GE(rows, 100);
  // Misread reports: 42 before issue 15, none since.
  EXPECT_EQ(misread_reports, 0);
}

}  // namespace
}  // namespace hocvuso::test
