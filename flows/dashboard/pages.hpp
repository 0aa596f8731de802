// The dashboard's pages as HTML, from data the routes read on the store thread
// (bot/app/dashboard_routes.cpp). Pure functions: no store, no clock, no HTTP.
#pragma once

#include <chrono>
#include <functional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "flows/dashboard/charts.hpp"
#include "flows/dashboard/dashboard_store.hpp"
#include "flows/dashboard/html.hpp"
#include "flows/reports/report_content.hpp"
#include "flows/reports/summary.hpp"

namespace hocvuso::dashboard {

// A whole page: the layout with its title, navigation and body.
std::string page(std::string_view title, const Html& nav, const Html& body);
// The navigation of a signed-in person (sign-out is a POST with the CSRF token);
// Hỏi đáp only for an officer or admin.
Html nav_html(std::string_view who, std::string_view csrf, bool officer);

Html signin_help_body(std::string_view message);
Html signin_confirm_body(std::string_view secret);
Html error_body(std::string_view message);

struct PeriodChoice {
  std::string key, label;
};
// The periods that have begun by `today`, this year's and last year's, newest first
// (year, half-years, quarters, months).
std::vector<PeriodChoice> period_choices(std::chrono::year_month_day today);

struct OverviewInput {
  std::string province_id, province_name;
  const reports::Summary* summary = nullptr;  // every commune of the province (ranks are province-wide)
  std::function<bool(const std::string& commune_code)> visible;  // the viewer's scope
  std::set<std::string> reported;  // commune codes with a confirmed report counting for the period
  std::map<std::string, CommuneCounts> counts;  // linked groups and confirmed reports, by commune code
  bool deadline_passed = false;
  std::string deadline;  // "08/12/2026"; empty when the period kind has none
  const reports::ReportContent* content = nullptr;
  std::vector<PeriodChoice> periods;
  std::string sort = "rank";  // rank | name | completion
  std::vector<PeriodTotals> trend;  // the last periods of the selected kind, oldest first
  std::string trend_scope;          // "Toàn tỉnh Sơn La", or the communes the viewer sees
};
Html overview_body(const OverviewInput& in);

struct RankingInput {
  std::string province_id, province_name;
  const reports::Summary* summary = nullptr;
  const reports::ReportContent* content = nullptr;
  std::vector<PeriodChoice> periods;
};
Html ranking_body(const RankingInput& in);

}  // namespace hocvuso::dashboard
