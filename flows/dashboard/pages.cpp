// The dashboard's pages (pages.hpp). Every value from data goes through escape() or a
// {{placeholder}}; only markup this file writes is Html.
#include "flows/dashboard/pages.hpp"

#include <algorithm>
#include <cstdio>

namespace hocvuso::dashboard {

namespace {

using reports::Period;
using reports::PeriodKind;

std::string cell_figure(const reports::SummaryRow& row, const std::string& id) {
  const auto a = row.actual.find(id);
  const long long actual = a == row.actual.end() ? 0 : a->second;
  const auto t = row.target.find(id);
  std::string out = reports::format_count_vi(actual);
  if (t != row.target.end()) out += " / " + reports::format_count_vi(t->second);
  return out;
}

std::string completion_text(const reports::SummaryRow& row) {
  return row.completion ? reports::format_percent_vi(*row.completion) + "%" : "chưa có chỉ tiêu";
}

Html options_html(const std::vector<PeriodChoice>& periods, const std::string& selected) {
  Html out;
  for (const auto& p : periods) {
    out.s += "<option value=\"" + escape(p.key) + "\"" + (p.key == selected ? " selected" : "") + ">" +
             escape(p.label) + "</option>";
  }
  return out;
}

std::string rank_text(int rank) { return rank == 0 ? "–" : std::to_string(rank); }

}  // namespace

std::string page(std::string_view title, const Html& nav, const Html& body) {
  return render(asset("layout.html"), {{"title", std::string(title)}, {"nav", nav}, {"body", body}});
}

Html nav_html(std::string_view who, std::string_view csrf, bool officer) {
  // Hỏi đáp shows citizens' (masked) questions: officers only, so a team leader is not
  // shown a link that would answer 403.
  Html faq{officer ? "<a href=\"/dashboard/hoidap\">Hỏi đáp</a>" : ""};
  return Html{render(asset("nav.html"), {{"who", std::string(who)}, {"csrf", std::string(csrf)}, {"faq_link", faq}})};
}

Html signin_help_body(std::string_view message) {
  return Html{render(asset("signin_help.html"), {{"message", std::string(message)}})};
}

Html signin_confirm_body(std::string_view secret) {
  return Html{render(asset("signin_confirm.html"), {{"secret", std::string(secret)}})};
}

Html error_body(std::string_view message) {
  return Html{render(asset("error.html"), {{"message", std::string(message)}})};
}

std::vector<PeriodChoice> period_choices(std::chrono::year_month_day today) {
  std::vector<PeriodChoice> out;
  const int this_year = static_cast<int>(today.year());
  const auto begun = [&](const Period& p) { return p.first_day() <= today; };
  for (int year = this_year; year >= this_year - 1; --year) {
    std::vector<Period> list;
    list.push_back(Period{PeriodKind::year, year, 1});
    for (int h = 2; h >= 1; --h) list.push_back(Period{PeriodKind::half, year, h});
    for (int q = 4; q >= 1; --q) list.push_back(Period{PeriodKind::quarter, year, q});
    for (int m = 12; m >= 1; --m) list.push_back(Period{PeriodKind::month, year, m});
    for (const auto& p : list) {
      if (begun(p)) out.push_back({p.key(), p.label_vi()});
    }
  }
  return out;
}

Html overview_body(const OverviewInput& in) {
  const auto& summary = *in.summary;
  auto ranked = reports::rank(summary);
  std::vector<reports::Ranked> shown;
  for (const auto& r : ranked) {
    if (in.visible(r.row->commune_id)) shown.push_back(r);
  }
  if (in.sort == "name") {
    std::stable_sort(shown.begin(), shown.end(),
                     [](const auto& a, const auto& b) { return a.row->commune < b.row->commune; });
  } else if (in.sort == "completion") {
    std::stable_sort(shown.begin(), shown.end(), [](const auto& a, const auto& b) {
      return a.row->completion.value_or(-1) < b.row->completion.value_or(-1);
    });
  }
  const std::string key = summary.period.key();
  const std::string base = "/dashboard/tongquan?province=" + url_encode(in.province_id) + "&period=" + url_encode(key);
  auto sort_link = [&](std::string_view label, std::string_view by) {
    return "<a href=\"" + escape(base + "&sort=" + std::string(by)) + "\">" + std::string(label) + "</a>";
  };
  Html table{"<thead><tr><th>" + sort_link("Hạng", "rank") + "</th><th>" + sort_link("Xã, phường", "name") +
             "</th><th>Đã báo cáo</th><th>Nhóm liên kết</th><th>Báo cáo đã xác nhận</th>"};
  for (const auto& ind : in.content->indicators) table.s += "<th>" + escape(ind.name) + "</th>";
  table.s += "<th>" + sort_link("Hoàn thành", "completion") + "</th></tr></thead><tbody>";
  int reported = 0;
  std::vector<const reports::SummaryRow*> missing;
  for (const auto& r : shown) {
    const bool has = in.reported.contains(r.row->commune_id);
    if (has) {
      ++reported;
    } else {
      missing.push_back(r.row);
    }
    table.s += "<tr data-commune=\"" + escape(r.row->commune_id) + "\"><td>" + rank_text(r.rank) +
               "</td><td class=\"name\"><a href=\"" +
               escape("/dashboard/xa/" + r.row->commune_id + "?period=" + url_encode(key)) + "\">" +
               escape(r.row->commune) + "</a></td>";
    table.s += has ? "<td>có</td>" : (in.deadline_passed ? "<td class=\"late\">quá hạn</td>" : "<td>chưa</td>");
    const auto c = in.counts.find(r.row->commune_id);
    const CommuneCounts counts = c == in.counts.end() ? CommuneCounts{} : c->second;
    table.s += "<td>" + std::to_string(counts.groups) + "</td><td>" + std::to_string(counts.confirmed) + "</td>";
    for (const auto& ind : in.content->indicators) table.s += "<td>" + escape(cell_figure(*r.row, ind.id)) + "</td>";
    table.s += "<td>" + escape(completion_text(*r.row)) + "</td></tr>";
  }
  table.s += "</tbody>";

  Html not_reported;
  if (missing.empty()) {
    not_reported.s = "<p>Tất cả các xã, phường đã báo cáo.</p>";
  } else {
    not_reported.s = "<p>" + std::to_string(missing.size()) + " xã, phường chưa có báo cáo được xác nhận" +
                     (in.deadline.empty() ? "" : " (hạn " + escape(in.deadline) + ")") + ":</p><ul class=\"plain\" id=\"not-reported\">";
    for (const auto* row : missing) not_reported.s += "<li>" + escape(row->commune) + "</li>";
    not_reported.s += "</ul>";
  }
  const std::string line = std::to_string(reported) + "/" + std::to_string(shown.size()) +
                           " xã, phường đã báo cáo" + (in.deadline.empty() ? "" : "; hạn " + in.deadline);
  return Html{render(asset("overview.html"),
                     {{"province", in.province_id},
                      {"period_options", options_html(in.periods, key)},
                      {"province_name", in.province_name},
                      {"period_label", summary.period.label_vi()},
                      {"summary_line", line},
                      {"csv_href", "/dashboard/tongquan.csv?province=" + url_encode(in.province_id) +
                                       "&period=" + url_encode(key)},
                      {"chart", completion_chart(shown)},
                      {"trend", totals_trend(in.trend, *in.content)},
                      {"trend_scope", in.trend_scope},
                      {"table", table},
                      {"not_reported", not_reported}})};
}

Html ranking_body(const RankingInput& in) {
  const auto ranked = reports::rank(*in.summary);
  Html table{"<thead><tr><th>Hạng</th><th>Xã, phường</th>"};
  for (const auto& ind : in.content->indicators) table.s += "<th>" + escape(ind.name) + "</th>";
  table.s += "<th>Hoàn thành</th></tr></thead><tbody>";
  int unranked = 0;
  for (const auto& r : ranked) {
    if (r.rank == 0) {
      ++unranked;
      continue;
    }
    table.s += "<tr><td>" + rank_text(r.rank) + "</td><td class=\"name\">" + escape(r.row->commune) + "</td>";
    for (const auto& ind : in.content->indicators) table.s += "<td>" + escape(cell_figure(*r.row, ind.id)) + "</td>";
    table.s += "<td>" + escape(completion_text(*r.row)) + "</td></tr>";
  }
  table.s += "</tbody>";
  return Html{render(asset("ranking.html"),
                     {{"province", in.province_id},
                      {"period_options", options_html(in.periods, in.summary->period.key())},
                      {"province_name", in.province_name},
                      {"period_label", in.summary->period.label_vi()},
                      {"table", table},
                      {"unranked", std::to_string(unranked) + " xã, phường chưa có chỉ tiêu cho kỳ này nên chưa xếp hạng."}})};
}

}  // namespace hocvuso::dashboard
