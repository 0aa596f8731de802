// Shared pieces of the Xã and Hỗ trợ pages (page_parts.hpp).
#include "flows/dashboard/page_parts.hpp"

#include <cstdio>

#include "bot/core/local_time.hpp"
#include "flows/reports/summary.hpp"

namespace hocvuso::dashboard {

std::string duration_vi(std::chrono::seconds d) {
  const long long s = std::max<long long>(0, d.count());
  if (s < 3600) return std::to_string(s / 60) + " phút";
  if (s < 48 * 3600) return std::to_string(s / 3600) + " giờ";
  return std::to_string(s / 86400) + " ngày";
}

std::string date_time_vi(TimePoint t) {
  const auto local = t + kVietnamUtcOffset;
  const auto minutes = std::chrono::duration_cast<std::chrono::minutes>(local.time_since_epoch()).count();
  const long long in_day = ((minutes % 1440) + 1440) % 1440;
  char hm[8];
  std::snprintf(hm, sizeof hm, "%02lld:%02lld", in_day / 60, in_day % 60);
  return format_date_vi(local_date(t)) + " " + hm;
}

Html ticket_figures_head() {
  return Html{"<thead><tr><th>Xã, phường</th><th>Yêu cầu mới</th><th>Đã có người nhận</th><th>Đã giải quyết</th>"
              "<th>Thời gian trả lời đầu (trung vị)</th><th>Đánh giá</th></tr></thead>"};
}

Html ticket_figures_row(const std::string& label, const tickets::Figures& f) {
  std::string median = "–";
  if (f.median_first_answer_minutes) {
    median = duration_vi(std::chrono::seconds(static_cast<long long>(*f.median_first_answer_minutes * 60)));
  }
  const std::string rating =
      f.rated == 0 ? "chưa có" : reports::format_percent_vi(f.average_rating) + "/5 sao (" + std::to_string(f.rated) + " lượt)";
  return Html{"<tr><td class=\"name\">" + escape(label) + "</td><td>" + std::to_string(f.opened) + "</td><td>" +
              std::to_string(f.claimed) + "</td><td>" + std::to_string(f.resolved) + "</td><td>" + escape(median) +
              "</td><td>" + escape(rating) + "</td></tr>"};
}

Html waiting_tickets_table(const std::vector<WaitingTicket>& list, int total, TimePoint now,
                           const std::function<std::string(const std::string&)>& commune_name) {
  if (list.empty()) return Html{"<p>Không có yêu cầu nào đang chờ.</p>"};
  const bool with_commune = static_cast<bool>(commune_name);
  Html out{"<div class=\"scroll\"><table class=\"tickets\" id=\"tickets\"><thead><tr><th>Mã</th>"};
  if (with_commune) out.s += "<th class=\"left\">Xã, phường</th>";
  out.s += "<th>Chờ</th><th>Trạng thái</th><th class=\"left\">Người nhận</th><th>Đã trả lời</th></tr></thead><tbody>";
  for (const auto& t : list) {
    const auto age = std::chrono::duration_cast<std::chrono::seconds>(now - t.created_at);
    out.s += std::string("<tr") + (t.claimed ? "" : " class=\"unclaimed\"") + "><td>" +
             escape(tickets::ticket_code(t.id)) + "</td>";
    if (with_commune) out.s += "<td class=\"name\">" + escape(commune_name(t.commune)) + "</td>";
    out.s += "<td>" + escape(duration_vi(age)) + "</td><td>" + (t.claimed ? "đã có người nhận" : "chưa ai nhận") +
             "</td><td class=\"name\">" + escape(t.claimed ? t.helper_name : std::string("–")) + "</td><td>" +
             (t.first_answer_at ? "có" : "chưa") + "</td></tr>";
  }
  out.s += "</tbody></table></div>";
  if (total > static_cast<int>(list.size())) {
    out.s += "<p class=\"meta\">Trang chỉ hiện " + std::to_string(list.size()) + " trong " + std::to_string(total) +
             " yêu cầu đang chờ (những yêu cầu chưa ai nhận, lâu nhất, ở trên).</p>";
  }
  return out;
}

std::string platform_vi(Channel c) {
  switch (c) {
    case Channel::telegram: return "Telegram";
    case Channel::zalo: return "Zalo OA";
    case Channel::zalobot: return "Zalo Bot";
    case Channel::console: return "thử nghiệm";
  }
  return "";
}

}  // namespace hocvuso::dashboard
