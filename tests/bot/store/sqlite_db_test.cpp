// Tests sqlite::Db (bot/store/sqlite_db.hpp): statements cached, reset at scope end,
// nested use of one statement, and a read left by a feature never jamming the writer.
#include "bot/store/sqlite_db.hpp"

#include <SQLiteCpp/SQLiteCpp.h>
#include <gtest/gtest.h>

#include "bot/store/store.hpp"
#include "support/temp_dir.hpp"

namespace hocvuso {
namespace {

using hocvuso::testing::TempDir;

class SqliteDbTest : public ::testing::Test {
 protected:
  void SetUp() override {
    store_ = std::make_unique<Store>(tmp_ / "bot.db");
    store_->sqlite().run("CREATE TABLE t (k INTEGER PRIMARY KEY, v TEXT)");
  }
  TempDir tmp_;
  std::unique_ptr<Store> store_;
};

TEST_F(SqliteDbTest, BindsAndReadsEveryType) {
  auto& db = store_->sqlite();
  db.query("INSERT INTO t (k, v) VALUES (?, ?)").bind_all(1, std::string_view("một\0hai", 7)).exec();
  db.query("INSERT INTO t (k, v) VALUES (?, ?)").bind(1, 2LL).bind_null(2).exec();
  auto q = db.query("SELECT k, v FROM t ORDER BY k");
  ASSERT_TRUE(q.step());
  EXPECT_EQ(q.int64(0), 1);
  EXPECT_EQ(q.text(1), std::string("một\0hai", 7));  // the length is kept, not cut at a NUL
  ASSERT_TRUE(q.step());
  EXPECT_TRUE(q.null(1));
  EXPECT_EQ(q.text(1), "");
  EXPECT_FALSE(q.step());
}

TEST_F(SqliteDbTest, ACachedStatementStartsAfreshWithoutOldBindings) {
  auto& db = store_->sqlite();
  db.query("INSERT INTO t (k, v) VALUES (?, ?)").bind_all(1, "a").exec();
  // Same literal, second use: the previous bindings are gone, so v is NULL.
  static const char* const kInsert = "INSERT INTO t (k, v) VALUES (?, ?)";
  db.query(kInsert).bind(1, 2).exec();
  db.query(kInsert).bind(1, 3).exec();
  auto q = db.query("SELECT count(*) FROM t WHERE v IS NULL");
  ASSERT_TRUE(q.step());
  EXPECT_EQ(q.integer(0), 2);
}

TEST_F(SqliteDbTest, TheSameStatementNestedGetsItsOwnCopy) {
  auto& db = store_->sqlite();
  for (int k = 1; k <= 3; ++k) db.query("INSERT INTO t (k, v) VALUES (?, ?)").bind_all(k, "x").exec();
  static const char* const kAll = "SELECT k FROM t ORDER BY k";
  int pairs = 0;
  auto outer = db.query(kAll);
  while (outer.step()) {
    auto inner = db.query(kAll);  // must not reset the outer reader
    while (inner.step()) ++pairs;
  }
  EXPECT_EQ(pairs, 9);
}

// The jam of issue 13: a read stepped once and not finished kept the WAL snapshot, and
// the next BEGIN IMMEDIATE after another connection's commit failed with BUSY_SNAPSHOT.
TEST_F(SqliteDbTest, AReadStoppedAfterOneRowDoesNotJamWritesAfterAnotherProcessCommits) {
  auto& db = store_->sqlite();
  for (int k = 1; k <= 3; ++k) db.query("INSERT INTO t (k, v) VALUES (?, ?)").bind_all(k, "x").exec();
  {
    auto q = db.query("SELECT v FROM t ORDER BY k");
    ASSERT_TRUE(q.step());  // one row of three, then the scope ends
  }
  SQLite::Database other((tmp_ / "bot.db").string(), SQLite::OPEN_READWRITE);
  other.exec("INSERT INTO t (k, v) VALUES (10, 'cli')");
  store_->begin();
  db.query("INSERT INTO t (k, v) VALUES (?, ?)").bind_all(11, "server").exec();
  store_->commit();
  auto q = db.query("SELECT count(*) FROM t");
  ASSERT_TRUE(q.step());
  EXPECT_EQ(q.integer(0), 5);
}

TEST_F(SqliteDbTest, ErrorsNameTheProblem) {
  auto& db = store_->sqlite();
  db.query("INSERT INTO t (k, v) VALUES (?, ?)").bind_all(1, "a").exec();
  try {
    db.query("INSERT INTO t (k, v) VALUES (?, ?)").bind_all(1, "b").exec();
    FAIL() << "a duplicate key must throw";
  } catch (const SQLite::Exception& e) {
    EXPECT_NE(std::string(e.what()).find("UNIQUE"), std::string::npos) << e.what();
  }
  EXPECT_THROW(db.query("SELECT nope FROM t"), SQLite::Exception);
}

}  // namespace
}  // namespace hocvuso
