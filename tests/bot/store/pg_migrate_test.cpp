// Migrations on a real PostgreSQL server: once per database under the advisory lock,
// however many nodes start together; a newer database is refused untouched.
#include "bot/store/pg_migrate.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <string>
#include <thread>
#include <vector>

#include "bot/store/store.hpp"
#include "support/pg_cluster.hpp"

namespace hocvuso {
namespace {

using testing::PgCluster;

std::vector<std::string> tables(pg::Db& db) {
  std::vector<std::string> names;
  auto q = db.query("SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename");
  while (q.step()) names.push_back(q.text(0));
  return names;
}

class PgMigrateTest : public ::testing::Test {
 protected:
  void SetUp() override {
    cluster_ = PgCluster::shared();
    if (cluster_ == nullptr) GTEST_SKIP() << PgCluster::why_not();
    url_ = cluster_->create_database();
  }
  PgCluster* cluster_ = nullptr;
  std::string url_;
};

TEST_F(PgMigrateTest, AFreshDatabaseGetsTheCoreTablesAndItsVersion) {
  pg::Db db(url_);
  EXPECT_EQ(pg::schema_version(db), 0);
  EXPECT_EQ(pg::migrate(db), 0);
  EXPECT_EQ(pg::schema_version(db), pg_migrations().back().version);
  // The core tables; the feature stores' tables are checked against SQLite's in
  // tests/flows/feature_schema_pg_test.cpp.
  const auto have = tables(db);
  for (const char* core : {"chat_options", "chats", "conversation_state", "inbox", "job_leases", "kv", "outbox", "payload_refs",
                           "schema_migrations", "sent_tags", "users"}) {
    EXPECT_NE(std::find(have.begin(), have.end(), core), have.end()) << core;
  }
  // Again: nothing left to do.
  EXPECT_EQ(pg::migrate(db), pg_migrations().back().version);
  auto rows = db.query("SELECT count(*) FROM schema_migrations");
  ASSERT_TRUE(rows.step());
  EXPECT_EQ(rows.integer(0), static_cast<int>(pg_migrations().size()));
}

TEST_F(PgMigrateTest, TheInboxKeepsOneRowPerUpdateKey) {
  pg::Db db(url_);
  pg::migrate(db);
  const char* insert =
      "INSERT INTO inbox (channel, update_key, payload, received_at) VALUES ($1, $2, $3, $4) "
      "ON CONFLICT (channel, update_key) DO NOTHING";
  EXPECT_EQ(db.query(insert).bind_all("telegram", "u-1", "{}", 1).exec(), 1);
  EXPECT_EQ(db.query(insert).bind_all("telegram", "u-1", "{}", 2).exec(), 0);
  EXPECT_EQ(db.query(insert).bind_all("zalo", "u-1", "{}", 3).exec(), 1);
}

TEST_F(PgMigrateTest, NodesMigratingAFreshDatabaseAtOnceEndWithOneSchemaAndNoError) {
  constexpr int kNodes = 4;
  std::atomic<int> failures{0};
  std::atomic<int> found_fresh{0};
  std::vector<std::thread> nodes;
  for (int i = 0; i < kNodes; ++i) {
    nodes.emplace_back([&] {
      try {
        pg::Db db(url_);  // a connection of its own, as a separate process would have
        if (pg::migrate(db) == 0) ++found_fresh;
      } catch (const std::exception& e) {
        ++failures;
        ADD_FAILURE() << e.what();
      }
    });
  }
  for (auto& t : nodes) t.join();
  EXPECT_EQ(failures.load(), 0);
  EXPECT_EQ(found_fresh.load(), 1);  // one node migrated; the others found it done
  pg::Db db(url_);
  auto rows = db.query("SELECT version FROM schema_migrations ORDER BY version");
  std::vector<int> versions;
  while (rows.step()) versions.push_back(rows.integer(0));
  std::vector<int> expected;
  for (const auto& m : pg_migrations()) expected.push_back(m.version);
  EXPECT_EQ(versions, expected);
}

TEST_F(PgMigrateTest, ANewerDatabaseIsRefusedWithTheSqliteWordingAndLeftAsItWas) {
  pg::Db db(url_);
  pg::migrate(db);
  const int known = pg_migrations().back().version;
  db.query("INSERT INTO schema_migrations (version, description, applied_at) VALUES ($1, 'from the future', 0)")
      .bind(1, known + 1)
      .exec();
  try {
    pg::migrate(db);
    FAIL() << "a newer database must be refused";
  } catch (const StoreError& e) {
    const std::string message = e.what();
    EXPECT_NE(message.find("has schema version " + std::to_string(known + 1) +
                           ", newer than this hocvuso supports (" + std::to_string(known) + ")"),
              std::string::npos)
        << message;
    EXPECT_EQ(message.find("postgresql://"), std::string::npos) << "the URL may hold a password: " << message;
  }
  EXPECT_EQ(pg::schema_version(db), known + 1);
  // The advisory lock went with the refusal: another node can still take it.
  pg::Db other(url_);
  auto lock = other.query("SELECT pg_try_advisory_lock($1)");
  lock.bind(1, std::int64_t{0x686f63767573});
  ASSERT_TRUE(lock.step());
  EXPECT_EQ(lock.integer(0), 1);
}

TEST_F(PgMigrateTest, AFailingVersionLeavesTheVersionsBeforeItApplied) {
  pg::Db db(url_);
  const std::vector<Migration> list = {
      {1, "one table", "CREATE TABLE a (x INTEGER);"},
      {2, "a broken step", "CREATE TABLE b (x INTEGER); CREATE TABLE a (x INTEGER);"},
  };
  EXPECT_THROW(pg::migrate(db, list), pg::Error);
  EXPECT_EQ(pg::schema_version(db), 1);
  EXPECT_EQ(tables(db), (std::vector<std::string>{"a", "schema_migrations"}));
}

}  // namespace
}  // namespace hocvuso
