// Lessons: one short step at a time with Tiếp / Quay lại / Làm lại từ đầu / Về menu,
// branches on a choice, resumable from the stored state. A step that vanished in a
// content reload sends the person back to the lesson's start with a note.
#include <algorithm>
#include <nlohmann/json.hpp>

#include "flows/learn/flow.hpp"
#include "flows/learn/payloads.hpp"
#include "flows/broadcast/broadcast.hpp"
#include "flows/menu.hpp"

namespace hocvuso::learn {

namespace {

using nlohmann::json;

// The scam lesson ends with the offer of scam warnings (flows/broadcast asks the place).
constexpr std::string_view kScamLesson = "scams";

// The lesson a conversation is in, and the steps it came through (for "Quay lại").
struct Position {
  std::string lesson;
  std::vector<std::string> back;
};

std::optional<Position> position(const ConversationState& state) {
  if (state.flow != kLessonFlow) return std::nullopt;
  auto data = json::parse(state.data, nullptr, false);
  if (!data.is_object() || !data.contains("lesson")) return std::nullopt;
  Position p;
  p.lesson = data.value("lesson", "");
  p.back = data.value("back", std::vector<std::string>{});
  return p;
}

void show_step(Context& ctx, const Lesson& lesson, const Step& step, std::vector<std::string> back,
               const std::string& note = {}) {
  const std::string title = lesson_title(lesson, ctx.locale());
  ctx.state() = ConversationState{kLessonFlow, step.id, json{{"lesson", lesson.id}, {"back", back}}.dump()};
  // The phone chosen here decides which phone's quiz items the person is asked.
  if (!step.platform.empty()) learn_store(ctx).set_platform(learner(ctx), step.platform);

  std::string text = note.empty() ? "" : note + "\n\n";
  text += "📚 " + title + "\n\n" + step_text(lesson, step, ctx.locale());
  if (!step.image.empty()) text += "\n\n🖼 " + step.image;

  ButtonRows rows;
  if (!step.next.empty()) rows.push_back({{ctx.t("learn.next"), make_payload(kShowStep, {lesson.id, step.next})}});
  for (std::size_t i = 0; i < step.choices.size(); ++i) {
    rows.push_back({{choice_label(lesson, step, i, ctx.locale()), make_payload(kShowStep, {lesson.id, step.choices[i].go})}});
  }
  if (step.last()) {
    text += "\n\n" + ctx.t("learn.lesson_done", {{"title", title}});
    if (!lesson.quiz.empty()) rows.push_back({{ctx.t("learn.take_quiz"), make_payload(kStartQuiz, {lesson.id})}});
    if (lesson.id == kScamLesson) rows.push_back({{ctx.t("broadcast.button.on"), broadcast::kSubscribePayload}});
  }
  std::vector<Button> nav;
  if (!back.empty()) nav.push_back({ctx.t("learn.back"), make_payload(kStepBack, {lesson.id})});
  nav.push_back({ctx.t("learn.restart"), make_payload(kStartLesson, {lesson.id})});
  rows.push_back(nav);
  rows.push_back({{ctx.t("menu.back"), flows::kMenuHome}});
  ctx.reply(std::move(text), std::move(rows));

  if (step.last()) {
    learn_store(ctx).mark_lesson_done(learner(ctx), lesson.id, ctx.now());
    check_path_complete(ctx);
  }
}

void start_lesson(Context& ctx, const Lesson& lesson, const std::string& note = {}) {
  show_step(ctx, lesson, *lesson.step(lesson.start), {}, note);
}

// The lesson of a payload, or the lesson list with a note when it is gone.
const Lesson* lesson_or_list(Context& ctx, const std::string& id) {
  const Lesson* lesson = learning(ctx).lesson(id);
  if (!lesson) show_lesson_list(ctx, ctx.t("learn.lesson_gone"));
  return lesson;
}

void on_start(Context& ctx) {
  const std::string id = ctx.in().button_payload.substr(kStartLesson.size());
  if (const Lesson* lesson = lesson_or_list(ctx, id)) start_lesson(ctx, *lesson);
}

void on_show_step(Context& ctx) {
  auto parts = payload_parts(ctx.in().button_payload, kShowStep, 2);
  if (!parts) return show_lesson_list(ctx);
  const Lesson* lesson = lesson_or_list(ctx, (*parts)[0]);
  if (!lesson) return;
  const Step* step = lesson->step((*parts)[1]);
  if (!step) return start_lesson(ctx, *lesson, ctx.t("learn.step_moved"));
  std::vector<std::string> back;
  if (auto pos = position(ctx.state()); pos && pos->lesson == lesson->id && ctx.state().step != step->id) {
    back = pos->back;
    back.push_back(ctx.state().step);
  }
  show_step(ctx, *lesson, *step, std::move(back));
}

void on_back(Context& ctx) {
  const std::string id = ctx.in().button_payload.substr(kStepBack.size());
  const Lesson* lesson = lesson_or_list(ctx, id);
  if (!lesson) return;
  auto pos = position(ctx.state());
  if (!pos || pos->lesson != id || pos->back.empty()) return start_lesson(ctx, *lesson);
  const std::string previous = pos->back.back();
  pos->back.pop_back();
  const Step* step = lesson->step(previous);
  if (!step) return start_lesson(ctx, *lesson, ctx.t("learn.step_moved"));
  show_step(ctx, *lesson, *step, std::move(pos->back));
}

}  // namespace

void resume_lesson(Context& ctx) {
  auto pos = position(ctx.state());
  const Lesson* lesson = pos ? learning(ctx).lesson(pos->lesson) : nullptr;
  if (!lesson) return show_lesson_list(ctx, ctx.t("learn.lesson_gone"));
  const Step* step = lesson->step(ctx.state().step);
  if (!step) return start_lesson(ctx, *lesson, ctx.t("learn.step_moved"));
  show_step(ctx, *lesson, *step, std::move(pos->back));
}

void show_lesson_list(Context& ctx, const std::string& note, std::size_t page) {
  const auto done = learn_store(ctx).lessons_done(learner(ctx));
  const auto& lessons = learning(ctx).lessons;
  std::string text = note.empty() ? "" : note + "\n\n";
  text += ctx.t("learn.list");
  std::vector<Button> shown;
  const Page p = page_of(lessons.size(), page);
  for (std::size_t i = p.first; i < p.end; ++i) {
    const Lesson& lesson = lessons[i];
    const bool finished = std::find(done.begin(), done.end(), lesson.id) != done.end();
    text += "\n" + std::string(finished ? "✅ " : "▫️ ") + lesson_title(lesson, ctx.locale());
    shown.push_back({lesson_label(lesson, ctx.locale()), make_payload(kStartLesson, {lesson.id})});
  }
  ctx.reply(std::move(text), page_buttons(ctx, std::move(shown), lessons.size(), page, kLessonPage));
}

void register_lessons(Dispatcher& d) {
  d.on_payload(flows::kMenuLearn, [](Context& ctx) { show_lesson_list(ctx); });
  d.on_payload(std::string(kLessonPage),
               [](Context& ctx) { show_lesson_list(ctx, {}, page_number(ctx, kLessonPage)); });
  d.on_payload(std::string(kStartLesson), on_start);
  d.on_payload(std::string(kShowStep), on_show_step);
  d.on_payload(std::string(kStepBack), on_back);
}

}  // namespace hocvuso::learn
