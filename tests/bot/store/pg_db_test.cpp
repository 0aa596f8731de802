// pg::Db and pg::Query against a real PostgreSQL server (tests/support/pg_cluster.hpp).
#include "bot/store/pg_db.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <string>
#include <thread>

#include "bot/store/pg_retry.hpp"
#include "bot/store/store_unavailable.hpp"
#include "support/pg_cluster.hpp"

namespace hocvuso {
namespace {

using testing::PgCluster;

class PgDbTest : public ::testing::Test {
 protected:
  void SetUp() override {
    cluster_ = PgCluster::shared();
    if (cluster_ == nullptr) GTEST_SKIP() << PgCluster::why_not();
    url_ = cluster_->create_database();
    db_ = std::make_unique<pg::Db>(url_);
    db_->run("CREATE TABLE notes (id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY, chat_id TEXT NOT NULL UNIQUE, "
             "body TEXT, score DOUBLE PRECISION, at BIGINT NOT NULL)");
  }
  PgCluster* cluster_ = nullptr;
  std::string url_;
  std::unique_ptr<pg::Db> db_;
};

TEST_F(PgDbTest, BindsAndReadsEachTypeBack) {
  const TimePoint at = TimePoint(std::chrono::milliseconds(1764979200123));
  EXPECT_EQ(db_->query("INSERT INTO notes (chat_id, body, score, at) VALUES ($1, $2, $3, $4)")
                .bind_all(std::string("chat-1"), std::string("Bà Năm ở xã Tân Lập hỏi cách cài VNeID"), 0.25, at)
                .exec(),
            1);
  auto insert = db_->query("INSERT INTO notes (chat_id, body, score, at) VALUES ($1, $2, $3, $4)");
  insert.bind(1, "chat-2").bind_null(2).bind_null(3).bind(4, std::int64_t{-5});
  EXPECT_EQ(insert.exec(), 1);

  auto q = db_->query("SELECT chat_id, body, score, at, id FROM notes ORDER BY id");
  ASSERT_TRUE(q.step());
  EXPECT_EQ(q.text(0), "chat-1");
  EXPECT_EQ(q.text_view(1), "Bà Năm ở xã Tân Lập hỏi cách cài VNeID");
  EXPECT_DOUBLE_EQ(q.real(2), 0.25);
  EXPECT_EQ(q.time(3), at);
  EXPECT_FALSE(q.null(1));
  EXPECT_EQ(q.int64(4), 1);
  ASSERT_TRUE(q.step());
  EXPECT_TRUE(q.null(1));
  EXPECT_TRUE(q.null(2));
  EXPECT_EQ(q.int64(3), -5);
  EXPECT_FALSE(q.step());
  EXPECT_FALSE(q.step());
}

TEST_F(PgDbTest, ExecCountsTheRowsChangedAndBooleansReadAsIntegers) {
  for (const char* chat : {"a", "b", "c"}) {
    db_->query("INSERT INTO notes (chat_id, at) VALUES ($1, 0)").bind(1, chat).exec();
  }
  EXPECT_EQ(db_->query("UPDATE notes SET body = 'x' WHERE chat_id <> $1").bind(1, "a").exec(), 2);
  EXPECT_EQ(db_->query("DELETE FROM notes WHERE chat_id = $1").bind(1, "nobody").exec(), 0);
  auto q = db_->query("SELECT count(*) > 2, count(*) FROM notes");
  ASSERT_TRUE(q.step());
  EXPECT_EQ(q.integer(0), 1);
  EXPECT_EQ(q.integer(1), 3);
}

TEST_F(PgDbTest, AStatementIsPreparedOncePerConnectionAndNestedUseWorks) {
  for (int i = 0; i < 5; ++i) {
    db_->query("INSERT INTO notes (chat_id, at) VALUES ($1, $2)").bind_all("chat-" + std::to_string(i), i).exec();
  }
  // The same literal, nested: the outer result is held whole, the inner runs beside it.
  int pairs = 0;
  auto outer = db_->query("SELECT chat_id FROM notes WHERE at >= $1 ORDER BY at");
  outer.bind(1, 3);
  while (outer.step()) {
    auto inner = db_->query("SELECT chat_id FROM notes WHERE at >= $1 ORDER BY at");
    inner.bind(1, 4);
    while (inner.step()) ++pairs;
  }
  EXPECT_EQ(pairs, 2);
  auto prepared = db_->query("SELECT count(*) FROM pg_prepared_statements WHERE statement LIKE '%FROM notes%'");
  ASSERT_TRUE(prepared.step());
  EXPECT_EQ(prepared.integer(0), 2);  // the INSERT and the SELECT, each once
}

TEST_F(PgDbTest, ABugIsNotUnavailableAndItsMessageQuotesNoValue) {
  db_->query("INSERT INTO notes (chat_id, at) VALUES ($1, 0)").bind(1, "0912345678").exec();
  try {
    db_->query("INSERT INTO notes (chat_id, at) VALUES ($1, 0)").bind(1, "0912345678").exec();
    FAIL() << "a duplicate key must throw";
  } catch (const pg::Error& e) {
    EXPECT_EQ(e.sqlstate(), "23505");
    EXPECT_FALSE(store_unavailable(e));
    EXPECT_FALSE(store_problem(e).has_value());
    EXPECT_EQ(std::string(e.what()).find("0912345678"), std::string::npos) << e.what();
  }
  EXPECT_THROW(db_->query("SELEC nothing").exec(), pg::Error);
  // The connection is still good after both.
  auto q = db_->query("SELECT count(*) FROM notes");
  ASSERT_TRUE(q.step());
  EXPECT_EQ(q.integer(0), 1);
}

TEST_F(PgDbTest, ALostConnectionIsUnavailableAndTheNextQueryReconnects) {
  auto pid = db_->query("SELECT pg_backend_pid()");
  ASSERT_TRUE(pid.step());
  pg::Db other(url_);
  other.query("SELECT pg_terminate_backend($1)").bind(1, pid.int64(0)).exec();
  try {
    db_->query("SELECT count(*) FROM notes").exec();
    FAIL() << "a query on a terminated connection must throw";
  } catch (const pg::Error& e) {
    EXPECT_TRUE(store_unavailable(e)) << e.what();
    auto problem = store_problem(e);
    ASSERT_TRUE(problem.has_value());
    EXPECT_EQ(problem->code, "store_unavailable");
  }
  // Reconnected, with its prepared statements made again on the new connection.
  auto q = db_->query("SELECT count(*) FROM notes");
  ASSERT_TRUE(q.step());
  EXPECT_EQ(q.integer(0), 0);
}

TEST_F(PgDbTest, AConnectionLostInATransactionFailsTheTransactionInsteadOfCommittingHalf) {
  auto pid = db_->query("SELECT pg_backend_pid()");
  ASSERT_TRUE(pid.step());
  pg::Db other(url_);
  {
    pg::Transaction tx(*db_);
    db_->query("INSERT INTO notes (chat_id, at) VALUES ($1, 0)").bind(1, "first half").exec();
    other.query("SELECT pg_terminate_backend($1)").bind(1, pid.int64(0)).exec();
    EXPECT_THROW(db_->query("INSERT INTO notes (chat_id, at) VALUES ($1, 0)").bind(1, "second half").exec(),
                 pg::Error);
    // Still in the transaction: no reconnecting under it.
    try {
      db_->query("INSERT INTO notes (chat_id, at) VALUES ($1, 0)").bind(1, "second half").exec();
      FAIL() << "no statement may run on a new connection inside the lost transaction";
    } catch (const pg::Error& e) {
      EXPECT_TRUE(e.connection_lost());
    }
    EXPECT_THROW(tx.commit(), pg::Error);
  }
  auto q = db_->query("SELECT count(*) FROM notes");
  ASSERT_TRUE(q.step());
  EXPECT_EQ(q.integer(0), 0);
}

TEST_F(PgDbTest, CommitAfterAFailedStatementThrowsInsteadOfRollingBackSilently) {
  {
    pg::Transaction tx(*db_);
    db_->query("INSERT INTO notes (chat_id, at) VALUES ($1, 0)").bind(1, "kept?").exec();
    EXPECT_THROW(db_->query("INSERT INTO notes (chat_id, at) VALUES ($1, 0)").bind(1, "kept?").exec(), pg::Error);
    EXPECT_THROW(tx.commit(), pg::Error);
  }
  auto q = db_->query("SELECT count(*) FROM notes");
  ASSERT_TRUE(q.step());
  EXPECT_EQ(q.integer(0), 0);
}

TEST_F(PgDbTest, ASerializationFailureIsUnavailable) {
  db_->run("CREATE TABLE duty (name TEXT PRIMARY KEY, on_call INTEGER NOT NULL); "
           "INSERT INTO duty VALUES ('an', 1), ('binh', 1)");
  pg::Db other(url_);
  pg::Transaction a(*db_, "BEGIN ISOLATION LEVEL SERIALIZABLE");
  pg::Transaction b(other, "BEGIN ISOLATION LEVEL SERIALIZABLE");
  // Write skew: each sees two on call and takes one off; both cannot commit.
  db_->query("SELECT count(*) FROM duty WHERE on_call = 1").exec();
  other.query("SELECT count(*) FROM duty WHERE on_call = 1").exec();
  db_->query("UPDATE duty SET on_call = 0 WHERE name = $1").bind(1, "an").exec();
  other.query("UPDATE duty SET on_call = 0 WHERE name = $1").bind(1, "binh").exec();
  a.commit();
  try {
    b.commit();
    FAIL() << "the second serializable commit must fail";
  } catch (const pg::Error& e) {
    EXPECT_EQ(e.sqlstate(), "40001");
    EXPECT_TRUE(store_unavailable(e));
    ASSERT_TRUE(store_problem(e).has_value());
    EXPECT_NE(store_problem(e)->message.find("serialization failure"), std::string::npos);
  }
}

// Two transactions that lock two rows in opposite orders: the server fails one of them.
// This side checks for deadlocks first (its deadlock_timeout is the shorter), so it is
// the one failed; inside retry_lost_races only its attempt fails, what the attempt locked
// is let go, the other side commits, and the second attempt goes through.
TEST_F(PgDbTest, ADeadlockLostInsideRetryLostRacesIsRunAgainAndSucceeds) {
  for (const char* chat : {"one", "two"}) db_->query("INSERT INTO notes (chat_id, at) VALUES ($1, 0)").bind(1, chat).exec();
  pg::Db other(url_);
  other.run("SET deadlock_timeout = '10s'");
  db_->run("SET deadlock_timeout = '50ms'");
  // The wait below looks for the other side's own lock wait: other tests run on the same
  // server at the same time, and a wait of theirs once ended it early (the first attempt
  // then took 'two' before the other side asked for it, and lost a second deadlock).
  std::int64_t other_pid = 0;
  {
    auto pid = other.query("SELECT pg_backend_pid()");
    ASSERT_TRUE(pid.step());
    other_pid = pid.int64(0);
  }
  other.run("BEGIN");
  other.run("UPDATE notes SET at = 1 WHERE chat_id = 'one'");
  db_->begin("BEGIN");
  int attempts = 0;
  std::thread second_lock;
  pg::retry_lost_races(*db_, [&] {
    ++attempts;
    db_->run("UPDATE notes SET at = 2 WHERE chat_id = 'two'");
    if (attempts == 1) {
      // The other side now waits for 'two', held by this attempt...
      second_lock = std::thread([&] {
        other.run("UPDATE notes SET at = 1 WHERE chat_id = 'two'");
        other.run("COMMIT");
      });
      for (int i = 0; i < 3000; ++i) {  // until the server shows it waiting
        auto waiting = db_->query("SELECT count(*) FROM pg_locks WHERE NOT granted AND pid = $1");
        waiting.bind(1, other_pid);
        if (waiting.step() && waiting.int64(0) > 0) break;
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
      }
    }
    // ...and this one for 'one', held by the other side: a deadlock on the first attempt.
    db_->run("UPDATE notes SET at = 2 WHERE chat_id = 'one'");
    return true;
  });
  db_->commit();
  second_lock.join();
  EXPECT_EQ(attempts, 2);
  auto q = db_->query("SELECT chat_id, at FROM notes ORDER BY chat_id");
  ASSERT_TRUE(q.step());
  EXPECT_EQ(q.text(0), "one");
  EXPECT_EQ(q.int64(1), 2);  // the second attempt ran after the other side committed
  ASSERT_TRUE(q.step());
  EXPECT_EQ(q.int64(1), 2);
}

TEST_F(PgDbTest, AnErrorThatIsNoLostRaceIsNotRunAgain) {
  int attempts = 0;
  const auto insert_null = [&] {
    ++attempts;
    db_->run("INSERT INTO notes (chat_id, at) VALUES (NULL, 0)");
    return true;
  };
  db_->begin("BEGIN");
  EXPECT_THROW(pg::retry_lost_races(*db_, insert_null), pg::Error);
  db_->rollback();
  EXPECT_EQ(attempts, 1);
  // Outside a transaction it takes one of its own; the failed one leaves nothing behind.
  EXPECT_THROW(pg::retry_lost_races(*db_, insert_null), pg::Error);
  EXPECT_EQ(attempts, 2);
  EXPECT_FALSE(db_->in_transaction());
  EXPECT_EQ(pg::retry_lost_races(*db_, [&] { return db_->query("INSERT INTO notes (chat_id, at) VALUES ('x', 0)").exec(); }), 1);
}

TEST(PgDbConnect, AnUnreachableServerIsUnavailableAndTheMessageHoldsNoPassword) {
  try {
    pg::Db db("postgresql://hocvuso:s3cret-pass@/nodb?host=/nonexistent-socket-dir&connect_timeout=2");
    FAIL() << "connecting nowhere must throw";
  } catch (const pg::Error& e) {
    EXPECT_TRUE(store_unavailable(e));
    EXPECT_EQ(std::string(e.what()).find("s3cret-pass"), std::string::npos) << e.what();
  }
}

}  // namespace
}  // namespace hocvuso
