// Lookups and per-locale views of the learning content.
#include "flows/learn/content.hpp"

#include <algorithm>

namespace hocvuso::learn {

const std::vector<std::string>& linked_lesson_ids() {
  static const std::vector<std::string> ids = {
      "vneid-install",   "vneid-levels",    "vneid-activate", "vneid-password", "vneid-new-phone", "vneid-documents",
      "dvc-portal",      "payment-safety",  "scams",          "binhdanhocvuso", "health-book"};
  return ids;
}

const Step* Lesson::step(std::string_view step_id) const {
  auto it = std::find_if(steps.begin(), steps.end(), [&](const Step& s) { return s.id == step_id; });
  return it == steps.end() ? nullptr : &*it;
}

const QuizItem* Lesson::item(std::string_view item_id) const {
  const int i = item_index(item_id);
  return i < 0 ? nullptr : &quiz[static_cast<std::size_t>(i)];
}

int Lesson::item_index(std::string_view item_id) const {
  auto it = std::find_if(quiz.begin(), quiz.end(), [&](const QuizItem& q) { return q.id == item_id; });
  return it == quiz.end() ? -1 : static_cast<int>(it - quiz.begin());
}

const Lesson* Learning::lesson(std::string_view lesson_id) const {
  auto it = std::find_if(lessons.begin(), lessons.end(), [&](const Lesson& l) { return l.id == lesson_id; });
  return it == lessons.end() ? nullptr : &*it;
}

namespace {

const LessonText* text_of(const Lesson& lesson, std::string_view locale) {
  auto it = lesson.translations.find(locale);
  return it == lesson.translations.end() ? nullptr : &it->second;
}

// The translated piece when there is one, else vi's.
const std::string& pick(const std::string& translated, const std::string& vi) {
  return translated.empty() ? vi : translated;
}

}  // namespace

std::string lesson_title(const Lesson& lesson, std::string_view locale) {
  const auto* t = text_of(lesson, locale);
  return t ? pick(t->title, lesson.title) : lesson.title;
}

std::string lesson_label(const Lesson& lesson, std::string_view locale) {
  const auto* t = text_of(lesson, locale);
  return t ? pick(t->label, lesson.label) : lesson.label;
}

std::string step_text(const Lesson& lesson, const Step& step, std::string_view locale) {
  const auto* t = text_of(lesson, locale);
  if (!t) return step.text;
  auto it = t->steps.find(step.id);
  return it == t->steps.end() ? step.text : pick(it->second.text, step.text);
}

std::string choice_label(const Lesson& lesson, const Step& step, std::size_t i, std::string_view locale) {
  const auto* t = text_of(lesson, locale);
  if (t) {
    auto it = t->steps.find(step.id);
    if (it != t->steps.end() && i < it->second.choices.size()) return it->second.choices[i];
  }
  return step.choices[i].label;
}

ItemView item_view(const Lesson& lesson, const QuizItem& item, std::string_view locale) {
  ItemView v{item.question, item.options, item.explain};
  const auto* t = text_of(lesson, locale);
  if (!t) return v;
  auto it = t->items.find(item.id);
  if (it == t->items.end()) return v;
  v.question = pick(it->second.question, item.question);
  if (it->second.options.size() == item.options.size()) v.options = it->second.options;
  v.explain = pick(it->second.explain, item.explain);
  return v;
}

}  // namespace hocvuso::learn
