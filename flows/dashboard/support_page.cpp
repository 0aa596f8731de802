// The Hỗ trợ page (support_page.hpp).
#include "flows/dashboard/support_page.hpp"

#include "flows/dashboard/page_parts.hpp"

namespace hocvuso::dashboard {

Html support_body(const SupportInput& in) {
  Html options;
  for (const auto& p : in.periods) {
    options.s += "<option value=\"" + escape(p.key) + "\"" + (p.key == in.period.key() ? " selected" : "") + ">" +
                 escape(p.label) + "</option>";
  }
  Html figures = ticket_figures_head();
  figures.s += "<tbody>";
  if (in.figures.empty()) {
    figures.s += "<tr><td colspan=\"6\">Không có yêu cầu nào trong kỳ này.</td></tr>";
  }
  tickets::Figures total;
  double stars = 0;
  for (const auto& [name, f] : in.figures) {
    figures.s += ticket_figures_row(name, f).s;
    total.opened += f.opened;
    total.claimed += f.claimed;
    total.resolved += f.resolved;
    total.rated += f.rated;
    stars += f.average_rating * f.rated;
  }
  if (in.figures.size() > 1) {
    // No median over communes' medians: the total row leaves it out rather than guess.
    if (total.rated > 0) total.average_rating = stars / total.rated;
    Html row = ticket_figures_row("Tổng", total);
    figures.s += row.s.replace(0, 4, "<tr class=\"total\">");
  }
  figures.s += "</tbody>";
  const auto& counts = in.waiting_counts;
  const std::string line = std::to_string(counts.unclaimed + counts.claimed) + " yêu cầu đang mở, " +
                           std::to_string(counts.unclaimed) + " chưa ai nhận";
  return Html{render(asset("support.html"), {{"province", in.province_id},
                                             {"period_options", options},
                                             {"province_name", in.province_name},
                                             {"summary_line", line},
                                             {"waiting", waiting_tickets_table(in.waiting, counts.unclaimed + counts.claimed, in.now, in.commune_name)},
                                             {"period_label", in.period.label_vi()},
                                             {"figures", figures}})};
}

}  // namespace hocvuso::dashboard
