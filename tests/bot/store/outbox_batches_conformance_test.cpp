// One meaning for OutboxBatches on both backends (issue 18): every test body here runs
// against SQLite's OutboxBatches over Store (a real file) and pg::OutboxBatches over a
// real PostgreSQL server (tests/support/pg_cluster.hpp), with the core store of the same
// backend sending, failing and queuing the other rows. A difference between the two is
// a failure of one of them, named by the test's suffix (/Sqlite or /Postgres).
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "bot/store/outbox_batches.hpp"
#include "bot/store/pg_core_store.hpp"
#include "bot/store/pg_migrate.hpp"
#include "bot/store/pg_outbox_batches.hpp"
#include "bot/store/store.hpp"
#include "support/pg_cluster.hpp"
#include "support/temp_dir.hpp"

namespace hocvuso {
namespace {

using namespace std::chrono_literals;
using testing::PgCluster;

const TimePoint kT0 = TimePoint(std::chrono::milliseconds(1764979200000));  // 6 Dec 2025 00:00 UTC

struct SqliteBackend {
  static constexpr const char* kName = "Sqlite";
  testing::TempDir tmp;
  std::unique_ptr<Store> store;
  std::unique_ptr<OutboxBatches> batches;
  bool open() {
    store = std::make_unique<Store>(tmp / "hocvuso.db");
    batches = std::make_unique<OutboxBatches>(*store);
    return true;
  }
  Store& s() { return *store; }
  OutboxBatches& b() { return *batches; }
};

struct PostgresBackend {
  static constexpr const char* kName = "Postgres";
  std::unique_ptr<pg::Db> db;
  std::unique_ptr<pg::CoreStore> store;
  std::unique_ptr<pg::OutboxBatches> batches;
  bool open() {
    auto* cluster = PgCluster::shared();
    if (cluster == nullptr) return false;
    db = std::make_unique<pg::Db>(cluster->create_database());
    pg::migrate(*db);
    store = std::make_unique<pg::CoreStore>(*db, "node-1");
    batches = std::make_unique<pg::OutboxBatches>(*db);
    return true;
  }
  pg::CoreStore& s() { return *store; }
  pg::OutboxBatches& b() { return *batches; }
};

template <class Backend>
class OutboxBatchesConformance : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!backend_.open()) GTEST_SKIP() << PgCluster::why_not();
  }
  auto& s() { return backend_.s(); }
  auto& b() { return backend_.b(); }
  Backend backend_;
};

struct BackendName {
  template <class T>
  static std::string GetName(int) {
    return T::kName;
  }
};

using Backends = ::testing::Types<SqliteBackend, PostgresBackend>;
TYPED_TEST_SUITE(OutboxBatchesConformance, Backends, BackendName);

const std::string kWarning =
    "Cảnh báo lừa đảo: có người gọi điện xưng là công an xã, bảo bà con chuyển tiền để \"giải quyết hồ sơ\". "
    "Không chuyển tiền. Hỏi trực tiếp ở UBND xã.";

Outgoing warning_to(const ChatRef& chat) { return Outgoing{chat, kWarning, {}, std::nullopt}; }
Outgoing reply_to(const ChatRef& chat, std::string text) { return Outgoing{chat, std::move(text), {}, std::nullopt}; }

using Counts = std::vector<std::pair<std::string, std::int64_t>>;

Counts sorted(Counts c) {
  std::sort(c.begin(), c.end());
  return c;
}

template <class Batches>
std::vector<typename Batches::Row> rows_of(Batches& b, std::int64_t batch) {
  std::vector<typename Batches::Row> out;
  b.for_each_row(batch, [&](const auto& row) { out.push_back(row); });
  return out;
}

