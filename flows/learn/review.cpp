// Spaced review with Leitner boxes: a wrong answer puts an item in box 1 (back
// tomorrow), a right one moves it up a box (back in 2, 4, 8, 16 days). People who
// opted in with /ontap get one question a day at the configured local hour; the day
// it was sent is stored, so a tick sends it once, and a service that was down at that
// hour sends it once when it is back (the same day).
#include <algorithm>

#include "bot/core/local_time.hpp"
#include "bot/store/store.hpp"
#include "flows/learn/flow.hpp"
#include "flows/learn/item.hpp"
#include "flows/learn/payloads.hpp"
#include "flows/menu.hpp"

namespace hocvuso::learn {

namespace {

constexpr int kTopBox = 5;
constexpr int kIntervalDays[kTopBox + 1] = {1, 1, 2, 4, 8, 16};  // by box

std::string day_iso(TimePoint t, int plus_days = 0) {
  using namespace std::chrono;
  return format_date_iso(year_month_day(sys_days(local_date(t)) + days(plus_days)));
}

// Review asks single-choice and true/false items only: a multiple-choice item needs
// several presses, too much for one reminder.
bool reviewable(const QuizItem* item) { return item && item->kind != ItemKind::multi; }

// The item due longest; else one never answered, in learning-path order.
std::optional<std::pair<const Lesson*, const QuizItem*>> pick_item(LearnStore& store, const Learner& who,
                                                                   const Learning& learning, const std::string& today) {
  for (const auto& due : store.due_items(who, today, 50)) {
    const Lesson* lesson = learning.lesson(due.lesson_id);
    const QuizItem* item = lesson ? lesson->item(due.item_id) : nullptr;
    if (reviewable(item)) return std::pair{lesson, item};
  }
  std::vector<const Lesson*> lessons;
  for (const auto& id : learning.path.quizzes) lessons.push_back(learning.lesson(id));
  for (const auto& l : learning.lessons) lessons.push_back(&l);
  for (const Lesson* lesson : lessons) {
    if (!lesson) continue;
    for (const auto& item : lesson->quiz) {
      if (reviewable(&item) && !store.has_review_item(who, lesson->id, item.id)) return std::pair{lesson, &item};
    }
  }
  return std::nullopt;
}

void send_questions(JobContext& tick, int review_hour) {
  if (local_hour(tick.now()) < review_hour) return;
  const Learning* learning = tick.content().find<Learning>();
  if (!learning) return;
  const std::string today = day_iso(tick.now());
  auto& store = LearnStore::of(tick.store());
  for (const auto& r : store.review_recipients(today)) {
    store.mark_review_sent(r.learner, today);
    auto picked = pick_item(store, r.learner, *learning, today);
    if (!picked) continue;
    // Named, not a structured binding: clang before 16 cannot capture a binding in the
    // lambda below, and the fuzz build (tests/fuzz/run.sh) uses Debian's clang 14.
    const auto* lesson = picked->first;
    const auto* item = picked->second;
    const Say say{tick.content().strings, r.locale};
    const ItemView view = item_view(*lesson, *item, r.locale);
    auto rows = answer_buttons(*item, say, [&](int opt) {
      return make_payload(kReview, {lesson->id, item->id, std::to_string(opt)});
    });
    Outgoing out;
    out.chat = ChatRef{r.learner.channel, r.chat_id};
    out.text = say("review.question") + "\n\n" + question_text(*item, view, say) + "\n\n" + say("review.stop_hint");
    out.buttons = std::move(rows);
    tick.send(std::move(out));
  }
}

void on_review_answer(Context& ctx) {
  auto p = payload_parts(ctx.in().button_payload, kReview, 3);
  if (!p) return;
  const Lesson* lesson = learning(ctx).lesson((*p)[0]);
  const QuizItem* item = lesson ? lesson->item((*p)[1]) : nullptr;
  auto opt = to_index((*p)[2]);
  if (!reviewable(item) || !opt) {
    ctx.reply(ctx.t("review.gone"), flows::back_to_menu(ctx));
    return;
  }
  const bool right = is_right(*item, {*opt});
  auto& store = learn_store(ctx);
  // Only the first answer to a due question moves its box; a second press of the
  // same reminder gets the feedback again and nothing else.
  auto box = store.review_box(learner(ctx), lesson->id, item->id);
  if (!box || box->due_day <= day_iso(ctx.now())) {
    record_review_answer(store, learner(ctx), lesson->id, item->id, right, ctx.now());
  }
  const Say say{ctx.strings(), ctx.locale()};
  ctx.reply(feedback_text(*item, item_view(*lesson, *item, ctx.locale()), right, say) + "\n\n" + ctx.t("review.see_you"),
            flows::back_to_menu(ctx));
}

// "/ontap bat|tat" (also bật/tắt, on/off); without an argument: the current setting.
std::optional<bool> parse_switch(const std::string& arg) {
  static const std::vector<std::string> on = {"bat", "bật", "Bật", "BẬT", "BAT", "Bat", "on", "On", "ON"};
  static const std::vector<std::string> off = {"tat", "tắt", "Tắt", "TẮT", "TAT", "Tat", "off", "Off", "OFF"};
  if (std::find(on.begin(), on.end(), arg) != on.end()) return true;
  if (std::find(off.begin(), off.end(), arg) != off.end()) return false;
  return std::nullopt;
}

}  // namespace

void record_review_answer(LearnStore& store, const Learner& who, const std::string& lesson_id,
                          const std::string& item_id, bool right, TimePoint now) {
  int box = 1;
  if (right) {
    auto current = store.review_box(who, lesson_id, item_id);
    box = std::min(kTopBox, (current ? current->box : 0) + 1);
  }
  store.set_review_box(who, lesson_id, item_id, box, day_iso(now, kIntervalDays[box]));
}

void register_review(Dispatcher& d, int review_hour) {
  d.on_command("ontap", [review_hour](Context& ctx) {
    const std::string hour = std::to_string(review_hour);
    auto& store = learn_store(ctx);
    const auto on = parse_switch(ctx.command()->args);
    if (!on) {
      const bool enabled = store.review_enabled(learner(ctx));
      ctx.reply(ctx.t("review.usage", {{"status", ctx.t(enabled ? "review.status_on" : "review.status_off")},
                                       {"hour", hour}}));
      return;
    }
    store.set_review_optin(learner(ctx), ctx.in().chat.id, *on);
    ctx.reply(ctx.t(*on ? "review.on" : "review.off", {{"hour", hour}}), flows::back_to_menu(ctx));
  });
  d.on_payload(std::string(kReview), on_review_answer);
  d.on_tick([review_hour](JobContext& tick) { send_questions(tick, review_hour); });
}

}  // namespace hocvuso::learn
