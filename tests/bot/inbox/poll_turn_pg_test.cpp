// Long polling on one node at a time (issue 18, bot/inbox/poll_turn.hpp): two nodes of a
// commune office without a public address share one PostgreSQL database and one Telegram
// bot; one polls while it renews its turn, the other takes over where it left off.
#include "bot/inbox/poll_turn.hpp"

#include <gtest/gtest.h>

#include "bot/store/store.hpp"
#include "support/migrated_pg_test.hpp"
#include "support/shipped_content.hpp"
#include "support/temp_dir.hpp"

namespace hocvuso {
namespace {

using namespace std::chrono_literals;
using inbox::give_up_poll_turn;
using inbox::kPollLease;
using inbox::take_poll_turn;

class PollTurnTest : public testing::MigratedPgTest {};

TEST_F(PollTurnTest, TheTurnMovesToTheSecondNodeWhenTheFirstStopsRenewingAndGoesOnFromItsOffset) {
  Store a(PostgresTarget{url_, "node-a"});
  Store b(PostgresTarget{url_, "node-b"});
  const TimePoint t0 = testing::vn_time(2026, 12, 6, 8);

  ASSERT_EQ(take_poll_turn(a, "telegram", t0), 0) << "first poll: from the start";
  // A polls every 25 s or sooner and records what it got: the offset moves to 812 then 815.
  a.kv_set("telegram.poll_offset", "812");
  TimePoint last_renewal = t0;
  for (int poll = 1; poll <= 8; ++poll) {
    const TimePoint now = t0 + std::chrono::seconds(25 * poll);
    EXPECT_EQ(take_poll_turn(a, "telegram", now), 812) << poll;
    EXPECT_EQ(take_poll_turn(b, "telegram", now + 1s), std::nullopt) << "B waits while A polls (" << poll << ")";
    last_renewal = now;
  }
  a.kv_set("telegram.poll_offset", "815");

  // A dies (no renewal, no goodbye): B asks every few seconds and gets the turn once A's
  // lease has run out, from the offset A recorded last.
  EXPECT_EQ(take_poll_turn(b, "telegram", last_renewal + kPollLease - 1s), std::nullopt);
  EXPECT_EQ(take_poll_turn(b, "telegram", last_renewal + kPollLease), 815);
  // A comes back: now it waits.
  EXPECT_EQ(take_poll_turn(a, "telegram", last_renewal + kPollLease + 5s), std::nullopt);
  // Another channel's polling is a turn of its own.
  EXPECT_EQ(take_poll_turn(a, "zalobot", last_renewal + kPollLease + 5s), 0);
}

TEST_F(PollTurnTest, ANodeShuttingDownHandsTheTurnOverAtOnce) {
  Store a(PostgresTarget{url_, "node-a"});
  Store b(PostgresTarget{url_, "node-b"});
  const TimePoint t0 = testing::vn_time(2026, 12, 6, 8);
  ASSERT_TRUE(take_poll_turn(a, "zalobot", t0));
  a.kv_set("zalobot.poll_offset", "0");
  EXPECT_FALSE(take_poll_turn(b, "zalobot", t0 + 5s));
  give_up_poll_turn(a, "zalobot");  // SIGTERM: the loop ends and says so
  EXPECT_TRUE(take_poll_turn(b, "zalobot", t0 + 6s)) << "without waiting for A's lease";
  give_up_poll_turn(a, "zalobot");  // a second goodbye from A does not take B's turn away
  EXPECT_FALSE(take_poll_turn(a, "zalobot", t0 + 7s));
}

// One node on SQLite: the turn is always its own, and the offset is the one it stored.
TEST(PollTurnSqlite, TheOneNodeAlwaysPolls) {
  testing::TempDir tmp;
  Store s(tmp / "bot.db");
  const TimePoint t0 = testing::vn_time(2026, 12, 6, 8);
  EXPECT_EQ(take_poll_turn(s, "telegram", t0), 0);
  s.kv_set("telegram.poll_offset", "42");
  EXPECT_EQ(take_poll_turn(s, "telegram", t0 + 1s), 42);
  give_up_poll_turn(s, "telegram");
  EXPECT_EQ(take_poll_turn(s, "telegram", t0 + 2s), 42);
}

}  // namespace
}  // namespace hocvuso
