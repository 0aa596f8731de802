// The Cảnh báo page (warnings_page.hpp). Every value from data or from what an officer
// typed goes through escape() or a {{placeholder}}; only markup this file writes is Html.
#include "flows/dashboard/warnings_page.hpp"

#include "flows/dashboard/page_parts.hpp"

#include <algorithm>
#include <nlohmann/json.hpp>

namespace hocvuso::dashboard {

namespace {

Html options(const std::vector<ChoiceItem>& items, const std::string& selected) {
  Html out;
  for (const auto& i : items) {
    out.s += "<option value=\"" + escape(i.value) + "\"" + (i.value == selected ? " selected" : "") + ">" +
             escape(i.label) + "</option>";
  }
  return out;
}

Html hidden(std::string_view name, std::string_view value) {
  return Html{"<input type=\"hidden\" name=\"" + std::string(name) + "\" value=\"" + escape(value) + "\">"};
}

// Checkboxes named `name`, checked or not; ids keep labels clickable.
Html checkboxes(std::string_view name, const std::vector<ChoiceItem>& items, bool checked) {
  Html out;
  for (const auto& i : items) {
    const std::string id = std::string(name) + "-" + escape(i.value);
    out.s += "<label class=\"choice\" for=\"" + id + "\"><input type=\"checkbox\" id=\"" + id + "\" name=\"" +
             std::string(name) + "\" value=\"" + escape(i.value) + "\"" + (checked ? " checked" : "") + "> " +
             escape(i.label) + "</label>";
  }
  return out;
}

const std::vector<ChoiceItem>& severities() {
  static const std::vector<ChoiceItem> list{
      {"info", "Thông tin"}, {"warning", "Cảnh báo"}, {"urgent", "Khẩn cấp"}};
  return list;
}

Html actions(const WarningRow& w, const std::string& csrf) {
  Html out{"<a class=\"button\" href=\"/dashboard/canhbao.csv?id=" + std::to_string(w.id) + "\" download>CSV</a>"};
  if (!w.may_act && !w.may_approve) return out;
  const bool finished = w.status == "cancelled" || (w.status == "done" && w.pending == 0);
  if (finished) return out;
  out.s += "<form class=\"inline\" method=\"post\" action=\"/dashboard/canhbao/thaotac\">" + hidden("csrf", csrf).s +
           hidden("id", std::to_string(w.id)).s;
  if (w.may_approve) out.s += "<button type=\"submit\" name=\"lam\" value=\"approve\">Duyệt</button>";
  if (w.may_act && w.status == "running") out.s += "<button type=\"submit\" name=\"lam\" value=\"pause\">Tạm dừng</button>";
  if (w.may_act && w.status == "paused") out.s += "<button type=\"submit\" name=\"lam\" value=\"resume\">Tiếp tục</button>";
  if (w.may_act) out.s += "<button type=\"submit\" name=\"lam\" value=\"cancel\" class=\"danger\">Hủy</button>";
  out.s += "</form>";
  return out;
}

}  // namespace

std::vector<std::string> form_values(std::string_view encoded, std::string_view key) {
  std::vector<std::string> out;
  while (!encoded.empty()) {
    const auto amp = encoded.find('&');
    const std::string_view pair = encoded.substr(0, amp);
    // form_value on the pair alone decodes its name the one way the dashboard decodes forms.
    const auto eq = pair.find('=');
    if (form_value(std::string(pair.substr(0, eq)) + "=x", key) == "x") out.push_back(form_value(pair, key));
    if (amp == std::string_view::npos) break;
    encoded.remove_prefix(amp + 1);
  }
  return out;
}

WarningDraft draft_from_form(std::string_view encoded) {
  WarningDraft d;
  d.template_id = form_value(encoded, "mau");
  d.text = form_value(encoded, "noidung");
  d.severity = form_value(encoded, "mucdo");
  if (d.severity.empty()) d.severity = "warning";
  d.link = form_value(encoded, "lienket");
  for (auto& c : form_values(encoded, "xa")) {
    if (!c.empty() && std::find(d.communes.begin(), d.communes.end(), c) == d.communes.end()) {
      d.communes.push_back(std::move(c));
    }
  }
  d.province = form_value(encoded, "catinh");
  return d;
}

std::string draft_request_json(const WarningDraft& d) {
  nlohmann::json body{{"severity", d.severity}};
  // A chosen template stands for the text (the API refuses both at once; so does the page).
  if (!d.template_id.empty()) {
    body["template"] = d.template_id;
    if (!d.text.empty()) body["text"] = d.text;
  } else {
    body["text"] = d.text;
  }
  if (!d.link.empty()) body["link"] = d.link;
  if (!d.province.empty()) {
    body["target"] = {{"scope", "province"}, {"province", d.province}};
  } else {
    body["target"] = {{"scope", "communes"}, {"communes", d.communes}};
  }
  return body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

std::string draft_query(const WarningDraft& d) {
  std::string q = "mau=" + url_encode(d.template_id) + "&noidung=" + url_encode(d.text) +
                  "&mucdo=" + url_encode(d.severity) + "&lienket=" + url_encode(d.link);
  for (const auto& c : d.communes) q += "&xa=" + url_encode(c);
  if (!d.province.empty()) q += "&catinh=" + url_encode(d.province);
  return q;
}

std::string problem_vi(std::string_view code) {
  if (code == "missing_text") return "Hãy viết nội dung cảnh báo, hoặc chọn một mẫu.";
  if (code == "text_too_long") return "Nội dung dài quá 1000 chữ. Hãy viết ngắn lại.";
  if (code == "link_in_text") {
    return "Không để địa chỉ trang web trong nội dung. Hãy đặt đường dẫn vào ô Đường dẫn.";
  }
  if (code == "invalid_link") return "Đường dẫn không dùng được. Chỉ nhận địa chỉ bắt đầu bằng https:// của một trang rõ ràng.";
  if (code == "invalid_severity") return "Hãy chọn mức độ trong danh sách.";
  if (code == "invalid_template") return "Chọn một mẫu thì để trống ô nội dung, hoặc chọn Tự viết nội dung.";
  if (code == "unknown_template") return "Không có mẫu này. Hãy chọn lại trong danh sách.";
  if (code == "invalid_target") return "Hãy chọn ít nhất một xã, phường (hoặc cả tỉnh) để gửi tới.";
  if (code == "forbidden") return "Bạn chỉ gửi được tới xã, phường hoặc tỉnh mình phụ trách.";
  if (code == "both_targets") return "Chọn cả tỉnh hoặc từng xã, phường, không chọn cả hai.";
  if (code == "daily_limit") return "Hôm nay bạn đã gửi đủ số cảnh báo cho phép. Hãy gửi lại vào ngày mai.";
  return "Yêu cầu không đúng. Hãy kiểm tra lại rồi thử lại.";
}

int percent_done(const WarningRow& w) {
  if (w.status == "done" && w.complete) return 100;
  if (w.recipients <= 0) return 0;
  // A cancelled warning shows how far it got: what was sent before the cancel.
  const std::int64_t handled = w.status == "cancelled" ? w.sent : w.sent + w.failed + w.blocked + w.cancelled;
  return static_cast<int>(std::clamp<std::int64_t>(handled * 100 / w.recipients, 0, 100));
}

std::string status_vi(std::string_view status, bool complete) {
  if (status == "awaiting_approval") return "chờ duyệt";
  if (status == "running") return "đang gửi";
  if (status == "paused") return "tạm dừng";
  if (status == "cancelled") return complete ? "đã hủy" : "đang hủy";
  if (status == "done") return complete ? "đã gửi xong" : "đang gửi";
  return std::string(status);
}

Html warnings_body(const WarningsInput& in) {
  Html compose;
  if (in.may_compose) {
    const auto& c = in.compose;
    Html error;
    if (!c.error.empty()) error.s = "<p class=\"error\" id=\"compose-error\">" + escape(c.error) + "</p>";
    std::vector<ChoiceItem> templates{{"", "Tự viết nội dung"}};
    templates.insert(templates.end(), c.templates.begin(), c.templates.end());
    Html provinces;
    for (const auto& p : c.provinces) {
      provinces.s += "<label class=\"choice\" for=\"catinh-" + escape(p.value) +
                     "\"><input type=\"checkbox\" id=\"catinh-" + escape(p.value) + "\" name=\"catinh\" value=\"" +
                     escape(p.value) + "\"" + (c.draft.province == p.value ? " checked" : "") + "> Cả tỉnh " +
                     escape(p.label) + "</label>";
    }
    Html found;
    if (c.searched && c.found.empty()) found.s = "<p class=\"meta\">Không tìm thấy xã, phường nào trong phạm vi của bạn.</p>";
    if (!c.found.empty()) found.s = "<div id=\"found\">" + checkboxes("xa", c.found, false).s + "</div>";
    compose.s = render(asset("warnings_compose.html"),
                       {{"csrf", c.csrf},
                        {"error", error},
                        {"template_options", options(templates, c.draft.template_id)},
                        {"text", c.draft.text},
                        {"severity_options", options(severities(), c.draft.severity)},
                        {"link", c.draft.link},
                        {"provinces", provinces},
                        {"chosen", Html{"<div id=\"chosen\">" + checkboxes("xa", c.chosen, true).s + "</div>"}},
                        {"query", c.query},
                        {"found", found}});
  }
  Html rows;
  for (const auto& w : in.rows) {
    const int pct = percent_done(w);
    // data-label: the column's name, shown beside each value on a phone, where rows become cards.
    rows.s += "<tr data-warning=\"" + std::to_string(w.id) + "\"><td data-label=\"Số\">" + std::to_string(w.id) +
              "</td><td class=\"name\" data-label=\"Gửi tới\">" + escape(w.target) +
              "</td><td data-label=\"Người gửi\">" + escape(w.author) + "</td><td data-label=\"Lúc tạo\">" +
              escape(w.created) + "</td><td class=\"status\" data-label=\"Trạng thái\">" +
              escape(status_vi(w.status, w.complete)) +
              "</td><td class=\"progress\" data-label=\"Tiến độ\"><progress max=\"100\" value=\"" +
              std::to_string(pct) + "\"></progress> <span class=\"pct\">" + std::to_string(pct) +
              "%</span> <span class=\"counts\">" + std::to_string(w.sent) + "/" + std::to_string(w.recipients) +
              "</span></td><td class=\"actions\">" + actions(w, in.compose.csrf).s + "</td></tr>";
  }
  Html list;
  if (in.rows.empty()) {
    list.s = "<p class=\"meta\" id=\"no-warnings\">Chưa có cảnh báo nào trong phạm vi của bạn.</p>";
  } else {
    list.s = "<div class=\"scroll\"><table id=\"warnings\"><thead><tr><th>Số</th><th>Gửi tới</th><th>Người gửi</th>"
             "<th>Lúc tạo</th><th>Trạng thái</th><th>Tiến độ (đã gửi/tổng)</th><th>Thao tác</th></tr></thead><tbody>" +
             rows.s + "</tbody></table></div>";
  }
  Html notice;
  if (!in.notice.empty()) notice.s = "<p class=\"note\" id=\"notice\">" + escape(in.notice) + "</p>";
  return Html{render(asset("warnings.html"), {{"notice", notice}, {"compose", compose}, {"list", list}})};
}

Html warning_preview_body(const PreviewInput& in) {
  const auto& d = in.draft;
  Html fields{hidden("csrf", in.csrf).s + hidden("mau", d.template_id).s + hidden("noidung", d.text).s +
              hidden("mucdo", d.severity).s + hidden("lienket", d.link).s};
  for (const auto& c : d.communes) fields.s += hidden("xa", c).s;
  if (!d.province.empty()) fields.s += hidden("catinh", d.province).s;
  Html platforms;
  for (const auto& [name, n] : in.by_platform) {
    const auto channel = channel_from_string(name);
    platforms.s += "<li>" + escape(channel ? platform_vi(*channel) : name) + ": " + std::to_string(n) + "</li>";
  }
  Html left_out, approval;
  if (in.left_out > 0) {
    left_out.s = "<p class=\"meta\" id=\"left-out\">" + std::to_string(in.left_out) +
                 " nơi đã tắt nhận cảnh báo nên không được tính và không nhận tin.</p>";
  }
  if (in.needs_approval) approval.s = "<p class=\"note\">Cảnh báo cả tỉnh cần một cán bộ khác duyệt rồi mới gửi.</p>";
  return Html{render(asset("warnings_preview.html"),
                     {{"target", in.target},
                      {"total", std::to_string(in.total)},
                      {"groups", std::to_string(in.groups)},
                      {"private", std::to_string(in.private_chats)},
                      {"platforms", platforms},
                      {"left_out", left_out},
                      {"approval", approval},
                      {"rendered", in.rendered},
                      {"fields", fields},
                      {"send_label", in.needs_approval ? std::string("Gửi để chờ duyệt") : std::string("Gửi cảnh báo")},
                      {"back", "/dashboard/canhbao?" + draft_query(d)}})};
}

}  // namespace hocvuso::dashboard
