// Shared by the team-report tests: the real content/ (indicators, places) and a
// fixed "today", so tables do not depend on the date they run.
#pragma once

#include <chrono>
#include <memory>

#include "bot/content/content.hpp"
#include "bot/core/local_time.hpp"
#include "flows/groups/places.hpp"
#include "flows/reports/report_content.hpp"

namespace hocvuso::test {

inline constexpr std::chrono::year_month_day kToday{std::chrono::year{2026}, std::chrono::November,
                                                    std::chrono::day{23}};

inline std::shared_ptr<reports::ReportContent> report_content() {
  std::vector<ContentProblem> problems;
  auto c = reports::load_report_content(std::string(HOCVUSO_SOURCE_DIR) + "/content", Strings{}, problems);
  if (!problems.empty()) throw std::runtime_error(problems.front().to_string());
  return c;
}

inline std::shared_ptr<groups::Places> places() {
  std::vector<ContentProblem> problems;
  auto p = groups::load_places(std::string(HOCVUSO_SOURCE_DIR) + "/content", Strings{}, problems);
  if (!problems.empty()) throw std::runtime_error(problems.front().to_string());
  return p;
}

}  // namespace hocvuso::test