TYPED_TEST(OutboxBatchesConformance, ABatchRowIsAnOrdinaryOutboxRowAtItsPriority) {
  auto& s = this->s();
  auto& b = this->b();
  const ChatRef group{Channel::telegram, "-1002003004001"};
  const auto reply = s.enqueue(reply_to(group, "Dạ, bác hỏi gì ạ?"), OutboxPriority::reply, kT0);
  const auto row = b.enqueue(7, warning_to(group), OutboxPriority::broadcast, kT0 + 1s);
  EXPECT_GT(row, reply);  // one id sequence with the core store's rows
  const auto pending = s.pending(Channel::telegram, 10);
  ASSERT_EQ(pending.size(), 2u);
  EXPECT_EQ(pending[1].id, row);
  EXPECT_EQ(pending[1].message, warning_to(group));  // the text with its quotes and diacritics, no tag
  EXPECT_EQ(pending[1].priority, static_cast<int>(OutboxPriority::broadcast));
  EXPECT_EQ(b.pending_at(OutboxPriority::broadcast), 1);
  EXPECT_EQ(b.pending_at(OutboxPriority::reply), 1);
  EXPECT_EQ(sorted(b.status_counts(7)), (Counts{{"pending", 1}}));
  EXPECT_TRUE(b.status_counts(8).empty());  // another batch, or none
}

TYPED_TEST(OutboxBatchesConformance, CountsFollowWhatTheSenderDidWithEachRow) {
  auto& s = this->s();
  auto& b = this->b();
  std::vector<std::int64_t> ids;
  for (int i = 0; i < 6; ++i) {
    ids.push_back(b.enqueue(3, warning_to(ChatRef{Channel::zalo, "84" + std::to_string(900000 + i)}),
                            OutboxPriority::broadcast, kT0));
  }
  b.enqueue(4, warning_to(ChatRef{Channel::zalo, "84911111"}), OutboxPriority::broadcast, kT0);
  s.mark_sent(ids[0], kT0 + 1s);
  s.mark_sent(ids[1], kT0 + 2s);
  s.finish(ids[2], "blocked", "403: user blocked the bot");
  s.finish(ids[3], "failed", "400: chat not found");
  s.finish(ids[4], "parked", "outside the 7-day window");
  s.reschedule(ids[5], kT0 + 1min, true, "429: too many requests");
  EXPECT_EQ(sorted(b.status_counts(3)),
            (Counts{{"blocked", 1}, {"failed", 1}, {"parked", 1}, {"pending", 1}, {"sent", 2}}));
  EXPECT_EQ(sorted(b.status_counts(4)), (Counts{{"pending", 1}}));
  EXPECT_EQ(b.pending_at(OutboxPriority::broadcast), 2);  // parked rows wait outside the window

  const auto rows = rows_of(b, 3);
  ASSERT_EQ(rows.size(), 6u);  // in the order queued
  EXPECT_EQ(rows[0].channel, "zalo");
  EXPECT_EQ(rows[0].chat_id, "84900000");
  EXPECT_EQ(rows[0].status, "sent");
  EXPECT_EQ(rows[0].sent_at_ms, std::to_string(std::chrono::duration_cast<std::chrono::milliseconds>(
                                                     (kT0 + 1s).time_since_epoch())
                                                     .count()));
  EXPECT_EQ(rows[0].last_error, "");
  EXPECT_EQ(rows[2].status, "blocked");
  EXPECT_EQ(rows[2].sent_at_ms, "");
  EXPECT_EQ(rows[2].last_error, "403: user blocked the bot");
  EXPECT_EQ(rows[5].chat_id, "84900005");
  EXPECT_EQ(rows[5].status, "pending");
  EXPECT_EQ(rows[5].attempts, 1);
  EXPECT_EQ(rows[5].last_error, "429: too many requests");
}

