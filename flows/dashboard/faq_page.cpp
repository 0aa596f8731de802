// The Hỏi đáp page (faq_page.hpp).
#include "flows/dashboard/faq_page.hpp"

#include "bot/core/local_time.hpp"
#include "bot/text/cut.hpp"

namespace hocvuso::dashboard {

Html faq_body(const FaqPageInput& in) {
  Html misses;
  if (in.misses.empty()) {
    misses.s = "<p>Chưa có câu hỏi nào.</p>";
  } else {
    misses.s = "<div class=\"scroll\"><table id=\"misses\"><thead><tr><th>Lần hỏi</th><th class=\"text\">Câu hỏi</th>"
               "<th>Trợ lý</th><th class=\"left\">Câu trả lời gần nhất</th><th>Lần cuối</th></tr></thead><tbody>";
    for (const auto& m : in.misses) {
      const std::string best = m.best_id.empty() ? std::string("–") : in.entry_title(m.best_id);
      misses.s += "<tr><td>" + std::to_string(m.count) + "</td><td class=\"text\">" +
                  escape(text::cut_utf8(m.question, kQuestionShown)) + "</td><td>" +
                  (m.verdict == "decline" ? "từ chối" : "chưa chắc, đưa gợi ý") + "</td><td class=\"name\">" +
                  escape(best.empty() ? m.best_id : best) + "</td><td>" +
                  escape(format_date_vi(local_date(TimePoint(std::chrono::milliseconds(m.last_seen_ms))))) +
                  "</td></tr>";
    }
    misses.s += "</tbody></table></div>";
  }
  Html feedback;
  if (in.feedback.empty()) {
    feedback.s = "<p>Chưa có đánh giá nào.</p>";
  } else {
    feedback.s = "<div class=\"scroll\"><table id=\"feedback\"><thead><tr><th>Câu trả lời</th><th>Có ích</th><th>Chưa có ích</th>"
                 "</tr></thead><tbody>";
    for (const auto& f : in.feedback) {
      const std::string title = in.entry_title(f.entry_id);
      feedback.s += "<tr><td class=\"name\">" + escape(title.empty() ? f.entry_id : title) + "</td><td>" +
                    std::to_string(f.up) + "</td><td>" + std::to_string(f.down) + "</td></tr>";
    }
    feedback.s += "</tbody></table></div>";
  }
  long long asked = 0;
  for (const auto& m : in.misses) asked += m.count;
  const std::string line = std::to_string(in.misses.size()) + " câu hỏi khác nhau, hỏi " + std::to_string(asked) +
                           " lần; " + std::to_string(in.feedback.size()) + " câu trả lời có đánh giá";
  return Html{render(asset("faq.html"), {{"summary_line", line}, {"misses", misses}, {"feedback", feedback}})};
}

}  // namespace hocvuso::dashboard
