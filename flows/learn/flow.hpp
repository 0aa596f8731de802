// What the learning flows share: their state names, the learner of a message, and
// the entry points each file offers the others.
#pragma once

#include <string>

#include "bot/core/dispatcher.hpp"
#include "flows/learn/content.hpp"
#include "flows/learn/learn_store.hpp"

namespace hocvuso::learn {

// ConversationState::flow values.
inline constexpr const char* kLessonFlow = "lesson";
inline constexpr const char* kQuizFlow = "quiz";

inline const Learning& learning(const Context& ctx) { return ctx.content().get<Learning>(); }
Learner learner(const Context& ctx);
LearnStore& learn_store(const Context& ctx);
// The learner's display name, or "bạn".
std::string display_name(const Context& ctx);

// Zalo OA shows five buttons a message, so a list shows kPageSize entries and one
// more button: "Xem thêm" to the next page (payload <page_prefix><n>), or "Về menu".
inline constexpr std::size_t kPageSize = 4;
struct Page {
  std::size_t first = 0;  // index of the first entry shown
  std::size_t end = 0;    // one past the last
};
Page page_of(std::size_t entries, std::size_t page);
ButtonRows page_buttons(const Context& ctx, std::vector<Button> shown, std::size_t entries, std::size_t page,
                        std::string_view page_prefix);
// The page number of a "<prefix><n>" payload (0 for the menu entry itself).
std::size_t page_number(const Context& ctx, std::string_view page_prefix);

// lesson_flow.cpp
void register_lessons(Dispatcher& d);
void show_lesson_list(Context& ctx, const std::string& note = {}, std::size_t page = 0);
// Shows the step the person is on (after free text, or a reload moved it).
void resume_lesson(Context& ctx);

// quiz_flow.cpp
void register_quizzes(Dispatcher& d);
void show_quiz_list(Context& ctx, std::size_t page = 0);
// "• <quiz>: 8/10 ✅" lines of the best scores, in lesson order.
std::string quiz_score_lines(const Context& ctx, const Learning& learning, const std::vector<QuizScore>& scores);
void resume_quiz(Context& ctx);
// Free text during a quiz that answers the current item ("a", "2", "b c", "có"):
// answered like the button; false when the text is no answer.
bool answer_typed(Context& ctx);

// progress.cpp: /tiendo, and the completion message once the path is finished.
void register_progress(Dispatcher& d);
void check_path_complete(Context& ctx);

// review.cpp: /ontap, the daily question (tick) and its answers; the Leitner boxes.
void register_review(Dispatcher& d, int review_hour);
void record_review_answer(LearnStore& store, const Learner& who, const std::string& lesson_id,
                          const std::string& item_id, bool right, TimePoint now);

// locale_flow.cpp: /ngonngu.
void register_locale(Dispatcher& d);

}  // namespace hocvuso::learn
