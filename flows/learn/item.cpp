// Asking and marking one quiz item.
#include "flows/learn/item.hpp"

#include "bot/text/fold.hpp"

namespace hocvuso::learn {

std::string option_letter(std::size_t i) { return std::string(1, static_cast<char>('A' + i)); }

std::string question_text(const QuizItem& item, const ItemView& view, const Say& say) {
  std::string out = view.question;
  if (item.kind == ItemKind::truefalse) return out + "\n\n" + say("quiz.truefalse_hint");
  if (item.kind == ItemKind::yes_no) return out + "\n\n" + say("quiz.yes_no_hint");
  out += "\n";
  for (std::size_t i = 0; i < view.options.size(); ++i) out += "\n" + option_letter(i) + ". " + view.options[i];
  if (item.kind == ItemKind::multi) out += "\n\n" + say("quiz.multi_hint");
  return out;
}

ButtonRows answer_buttons(const QuizItem& item, const Say& say, const std::function<std::string(int)>& payload_of,
                          const std::set<int>& picked, const std::string& done_payload) {
  std::vector<Button> row;
  if (two_buttons(item.kind)) {
    const bool yes_no = item.kind == ItemKind::yes_no;
    row.push_back({say(yes_no ? "quiz.yes" : "quiz.true"), payload_of(0)});
    row.push_back({say(yes_no ? "quiz.no" : "quiz.false"), payload_of(1)});
    return {row};
  }
  for (std::size_t i = 0; i < item.options.size(); ++i) {
    const int opt = static_cast<int>(i);
    std::string label = option_letter(i);
    if (picked.contains(opt)) label = "☑️ " + label;
    row.push_back({label, payload_of(opt)});
  }
  ButtonRows rows = {row};
  if (item.kind == ItemKind::multi) rows.push_back({{say("quiz.done"), done_payload}});
  return rows;
}

std::optional<std::set<int>> typed_answer(const QuizItem& item, std::string_view text) {
  std::vector<std::string> words = text::fold_words(text);
  static const std::set<std::string> lead = {"da", "chon", "dap", "an", "cau", "toi", "em", "la"};
  std::size_t i = 0;
  while (i < words.size() && lead.contains(words[i]) && words.size() - i > 1) ++i;
  const int n = two_buttons(item.kind) ? 2 : static_cast<int>(item.options.size());
  std::set<int> chosen;
  for (; i < words.size(); ++i) {
    const std::string& w = words[i];
    int opt = -1;
    if (w.size() == 1 && w[0] >= 'a' && w[0] < 'a' + n) opt = w[0] - 'a';
    else if (w.size() == 1 && w[0] >= '1' && w[0] < '1' + n) opt = w[0] - '1';
    else if (two_buttons(item.kind) && (w == "dung" || w == "co" || w == "true" || w == "yes")) opt = 0;
    else if (two_buttons(item.kind) && (w == "sai" || w == "khong" || w == "ko" || w == "false" || w == "no")) opt = 1;
    if (opt < 0) return std::nullopt;
    chosen.insert(opt);
  }
  if (chosen.empty() || (item.kind != ItemKind::multi && chosen.size() != 1)) return std::nullopt;
  return chosen;
}

bool says_dont_know(std::string_view text) {
  std::vector<std::string> words = text::fold_words(text);
  // Politeness and the person around the words: "dạ con không biết ạ", "chịu thôi".
  static const std::set<std::string> around = {"da", "a", "oi", "thi", "thoi", "roi", "nua", "con", "chau", "em",
                                               "toi", "ba", "minh", "that", "qua", "cau", "nay"};
  std::erase_if(words, [](const std::string& w) { return around.contains(w); });
  std::string said;
  for (const auto& w : words) said += (said.empty() ? "" : " ") + w;
  static const std::set<std::string> phrases = {"khong biet", "ko biet", "k biet", "hong biet", "chua biet",
                                                "chang biet", "chiu", "khong nho", "quen", "khong hieu", "biet dau"};
  return phrases.contains(said);
}

bool is_right(const QuizItem& item, const std::set<int>& chosen) {
  return chosen == std::set<int>(item.answer.begin(), item.answer.end());
}

std::string feedback_text(const QuizItem& item, const ItemView& view, bool right, const Say& say) {
  if (right) return say("quiz.right") + "\n" + view.explain;
  std::string answer;
  if (item.kind == ItemKind::truefalse) {
    answer = say(item.answer.front() == 0 ? "quiz.true" : "quiz.false");
  } else if (item.kind == ItemKind::yes_no) {
    answer = say(item.answer.front() == 0 ? "quiz.yes" : "quiz.no");
  } else if (item.kind == ItemKind::single) {
    const auto i = static_cast<std::size_t>(item.answer.front());
    answer = option_letter(i) + ". " + view.options[i];
  } else {
    for (int i : item.answer) answer += (answer.empty() ? "" : ", ") + option_letter(static_cast<std::size_t>(i));
  }
  return say("quiz.wrong", {{"answer", answer}}) + "\n" + view.explain;
}

}  // namespace hocvuso::learn
