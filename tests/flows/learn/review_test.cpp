// Tests spaced review (flows/learn/review.cpp) with an injected clock: Leitner boxes,
// /ontap on and off, one question a day at the configured local hour through
// Engine::tick, only to those who opted in, a missed hour sent once, and the answer.
#include "flows/learn/flow.hpp"
#include "flows/learn/learn_store.hpp"
#include "support/learn_test_support.hpp"

namespace hocvuso::learn::testing {
namespace {

using std::chrono::day;
using std::chrono::November;
using std::chrono::year;
using std::chrono::year_month_day;

TimePoint at(unsigned d, int hour, int minute = 0) {
  return local_time_point(year_month_day{year{2026}, November, day{d}}, hour, minute);
}

class Review : public LearnHarness {
 protected:
  std::vector<OutboxItem> tick(TimePoint t) { return engine_->tick(*store_, t); }
  LearnStore& learn() { return LearnStore::of(*store_); }
  static Learner u(const std::string& id) { return {Channel::console, id}; }
};

TEST_F(Review, LeitnerBoxesGrowOnRightAndFallBackOnWrong) {
  auto& store = learn();
  auto day_of = [&](const char* item) { return store.review_box(u("u1"), "scams", item)->due_day; };
  record_review_answer(store, u("u1"), "scams", "q1", true, at(23, 10));
  EXPECT_EQ(store.review_box(u("u1"), "scams", "q1")->box, 1);
  EXPECT_EQ(day_of("q1"), "2026-11-24");
  record_review_answer(store, u("u1"), "scams", "q1", true, at(24, 10));
  EXPECT_EQ(day_of("q1"), "2026-11-26") << "box 2: two days";
  record_review_answer(store, u("u1"), "scams", "q1", true, at(26, 10));
  EXPECT_EQ(day_of("q1"), "2026-11-30") << "box 3: four days";
  record_review_answer(store, u("u1"), "scams", "q1", false, at(30, 10));
  EXPECT_EQ(store.review_box(u("u1"), "scams", "q1")->box, 1);
  EXPECT_EQ(day_of("q1"), "2026-12-01") << "wrong: back tomorrow";
  for (unsigned d = 1; d <= 8; ++d) record_review_answer(store, u("u1"), "scams", "q2", true, at(d, 10));
  EXPECT_EQ(store.review_box(u("u1"), "scams", "q2")->box, 5) << "the top box";
  EXPECT_EQ(day_of("q2"), "2026-11-24");
}

TEST_F(Review, OntapSwitchesAndReports) {
  say("/ontap");
  EXPECT_TRUE(contains(text(), "đang tắt")) << text();
  EXPECT_TRUE(contains(text(), "19 giờ"));
  for (const char* on : {"bat", "bật", "on", "BẬT"}) {
    say(std::string("/ontap ") + on);
    EXPECT_TRUE(learn().review_enabled(u("u1"))) << on;
    say("/ontap tat");
    EXPECT_FALSE(learn().review_enabled(u("u1")));
  }
  say("/ontap off");
  EXPECT_TRUE(contains(text(), s("review.off")));
  say("/ontap tắt");
  EXPECT_FALSE(learn().review_enabled(u("u1")));
  say("/ontap có lẽ");
  EXPECT_TRUE(contains(text(), "/ontap bat"));
}

TEST_F(Review, OneQuestionADayAtTheHourOnlyToThoseWhoOptedIn) {
  say("/ontap bat", "u1");
  say("/start", "u2");  // never opted in
  say("/ontap bat", "u3");
  say("/ontap tat", "u3");

  EXPECT_TRUE(tick(at(23, 18, 59)).empty()) << "before the hour";
  auto sent = tick(at(23, 19, 0));
  ASSERT_EQ(sent.size(), 1u);
  EXPECT_EQ(sent[0].message.chat, (ChatRef{Channel::console, "u1"}));
  EXPECT_EQ(sent[0].priority, static_cast<int>(OutboxPriority::notice));
  EXPECT_TRUE(contains(sent[0].message.text, "🔁 Ôn tập mỗi ngày"));
  EXPECT_TRUE(contains(sent[0].message.text, "/ontap tat"));
  ASSERT_FALSE(sent[0].message.buttons.empty());
  EXPECT_TRUE(sent[0].message.buttons[0][0].payload.starts_with("rv:"));
  EXPECT_TRUE(tick(at(23, 19, 0)).empty()) << "the same tick again sends nothing";
  EXPECT_TRUE(tick(at(23, 22, 0)).empty()) << "once a day";

  // Down all evening of the 24th until 23:10: the missed question goes out once.
  EXPECT_TRUE(tick(at(24, 8, 0)).empty());
  open();  // a restart in between
  EXPECT_EQ(tick(at(24, 23, 10)).size(), 1u);
  EXPECT_TRUE(tick(at(24, 23, 40)).empty());

  say("/ontap tat", "u1");
  EXPECT_TRUE(tick(at(25, 19, 0)).empty()) << "switched off";
}

TEST_F(Review, ConfiguredHourIsUsed) {
  Config config;
  config.review_hour = 7;
  engine_ = std::make_unique<Engine>(make_dispatcher(config), content_);
  say("/ontap bat");
  EXPECT_TRUE(contains(text(), "7 giờ"));
  EXPECT_TRUE(tick(at(23, 6, 59)).empty());
  EXPECT_EQ(tick(at(23, 7, 0)).size(), 1u);
}

TEST_F(Review, WronglyAnsweredItemComesBackFirstAndItsAnswerMovesTheBox) {
  say("/ontap bat");
  press("qs:scams");
  const auto d = nlohmann::json::parse(state().data);
  const std::string item_id = d["order"][0];
  const QuizItem& item = *learning().lesson("scams")->item(item_id);
  const int wrong = item.answer.front() == 0 ? 1 : 0;
  press("qa:" + std::to_string(d["attempt"].get<std::int64_t>()) + ":0:" + std::to_string(wrong));

  EXPECT_TRUE(tick(at(23, 19, 30)).size() == 1u) << "nothing due today: a new item";
  auto sent = tick(at(24, 19, 30));
  ASSERT_EQ(sent.size(), 1u);
  const std::string prefix = "rv:scams:" + item_id + ":";
  ASSERT_EQ(sent[0].message.buttons[0][0].payload.substr(0, prefix.size()), prefix) << sent[0].message.text;

  now_ = at(24, 19, 35);
  press(prefix + std::to_string(item.answer.front()));
  EXPECT_TRUE(contains(text(), "✅ Đúng rồi!"));
  EXPECT_TRUE(contains(text(), item.explain));
  EXPECT_EQ(learn().review_box(u("u1"), "scams", item_id)->box, 2);
  press(prefix + std::to_string(item.answer.front()));
  EXPECT_EQ(learn().review_box(u("u1"), "scams", item_id)->box, 2) << "a second press moves nothing";
}

}  // namespace
}  // namespace hocvuso::learn::testing