TYPED_TEST(OutboxBatchesConformance, CancelTakesOnlyTheBatchsWaitingRows) {
  auto& s = this->s();
  auto& b = this->b();
  const ChatRef a{Channel::telegram, "5120034"}, c{Channel::telegram, "5120035"}, d{Channel::zalo, "8812003345571"};
  const auto sent = b.enqueue(1, warning_to(a), OutboxPriority::broadcast, kT0);
  b.enqueue(1, warning_to(c), OutboxPriority::broadcast, kT0);
  b.enqueue(1, warning_to(d), OutboxPriority::broadcast, kT0);
  const auto other = b.enqueue(2, warning_to(a), OutboxPriority::broadcast, kT0);
  const auto reply = s.enqueue(reply_to(c, "Dạ, cháu ghi nhận rồi ạ."), OutboxPriority::reply, kT0);
  s.mark_sent(sent, kT0 + 1s);
  EXPECT_EQ(b.cancel_pending(1, "broadcast cancelled"), 2);
  EXPECT_EQ(b.cancel_pending(1, "broadcast cancelled"), 0);  // nothing left waiting
  EXPECT_EQ(sorted(b.status_counts(1)), (Counts{{"cancelled", 2}, {"sent", 1}}));
  EXPECT_EQ(sorted(b.status_counts(2)), (Counts{{"pending", 1}}));
  const auto rows = rows_of(b, 1);
  ASSERT_EQ(rows.size(), 3u);
  EXPECT_EQ(rows[1].last_error, "broadcast cancelled");
  EXPECT_EQ(rows[0].last_error, "");  // the sent one kept what it had
  // The other batch's row and the reply still go.
  std::vector<std::int64_t> waiting;
  for (const auto& item : s.pending(Channel::telegram, 10)) waiting.push_back(item.id);
  EXPECT_EQ(waiting, (std::vector<std::int64_t>{reply, other}));
}

TYPED_TEST(OutboxBatchesConformance, UnsubscribingCancelsEveryBatchOfTheChatButNotItsReplies) {
  auto& s = this->s();
  auto& b = this->b();
  const ChatRef citizen{Channel::zalo, "8812003345571"}, neighbour{Channel::zalo, "8812003345572"};
  b.enqueue(1, warning_to(citizen), OutboxPriority::broadcast, kT0);
  b.enqueue(2, warning_to(citizen), OutboxPriority::broadcast, kT0);
  const auto theirs = b.enqueue(2, warning_to(neighbour), OutboxPriority::broadcast, kT0);
  const auto reply = s.enqueue(reply_to(citizen, "Dạ, bác đã tắt cảnh báo."), OutboxPriority::reply, kT0);
  // The same chat id on another platform is another chat.
  const auto telegram = b.enqueue(2, warning_to(ChatRef{Channel::telegram, citizen.id}), OutboxPriority::broadcast, kT0);
  EXPECT_EQ(b.cancel_pending_of_chat(citizen, "unsubscribed"), 2);
  EXPECT_EQ(sorted(b.status_counts(1)), (Counts{{"cancelled", 1}}));
  EXPECT_EQ(sorted(b.status_counts(2)), (Counts{{"cancelled", 1}, {"pending", 2}}));
  std::vector<std::int64_t> waiting;
  for (const auto& item : s.pending(Channel::zalo, 10)) waiting.push_back(item.id);
  EXPECT_EQ(waiting, (std::vector<std::int64_t>{reply, theirs}));
  EXPECT_EQ(s.pending(Channel::telegram, 10).front().id, telegram);
}

TYPED_TEST(OutboxBatchesConformance, ABigBatchIsReadWholeInOrder) {
  auto& s = this->s();
  auto& b = this->b();
  s.begin();  // one commit, not 2,500
  for (int i = 0; i < 2500; ++i) {
    b.enqueue(9, warning_to(ChatRef{Channel::telegram, std::to_string(100000 + i)}), OutboxPriority::broadcast, kT0);
    if (i % 100 == 0) b.enqueue(10, warning_to(ChatRef{Channel::zalo, std::to_string(i)}), OutboxPriority::broadcast, kT0);
  }
  s.commit();
  int seen = 0;
  bool in_order = true;
  b.for_each_row(9, [&](const auto& row) {
    in_order = in_order && row.chat_id == std::to_string(100000 + seen) && row.channel == "telegram";
    ++seen;
  });
  EXPECT_EQ(seen, 2500);  // more than one of PostgreSQL's pages, each row once
  EXPECT_TRUE(in_order);
  EXPECT_EQ(rows_of(b, 10).size(), 25u);
}

}  // namespace
}  // namespace hocvuso
