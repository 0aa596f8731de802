// The inbox shared by several nodes (issue 18): the same update reaching two nodes at
// once is recorded once, and a chat's updates are processed once each, in arrival
// order, one at a time (pg::CoreStore::next_update_of_chat). Each node is a connection
// to one real PostgreSQL database, in its own transaction.
#include "bot/store/pg_core_store.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <future>
#include <map>
#include <set>
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

const TimePoint kNow = TimePoint(std::chrono::milliseconds(1764979200000));
const std::string kUpdate = R"({"update_id":912000417,"message":{"chat":{"id":5120034},"text":"cho toi hoi cach lam can cuoc"}})";

class PgInboxTest : public testing::MigratedPgTest {
 protected:
  int rows(const std::string& key) {
    pg::Db db(url_);
    auto q = db.query("SELECT count(*) FROM inbox WHERE update_key = $1");
    q.bind(1, key);
    q.step();
    return q.integer(0);
  }
};

TEST_F(PgInboxTest, ARedeliveryIsRecognised) {
  pg::Db db(url_);
  EXPECT_TRUE(pg::CoreStore(db, "node-db").record_update(Channel::telegram, "912000417", kUpdate, kNow));
  EXPECT_FALSE(pg::CoreStore(db, "node-db").record_update(Channel::telegram, "912000417", kUpdate, kNow + 1s));
  EXPECT_TRUE(pg::CoreStore(db, "node-db").record_update(Channel::zalobot, "912000417", kUpdate, kNow));  // another platform's key
  EXPECT_EQ(rows("912000417"), 2);
}

