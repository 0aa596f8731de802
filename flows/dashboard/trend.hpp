// The figures behind the overview's line of totals (charts.hpp draws it): the last
// periods of the selected kind, each one read of the per-period summary, added over the
// communes the viewer may see.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "flows/dashboard/charts.hpp"
#include "flows/reports/period.hpp"

namespace hocvuso::reports {
class ReportStore;
}

namespace hocvuso::dashboard {

// How many periods the line shows: six months or quarters, four half-years, three years.
int trend_length(reports::PeriodKind kind);

// Oldest first, `period` last. `visible(commune code)` says which communes count.
std::vector<PeriodTotals> totals_over_periods(reports::ReportStore& store, const std::string& province,
                                              const reports::Period& period,
                                              const std::function<bool(const std::string&)>& visible);

}  // namespace hocvuso::dashboard
