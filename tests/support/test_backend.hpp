// The database under the end-to-end tests (issue 18: "the e2e suite runs on both
// backends"). By default a test's SQLite file. With HOCVUSO_TEST_BACKEND=postgres (ctest's
// pg.* copies of the e2e binaries, tests/e2e/CMakeLists.txt) each SQLite path a test names
// stands for a database of its own on the run's PostgreSQL server, and the same helpers
// reach it: the service's config, the environment of a spawned `hocvuso`, a Store opened
// beside the service, and read-only SQL (e2e_helpers.hpp's sql()).
//
//   Config c = ...; c.db = dir / "x.db";
//   Service service(testing::use_test_backend(c));  // database_url on PostgreSQL
//   auto store = testing::open_test_store(c.db);  // the same database, either backend
//   testing::sql_one(c.db, "SELECT count(*) FROM outbox");
#pragma once

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "bot/app/store_backend.hpp"
#include "bot/config/config.hpp"
#include "bot/store/pg_db.hpp"
#include "bot/store/store.hpp"
#include "support/pg_cluster.hpp"

namespace hocvuso::testing {

inline bool on_postgres_backend() {
  const char* b = std::getenv("HOCVUSO_TEST_BACKEND");
  return b != nullptr && std::string_view(b) == "postgres";
}

// The PostgreSQL database that stands for the SQLite file `db`: created, empty, the first
// time a test names the path (serve migrates it as it would the file).
inline std::string database_url_for(const std::filesystem::path& db) {
  static std::mutex mutex;
  static std::map<std::string, std::string> urls;
  std::lock_guard lock(mutex);
  auto [it, added] = urls.try_emplace(std::filesystem::absolute(db).lexically_normal().string());
  if (added) {
    PgCluster* pg = PgCluster::shared();
    if (pg == nullptr) throw std::runtime_error("HOCVUSO_TEST_BACKEND=postgres: " + PgCluster::why_not());
    it->second = pg->create_database();
  }
  return it->second;
}

// The config on the run's backend: unchanged on SQLite; on PostgreSQL its database_url
// stands for its db file (which is then never opened).
inline Config use_test_backend(Config c) {
  if (on_postgres_backend()) c.database_url = database_url_for(c.db);
  return c;
}

// A store on the database that stands for `db`, opened as serve opens it.
inline std::unique_ptr<Store> open_test_store(const std::filesystem::path& db) {
  Config c;
  c.db = db;
  return open_store(use_test_backend(c));
}

// The environment line that points a spawned `hocvuso` at the database of `db`.
inline std::string database_env(const std::filesystem::path& db) {
  return on_postgres_backend() ? "HOCVUSO_DATABASE_URL=" + database_url_for(db) : "HOCVUSO_DB=" + db.string();
}

// Every row of a query on a PostgreSQL database, each column as text (NULL as "", as
// SQLiteCpp's getString gives it).
inline std::vector<std::vector<std::string>> pg_rows(const std::string& url, const std::string& query) {
  pg::Db d(url);
  auto q = d.unprepared(query);
  std::vector<std::vector<std::string>> rows;
  while (q.step()) {
    std::vector<std::string> row;
    for (int i = 0; i < q.columns(); ++i) row.push_back(q.null(i) ? std::string() : q.text(i));
    rows.push_back(std::move(row));
  }
  return rows;
}

// For the few tests whose subject is SQLite itself, or whose load the cluster test
// (postgres_cluster_test.cpp) already puts on PostgreSQL.
#define HOCVUSO_SKIP_ON_POSTGRES(why) \
  if (::hocvuso::testing::on_postgres_backend()) GTEST_SKIP() << "not on PostgreSQL: " << (why)

}  // namespace hocvuso::testing
