// The inbox shared by two nodes on one PostgreSQL database (issue 18, item 2): citizens
// write to several chats, their updates reach node "a" and node "b" by turns (the load
// balancer's round robin), some reach both (a platform's redelivery), and both nodes
// process their inbox at the same time, round after round, with small batches so that
// they meet in the same chats. Every update is answered once, and each chat's answers
// are queued in the order its updates arrived (the inbox seq). The dispatcher answers
// each message with what it received, so an answer names its update.
#include <gtest/gtest.h>

#include <atomic>
#include <barrier>
#include <chrono>
#include <iostream>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <thread>
#include <vector>

#include "adapters/telegram/telegram.hpp"
#include "bot/engine/engine.hpp"
#include "bot/inbox/process.hpp"
#include "bot/store/inbox_queue.hpp"
#include "bot/store/pg_core_store.hpp"
#include "bot/store/pg_db.hpp"
#include "bot/store/store.hpp"
#include "bot/store/store_unavailable.hpp"
#include "support/migrated_pg_test.hpp"
#include "support/shipped_content.hpp"
#include "support/telegram_updates.hpp"

namespace hocvuso {
namespace {

const TimePoint kNow = TimePoint(std::chrono::milliseconds(1764979200000));
constexpr int kChats = 5;
constexpr int kRounds = 12;
constexpr int kPerChatPerRound = 3;
constexpr int kBatch = 4;  // small, so that the nodes' batches end in the middle of chats


std::shared_ptr<const Dispatcher> receipt_desk() {
  auto d = std::make_shared<Dispatcher>();
  d->on_text([](Context& ctx) { ctx.reply("Đã nhận: " + ctx.in().text); });
  return d;
}

std::string chat_of(int c) { return std::to_string(5120030 + c); }


// One node: its own connection and engine; what its committed batches processed.
struct Node {
  Node(const std::string& url, const std::string& name)
      : store(PostgresTarget{url, name}), engine(receipt_desk(), testing::shipped_content()) {}
  Store store;
  Engine engine;
  telegram::TelegramAdapter adapter{testing::telegram_test_config()};
  int processed = 0;
  int retried = 0;  // batches the server broke off (a deadlock), rolled back and run again

