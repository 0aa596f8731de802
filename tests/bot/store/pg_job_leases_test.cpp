// Timed jobs run once per due time across the cluster (issue 18): nodes as connections to
// one real PostgreSQL database, asking for the same job at the same moment.
#include "bot/store/pg_job_leases.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <string>
#include <thread>
#include <vector>

#include "bot/store/pg_migrate.hpp"
#include "support/migrated_pg_test.hpp"
#include "support/pg_cluster.hpp"

namespace hocvuso {
namespace {

using namespace std::chrono_literals;
using testing::PgCluster;

const TimePoint kDue = TimePoint(std::chrono::milliseconds(1764997200000));  // 6 Dec 2025 05:00 UTC (12:00 in Vietnam)
constexpr auto kTtl = std::chrono::milliseconds(5min);

class PgJobLeasesTest : public testing::MigratedPgTest {
 protected:
};

TEST_F(PgJobLeasesTest, OfManyNodesAskingAtOnceExactlyOneRunsEachDueTime) {
  constexpr int kNodes = 5;
  constexpr int kDays = 20;
  std::atomic<int> runs{0};
  std::vector<std::atomic<int>> runs_of_day(kDays);
  std::atomic<bool> go{false};
  std::vector<std::thread> nodes;
  for (int n = 0; n < kNodes; ++n) {
    nodes.emplace_back([&, n] {
      pg::Db db(url_);
      const std::string node = "node-" + std::to_string(n);
      while (!go.load()) std::this_thread::yield();
      for (int day = 0; day < kDays; ++day) {
        const TimePoint due = kDue + std::chrono::hours(24 * day);
        const TimePoint now = due + std::chrono::milliseconds(n);  // the nodes' timers fire close together
        if (pg::try_lease(db, "daily_review", node, due, kTtl, now)) {
          ++runs;
          ++runs_of_day[static_cast<std::size_t>(day)];
          EXPECT_TRUE(pg::finish_lease(db, "daily_review", node, due, now + 1s));
        }
      }
    });
  }
  go = true;
  for (auto& t : nodes) t.join();
  EXPECT_EQ(runs.load(), kDays);
  for (int day = 0; day < kDays; ++day) EXPECT_EQ(runs_of_day[static_cast<std::size_t>(day)].load(), 1) << day;
}

TEST_F(PgJobLeasesTest, AFinishedRunIsNeverRepeatedAndAPastDueTimeNeverComesBack) {
  pg::Db a(url_), b(url_);
  ASSERT_TRUE(pg::try_lease(a, "escalate:ticket:17", "node-a", kDue, kTtl, kDue));
  ASSERT_TRUE(pg::finish_lease(a, "escalate:ticket:17", "node-a", kDue, kDue + 2s));
  EXPECT_FALSE(pg::try_lease(b, "escalate:ticket:17", "node-b", kDue, kTtl, kDue + 1h)) << "done for this due time";
  EXPECT_FALSE(pg::try_lease(a, "escalate:ticket:17", "node-a", kDue, kTtl, kDue + 1h)) << "even for its runner";
  EXPECT_TRUE(pg::try_lease(b, "escalate:ticket:17", "node-b", kDue + 24h, kTtl, kDue + 24h));  // the next one
  // A node whose clock lags asks for the earlier due time: already done, refused.
  EXPECT_FALSE(pg::try_lease(a, "escalate:ticket:17", "node-a", kDue, kTtl, kDue + 24h));
  EXPECT_TRUE(pg::try_lease(a, "other-job", "node-a", kDue, kTtl, kDue));  // names are separate
}

TEST_F(PgJobLeasesTest, ADeadRunnersJobIsTakenOverOnlyAfterItsLease) {
  {
    pg::Db a(url_);
    ASSERT_TRUE(pg::try_lease(a, "reminders", "node-a", kDue, kTtl, kDue));
  }  // node A dies before finish_lease
  pg::Db b(url_);
  EXPECT_FALSE(pg::try_lease(b, "reminders", "node-b", kDue, kTtl, kDue + 4min));
  EXPECT_TRUE(pg::try_lease(b, "reminders", "node-b", kDue, kTtl, kDue + 5min));
  EXPECT_TRUE(pg::finish_lease(b, "reminders", "node-b", kDue, kDue + 6min));
  // A, back too late, cannot mark B's run as its own.
  pg::Db a(url_);
  EXPECT_FALSE(pg::finish_lease(a, "reminders", "node-a", kDue, kDue + 7min));
}

// Long polling: one node at a time, for as long as it renews; another after it stops.
TEST_F(PgJobLeasesTest, LongPollingStaysWithOneNodeWhileItRenews) {
  constexpr auto kPollTtl = std::chrono::milliseconds(30s);
  const TimePoint t = kDue;
  pg::Db a(url_), b(url_);
  const TimePoint no_due{};
  ASSERT_TRUE(pg::try_lease(a, "telegram:getUpdates", "node-a", no_due, kPollTtl, t));
  for (int i = 1; i <= 5; ++i) {
    const TimePoint now = t + std::chrono::seconds(20 * i);  // every 20 s, each poll
    EXPECT_TRUE(pg::try_lease(a, "telegram:getUpdates", "node-a", no_due, kPollTtl, now)) << i;
    EXPECT_FALSE(pg::try_lease(b, "telegram:getUpdates", "node-b", no_due, kPollTtl, now + 1s)) << i;
  }
  pg::release_lease(a, "telegram:getUpdates", "node-a");  // A shuts down
  EXPECT_TRUE(pg::try_lease(b, "telegram:getUpdates", "node-b", no_due, kPollTtl, t + 101s));
  EXPECT_FALSE(pg::try_lease(a, "telegram:getUpdates", "node-a", no_due, kPollTtl, t + 102s));
  // B stops renewing (died): A takes over 30 s after B's last renewal.
  EXPECT_FALSE(pg::try_lease(a, "telegram:getUpdates", "node-a", no_due, kPollTtl, t + 130s));
  EXPECT_TRUE(pg::try_lease(a, "telegram:getUpdates", "node-a", no_due, kPollTtl, t + 131s));
}

TEST_F(PgJobLeasesTest, FinishedRunsBeforeACutOffAreForgottenAndRunningOnesKept) {
  pg::Db db(url_);
  for (int day = 0; day < 10; ++day) {
    const TimePoint due = kDue + std::chrono::hours(24 * day);
    ASSERT_TRUE(pg::try_lease(db, "daily_review", "node-a", due, kTtl, due));
    if (day != 2) {
      ASSERT_TRUE(pg::finish_lease(db, "daily_review", "node-a", due, due + 1min));
    }
  }
  // Before day 7: days 0-6 except the unfinished day 2.
  EXPECT_EQ(pg::prune_finished_leases(db, kDue + std::chrono::hours(24 * 7)), 6);
  EXPECT_EQ(pg::prune_finished_leases(db, kDue + std::chrono::hours(24 * 7)), 0);
  // Day 2's run is still the cluster's to finish: another node takes it over after the lease.
  EXPECT_TRUE(pg::try_lease(db, "daily_review", "node-b", kDue + 48h, kTtl, kDue + 48h + kTtl));
  EXPECT_FALSE(pg::try_lease(db, "daily_review", "node-b", kDue + 24h * 8, kTtl, kDue + 24h * 9));  // kept: done
}

}  // namespace
}  // namespace hocvuso
