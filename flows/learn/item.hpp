// How a quiz item is asked and answered, the same in a quiz and in the daily review:
// the question with lettered options, the answer buttons, right or wrong, and the
// feedback with the explanation.
#pragma once

#include <functional>
#include <optional>
#include <set>
#include <string>

#include "bot/core/message.hpp"
#include "bot/core/strings.hpp"
#include "flows/learn/content.hpp"

namespace hocvuso::learn {

struct Say {
  const Strings& strings;
  std::string_view locale;
  std::string operator()(std::string_view key, const Strings::Vars& vars = {}) const {
    return strings.format(key, locale, vars);
  }
};

std::string option_letter(std::size_t i);  // "A", "B", ...

// The question and its lettered options (and, for multiple choice, how to answer).
std::string question_text(const QuizItem& item, const ItemView& view, const Say& say);

// One button per option (Đúng / Sai for true/false), payload from `payload_of(option)`.
// Multiple choice: picked options are marked, and a "done" button follows.
ButtonRows answer_buttons(const QuizItem& item, const Say& say, const std::function<std::string(int)>& payload_of,
                          const std::set<int>& picked = {}, const std::string& done_payload = {});

bool is_right(const QuizItem& item, const std::set<int>& chosen);

// An answer typed instead of pressed: "a"/"b"/"c" or "1"/"2"/"3" (several for multiple
// choice: "a c", "1, 3"), and for two-button items also "đúng"/"sai", "có"/"không".
// Leading "chọn", "đáp án", "câu", "dạ" are allowed. nullopt when it is no answer.
std::optional<std::set<int>> typed_answer(const QuizItem& item, std::string_view text);

// "không biết", "chịu", "quên rồi" typed at an item: the person does not know, and is
// encouraged to pick one (a wrong pick is explained) rather than told "no answer".
bool says_dont_know(std::string_view text);

// "✅ Đúng rồi!" or "❌ Chưa đúng. Đáp án đúng: B. …", then the explanation.
std::string feedback_text(const QuizItem& item, const ItemView& view, bool right, const Say& say);

}  // namespace hocvuso::learn