  // As the store worker runs the lane's job: one transaction per batch.
  int process_batch() {
    for (;;) {
      store.begin();
      try {
        const inbox::Processed p = inbox::process_inbox(store, engine, adapter, kBatch);
        store.commit();
        processed += p.updates;
        return p.updates;
      } catch (const std::exception& e) {
        store.rollback();
        if (!store_unavailable(e)) throw;
        ++retried;
      }
    }
  }
  void record(int update_id, const std::string& chat, const std::string& text) {
    record_update_of_chat(store, Channel::telegram, std::to_string(update_id), testing::telegram_text_update(update_id, chat, text),
                          kNow, chat);
  }
};

class InboxClusterTest : public testing::MigratedPgTest {
 protected:
  std::int64_t unprocessed() {
    pg::Db db(url_);
    auto q = db.query("SELECT count(*) FROM inbox WHERE processed_at IS NULL");
    q.step();
    return q.int64(0);
  }
  // Each chat's update texts in arrival order (the inbox seq), from what was recorded.
  std::map<std::string, std::vector<std::string>> arrivals(const std::map<std::string, std::string>& text_of_key) {
    pg::Db db(url_);
    auto q = db.query("SELECT update_key, chat_id FROM inbox ORDER BY seq");
    std::map<std::string, std::vector<std::string>> out;
    while (q.step()) out[q.text(1)].push_back("Đã nhận: " + text_of_key.at(q.text(0)));
    return out;
  }
  // Each chat's queued answers in the order they were queued.
  std::map<std::string, std::vector<std::string>> answers() {
    pg::Db db(url_);
    auto q = db.query("SELECT chat_id, body FROM outbox ORDER BY id");
    std::map<std::string, std::vector<std::string>> out;
    while (q.step()) out[q.text(0)].push_back(nlohmann::json::parse(q.text(1)).at("text").get<std::string>());
    return out;
  }
};

TEST_F(InboxClusterTest, TwoNodesAnswerEachUpdateOnceAndEachChatInArrivalOrder) {
  Node a(url_, "a"), b(url_, "b");
  std::map<std::string, std::string> text_of_key;  // written before the threads start
  struct Delivery {
    int update_id;
    std::string chat;
    bool to_a, to_b;
  };
  std::vector<std::vector<Delivery>> rounds(kRounds);
  int update_id = 912000000;
  int n = 0;
  for (int r = 0; r < kRounds; ++r) {
    for (int k = 0; k < kPerChatPerRound; ++k) {
      for (int c = 0; c < kChats; ++c) {
        ++update_id;
        const std::string text = "lần " + std::to_string(r * kPerChatPerRound + k) + ": cho tôi hỏi làm căn cước ở đâu";
        text_of_key[std::to_string(update_id)] = text;
        // By turns; every seventh reaches both nodes (redelivered while the first was in flight).
        const bool both = n % 7 == 3;
        rounds[r].push_back(Delivery{update_id, chat_of(c), both || n % 2 == 0, both || n % 2 == 1});
        ++n;
      }
    }
  }
  std::barrier sync(2);
  // Each round: the deliveries of the round recorded by the node they reached (both
  // nodes at once), then both nodes process until nothing is left. Updates recorded
  // and committed before any node processes, so arrival order is the seq order.
  auto run = [&](Node& node, bool is_a) {
    pg::Db watch(url_);
    for (int r = 0; r < kRounds; ++r) {
      for (const auto& d : rounds[r]) {
        if (is_a ? d.to_a : d.to_b) node.record(d.update_id, d.chat, text_of_key.at(std::to_string(d.update_id)));
      }
      sync.arrive_and_wait();
      for (;;) {
        if (node.process_batch() > 0) continue;
        // Nothing this node could take: the other node holds (or finished) the rest.
        auto q = watch.query("SELECT count(*) FROM inbox WHERE processed_at IS NULL");
        q.step();
        if (q.int64(0) == 0) break;
      }
      sync.arrive_and_wait();
    }
  };
  std::thread node_b([&] { run(b, false); });
  run(a, true);
  node_b.join();

  const int updates = kRounds * kPerChatPerRound * kChats;
  EXPECT_EQ(unprocessed(), 0);
  EXPECT_EQ(a.processed + b.processed, updates) << "each update processed by exactly one node";
  const auto expected = arrivals(text_of_key);
  ASSERT_EQ(expected.size(), static_cast<std::size_t>(kChats));
  EXPECT_EQ(answers(), expected) << "one answer per update, each chat's in its arrival order";
  std::cout << "node a processed " << a.processed << ", node b " << b.processed << "; batches retried: "
            << a.retried + b.retried << "\n";
}

// A redelivery reaching both nodes is recorded once, whichever node the platform tried first.
TEST_F(InboxClusterTest, AnUpdateRecordedOnBothNodesIsAnsweredOnce) {
  Node a(url_, "a"), b(url_, "b");
  const std::string chat = chat_of(0);
  const std::string body = testing::telegram_text_update(912000417, chat, "xin chào, tôi muốn hỏi về học bổng");
  EXPECT_TRUE(record_update_of_chat(a.store, Channel::telegram, "912000417", body, kNow, chat));
  EXPECT_FALSE(record_update_of_chat(b.store, Channel::telegram, "912000417", body, kNow, chat));
  EXPECT_EQ(b.process_batch(), 1);
  EXPECT_EQ(a.process_batch(), 0);
  const auto queued = answers();
  ASSERT_EQ(queued.size(), 1u);
  EXPECT_EQ(queued.at(chat), std::vector<std::string>{"Đã nhận: xin chào, tôi muốn hỏi về học bổng"});
}

// An update with no chat (recorded by an older node, or copied from SQLite) is still
// processed, as before the chats had locks.
TEST_F(InboxClusterTest, AnUpdateRecordedWithoutItsChatIsStillAnswered) {
  Node a(url_, "a");
  const std::string chat = chat_of(1);
  ASSERT_TRUE(a.store.record_update(Channel::telegram, "912000500", testing::telegram_text_update(912000500, chat, "alo"), kNow));
  a.record(912000501, chat, "cho tôi hỏi giờ làm việc");
  EXPECT_EQ(a.process_batch(), 2);
  EXPECT_EQ(answers().at(chat), (std::vector<std::string>{"Đã nhận: alo", "Đã nhận: cho tôi hỏi giờ làm việc"}));
}

// Updates with no chat have no chat lock: a node's open batch claims them, and the
// other node, reading its inbox meanwhile, is handed none of them rather than the same.
TEST_F(InboxClusterTest, AnUpdateWithoutItsChatIsHandedToOneNodeOnly) {
  Node a(url_, "a"), b(url_, "b");
  const std::string chat = chat_of(2);
  ASSERT_TRUE(a.store.record_update(Channel::telegram, "912000600", testing::telegram_text_update(912000600, chat, "alo alo"), kNow));
  a.store.begin();
  InboxQueue at_a(a.store, Channel::telegram, 10);
  const auto taken = at_a.next();
  ASSERT_TRUE(taken.has_value());
  EXPECT_EQ(taken->key, "912000600");
  b.store.begin();
  InboxQueue at_b(b.store, Channel::telegram, 10);
  EXPECT_FALSE(at_b.next().has_value()) << "node b was handed the update node a holds";
  b.store.rollback();
  a.store.rollback();
  // Released by a's rollback: the next batch anywhere takes it, once.
  EXPECT_EQ(b.process_batch(), 1);
  EXPECT_EQ(a.process_batch(), 0);
  EXPECT_EQ(answers().at(chat), std::vector<std::string>{"Đã nhận: alo alo"});
}

// A batch takes every chat's lock before it hands out its first update. Handing out the
// first chat's update and waiting for the second chat's lock only later, the node waited
// while holding what the first update's processing wrote (a question counted in
// faq_misses), and the second chat's holder, writing the same row, waited for it: a
// deadlock in every run of the three-node cluster test.
TEST_F(InboxClusterTest, ABatchTakesAllItsChatsLocksBeforeItHandsOutAnUpdate) {
  Node a(url_, "a"), b(url_, "b");
  const std::string first = chat_of(0), second = chat_of(1);
  a.record(912000700, first, "alo");
  a.record(912000701, second, "alo");
  // Node b is in the middle of the second chat: its lock is held until b commits.
  b.store.begin();
  b.store.pg_core().lock_chat(ChatRef{Channel::telegram, second});
  std::atomic<bool> handed_out{false};
  std::thread node_a([&] {
    a.store.begin();
    InboxQueue q(a.store, Channel::telegram, 10);
    handed_out = q.next().has_value();
    a.store.rollback();
  });
  // Wait until node a waits for a lock (in this test's own database: other tests share the
  // server), then see whether it handed anything out first.
  pg::Db watcher(url_);
  bool waiting = false;
  for (int i = 0; i < 3000 && !waiting; ++i) {
    auto q = watcher.query(
        "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND NOT granted "
        "AND database = (SELECT oid FROM pg_database WHERE datname = current_database())");
    waiting = q.step() && q.int64(0) > 0;
    if (!waiting) std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  EXPECT_TRUE(waiting) << "node a never waited for the chat node b holds";
  EXPECT_FALSE(handed_out) << "node a handed out an update before it held every chat of its batch";
  b.store.rollback();
  node_a.join();
  EXPECT_TRUE(handed_out);
}

TEST_F(InboxClusterTest, TheInboxIsProcessedInsideATransactionOnly) {
  Node a(url_, "a");
  EXPECT_THROW(InboxQueue(a.store, Channel::telegram, 10), StoreError);
}

}  // namespace
}  // namespace hocvuso
