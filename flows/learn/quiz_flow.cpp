// Quizzes: items in an order shuffled per attempt (seeded by the attempt's id, so a
// test can reproduce it), immediate feedback with the explanation, a score against
// the pass mark, a retry of the wrong items, and every attempt recorded.
#include <algorithm>
#include <nlohmann/json.hpp>
#include <random>
#include <set>

#include "flows/learn/flow.hpp"
#include "flows/learn/item.hpp"
#include "flows/learn/payloads.hpp"
#include "flows/menu.hpp"

namespace hocvuso::learn {

namespace {

using nlohmann::json;

// A running attempt, kept in ConversationState::data.
struct Attempt {
  std::string lesson;
  std::int64_t id = 0;
  std::vector<std::string> order;  // item ids
  std::size_t pos = 0;
  int correct = 0;
  std::vector<std::string> wrong;
  std::set<int> picked;  // multiple choice: options ticked so far
  // A retry of the wrong items carries the score it retries (over the whole quiz), so
  // its result is the combined score: what was right before plus what is right now.
  int base_correct = 0;
  int base_total = 0;

  json to_json() const {
    return {{"lesson", lesson}, {"attempt", id}, {"order", order}, {"pos", pos},      {"correct", correct},
            {"wrong", wrong},   {"picked", picked}, {"base_correct", base_correct}, {"base_total", base_total}};
  }
  static std::optional<Attempt> from(const ConversationState& state) {
    if (state.flow != kQuizFlow) return std::nullopt;
    auto j = json::parse(state.data, nullptr, false);
    if (!j.is_object() || !j.contains("attempt")) return std::nullopt;
    Attempt a;
    a.lesson = j.value("lesson", "");
    a.id = j.value("attempt", std::int64_t{0});
    a.order = j.value("order", std::vector<std::string>{});
    a.pos = j.value("pos", std::size_t{0});
    a.correct = j.value("correct", 0);
    a.wrong = j.value("wrong", std::vector<std::string>{});
    a.picked = j.value("picked", std::set<int>{});
    a.base_correct = j.value("base_correct", 0);
    a.base_total = j.value("base_total", 0);
    return a;
  }
};

// Fisher-Yates with the engine's raw output, so the order is the same on every
// standard library (std::shuffle's distribution is not specified).
void shuffle(std::vector<std::string>& ids, std::int64_t seed) {
  std::mt19937 gen(static_cast<std::mt19937::result_type>(seed));
  for (std::size_t i = ids.size(); i > 1; --i) std::swap(ids[i - 1], ids[gen() % i]);
}

Say say_of(const Context& ctx) { return Say{ctx.strings(), ctx.locale()}; }

void save(Context& ctx, const Attempt& a) {
  ctx.state() = ConversationState{kQuizFlow, std::to_string(a.pos), a.to_json().dump()};
}

void ask(Context& ctx, const Lesson& lesson, const Attempt& a, const std::string& intro = {}) {
  const QuizItem& item = *lesson.item(a.order[a.pos]);
  const ItemView view = item_view(lesson, item, ctx.locale());
  const std::string attempt = std::to_string(a.id);
  const std::string pos = std::to_string(a.pos);
  std::string text = intro.empty() ? "" : intro + "\n\n";
  text += ctx.t("quiz.number", {{"n", std::to_string(a.pos + 1)}, {"total", std::to_string(a.order.size())}}) +
          "\n" + question_text(item, view, say_of(ctx));
  const bool multi = item.kind == ItemKind::multi;
  auto rows = answer_buttons(
      item, say_of(ctx),
      [&](int opt) { return make_payload(multi ? kToggle : kAnswer, {attempt, pos, std::to_string(opt)}); }, a.picked,
      make_payload(kDone, {attempt, pos}));
  // "Về menu" only while the list stays short (four options and Xong already make
  // five); /menu always works. Zalo OA shows four a message: a fifth button comes in
  // a second message (adapters/zalo, lay_out).
  constexpr std::size_t kMaxQuizButtons = 5;
  std::size_t shown = 0;
  for (const auto& row : rows) shown += row.size();
  if (shown < kMaxQuizButtons) rows.push_back({{ctx.t("menu.back"), flows::kMenuHome}});
  ctx.reply(std::move(text), std::move(rows));
}

// Starts an attempt over `items` (all of the quiz, or the ones answered wrongly).
void start(Context& ctx, const Lesson& lesson, std::vector<std::string> items, const char* kind,
           const std::string& note = {}, int base_correct = 0, int base_total = 0) {
  Attempt a;
  a.lesson = lesson.id;
  a.base_correct = base_correct;
  a.base_total = base_total;
  a.id = learn_store(ctx).start_attempt(learner(ctx), lesson.id, kind, static_cast<int>(items.size()), ctx.now());
  a.order = std::move(items);
  shuffle(a.order, a.id);
  save(ctx, a);
  // A retry needs what is still missing over the whole quiz.
  const int need = base_total > 0
                       ? std::max(0, (lesson.pass_percent * base_total + 99) / 100 - base_correct)
                       : (lesson.pass_percent * static_cast<int>(a.order.size()) + 99) / 100;
  std::string intro = note.empty() ? "" : note + "\n\n";
  intro += ctx.t("quiz.intro", {{"title", lesson_title(lesson, ctx.locale())},
                                {"total", std::to_string(a.order.size())},
                                {"need", std::to_string(need)}});
  ask(ctx, lesson, a, intro);
}

// The quiz's items for this person: an item about one phone ("platform") is left out
// for someone who chose the other one in the lesson; nobody who chose is asked both.
std::vector<std::string> all_items(Context& ctx, const Lesson& lesson) {
  const std::string platform = learn_store(ctx).platform(learner(ctx));
  std::vector<std::string> ids;
  for (const auto& q : lesson.quiz)
    if (q.platform.empty() || platform.empty() || q.platform == platform) ids.push_back(q.id);
  return ids;
}

void start_full(Context& ctx, const Lesson& lesson, const std::string& note = {}) {
  start(ctx, lesson, all_items(ctx, lesson), "full", note);
}

// The next lesson of the learning path after `lesson` that is not done yet (or the
// first such lesson when this one is not on the path); nullptr when none is left.
const Lesson* next_path_lesson(Context& ctx, const Lesson& lesson) {
  const Learning& l = learning(ctx);
  const auto done = learn_store(ctx).lessons_done(learner(ctx));
  const auto& path = l.path.lessons;
  auto here = std::find(path.begin(), path.end(), lesson.id);
  auto from = here == path.end() ? path.begin() : here + 1;
  for (int round = 0; round < 2; ++round, from = path.begin())
    for (auto it = from; it != path.end(); ++it)
      if (*it != lesson.id && std::find(done.begin(), done.end(), *it) == done.end())
        if (const Lesson* next = l.lesson(*it)) return next;
  return nullptr;
}

void finish(Context& ctx, const Lesson& lesson, const Attempt& a) {
  // A retry scores over the whole quiz: the earlier right answers plus this round's.
  const bool retry = a.base_total > 0;
  const int total = retry ? a.base_total : static_cast<int>(a.order.size());
  const int correct = retry ? std::min(total, a.base_correct + a.correct) : a.correct;
  const bool passed = correct * 100 >= lesson.pass_percent * total;
  learn_store(ctx).finish_attempt(a.id, correct, total, passed, a.wrong, ctx.now());
  ctx.state() = ConversationState{};
  const int need = (lesson.pass_percent * total + 99) / 100;
  std::string text = ctx.t(passed ? "quiz.passed" : "quiz.failed", {{"score", std::to_string(correct)},
                                                                    {"total", std::to_string(total)},
                                                                    {"need", std::to_string(need)}});
  ButtonRows rows;
  if (passed) {
    if (const Lesson* next = next_path_lesson(ctx, lesson)) {
      text += "\n\n" + ctx.t("quiz.next_lesson_text", {{"title", lesson_title(*next, ctx.locale())}});
      rows.push_back({{ctx.t("quiz.next_lesson"), make_payload(kStartLesson, {next->id})}});
    }
  }
  if (!a.wrong.empty()) rows.push_back({{ctx.t("quiz.retry_wrong"), make_payload(kRetryWrong, {lesson.id})}});
  rows.push_back({{ctx.t("quiz.again"), make_payload(kStartQuiz, {lesson.id})}});
  if (!passed) rows.push_back({{ctx.t("quiz.relearn"), make_payload(kStartLesson, {lesson.id})}});
  rows.push_back({{ctx.t("menu.back"), flows::kMenuHome}});
  ctx.reply(std::move(text), std::move(rows));
  check_path_complete(ctx);
}

// The running attempt a pressed answer belongs to, with its lesson and current
// item; an old button (another attempt or question) re-asks the current question.
struct Current {
  Attempt attempt;
  const Lesson* lesson = nullptr;
  const QuizItem* item = nullptr;
};

std::optional<Current> current_for(Context& ctx, const std::string& attempt, const std::string& pos) {
  auto a = Attempt::from(ctx.state());
  if (!a || std::to_string(a->id) != attempt || std::to_string(a->pos) != pos) {
    ctx.reply(ctx.t("quiz.stale"));
    if (a) resume_quiz(ctx);
    return std::nullopt;
  }
  const Lesson* lesson = learning(ctx).lesson(a->lesson);
  if (!lesson || lesson->quiz.empty()) {
    ctx.state() = ConversationState{};
    show_quiz_list(ctx);
    return std::nullopt;
  }
  const QuizItem* item = a->pos < a->order.size() ? lesson->item(a->order[a->pos]) : nullptr;
  if (!item) {
    start_full(ctx, *lesson, ctx.t("quiz.changed"));
    return std::nullopt;
  }
  return Current{*a, lesson, item};
}

void answer(Context& ctx, Current& c, const std::set<int>& chosen) {
  const bool right = is_right(*c.item, chosen);
  if (right) {
    ++c.attempt.correct;
  } else {
    c.attempt.wrong.push_back(c.item->id);
  }
  auto& store = learn_store(ctx);
  record_review_answer(store, learner(ctx), c.lesson->id, c.item->id, right, ctx.now());
  ctx.reply(feedback_text(*c.item, item_view(*c.lesson, *c.item, ctx.locale()), right, say_of(ctx)));
  c.attempt.picked.clear();
  ++c.attempt.pos;
  if (c.attempt.pos >= c.attempt.order.size()) return finish(ctx, *c.lesson, c.attempt);
  save(ctx, c.attempt);
  ask(ctx, *c.lesson, c.attempt);
}

void on_answer(Context& ctx) {
  auto p = payload_parts(ctx.in().button_payload, kAnswer, 3);
  if (!p) return;
  auto c = current_for(ctx, (*p)[0], (*p)[1]);
  auto opt = to_index((*p)[2]);
  if (!c || !opt) return;
  answer(ctx, *c, {*opt});
}

void on_toggle(Context& ctx) {
  auto p = payload_parts(ctx.in().button_payload, kToggle, 3);
  if (!p) return;
  auto c = current_for(ctx, (*p)[0], (*p)[1]);
  auto opt = to_index((*p)[2]);
  if (!c || !opt || *opt >= static_cast<int>(c->item->options.size())) return;
  auto& picked = c->attempt.picked;
  if (!picked.erase(*opt)) picked.insert(*opt);
  save(ctx, c->attempt);
  std::string letters;
  for (int i : picked) letters += (letters.empty() ? "" : ", ") + option_letter(static_cast<std::size_t>(i));
  auto rows = answer_buttons(
      *c->item, say_of(ctx),
      [&](int o) { return make_payload(kToggle, {(*p)[0], (*p)[1], std::to_string(o)}); }, picked,
      make_payload(kDone, {(*p)[0], (*p)[1]}));
  ctx.reply(ctx.t("quiz.picked", {{"letters", letters.empty() ? "—" : letters}}), std::move(rows));
}

void on_done(Context& ctx) {
  auto p = payload_parts(ctx.in().button_payload, kDone, 2);
  if (!p) return;
  auto c = current_for(ctx, (*p)[0], (*p)[1]);
  if (!c) return;
  if (c->attempt.picked.empty()) {
    ctx.reply(ctx.t("quiz.pick_first"));
    return ask(ctx, *c->lesson, c->attempt);
  }
  const std::set<int> chosen = c->attempt.picked;
  answer(ctx, *c, chosen);
}

const Lesson* quiz_lesson(Context& ctx, const std::string& id) {
  const Lesson* lesson = learning(ctx).lesson(id);
  if (!lesson || lesson->quiz.empty()) {
    show_quiz_list(ctx);
    return nullptr;
  }
  return lesson;
}

void on_start(Context& ctx) {
  if (const Lesson* lesson = quiz_lesson(ctx, ctx.in().button_payload.substr(kStartQuiz.size()))) {
    start_full(ctx, *lesson);
  }
}

void on_retry_wrong(Context& ctx) {
  const Lesson* lesson = quiz_lesson(ctx, ctx.in().button_payload.substr(kRetryWrong.size()));
  if (!lesson) return;
  auto last = learn_store(ctx).last_finished_attempt(learner(ctx), lesson->id);
  std::vector<std::string> items;
  for (const auto& id : last ? last->wrong_items : std::vector<std::string>{}) {
    if (lesson->item(id)) items.push_back(id);
  }
  if (items.empty()) return start_full(ctx, *lesson);
  // The score retried: the last attempt's, over the whole quiz (older rows of a
  // retry without a total fall back to counting its own items).
  const int base_total = last->total > 0 ? last->total : static_cast<int>(items.size());
  start(ctx, *lesson, std::move(items), "retry", {}, last->correct, base_total);
}

}  // namespace

std::string quiz_score_lines(const Context& ctx, const Learning& l, const std::vector<QuizScore>& scores) {
  std::string out;
  for (const auto& lesson : l.lessons) {
    auto s = std::find_if(scores.begin(), scores.end(), [&](const QuizScore& q) { return q.lesson_id == lesson.id; });
    if (s == scores.end()) continue;
    out += "\n" + ctx.t("progress.quiz_line", {{"title", lesson_title(lesson, ctx.locale())},
                                               {"score", std::to_string(s->correct)},
                                               {"total", std::to_string(s->total)},
                                               {"mark", s->passed ? " ✅" : ""}});
  }
  return out;
}

void show_quiz_list(Context& ctx, std::size_t page) {
  std::string text = ctx.t("quiz.list");
  if (page == 0) text += quiz_score_lines(ctx, learning(ctx), learn_store(ctx).best_scores(learner(ctx)));
  std::vector<const Lesson*> quizzes;
  for (const auto& lesson : learning(ctx).lessons) {
    if (!lesson.quiz.empty()) quizzes.push_back(&lesson);
  }
  std::vector<Button> shown;
  const Page p = page_of(quizzes.size(), page);
  for (std::size_t i = p.first; i < p.end; ++i) {
    shown.push_back({lesson_label(*quizzes[i], ctx.locale()), make_payload(kStartQuiz, {quizzes[i]->id})});
  }
  ctx.reply(std::move(text), page_buttons(ctx, std::move(shown), quizzes.size(), page, kQuizPage));
}

void resume_quiz(Context& ctx) {
  auto a = Attempt::from(ctx.state());
  const Lesson* lesson = a ? learning(ctx).lesson(a->lesson) : nullptr;
  if (!a || !lesson || lesson->quiz.empty()) {
    ctx.state() = ConversationState{};
    return show_quiz_list(ctx);
  }
  if (a->pos >= a->order.size() || !lesson->item(a->order[a->pos])) return start_full(ctx, *lesson, ctx.t("quiz.changed"));
  ask(ctx, *lesson, *a);
}

bool answer_typed(Context& ctx) {
  auto a = Attempt::from(ctx.state());
  const Lesson* lesson = a ? learning(ctx).lesson(a->lesson) : nullptr;
  const QuizItem* item = lesson && a->pos < a->order.size() ? lesson->item(a->order[a->pos]) : nullptr;
  if (!item) return false;
  auto chosen = typed_answer(*item, ctx.in().text);
  if (!chosen) return false;
  Current c{*a, lesson, item};
  answer(ctx, c, *chosen);
  return true;
}

void register_quizzes(Dispatcher& d) {
  d.on_payload(flows::kMenuQuiz, [](Context& ctx) { show_quiz_list(ctx); });
  d.on_payload(std::string(kQuizPage), [](Context& ctx) { show_quiz_list(ctx, page_number(ctx, kQuizPage)); });
  d.on_payload(std::string(kStartQuiz), on_start);
  d.on_payload(std::string(kRetryWrong), on_retry_wrong);
  d.on_payload(std::string(kAnswer), on_answer);
  d.on_payload(std::string(kToggle), on_toggle);
  d.on_payload(std::string(kDone), on_done);
}

}  // namespace hocvuso::learn
