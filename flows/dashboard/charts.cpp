// The overview's charts (charts.hpp).
#include "flows/dashboard/charts.hpp"

#include <algorithm>

namespace hocvuso::dashboard {

Html completion_chart(const std::vector<reports::Ranked>& ranked) {
  std::vector<const reports::Ranked*> bars;
  for (const auto& r : ranked) {
    if (r.rank > 0 && r.row->completion) bars.push_back(&r);
  }
  if (bars.empty()) return Html{"<p class=\"note\">Chưa xã, phường nào có chỉ tiêu cho kỳ này.</p>"};
  constexpr int kRow = 22, kLabel = 150, kWidth = 420, kBar = kWidth - kLabel - 56;
  const int height = static_cast<int>(bars.size()) * kRow + 8;
  Html out{"<svg class=\"chart\" id=\"chart\" role=\"img\" aria-label=\"Mức hoàn thành theo xã, phường\" "
           "viewBox=\"0 0 " + std::to_string(kWidth) + " " + std::to_string(height) +
           "\" xmlns=\"http://www.w3.org/2000/svg\">"};
  int y = 4;
  for (const auto* r : bars) {
    const double pct = std::clamp(*r->row->completion, 0.0, 100.0);
    const int w = std::max(1, static_cast<int>(pct * kBar / 100.0));
    const char* level = pct < 50 ? " low" : (pct < 80 ? " mid" : "");
    out.s += "<text x=\"4\" y=\"" + std::to_string(y + 15) + "\">" + escape(r->row->commune) + "</text>";
    out.s += "<rect class=\"bar" + std::string(level) + "\" x=\"" + std::to_string(kLabel) + "\" y=\"" +
             std::to_string(y + 3) + "\" width=\"" + std::to_string(w) + "\" height=\"16\"><title>" +
             escape(r->row->commune) + ": " + reports::format_percent_vi(pct) + "%</title></rect>";
    out.s += "<text x=\"" + std::to_string(kLabel + w + 4) + "\" y=\"" + std::to_string(y + 15) + "\">" +
             reports::format_percent_vi(pct) + "%</text>";
    y += kRow;
  }
  out.s += "</svg>";
  return out;
}

namespace {

// One indicator's line: x spread over the periods, y from 0 (bottom) to the largest figure.
std::string sparkline(const std::vector<PeriodTotals>& periods, const std::string& id) {
  constexpr int kWidth = 160, kHeight = 36, kPad = 4;
  std::vector<long long> values;
  for (const auto& p : periods) {
    const auto it = p.values.find(id);
    values.push_back(it == p.values.end() ? 0 : it->second);
  }
  const long long top = std::max<long long>(1, *std::max_element(values.begin(), values.end()));
  const auto x = [&](std::size_t i) {
    return values.size() < 2 ? kWidth / 2
                             : kPad + static_cast<int>(i * (kWidth - 2 * kPad) / (values.size() - 1));
  };
  const auto y = [&](long long v) {
    return kHeight - kPad - static_cast<int>(static_cast<double>(v) * (kHeight - 2 * kPad) / static_cast<double>(top));
  };
  std::string points;
  for (std::size_t i = 0; i < values.size(); ++i) {
    points += (i ? " " : "") + std::to_string(x(i)) + "," + std::to_string(y(values[i]));
  }
  std::string out = "<svg class=\"spark\" viewBox=\"0 0 " + std::to_string(kWidth) + " " + std::to_string(kHeight) +
                    "\" xmlns=\"http://www.w3.org/2000/svg\" role=\"img\"><polyline points=\"" + points + "\"/>";
  for (std::size_t i = 0; i < values.size(); ++i) {
    out += "<circle cx=\"" + std::to_string(x(i)) + "\" cy=\"" + std::to_string(y(values[i])) + "\" r=\"3\"><title>" +
           escape(periods[i].label) + ": " + reports::format_count_vi(values[i]) + "</title></circle>";
  }
  return out + "</svg>";
}

}  // namespace

Html totals_trend(const std::vector<PeriodTotals>& periods, const reports::ReportContent& content) {
  if (periods.empty()) return Html{};
  const bool any = std::any_of(periods.begin(), periods.end(), [](const PeriodTotals& p) {
    return std::any_of(p.values.begin(), p.values.end(), [](const auto& kv) { return kv.second != 0; });
  });
  if (!any) return Html{"<p class=\"note\" id=\"trend\">Chưa có báo cáo đã xác nhận trong các kỳ này.</p>"};
  Html out{"<div class=\"scroll\"><table id=\"trend\"><thead><tr><th>Chỉ tiêu</th><th>" + escape(periods.front().label) +
           " → " + escape(periods.back().label) + "</th><th>Kỳ này</th></tr></thead><tbody>"};
  for (const auto& ind : content.indicators) {
    const auto last = periods.back().values.find(ind.id);
    out.s += "<tr data-indicator=\"" + escape(ind.id) + "\"><td>" + escape(ind.name) + "</td><td>" +
             sparkline(periods, ind.id) + "</td><td>" +
             reports::format_count_vi(last == periods.back().values.end() ? 0 : last->second) + "</td></tr>";
  }
  out.s += "</tbody></table></div>";
  return out;
}

}  // namespace hocvuso::dashboard
