// The same update reaching two nodes at once is recorded once (issue 18): two
// connections to one real PostgreSQL database, each in its own transaction.
#include "bot/store/pg_inbox.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <future>
#include <string>
#include <thread>
#include <vector>

#include "bot/store/pg_migrate.hpp"
#include "support/pg_cluster.hpp"

namespace hocvuso {
namespace {

using namespace std::chrono_literals;
using testing::PgCluster;

const TimePoint kNow = TimePoint(std::chrono::milliseconds(1764979200000));
const std::string kUpdate = R"({"update_id":912000417,"message":{"chat":{"id":5120034},"text":"cho toi hoi cach lam can cuoc"}})";

class PgInboxTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto* cluster = PgCluster::shared();
    if (cluster == nullptr) GTEST_SKIP() << PgCluster::why_not();
    url_ = cluster->create_database();
    pg::Db db(url_);
    pg::migrate(db);
  }
  int rows(const std::string& key) {
    pg::Db db(url_);
    auto q = db.query("SELECT count(*) FROM inbox WHERE update_key = $1");
    q.bind(1, key);
    q.step();
    return q.integer(0);
  }
  std::string url_;
};

TEST_F(PgInboxTest, ARedeliveryIsRecognised) {
  pg::Db db(url_);
  EXPECT_TRUE(pg::record_update(db, Channel::telegram, "912000417", kUpdate, kNow));
  EXPECT_FALSE(pg::record_update(db, Channel::telegram, "912000417", kUpdate, kNow + 1s));
  EXPECT_TRUE(pg::record_update(db, Channel::zalobot, "912000417", kUpdate, kNow));  // another platform's key
  EXPECT_EQ(rows("912000417"), 2);
}

// Node B records while node A's transaction holding the same key is still open: B waits
// for A, and A's outcome decides.
TEST_F(PgInboxTest, TheSecondNodeWaitsForTheFirstAndSeesADuplicateWhenItCommits) {
  pg::Db a(url_), b(url_);
  pg::Transaction ta(a);
  ASSERT_TRUE(pg::record_update(a, Channel::telegram, "u-1", kUpdate, kNow));
  auto node_b = std::async(std::launch::async, [&] {
    pg::Transaction tb(b);
    const bool recorded = pg::record_update(b, Channel::telegram, "u-1", kUpdate, kNow);
    tb.commit();
    return recorded;
  });
  EXPECT_EQ(node_b.wait_for(300ms), std::future_status::timeout) << "B must wait on A's open insert";
  ta.commit();
  EXPECT_FALSE(node_b.get());
  EXPECT_EQ(rows("u-1"), 1);
}

TEST_F(PgInboxTest, WhenTheFirstNodeRollsBackTheSecondRecordsItAndNothingIsLost) {
  pg::Db a(url_), b(url_);
  auto ta = std::make_unique<pg::Transaction>(a);
  ASSERT_TRUE(pg::record_update(a, Channel::telegram, "u-2", kUpdate, kNow));
  auto node_b = std::async(std::launch::async, [&] {
    pg::Transaction tb(b);
    const bool recorded = pg::record_update(b, Channel::telegram, "u-2", kUpdate, kNow);
    tb.commit();
    return recorded;
  });
  EXPECT_EQ(node_b.wait_for(300ms), std::future_status::timeout);
  ta.reset();  // node A fails before its commit
  EXPECT_TRUE(node_b.get());
  EXPECT_EQ(rows("u-2"), 1);
}

TEST_F(PgInboxTest, ManyNodesRacingOnTheSameUpdatesKeepEachOnce) {
  constexpr int kNodes = 4;
  constexpr int kUpdates = 50;
  std::atomic<int> recorded{0};
  std::atomic<bool> go{false};
  std::vector<std::thread> nodes;
  for (int n = 0; n < kNodes; ++n) {
    nodes.emplace_back([&] {
      pg::Db db(url_);
      while (!go.load()) std::this_thread::yield();
      for (int u = 0; u < kUpdates; ++u) {
        pg::Transaction tx(db);
        if (pg::record_update(db, Channel::telegram, "race-" + std::to_string(u), kUpdate, kNow)) ++recorded;
        tx.commit();
      }
    });
  }
  go = true;
  for (auto& t : nodes) t.join();
  EXPECT_EQ(recorded.load(), kUpdates);
  pg::Db db(url_);
  auto q = db.query("SELECT count(*), count(DISTINCT update_key) FROM inbox");
  ASSERT_TRUE(q.step());
  EXPECT_EQ(q.integer(0), kUpdates);
  EXPECT_EQ(q.integer(1), kUpdates);
}

}  // namespace
}  // namespace hocvuso
