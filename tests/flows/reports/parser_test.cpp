// The report reader against a table of real-looking messages (tests/data/
// report_messages.tsv): diacritics or not, typos, abbreviations, numbers in words,
// several villages, nonsense. Each line is checked in full: period, every village
// and figure, the pieces named as unread, the indicators left without a number.
#include <gtest/gtest.h>

#include <fstream>

#include "flows/reports/parser.hpp"
#include "support/reports_support.hpp"
#include "support/unescape.hpp"

namespace hocvuso::reports {
namespace {

std::string render(const ParsedReport& p) {
  std::string out = p.period_problem ? "?" + p.period_problem->written : p.period ? p.period->key() : "-";
  out += " | ";
  std::string parts;
  for (const auto& part : p.parts) {
    if (!parts.empty()) parts += " ; ";
    parts += (part.village.empty() ? "*" : part.village) + ":";
    for (std::size_t i = 0; i < part.values.size(); ++i) {
      parts += (i ? ", " : " ") + part.values[i].first + "=" + std::to_string(part.values[i].second);
    }
  }
  out += parts.empty() ? "-" : parts;
  std::string unread;
  for (const auto& u : p.unread) unread += (unread.empty() ? "" : " ; ") + u;
  out += " | " + (unread.empty() ? "-" : unread);
  std::string none;
  for (const auto& n : p.no_number) none += (none.empty() ? "" : ", ") + n;
  return out + " | " + (none.empty() ? "-" : none);
}

TEST(ReportParser, MessageTable) {
  const auto content = test::report_content();
  std::ifstream file(std::string(HOCVUSO_SOURCE_DIR) + "/tests/data/report_messages.tsv");
  ASSERT_TRUE(file) << "tests/data/report_messages.tsv";
  std::string line;
  int rows = 0, line_no = 0;
  while (std::getline(file, line)) {
    ++line_no;
    if (line.empty() || (line[0] == '#' && line.find('\t') == std::string::npos)) continue;
    const auto tab = line.find('\t');
    ASSERT_NE(tab, std::string::npos) << "line " << line_no << " has no tab";
    const std::string message = hocvuso::testing::unescape_newlines(line.substr(0, tab));
    const std::string expected = line.substr(tab + 1);
    EXPECT_EQ(render(parse_report(message, *content, test::kToday)), expected)
        << "line " << line_no << ": " << message;
    ++rows;
  }
  EXPECT_GE(rows, 80);
}

TEST(ReportParser, RecognisesReportMessages) {
  EXPECT_TRUE(looks_like_report("#baocao Bản Mòng: hd 25"));
  EXPECT_TRUE(looks_like_report("#bao cao ban Mong"));
  EXPECT_TRUE(looks_like_report("Báo cáo bản Mòng tháng 11"));
  EXPECT_TRUE(looks_like_report("bao cao ban Mong thang 11: HD 25"));
  EXPECT_TRUE(looks_like_report("#bc Bản Mòng: hd 25"));
  EXPECT_TRUE(looks_like_report("bc: hd 20 ng, kich hoat vneid 7"));  // a leader's shorthand
  EXPECT_TRUE(looks_like_report("BC : Bản Mòng hd 25"));
  EXPECT_FALSE(looks_like_report("bc ban mong hd 25"));  // "bc" alone is too common to mean a report
  EXPECT_FALSE(looks_like_report("bc ok mai gui"));
  EXPECT_FALSE(looks_like_report("Chào cả tổ, mai họp lúc 8 giờ"));
  EXPECT_FALSE(looks_like_report("Ai đã báo cáo chưa?"));
}

}  // namespace
}  // namespace hocvuso::reports
