#include "flows/dashboard/trend.hpp"

#include "flows/reports/report_store.hpp"

namespace hocvuso::dashboard {

int trend_length(reports::PeriodKind kind) {
  return kind == reports::PeriodKind::year ? 3 : kind == reports::PeriodKind::half ? 4 : 6;
}

std::vector<PeriodTotals> totals_over_periods(reports::ReportStore& store, const std::string& province,
                                              const reports::Period& period,
                                              const std::function<bool(const std::string&)>& visible) {
  const int count = trend_length(period.kind);
  std::vector<PeriodTotals> out(static_cast<std::size_t>(count));
  reports::Period p = period;
  for (int i = count - 1; i >= 0; --i, p = p.previous()) {
    auto& slot = out[static_cast<std::size_t>(i)];
    slot.label = p.label_vi();
    for (const auto& total : store.totals(province, p, false)) {
      if (!visible(total.commune)) continue;
      for (const auto& [id, value] : total.values) slot.values[id] += value;
    }
  }
  return out;
}

}  // namespace hocvuso::dashboard
