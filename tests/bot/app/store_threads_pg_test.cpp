// A node's store threads on PostgreSQL (store_threads, bot/app/store_backend.hpp): one
// connection each, all named as the one node, so that what one thread claims the others
// may mark and renew (bot/store/worker.hpp).
#include <gtest/gtest.h>

#include <set>
#include <string>

#include "bot/app/store_backend.hpp"
#include "bot/store/pg_core_store.hpp"
#include "bot/store/pg_db.hpp"
#include "support/migrated_pg_test.hpp"
#include "support/temp_dir.hpp"

namespace hocvuso {
namespace {

class StoreThreadsPg : public testing::MigratedPgTest {};

int connections_to(const std::string& url) {
  pg::Db db(url);
  auto q = db.query("SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()");
  return q.step() ? q.integer(0) : -1;
}

TEST_F(StoreThreadsPg, EachThreadHasItsOwnConnectionAndAllBearTheNodesName) {
  Config config;
  config.database_url = url_;
  config.store_threads = 3;
  auto stores = open_stores(config);
  ASSERT_EQ(stores.size(), 3u);
  std::set<std::string> names;
  for (auto& s : stores) names.insert(s->pg_core().node());
  EXPECT_EQ(names.size(), 1u) << "threads of one node named as several nodes";
  EXPECT_EQ(connections_to(url_), 3);
  // A second node in the same process (as tests run two) gets a name of its own.
  auto other = open_stores(config);
  EXPECT_NE(other.front()->pg_core().node(), *names.begin());
}

TEST_F(StoreThreadsPg, OnSqliteThereIsOneStoreWhateverTheSetting) {
  testing::TempDir dir;
  Config config;
  config.db = dir / "hocvuso.db";
  config.store_threads = 8;
  EXPECT_EQ(open_stores(config).size(), 1u);
}

}  // namespace
}  // namespace hocvuso
