// content/reports/indicators.json's rules that keep a figure from being misread
// (unsure_before, unsure_after, unsure_note, other_units): a malformed one is a
// content-check problem naming the field, never a silently weaker reader.
#include <gtest/gtest.h>

#include <filesystem>
#include <string>

#include "flows/reports/report_content.hpp"
#include "tests/support/temp_dir.hpp"

namespace hocvuso::reports {
namespace {

// Loads an indicators.json holding the one indicator `fields` describes (deadlines
// copied from the real content) and returns the problems as "location: message" lines.
std::string problems_for(const std::string& fields) {
  testing::TempDir tmp;
  const auto dir = tmp / "content";
  std::filesystem::create_directories(dir / "reports");
  std::filesystem::copy_file(std::filesystem::path(HOCVUSO_SOURCE_DIR) / "content/reports/deadlines.json",
                             dir / "reports/deadlines.json");
  tmp.write("content/reports/indicators.json",
            R"({"indicators": [{"id": "vneid", "name": "Kích hoạt VNeID mức 2", "aliases": ["vneid"], )" + fields +
                "}]}");
  std::vector<ContentProblem> problems;
  load_report_content(dir, Strings{}, problems);
  std::string out;
  for (const auto& p : problems) out += p.location + ": " + p.message + "\n";
  return out;
}

TEST(ReportContentTest, WellFormedUnsureRulesLoadWithoutProblems) {
  EXPECT_EQ(problems_for(R"("unsure_before": ["cài"], "unsure_after": ["mức 1"], "unsure_note": "Chỉ đếm mức 2.",
                            "other_units": ["hộ"])"),
            "");
}

TEST(ReportContentTest, UnsureWordsWithoutANoteAreAProblem) {
  EXPECT_EQ(problems_for(R"("unsure_before": ["cài"])"),
            "indicators[0].unsure_note: needs a note on what the indicator counts\n");
  EXPECT_EQ(problems_for(R"("unsure_after": ["mức 1"])"),
            "indicators[0].unsure_note: needs a note on what the indicator counts\n");
}

TEST(ReportContentTest, ARuleThatIsNoListOfWordsIsAProblem) {
  EXPECT_EQ(problems_for(R"("unsure_before": "cài", "unsure_note": "x")"),
            "indicators[0].unsure_before: must be an array of words\n");
  EXPECT_EQ(problems_for(R"("other_units": {"hộ": 1})"), "indicators[0].other_units: must be an array of words\n");
}

TEST(ReportContentTest, EmptyOrNonStringPhrasesAreAProblem) {
  EXPECT_EQ(problems_for(R"("unsure_after": ["mức 1", ""], "unsure_note": "x")"),
            "indicators[0].unsure_after: must hold non-empty strings\n");
  EXPECT_EQ(problems_for(R"("other_units": [3])"), "indicators[0].other_units: must hold non-empty strings\n");
}

}  // namespace
}  // namespace hocvuso::reports
