// FaqStore conformance (issue 18): the same test bodies against SQLite and a real
// PostgreSQL 15 (tests/support/store_backends.hpp). Questions as people type them,
// already masked and normalized as the FAQ flow stores them.
#include <gtest/gtest.h>

#include <chrono>
#include <string>
#include <vector>

#include "flows/faq/faq_store.hpp"
#include "support/store_backends.hpp"

namespace hocvuso::faq {
namespace {

using namespace std::chrono_literals;

const TimePoint kNow = TimePoint(std::chrono::milliseconds(1764979200000));  // 2025-12-06 07:00 Vietnam

template <class B>
class FaqStoreTest : public testing::BackendTest<B> {
 protected:
  FaqStore& faq() { return this->b().template repo<FaqStore>(&FaqStore::of, &make_pg_faq_store); }
};
TYPED_TEST_SUITE(FaqStoreTest, testing::Backends, testing::BackendNames);

TYPED_TEST(FaqStoreTest, MissesAreCountedMostFrequentFirst) {
  auto& faq = this->faq();
  faq.record_miss("lam lai can cuoc mat bao nhieu tien", "decline", "", kNow);
  faq.record_miss("co nguoi goi bao con toi bi tai nan chuyen tien gap", "choices", "scam-emergency", kNow + 1min);
  faq.record_miss("lam lai can cuoc mat bao nhieu tien", "choices", "cccd-fee", kNow + 2h);
  faq.record_miss("ma otp [ma] co duoc dua cho ai khong", "decline", "", kNow + 3h);
  const auto misses = faq.misses(10);
  ASSERT_EQ(misses.size(), 3u);
  EXPECT_EQ(misses[0].question, "lam lai can cuoc mat bao nhieu tien");
  EXPECT_EQ(misses[0].count, 2);
  EXPECT_EQ(misses[0].verdict, "choices");  // the latest verdict and closest entry
  EXPECT_EQ(misses[0].best_id, "cccd-fee");
  EXPECT_EQ(misses[0].last_seen_ms, 1764979200000 + 2 * 3600000);
  // Equal counts: the most recently seen first.
  EXPECT_EQ(misses[1].question, "ma otp [ma] co duoc dua cho ai khong");
  EXPECT_EQ(misses[2].question, "co nguoi goi bao con toi bi tai nan chuyen tien gap");
  EXPECT_EQ(misses[2].best_id, "scam-emergency");
  EXPECT_EQ(this->b().count("SELECT first_seen FROM faq_misses WHERE best_id = 'cccd-fee'"), 1764979200000);
}

TYPED_TEST(FaqStoreTest, MissesStopAtTheLimit) {
  auto& faq = this->faq();
  for (int i = 0; i < 7; ++i) {
    for (int n = 0; n <= i; ++n) faq.record_miss("cau hoi so " + std::to_string(i), "decline", "", kNow + 1s * n);
  }
  const auto misses = faq.misses(3);
  ASSERT_EQ(misses.size(), 3u);
  EXPECT_EQ(misses[0].question, "cau hoi so 6");
  EXPECT_EQ(misses[0].count, 7);
  EXPECT_EQ(misses[2].question, "cau hoi so 4");
  EXPECT_TRUE(faq.misses(0).empty());
}

TYPED_TEST(FaqStoreTest, MissesUnseenForTheRetentionAreDropped) {
  auto& faq = this->faq();
  faq.record_miss("cau hoi cu", "decline", "", kNow);
  faq.record_miss("cau hoi van duoc hoi", "decline", "", kNow);
  faq.record_miss("cau hoi van duoc hoi", "decline", "", kNow + std::chrono::days(100));
  faq.record_miss("cau hoi moi", "choices", "vneid-la-gi", kNow + std::chrono::days(kMissDays + 1));
  std::vector<std::string> kept;
  for (const auto& m : faq.misses(10)) kept.push_back(m.question);
  EXPECT_EQ(kept, (std::vector<std::string>{"cau hoi van duoc hoi", "cau hoi moi"}));
}

TYPED_TEST(FaqStoreTest, FeedbackIsCountedPerEntryMostThumbsDownFirst) {
  auto& faq = this->faq();
  EXPECT_TRUE(faq.feedback().empty());
  faq.record_feedback("cccd-fee", true);
  faq.record_feedback("cccd-fee", true);
  faq.record_feedback("scam-emergency", false);
  faq.record_feedback("vneid-level2", false);
  faq.record_feedback("vneid-level2", true);
  faq.record_feedback("otp-never", true);
  const auto fb = faq.feedback();
  ASSERT_EQ(fb.size(), 4u);
  EXPECT_EQ(fb[0].entry_id, "vneid-level2");  // 1 down, 1 up
  EXPECT_EQ(fb[0].up, 1);
  EXPECT_EQ(fb[0].down, 1);
  EXPECT_EQ(fb[1].entry_id, "scam-emergency");
  EXPECT_EQ(fb[2].entry_id, "cccd-fee");
  EXPECT_EQ(fb[2].up, 2);
  EXPECT_EQ(fb[2].down, 0);
  EXPECT_EQ(fb[3].entry_id, "otp-never");
}

}  // namespace
}  // namespace hocvuso::faq
