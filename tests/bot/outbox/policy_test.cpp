// The sender's rules after an answer (bot/outbox/policy.hpp), as tables: every verdict
// the adapters give, with what the delivery has tried so far, and the step that follows.
#include "bot/outbox/policy.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace hocvuso::outbox {
namespace {

using std::chrono::milliseconds;
using std::chrono::seconds;

struct Row {
  const char* what;
  SendResult answer;
  Attempt attempt;
  double jitter;
  StepKind kind;
  milliseconds wait;
  bool count_attempt;
  std::string reason;
};

SendResult answer(Verdict v, seconds retry_after = seconds(0), std::string new_chat_id = {}) {
  SendResult r;
  r.verdict = v;
  r.retry_after = retry_after;
  r.new_chat_id = std::move(new_chat_id);
  return r;
}

Attempt attempt(int attempts = 0, bool last_piece = true) {
  Attempt a;
  a.attempts = attempts;
  a.last_piece = last_piece;
  return a;
}

Attempt refreshable(bool refreshed) {
  Attempt a;
  a.can_refresh = true;
  a.refreshed = refreshed;
  return a;
}

Attempt remapped() {
  Attempt a;
  a.remapped = true;
  return a;
}

TEST(SenderPolicy, EveryVerdictLeadsToItsStep) {
  const std::vector<Row> table = {
      {"the last piece accepted", answer(Verdict::delivered), attempt(), 1.0, StepKind::delivered, milliseconds(0),
       false, ""},
      {"a piece with more to come", answer(Verdict::delivered), attempt(0, false), 1.0, StepKind::next_piece,
       milliseconds(0), false, ""},
      {"429 waits what the platform said, uncounted", answer(Verdict::retry_after, seconds(7)), attempt(3), 1.0,
       StepKind::reschedule, milliseconds(7000), false, "429"},
      {"429 with retry_after 0 is tried at once", answer(Verdict::retry_after, seconds(0)), attempt(), 1.0,
       StepKind::reschedule, milliseconds(0), false, "429"},
      {"a first transient failure waits a second", answer(Verdict::retry), attempt(0), 1.0, StepKind::reschedule,
       milliseconds(1000), true, "transient"},
      {"the fourth waits eight seconds", answer(Verdict::retry), attempt(3), 1.0, StepKind::reschedule,
       milliseconds(8000), true, "transient"},
      {"jitter halves the wait at its low end", answer(Verdict::retry), attempt(3), 0.5, StepKind::reschedule,
       milliseconds(4000), true, "transient"},
      {"the eleventh waits the ten-minute cap", answer(Verdict::retry), attempt(10), 1.0, StepKind::reschedule,
       milliseconds(600000), true, "transient"},
      {"the twelfth gives up", answer(Verdict::retry), attempt(kMaxAttempts - 1), 1.0, StepKind::give_up,
       milliseconds(0), false, "retry"},
      {"a refused token is renewed once", answer(Verdict::refresh_token), refreshable(false), 1.0,
       StepKind::refresh_and_resend, milliseconds(0), false, ""},
      {"a token refused after renewal gives up", answer(Verdict::refresh_token), refreshable(true), 1.0,
       StepKind::give_up, milliseconds(0), false, "refresh_token"},
      {"a route that cannot renew gives up", answer(Verdict::refresh_token), attempt(), 1.0, StepKind::give_up,
       milliseconds(0), false, "refresh_token"},
      {"a migrated group is sent to at its new id", answer(Verdict::migrated, seconds(0), "-100222"), attempt(), 1.0,
       StepKind::migrate_and_resend, milliseconds(0), false, ""},
      {"a second migration in one delivery gives up", answer(Verdict::migrated, seconds(0), "-100333"), remapped(),
       1.0, StepKind::give_up, milliseconds(0), false, "migrated"},
      {"a migration with no new id gives up", answer(Verdict::migrated), attempt(), 1.0, StepKind::give_up,
       milliseconds(0), false, "migrated"},
      {"outside Zalo's window the row is parked", answer(Verdict::outside_window), attempt(), 1.0, StepKind::park,
       milliseconds(0), false, ""},
      {"a blocked chat goes inactive", answer(Verdict::chat_inactive), attempt(5), 1.0, StepKind::block_chat,
       milliseconds(0), false, ""},
      {"a bad request fails for good", answer(Verdict::failed), attempt(), 1.0, StepKind::give_up, milliseconds(0),
       false, "failed"},
  };
  for (const auto& row : table) {
    SCOPED_TRACE(row.what);
    const Step s = decide(row.answer, row.attempt, row.jitter);
    EXPECT_EQ(s.kind, row.kind);
    EXPECT_EQ(s.wait, row.wait);
    EXPECT_EQ(s.count_attempt, row.count_attempt);
    EXPECT_EQ(s.reason, row.reason);
  }
}

TEST(SenderPolicy, BackoffDoublesFromOneSecondUpToTenMinutes) {
  const std::vector<std::pair<int, long>> table = {{0, 1000},     {1, 1000},     {2, 2000},     {3, 4000},
                                                   {5, 16000},    {9, 256000},   {10, 512000},  {11, 600000},
                                                   {12, 600000},  {40, 600000}};
  for (const auto& [attempts, ms] : table) {
    SCOPED_TRACE(attempts);
    EXPECT_EQ(backoff(attempts, 1.0), milliseconds(ms));
  }
}

TEST(SenderPolicy, JitterSpreadsTheWaitBetweenHalfAndOneAndAHalf) {
  EXPECT_EQ(backoff(4, 0.5), milliseconds(4000));
  EXPECT_EQ(backoff(4, 1.5), milliseconds(12000));
  EXPECT_EQ(backoff(11, 1.5), milliseconds(900000));  // the cap is on the base, before the jitter
}

TEST(SenderPolicy, AllRetriesTogetherWaitAboutHalfAnHourBeforeGivingUp) {
  // 1 + 2 + ... + 512 s, then the 10-minute cap once: 1623 s before the twelfth failure gives up.
  milliseconds total(0);
  for (int a = 0; a < kMaxAttempts - 1; ++a) {
    const Step s = decide(answer(Verdict::retry), attempt(a), 1.0);
    ASSERT_EQ(s.kind, StepKind::reschedule) << a;
    total += s.wait;
  }
  EXPECT_EQ(total, milliseconds(1623000));
  EXPECT_EQ(decide(answer(Verdict::retry), attempt(kMaxAttempts - 1), 1.0).kind, StepKind::give_up);
}

TEST(SenderPolicy, AFailedRefreshGivesUpUnderTheVerdictsName) {
  const Step s = refresh_failed(answer(Verdict::refresh_token));
  EXPECT_EQ(s.kind, StepKind::give_up);
  EXPECT_EQ(s.reason, "refresh_token");
}

}  // namespace
}  // namespace hocvuso::outbox
