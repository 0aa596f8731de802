// Wires the learning flows together, and what they share.
#include "flows/learn/learn.hpp"

#include <algorithm>

#include "bot/store/store.hpp"
#include "flows/learn/flow.hpp"
#include "flows/learn/item.hpp"
#include "flows/learn/payloads.hpp"
#include "flows/menu.hpp"

namespace hocvuso::learn {

Learner learner(const Context& ctx) { return Learner{ctx.in().chat.channel, ctx.in().sender_id}; }

LearnStore& learn_store(const Context& ctx) { return LearnStore::of(ctx.store()); }

std::string display_name(const Context& ctx) {
  return ctx.user().display_name.empty() ? ctx.t("common.friend") : ctx.user().display_name;
}

Page page_of(std::size_t entries, std::size_t page) {
  const std::size_t last = entries == 0 ? 0 : (entries - 1) / kPageSize;
  const std::size_t first = std::min(page, last) * kPageSize;
  return {first, std::min(entries, first + kPageSize)};
}

ButtonRows page_buttons(const Context& ctx, std::vector<Button> shown, std::size_t entries, std::size_t page,
                        std::string_view page_prefix) {
  ButtonRows rows;
  for (auto& b : shown) rows.push_back({std::move(b)});
  if (page_of(entries, page).end < entries) {
    rows.push_back({{ctx.t("learn.more"), make_payload(page_prefix, {std::to_string(page + 1)})}});
  } else {
    rows.push_back({{ctx.t("menu.back"), flows::kMenuHome}});
  }
  return rows;
}

std::size_t page_number(const Context& ctx, std::string_view page_prefix) {
  const std::string& payload = ctx.in().button_payload;
  if (!payload.starts_with(page_prefix)) return 0;
  return static_cast<std::size_t>(to_index(std::string_view(payload).substr(page_prefix.size())).value_or(0));
}

namespace {

// Free text in a lesson or quiz goes where free text goes (the FAQ once it exists),
// then one line on how to carry on, with a button that does.
void on_text_in_flow(const Dispatcher& d, Context& ctx, const char* hint_key) {
  const std::string flow = ctx.state().flow;
  d.default_text(ctx);
  if (ctx.state().flow != flow) return;  // the text handler took the person elsewhere
  ctx.reply(ctx.t(hint_key), {{{ctx.t("learn.continue"), std::string(kResume)}}});
}

void on_resume(Context& ctx) {
  if (ctx.state().flow == kQuizFlow) return resume_quiz(ctx);
  if (ctx.state().flow == kLessonFlow) return resume_lesson(ctx);
  show_lesson_list(ctx);
}

}  // namespace

}  // namespace hocvuso::learn

namespace hocvuso::flows {

void register_learn(Dispatcher& d, const LearnOptions& options) {
  using namespace learn;
  register_lessons(d);
  register_quizzes(d);
  register_progress(d);
  register_review(d, options.review_hour);
  register_locale(d);
  d.on_payload(std::string(kResume), on_resume);
  d.on_flow_text(kLessonFlow, [&d](Context& ctx) { on_text_in_flow(d, ctx, "learn.hint_lesson"); });
  d.on_flow_text(kQuizFlow, [&d](Context& ctx) {
    if (answer_typed(ctx)) return;
    if (says_dont_know(ctx.in().text)) {
      ctx.reply(ctx.t("quiz.dont_know"));
      return resume_quiz(ctx);  // the same item again
    }
    on_text_in_flow(d, ctx, "learn.hint_quiz");
  });
}

std::vector<std::string> learn_string_keys() {
  return {"learn.list",        "learn.next",         "learn.back",        "learn.restart",     "learn.take_quiz",
          "learn.lesson_done", "learn.lesson_gone",  "learn.step_moved",  "learn.continue",    "learn.hint_lesson",
          "learn.hint_quiz",   "learn.more",   "quiz.list",          "quiz.intro",        "quiz.number",       "quiz.truefalse_hint", "quiz.yes_no_hint", "quiz.yes", "quiz.no", "quiz.next_lesson", "quiz.next_lesson_text",
          "quiz.multi_hint",   "quiz.dont_know",    "quiz.true",          "quiz.false",        "quiz.done",         "quiz.right",
          "quiz.wrong",        "quiz.picked",        "quiz.pick_first",   "quiz.passed",       "quiz.failed",
          "quiz.retry_wrong",  "quiz.again",         "quiz.relearn",      "quiz.stale",        "quiz.changed",
          "progress.title",    "progress.none",      "progress.none_yet", "progress.ongoing_quiz", "progress.ongoing_lesson",      "progress.lessons",  "progress.quizzes",  "progress.quiz_line",
          "progress.path",     "cert.message",       "cert.quiz",         "review.question",   "review.stop_hint",
          "review.see_you",    "review.gone",        "review.usage",      "review.status_on",  "review.status_off",
          "review.on",         "review.off",         "locale.name",       "locale.choose",     "locale.set"};
}

ContentPart learn_content_part() { return learn::learning_content_part(); }

}  // namespace hocvuso::flows
