// The PostgreSQL migration list with the feature stores' parts (issue 18): it applies on
// a fresh database, a second run is a no-op, and every table it makes has the columns of
// the same table on SQLite, in the same order, so a row means the same on both backends
// (and `db copy` can move it column for column).
#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "bot/store/migrations.hpp"
#include "bot/store/pg_migrate.hpp"
#include "bot/store/sqlite_db.hpp"
#include "bot/store/store.hpp"
#include "support/pg_cluster.hpp"
#include "support/temp_dir.hpp"

namespace hocvuso {
namespace {

using testing::PgCluster;

// The feature tables that have a PostgreSQL store so far (append as features move).
const std::vector<std::string> kFeatureTables = {
    "learn_lessons_done", "learn_attempts", "learn_review_items", "learn_review_optin", "learn_certificates",
    "faq_misses", "faq_feedback", "role_grants", "group_links", "group_titles", "group_activity", "team_codes",
    "reports", "report_audit", "targets", "report_reminders", "report_sums", "report_villages",
    "report_submissions", "tickets", "ticket_messages", "place_set_aside", "dashboard_links", "dashboard_sessions",
    "dashboard_audit", "broadcast_subscriptions", "broadcast_tokens", "broadcast_officers", "broadcasts",
    "broadcast_deliveries", "broadcast_audit",
};

std::vector<std::string> pg_tables(pg::Db& db) {
  std::vector<std::string> names;
  auto q = db.query("SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename");
  while (q.step()) names.push_back(q.text(0));
  return names;
}

std::vector<std::string> pg_columns(pg::Db& db, const std::string& table) {
  std::vector<std::string> names;
  auto q = db.query("SELECT column_name FROM information_schema.columns WHERE table_schema = 'public' "
                    "AND table_name = $1 ORDER BY ordinal_position");
  q.bind(1, table);
  while (q.step()) names.push_back(q.text(0));
  return names;
}

std::vector<std::string> sqlite_columns(Store& store, const std::string& table) {
  std::vector<std::string> names;
  auto q = store.sqlite().query("SELECT name FROM pragma_table_info(?) ORDER BY cid");
  q.bind(1, table);
  while (q.step()) names.push_back(q.text(0));
  return names;
}

class FeatureSchemaPgTest : public ::testing::Test {
 protected:
  void SetUp() override {
    if (PgCluster::shared() == nullptr) GTEST_SKIP() << PgCluster::why_not();
  }
};

TEST_F(FeatureSchemaPgTest, AFreshDatabaseGetsEveryPortedTableAndASecondRunIsANoOp) {
  pg::Db db(PgCluster::shared()->create_database());
  EXPECT_EQ(pg::migrate(db), 0);
  const int last = pg_migrations().back().version;
  EXPECT_EQ(pg::schema_version(db), last);
  const auto tables = pg_tables(db);
  for (const auto& t : kFeatureTables) EXPECT_NE(std::find(tables.begin(), tables.end(), t), tables.end()) << t;

  EXPECT_EQ(pg::migrate(db), last);  // again: found at the last version, nothing done
  EXPECT_EQ(pg_tables(db), tables);
  auto rows = db.query("SELECT count(*), max(version) FROM schema_migrations");
  ASSERT_TRUE(rows.step());
  EXPECT_EQ(rows.integer(0), static_cast<int>(pg_migrations().size()));
  EXPECT_EQ(rows.integer(1), last);
}

TEST_F(FeatureSchemaPgTest, PostgresVersionsAreSqliteVersions) {
  // A PostgreSQL part sits at the version of the SQLite part it mirrors, so one number
  // names the same schema on both backends.
  std::set<int> sqlite_versions;
  for (const auto& m : migrations()) sqlite_versions.insert(m.version);
  for (const auto& m : pg_migrations()) EXPECT_TRUE(sqlite_versions.count(m.version)) << m.version;
  EXPECT_LE(pg_migrations().back().version, Store::schema_version());
}

TEST_F(FeatureSchemaPgTest, EveryTableHasSqlitesColumnsInSqlitesOrder) {
  pg::Db db(PgCluster::shared()->create_database());
  pg::migrate(db);
  testing::TempDir dir;
  Store store(dir / "hocvuso.db");
  // What only several nodes need, so only PostgreSQL has it (bot/store/store_schema_pg.cpp):
  // the chat of an inbox row (arrival order per chat across nodes), the outbox leases,
  // and the job leases. Anything else PostgreSQL adds or lacks is a difference to fix.
  const std::map<std::string, std::vector<std::string>> cluster_only = {
      {"inbox", {"chat_id"}}, {"outbox", {"lease_node", "lease_until"}}};
  for (const auto& table : pg_tables(db)) {
    if (table == "schema_migrations") continue;  // PostgreSQL's version record (SQLite: user_version)
    if (table == "job_leases") continue;         // timed jobs once per due time across nodes
    if (table == "rate_slots" || table == "rate_wants") continue;  // the platform rate limits across nodes
    auto columns = pg_columns(db, table);
    if (const auto extra = cluster_only.find(table); extra != cluster_only.end()) {
      std::erase_if(columns, [&](const std::string& c) {
        return std::find(extra->second.begin(), extra->second.end(), c) != extra->second.end();
      });
    }
    EXPECT_EQ(columns, sqlite_columns(store, table)) << table;
  }
}

}  // namespace
}  // namespace hocvuso
