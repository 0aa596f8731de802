// Lessons and quizzes as data: what content/learning/ holds once loaded and checked,
// and the per-locale views of it (a translation overlays vi text by text, so a
// missing translation falls back to vi).
#pragma once

#include <cstddef>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "bot/content/content.hpp"

namespace hocvuso::learn {

// Lesson ids other features link to with "learn:<id>" buttons (the FAQ): content
// check requires each of them.
const std::vector<std::string>& linked_lesson_ids();

struct Choice {
  std::string label;  // button label, <= 20 characters
  std::string go;     // the step it leads to
};

struct Step {
  std::string id;
  std::string text;
  std::string image;             // optional image URL shown under the text
  std::string next;              // what "Tiếp" shows; empty with no choices: the last step
  std::vector<Choice> choices;   // a branch ("Android or iPhone?") instead of "Tiếp"
  std::string platform;          // "android" or "iphone": showing this step records the person's phone
  bool last() const { return next.empty() && choices.empty(); }
};

// yes_no: a question answered Có / Không ("Có nên cài theo link đó không?"), written
// explicitly in the content, never guessed from the wording; truefalse: a statement
// judged Đúng / Sai.
enum class ItemKind { single, multi, truefalse, yes_no };

// Items with two fixed buttons and no options.
inline bool two_buttons(ItemKind k) { return k == ItemKind::truefalse || k == ItemKind::yes_no; }

struct QuizItem {
  std::string id;
  ItemKind kind = ItemKind::single;
  std::string question;
  std::vector<std::string> options;  // empty for truefalse / yes_no (buttons Đúng / Sai, Có / Không)
  std::vector<int> answer;           // option indices; truefalse, yes_no: {0} true/yes, {1} false/no
  std::string explain;
  std::string platform;  // "android" / "iphone": asked only of people who chose that phone (or none)
};

// Text of one locale for one lesson; each absent piece falls back to vi.
struct StepText {
  std::string text;
  std::vector<std::string> choices;
};
struct ItemText {
  std::string question;
  std::vector<std::string> options;
  std::string explain;
};
struct LessonText {
  std::string title;
  std::string label;
  std::map<std::string, StepText, std::less<>> steps;
  std::map<std::string, ItemText, std::less<>> items;
};

struct Lesson {
  std::string id;
  std::string title;  // shown in messages
  std::string label;  // shown on buttons, <= 20 characters
  std::string start;
  std::vector<Step> steps;
  int pass_percent = 70;
  std::vector<QuizItem> quiz;
  std::map<std::string, LessonText, std::less<>> translations;  // locale -> text

  const Step* step(std::string_view step_id) const;
  const QuizItem* item(std::string_view item_id) const;
  int item_index(std::string_view item_id) const;  // -1 when absent
};

// The configurable learning path: finishing all of it earns the completion message.
struct LearningPath {
  std::string id;
  std::string title;
  std::vector<std::string> lessons;  // lessons to finish
  std::vector<std::string> quizzes;  // lessons whose quiz must be passed
};

struct Learning {
  std::vector<Lesson> lessons;  // in menu order
  LearningPath path;
  const Lesson* lesson(std::string_view lesson_id) const;
};

// The text a person reading `locale` sees.
struct ItemView {
  std::string question;
  std::vector<std::string> options;
  std::string explain;
};
std::string lesson_title(const Lesson& lesson, std::string_view locale);
std::string lesson_label(const Lesson& lesson, std::string_view locale);
std::string step_text(const Lesson& lesson, const Step& step, std::string_view locale);
std::string choice_label(const Lesson& lesson, const Step& step, std::size_t i, std::string_view locale);
ItemView item_view(const Lesson& lesson, const QuizItem& item, std::string_view locale);

// Platform limits every label and payload must respect (checked by content check).
inline constexpr std::size_t kMaxLabelChars = 20;    // Zalo button titles
inline constexpr std::size_t kMaxPayloadBytes = 64;  // Telegram callback_data
inline constexpr std::size_t kMaxButtons = 4;        // Zalo OA buttons in one message
// A step may show more than kMaxButtons: Zalo OA then shows the rest in a second
// message ("Xem thêm:"), and content check says so. More than two messages' worth is
// an error.
inline constexpr std::size_t kMaxStepButtons = 2 * kMaxButtons;

// The buttons show_step (lesson_flow.cpp) puts under a step.
std::size_t step_button_count(const Lesson& lesson, const Step& step);
// One line per step whose buttons Zalo OA shows in two messages, for content check:
// "learning/<locale>/<lesson>.json:steps[i]: note: ...".
std::vector<std::string> zalo_button_notes(const Learning& learning);

// Reads <dir>/learning/: learning.json (order and path), vi/<lesson>.json, and
// <locale>/<lesson>.json translations. Appends a problem for everything wrong and
// returns nullptr when anything is. `required_ids` are lessons that must exist.
std::shared_ptr<const Learning> load_learning(const std::filesystem::path& dir,
                                              const std::vector<std::string>& required_ids,
                                              std::vector<ContentProblem>& problems);

// Bot strings the learning flows put on buttons: each locale's text must fit
// kMaxLabelChars. Problems name strings/<locale>.json and the key.
const std::vector<std::string>& button_label_keys();
void check_button_labels(const std::filesystem::path& dir, const Strings& strings,
                         std::vector<ContentProblem>& problems);

// The content part for content_spec().
ContentPart learning_content_part();

}  // namespace hocvuso::learn
