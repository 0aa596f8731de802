// /tiendo (lessons done, best quiz scores, the learning path) and the completion
// message, sent once, when the whole learning path is done.
#include <algorithm>

#include "bot/core/local_time.hpp"
#include "bot/store/store.hpp"
#include "flows/learn/flow.hpp"
#include "flows/learn/payloads.hpp"
#include "flows/menu.hpp"

namespace hocvuso::learn {

namespace {

bool contains(const std::vector<std::string>& v, const std::string& s) {
  return std::find(v.begin(), v.end(), s) != v.end();
}

// Parts of the path done so far, out of all of them.
std::pair<int, int> path_progress(const Learning& l, const std::vector<std::string>& done, LearnStore& store,
                                  const Learner& who) {
  int finished = 0;
  for (const auto& id : l.path.lessons) finished += contains(done, id);
  for (const auto& id : l.path.quizzes) finished += store.quiz_passed(who, id);
  return {finished, static_cast<int>(l.path.lessons.size() + l.path.quizzes.size())};
}

// /tiendo typed in the middle of a lesson or a quiz: the progress says so, and its first
// button goes back to where the person is ("Bạn chưa học bài nào" alone read as if the
// answers given so far were lost).
ButtonRows progress_buttons(Context& ctx, bool ongoing) {
  ButtonRows rows = flows::back_to_menu(ctx);
  if (ongoing) rows.insert(rows.begin(), {{ctx.t("learn.continue"), std::string(kResume)}});
  return rows;
}

void show_progress(Context& ctx) {
  const Learning& l = learning(ctx);
  auto& store = learn_store(ctx);
  const Learner who = learner(ctx);
  const auto done = store.lessons_done(who);
  const auto scores = store.best_scores(who);
  const std::string& flow = ctx.state().flow;
  const char* ongoing = flow == kQuizFlow ? "progress.ongoing_quiz" : flow == kLessonFlow ? "progress.ongoing_lesson" : nullptr;
  std::string text = ctx.t("progress.title");
  if (done.empty() && scores.empty()) {
    text += "\n\n" + ctx.t(ongoing ? "progress.none_yet" : "progress.none");
    if (ongoing) text += " " + ctx.t(ongoing);
    ctx.reply(std::move(text), progress_buttons(ctx, ongoing != nullptr));
    return;
  }
  text += "\n\n" + ctx.t("progress.lessons", {{"done", std::to_string(done.size())},
                                              {"total", std::to_string(l.lessons.size())}});
  for (const auto& lesson : l.lessons) {
    if (contains(done, lesson.id)) text += "\n✅ " + lesson_title(lesson, ctx.locale());
  }
  if (!scores.empty()) {
    text += "\n\n" + ctx.t("progress.quizzes");
    text += quiz_score_lines(ctx, l, scores);
  }
  auto [finished, total] = path_progress(l, done, store, who);
  text += "\n\n" + ctx.t("progress.path", {{"path", l.path.title},
                                           {"done", std::to_string(finished)},
                                           {"total", std::to_string(total)}});
  if (ongoing) text += "\n\n" + ctx.t(ongoing);
  ctx.reply(std::move(text), progress_buttons(ctx, ongoing != nullptr));
}

}  // namespace

void check_path_complete(Context& ctx) {
  const Learning& l = learning(ctx);
  auto& store = learn_store(ctx);
  const Learner who = learner(ctx);
  auto [finished, total] = path_progress(l, store.lessons_done(who), store, who);
  if (total == 0 || finished < total || !store.issue_certificate(who, l.path.id, ctx.now())) return;
  std::string items;
  for (const auto& id : l.path.lessons) {
    if (const Lesson* lesson = l.lesson(id)) items += "\n📚 " + lesson_title(*lesson, ctx.locale());
  }
  for (const auto& id : l.path.quizzes) {
    if (const Lesson* lesson = l.lesson(id)) items += "\n✅ " + ctx.t("cert.quiz", {{"title", lesson_title(*lesson, ctx.locale())}});
  }
  ctx.reply(ctx.t("cert.message", {{"name", display_name(ctx)},
                                   {"date", format_date_vi(local_date(ctx.now()))},
                                   {"path", l.path.title},
                                   {"items", items}}),
            flows::back_to_menu(ctx));
}

void register_progress(Dispatcher& d) { d.on_command("tiendo", show_progress); }

}  // namespace hocvuso::learn
