// The overview's charts as inline SVG drawn by the server (no script, no inline style:
// the look is in dashboard.css). Pure functions of the figures they are given.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "flows/dashboard/html.hpp"
#include "flows/reports/report_content.hpp"
#include "flows/reports/summary.hpp"

namespace hocvuso::dashboard {

// Completion by commune as horizontal bars, ranked communes only.
Html completion_chart(const std::vector<reports::Ranked>& ranked);

// One period's confirmed figures added over the communes the viewer sees.
struct PeriodTotals {
  std::string label;                    // "quý 3/2026"
  std::map<std::string, long long> values;  // indicator id -> sum
};
// The totals over the last periods (oldest first, the selected one last) as a table:
// each indicator with a line of its own scale (figures differ by orders of magnitude),
// a dot per period titled with its figure, and the selected period's figure.
Html totals_trend(const std::vector<PeriodTotals>& periods, const reports::ReportContent& content);

}  // namespace hocvuso::dashboard
