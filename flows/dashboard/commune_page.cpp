// The Xã page (commune_page.hpp). Every value from data goes through escape() or a
// {{placeholder}}; only markup this file writes is Html.
#include "flows/dashboard/commune_page.hpp"

#include "bot/core/local_time.hpp"
#include "flows/dashboard/page_parts.hpp"

namespace hocvuso::dashboard {

namespace {

std::string figure_of(const reports::Counts& counts, const std::string& id) {
  const auto it = counts.find(id);
  return reports::format_count_vi(it == counts.end() ? 0 : it->second);
}

std::string day_vi(int yyyymmdd) {
  if (yyyymmdd <= 0) return "–";
  const std::chrono::year_month_day d{std::chrono::year(yyyymmdd / 10000),
                                      std::chrono::month(static_cast<unsigned>(yyyymmdd / 100 % 100)),
                                      std::chrono::day(static_cast<unsigned>(yyyymmdd % 100))};
  return format_date_vi(d);
}

std::string or_unknown(const std::string& name) { return name.empty() ? "(chưa rõ tên)" : name; }

Html chats_html(const std::vector<LinkedChat>& chats) {
  if (chats.empty()) return Html{"<p class=\"note\">Chưa có nhóm nào liên kết với xã, phường này.</p>"};
  int private_chats = 0;
  Html out{"<ul class=\"plain\" id=\"chats\">"};
  for (const auto& c : chats) {
    if (!c.group) {
      ++private_chats;
      continue;
    }
    out.s += "<li>" + escape(c.title.empty() ? std::string("(nhóm chưa có tên)") : c.title) + " · " +
             escape(platform_vi(c.channel)) + " · từ " + escape(format_date_vi(local_date(c.linked_at))) +
             "</li>";
  }
  if (private_chats > 0) {
    out.s += "<li>" + std::to_string(private_chats) + " thành viên nhắn riêng với trợ lý (mã tổ)</li>";
  }
  out.s += "</ul>";
  return out;
}

Html targets_html(const CommuneInput& in) {
  const auto& inds = in.content->indicators;
  auto value_of = [&](const std::string& id) -> std::string {
    const auto it = in.targets.find(id);
    return it == in.targets.end() ? std::string() : std::to_string(it->second);
  };
  if (!in.editable) {
    Html out{"<div class=\"scroll\"><table id=\"targets\"><thead><tr><th>Chỉ số</th><th>Chỉ tiêu</th></tr></thead><tbody>"};
    for (const auto& ind : inds) {
      const std::string v = value_of(ind.id);
      out.s += "<tr><td>" + escape(ind.name) + "</td><td>" +
               escape(v.empty() ? std::string("chưa đặt") : reports::format_count_vi(std::stoll(v))) + "</td></tr>";
    }
    out.s += "</tbody></table></div><p class=\"meta\">Bạn chỉ xem được, không sửa được chỉ tiêu.</p>";
    return out;
  }
  Html out{"<form class=\"targets\" id=\"targets-form\" method=\"post\" action=\"/dashboard/xa/" + escape(in.code) +
           "\"><input type=\"hidden\" name=\"csrf\" value=\"" + escape(in.csrf) +
           "\"><input type=\"hidden\" name=\"period\" value=\"" + escape(in.summary->period.key()) + "\">"};
  for (const auto& ind : inds) {
    const std::string field = "t_" + ind.id;
    out.s += "<p><label for=\"" + escape(field) + "\">" + escape(ind.name) + "</label><input type=\"number\" min=\"0\" "
             "max=\"100000000\" step=\"1\" inputmode=\"numeric\" id=\"" + escape(field) + "\" name=\"" + escape(field) +
             "\" value=\"" + escape(value_of(ind.id)) + "\"></p>";
  }
  out.s += "<p><button type=\"submit\" class=\"primary\">Lưu chỉ tiêu</button></p>"
           "<p class=\"meta\">Để trống một ô: giữ nguyên chỉ tiêu đó. Mỗi lần sửa đều được ghi lại.</p></form>";
  return out;
}

// Indicators down, villages across: eleven indicators fit a phone as rows, not as columns.
Html villages_html(const CommuneInput& in) {
  const auto& rows = in.summary->rows;
  Html out{"<thead><tr><th>Chỉ số</th>"};
  for (const auto& row : rows) out.s += "<th>" + escape(row.village) + "</th>";
  out.s += "</tr></thead><tbody>";
  for (const auto& ind : in.content->indicators) {
    out.s += "<tr><td class=\"label\">" + escape(ind.name) + "</td>";
    for (const auto& row : rows) {
      std::string cell = figure_of(row.actual, ind.id);
      if (row.target.contains(ind.id)) cell += " / " + figure_of(row.target, ind.id);
      out.s += "<td>" + escape(cell) + "</td>";
    }
    out.s += "</tr>";
  }
  out.s += "<tr class=\"total\"><td class=\"label\">Hoàn thành</td>";
  for (const auto& row : rows) {
    out.s += "<td>" +
             escape(row.completion ? reports::format_percent_vi(*row.completion) + "%" : std::string("–")) + "</td>";
  }
  out.s += "</tr></tbody>";
  return out;
}

Html submissions_html(const CommuneInput& in) {
  if (in.submissions.empty()) return Html{"<p>Chưa có báo cáo nào trong kỳ này.</p>"};
  const auto* content = in.content;
  Html out{"<ul class=\"reports\" id=\"reports\">"};
  for (const auto& s : in.submissions) {
    out.s += "<li data-number=\"" + std::to_string(s.number) + "\" class=\"" + escape(s.status) + "\"><p><strong>Báo cáo số " +
             std::to_string(s.number) + "</strong> · " + escape(report_status_vi(s.status)) + " · " +
             escape(or_unknown(s.author)) + " · " + escape(date_time_vi(s.created_at)) + "</p><ul>";
    for (const auto& row : s.rows) {
      std::string line = row.village.empty() ? std::string("Cả xã") : row.village;
      line += ":";
      bool first = true;
      reports::decode_figures(row.figures, [&](std::string_view id, long long v) {
        std::string name(id);
        for (const auto& ind : content->indicators) {
          if (ind.id == id) name = ind.name;
        }
        line += (first ? " " : "; ") + name + " " + reports::format_count_vi(v);
        first = false;
      });
      out.s += "<li>" + escape(line) + "</li>";
    }
    out.s += "</ul><p class=\"audit\">";
    bool first = true;
    for (const auto& a : s.audit) {
      out.s += (first ? "" : " → ") + escape(audit_action_vi(a.action)) + ": " + escape(or_unknown(a.name)) + ", " +
               escape(date_time_vi(a.at));
      first = false;
    }
    out.s += "</p></li>";
  }
  out.s += "</ul>";
  const int total = in.submission_counts.confirmed + in.submission_counts.pending;
  if (total > static_cast<int>(in.submissions.size())) {
    out.s += "<p class=\"meta\">Trang chỉ hiện " + std::to_string(in.submissions.size()) + " báo cáo mới nhất trong " +
             std::to_string(total) + ". Tải bảng CSV ở trang Tổng quan để xem số liệu đầy đủ.</p>";
  }
  return out;
}

Html activity_html(const std::vector<MemberActivity>& list) {
  if (list.empty()) return Html{"<p>Chưa có hoạt động nào trong kỳ này.</p>"};
  Html out{"<div class=\"scroll\"><table id=\"members\"><thead><tr><th class=\"left\">Thành viên</th><th>Tin nhắn</th>"
           "<th>Báo cáo</th><th>Lần cuối</th></tr></thead><tbody>"};
  for (const auto& m : list) {
    out.s += "<tr><td class=\"name\">" + escape(or_unknown(m.name)) + "</td><td>" +
             escape(reports::format_count_vi(m.messages)) + "</td><td>" + escape(reports::format_count_vi(m.reports)) +
             "</td><td>" + escape(day_vi(m.last_day)) + "</td></tr>";
  }
  out.s += "</tbody></table></div>";
  return out;
}

}  // namespace

std::string audit_action_vi(std::string_view action) {
  if (action == "created") return "gửi";
  if (action == "confirmed") return "xác nhận";
  if (action == "corrected") return "sửa";
  if (action == "withdrawn") return "rút lại";
  return std::string(action);
}

std::string report_status_vi(std::string_view status) {
  if (status == "pending") return "chờ xác nhận";
  if (status == "confirmed") return "đã xác nhận";
  if (status == "withdrawn") return "đã rút lại";
  return std::string(status);
}

Html commune_body(const CommuneInput& in) {
  const auto& counts = in.submission_counts;
  const std::string line = std::to_string(counts.confirmed) + " báo cáo đã xác nhận, " +
                           std::to_string(counts.pending) + " chờ xác nhận";
  Html options;
  for (const auto& p : in.periods) {
    options.s += "<option value=\"" + escape(p.key) + "\"" + (p.key == in.summary->period.key() ? " selected" : "") +
                 ">" + escape(p.label) + "</option>";
  }
  Html figures = ticket_figures_head();
  figures.s += "<tbody>" + ticket_figures_row(in.name, in.ticket_figures).s + "</tbody>";
  return Html{render(asset("commune.html"),
                     {{"code", in.code},
                      {"period_options", options},
                      {"province_name", in.province_name},
                      {"period_label", in.summary->period.label_vi()},
                      {"summary_line", line},
                      {"notice", in.notice.empty() ? Html{} : Html{"<p class=\"note\" id=\"notice\">" + escape(in.notice) + "</p>"}},
                      {"chats", chats_html(in.chats)},
                      {"targets", targets_html(in)},
                      {"villages", villages_html(in)},
                      {"submissions", submissions_html(in)},
                      {"activity", activity_html(in.activity)},
                      {"ticket_figures", figures},
                      {"waiting", waiting_tickets_table(in.waiting, in.waiting_counts.unclaimed + in.waiting_counts.claimed, in.now, {})}})};
}

}  // namespace hocvuso::dashboard