// Node B records while node A's transaction holding the same key is still open: B waits
// for A, and A's outcome decides.
TEST_F(PgInboxTest, TheSecondNodeWaitsForTheFirstAndSeesADuplicateWhenItCommits) {
  pg::Db a(url_), b(url_);
  pg::Transaction ta(a);
  ASSERT_TRUE(pg::CoreStore(a, "node-a").record_update(Channel::telegram, "u-1", kUpdate, kNow));
  auto node_b = std::async(std::launch::async, [&] {
    pg::Transaction tb(b);
    const bool recorded = pg::CoreStore(b, "node-b").record_update(Channel::telegram, "u-1", kUpdate, kNow);
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
  ASSERT_TRUE(pg::CoreStore(a, "node-a").record_update(Channel::telegram, "u-2", kUpdate, kNow));
  auto node_b = std::async(std::launch::async, [&] {
    pg::Transaction tb(b);
    const bool recorded = pg::CoreStore(b, "node-b").record_update(Channel::telegram, "u-2", kUpdate, kNow);
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
        if (pg::CoreStore(db, "node-db").record_update(Channel::telegram, "race-" + std::to_string(u), kUpdate, kNow)) ++recorded;
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

namespace hocvuso {
namespace {

// A chat's updates, recorded on any node, are processed in arrival order and one at a
// time however many nodes process (issue 18, item 2): three nodes each take the next
// update of each chat under the chat's lock, and write what they processed in the same
// transaction (as a feature's effect would be).
TEST_F(PgInboxTest, ThreeNodesProcessEachChatsUpdatesOnceAndInArrivalOrder) {
  constexpr int kChats = 4;
  constexpr int kPerChat = 15;
  {
    pg::Db db(url_);
    db.run("CREATE TABLE effects (n BIGINT GENERATED ALWAYS AS IDENTITY, chat_id TEXT, update_key TEXT, node TEXT)");
    pg::CoreStore s(db, "webhook");
    for (int u = 0; u < kPerChat; ++u) {
      for (int c = 0; c < kChats; ++c) {
        const std::string chat = "chat-" + std::to_string(c);
        const std::string key = chat + "/" + std::to_string(u);
        ASSERT_TRUE(s.record_update(Channel::telegram, key, R"({"text":"tin )" + std::to_string(u) + R"("})", kNow,
                                    chat));
      }
    }
    // An update whose chat the adapter could not tell is not handed out per chat.
    ASSERT_TRUE(s.record_update(Channel::telegram, "no-chat", "{}", kNow));
  }
  std::atomic<bool> go{false};
  std::vector<std::thread> nodes;
  for (int n = 0; n < 3; ++n) {
    nodes.emplace_back([&, n] {
      pg::Db db(url_);
      pg::CoreStore s(db, "node-" + std::to_string(n));
      while (!go.load()) std::this_thread::yield();
      for (bool any = true; any;) {
        any = false;
        for (int i = 0; i < kChats; ++i) {
          const ChatRef chat{Channel::telegram, "chat-" + std::to_string((i + n) % kChats)};
          s.begin();
          if (auto next = s.next_update_of_chat(chat)) {
            any = true;
            db.query("INSERT INTO effects (chat_id, update_key, node) VALUES ($1, $2, $3)")
                .bind_all(chat.id, next->first, s.node())
                .exec();
            std::this_thread::sleep_for(std::chrono::milliseconds(1));  // another node waits meanwhile
            s.mark_update_processed(Channel::telegram, next->first, kNow);
          }
          s.commit();
        }
      }
    });
  }
  go = true;
  for (auto& t : nodes) t.join();
  pg::Db db(url_);
  std::map<std::string, std::vector<std::string>> per_chat;
  std::set<std::string> nodes_seen;
  auto q = db.query("SELECT chat_id, update_key, node FROM effects ORDER BY n");
  while (q.step()) {
    per_chat[q.text(0)].push_back(q.text(1));
    nodes_seen.insert(q.text(2));
  }
  ASSERT_EQ(per_chat.size(), static_cast<std::size_t>(kChats));
  for (const auto& [chat, updates] : per_chat) {
    std::vector<std::string> expected;
    for (int u = 0; u < kPerChat; ++u) expected.push_back(chat + "/" + std::to_string(u));
    EXPECT_EQ(updates, expected) << chat;  // each once, in arrival order
  }
  EXPECT_GT(nodes_seen.size(), 1u) << "the work was shared";
  pg::CoreStore s(db, "check");
  const auto left = s.unprocessed_updates(Channel::telegram, 10);
  ASSERT_EQ(left.size(), 1u);
  EXPECT_EQ(left[0].first, "no-chat");
}

TEST_F(PgInboxTest, TheChatsLockNeedsATransaction) {
  pg::Db db(url_);
  pg::CoreStore s(db, "node-a");
  EXPECT_THROW(s.next_update_of_chat(ChatRef{Channel::telegram, "1"}), StoreError);
}

// While node A holds a chat's lock, B's request for the same chat waits; another chat
// is not held up.
TEST_F(PgInboxTest, AChatsLockHoldsOnlyThatChat) {
  pg::Db da(url_), dbb(url_);
  pg::CoreStore a(da, "node-a"), b(dbb, "node-b");
  a.record_update(Channel::telegram, "1", "{}", kNow, "chat-1");
  a.record_update(Channel::telegram, "2", "{}", kNow, "chat-1");
  a.record_update(Channel::telegram, "3", "{}", kNow, "chat-2");
  a.begin();
  ASSERT_EQ(a.next_update_of_chat(ChatRef{Channel::telegram, "chat-1"})->first, "1");
  b.begin();
  EXPECT_EQ(b.next_update_of_chat(ChatRef{Channel::telegram, "chat-2"})->first, "3");  // not held up
  b.commit();
  auto waiting = std::async(std::launch::async, [&] {
    b.begin();
    auto next = b.next_update_of_chat(ChatRef{Channel::telegram, "chat-1"});
    b.commit();
    return next ? next->first : std::string();
  });
  EXPECT_EQ(waiting.wait_for(300ms), std::future_status::timeout) << "B must wait for A's lock";
  a.mark_update_processed(Channel::telegram, "1", kNow);
  a.commit();
  EXPECT_EQ(waiting.get(), "2");  // B sees A's update as processed
}

}  // namespace
}  // namespace hocvuso
