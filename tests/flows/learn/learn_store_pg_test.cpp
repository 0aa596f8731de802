// LearnStore conformance (issue 18): the same test bodies against SQLite and a real
// PostgreSQL 15 (tests/support/store_backends.hpp): lessons done, quiz attempts and their
// retries, Leitner review boxes, the daily review opt-in, the phone choice, certificates.
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>

#include "flows/learn/learn_store.hpp"
#include "support/store_backends.hpp"

namespace hocvuso::learn {
namespace {

using namespace std::chrono_literals;

const TimePoint kNow = TimePoint(std::chrono::milliseconds(1764979200000));  // 2025-12-06 07:00 Vietnam
const Learner kBa{Channel::zalo, "8812003345571"};
const Learner kChau{Channel::telegram, "6001002003"};

template <class B>
class LearnStoreTest : public testing::BackendTest<B> {
 protected:
  LearnStore& learn() { return this->b().template repo<LearnStore>(&LearnStore::of, &make_pg_learn_store); }
};
TYPED_TEST_SUITE(LearnStoreTest, testing::Backends, testing::BackendNames);

TYPED_TEST(LearnStoreTest, LessonsDoneAreKeptOnceEachPerPerson) {
  auto& learn = this->learn();
  EXPECT_TRUE(learn.lessons_done(kBa).empty());
  learn.mark_lesson_done(kBa, "otp-khong-dua-ai", kNow);
  learn.mark_lesson_done(kBa, "cuoc-goi-gia-cong-an", kNow + 1h);
  learn.mark_lesson_done(kBa, "otp-khong-dua-ai", kNow + 2h);
  learn.mark_lesson_done(kChau, "vneid-muc-2", kNow);
  EXPECT_EQ(learn.lessons_done(kBa), (std::vector<std::string>{"cuoc-goi-gia-cong-an", "otp-khong-dua-ai"}));
  EXPECT_EQ(learn.lessons_done(Learner{Channel::telegram, kBa.user_id}), std::vector<std::string>{});
  EXPECT_EQ(this->b().count("SELECT done_at FROM learn_lessons_done WHERE lesson_id = 'otp-khong-dua-ai'"),
            1764979200000);
}

TYPED_TEST(LearnStoreTest, AttemptsRetriesAndTheBestScoreOfEachQuiz) {
  auto& learn = this->learn();
  EXPECT_FALSE(learn.last_finished_attempt(kBa, "otp-khong-dua-ai"));
  // Full quiz: 3 of 5, two wrong; a retry of the two wrong ones: all right, 5 of 5 combined.
  const auto full = learn.start_attempt(kBa, "otp-khong-dua-ai", "full", 5, kNow);
  EXPECT_FALSE(learn.last_finished_attempt(kBa, "otp-khong-dua-ai"));  // still running
  learn.finish_attempt(full, 3, 5, false, {"q2", "q5"}, kNow + 3min);
  auto last = learn.last_finished_attempt(kBa, "otp-khong-dua-ai");
  ASSERT_TRUE(last);
  EXPECT_EQ(last->id, full);
  EXPECT_EQ(last->kind, "full");
  EXPECT_EQ(last->wrong_items, (std::vector<std::string>{"q2", "q5"}));
  EXPECT_EQ(last->correct, 3);
  EXPECT_EQ(last->total, 5);
  EXPECT_FALSE(learn.quiz_passed(kBa, "otp-khong-dua-ai"));
  const auto retry = learn.start_attempt(kBa, "otp-khong-dua-ai", "retry", 2, kNow + 4min);
  EXPECT_GT(retry, full);
  learn.finish_attempt(retry, 5, 5, true, {}, kNow + 5min);
  learn.finish_attempt(retry, 0, 5, false, {"q1"}, kNow + 6min);  // finished already: no change
  last = learn.last_finished_attempt(kBa, "otp-khong-dua-ai");
  EXPECT_EQ(last->id, retry);
  EXPECT_TRUE(last->wrong_items.empty());
  EXPECT_EQ(last->correct, 5);
  EXPECT_TRUE(learn.quiz_passed(kBa, "otp-khong-dua-ai"));
  // Another quiz, two full attempts, neither passed: the one with more right answers.
  learn.finish_attempt(learn.start_attempt(kBa, "cuoc-goi-gia-cong-an", "full", 4, kNow), 2, 4, false, {"a", "b"},
                       kNow + 1min);
  learn.finish_attempt(learn.start_attempt(kBa, "cuoc-goi-gia-cong-an", "full", 4, kNow), 1, 4, false,
                       {"a", "b", "c"}, kNow + 2min);
  learn.start_attempt(kBa, "vneid-muc-2", "full", 4, kNow);  // never finished: no score
  auto scores = learn.best_scores(kBa);
  std::sort(scores.begin(), scores.end(), [](const auto& x, const auto& y) { return x.lesson_id < y.lesson_id; });
  ASSERT_EQ(scores.size(), 2u);
  EXPECT_EQ(scores[0].lesson_id, "cuoc-goi-gia-cong-an");
  EXPECT_EQ(scores[0].correct, 2);
  EXPECT_FALSE(scores[0].passed);
  EXPECT_EQ(scores[1].lesson_id, "otp-khong-dua-ai");
  EXPECT_EQ(scores[1].correct, 5);
  EXPECT_EQ(scores[1].total, 5);
  EXPECT_TRUE(scores[1].passed);
  EXPECT_TRUE(learn.best_scores(kChau).empty());
}

TYPED_TEST(LearnStoreTest, ReviewBoxesAndTheItemsDueMostOverdueFirst) {
  auto& learn = this->learn();
  EXPECT_FALSE(learn.review_box(kBa, "otp-khong-dua-ai", "q2"));
  EXPECT_FALSE(learn.has_review_item(kBa, "otp-khong-dua-ai", "q2"));
  learn.set_review_box(kBa, "otp-khong-dua-ai", "q2", 1, "2025-12-07");
  learn.set_review_box(kBa, "otp-khong-dua-ai", "q5", 1, "2025-12-07");
  learn.set_review_box(kBa, "cuoc-goi-gia-cong-an", "a", 2, "2025-12-05");
  learn.set_review_box(kBa, "cuoc-goi-gia-cong-an", "b", 1, "2025-12-05");
  learn.set_review_box(kBa, "vneid-muc-2", "x", 3, "2025-12-20");
  learn.set_review_box(kChau, "otp-khong-dua-ai", "q2", 1, "2025-12-01");
  learn.set_review_box(kBa, "otp-khong-dua-ai", "q5", 2, "2025-12-09");  // answered right: up a box
  auto box = learn.review_box(kBa, "otp-khong-dua-ai", "q5");
  ASSERT_TRUE(box);
  EXPECT_EQ(box->box, 2);
  EXPECT_EQ(box->due_day, "2025-12-09");
  auto due = learn.due_items(kBa, "2025-12-07", 10);
  ASSERT_EQ(due.size(), 3u);
  EXPECT_EQ(due[0].item_id, "b");  // 12-05, box 1
  EXPECT_EQ(due[1].item_id, "a");  // 12-05, box 2
  EXPECT_EQ(due[2].item_id, "q2");
  EXPECT_EQ(due[2].lesson_id, "otp-khong-dua-ai");
  EXPECT_EQ(learn.due_items(kBa, "2025-12-07", 2).size(), 2u);
  EXPECT_TRUE(learn.due_items(kBa, "2025-12-04", 10).empty());
}

TYPED_TEST(LearnStoreTest, TheDailyReviewGoesToOptedInPeopleOnceADayInTheirLocale) {
  auto& learn = this->learn();
  this->b().seed("INSERT INTO users (channel, user_id, display_name, locale, first_seen, last_seen) VALUES "
                 "('telegram', '6001002003', 'Cháu Minh', 'en', 0, 0);");
  EXPECT_FALSE(learn.review_enabled(kBa));
  learn.set_review_optin(kBa, "8812003345571", true);
  learn.set_review_optin(kChau, "6001002003", true);
  learn.set_review_optin(Learner{Channel::zalo, "99"}, "99", false);
  EXPECT_TRUE(learn.review_enabled(kBa));
  auto who = learn.review_recipients("2025-12-06");
  ASSERT_EQ(who.size(), 2u);
  EXPECT_EQ(who[0].learner.channel, Channel::telegram);
  EXPECT_EQ(who[0].chat_id, "6001002003");
  EXPECT_EQ(who[0].locale, "en");
  EXPECT_EQ(who[1].learner.user_id, "8812003345571");
  EXPECT_EQ(who[1].locale, "vi");  // not in users: the default
  learn.mark_review_sent(kBa, "2025-12-06");
  who = learn.review_recipients("2025-12-06");
  ASSERT_EQ(who.size(), 1u);
  EXPECT_EQ(who[0].learner.user_id, "6001002003");
  EXPECT_EQ(learn.review_recipients("2025-12-07").size(), 2u);
  learn.set_review_optin(kBa, "8812003345571", false);  // /ontap tat
  EXPECT_FALSE(learn.review_enabled(kBa));
  EXPECT_EQ(learn.review_recipients("2025-12-07").size(), 1u);
}

TYPED_TEST(LearnStoreTest, ThePhoneChosenAndTheCertificateIssuedOnce) {
  auto& learn = this->learn();
  EXPECT_EQ(learn.platform(kBa), "");
  learn.set_platform(kBa, "android");
  learn.set_platform(kBa, "iphone");
  EXPECT_EQ(learn.platform(kBa), "iphone");
  EXPECT_EQ(learn.platform(kChau), "");
  EXPECT_TRUE(learn.issue_certificate(kBa, "co-ban", kNow));
  EXPECT_FALSE(learn.issue_certificate(kBa, "co-ban", kNow + 1h));
  EXPECT_TRUE(learn.issue_certificate(kChau, "co-ban", kNow + 1h));
  EXPECT_EQ(this->b().count("SELECT count(*) FROM learn_certificates"), 2);
}

}  // namespace
}  // namespace hocvuso::learn
