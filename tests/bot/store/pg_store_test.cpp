// Store opened on PostgreSQL (issue 18): migrated once under the advisory lock however
// many nodes open it together, a newer schema refused, SQLite's handle refused with a
// clear error (and PostgreSQL's on SQLite), and the store worker's group commit on a
// real server: one failing job undoes only itself, the others are committed.
#include <gtest/gtest.h>

#include <atomic>
#include <future>
#include <memory>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "bot/store/migrations.hpp"
#include "bot/store/pg_db.hpp"
#include "bot/store/sqlite_db.hpp"
#include "bot/store/store.hpp"
#include "bot/store/worker.hpp"
#include "support/pg_cluster.hpp"
#include "support/temp_dir.hpp"

namespace hocvuso {
namespace {

using testing::PgCluster;

const TimePoint kT0 = TimePoint(std::chrono::milliseconds(1764979200000));  // 6 Dec 2025 00:00 UTC

class PgStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto* cluster = PgCluster::shared();
    if (cluster == nullptr) GTEST_SKIP() << PgCluster::why_not();
    url_ = cluster->create_database();
  }
  std::int64_t count(const char* sql) {
    pg::Db db(url_);
    auto q = db.query(sql);
    return q.step() ? q.int64(0) : -1;
  }
  std::string url_;
};

TEST_F(PgStoreTest, OpensMigratedAndRefusesTheSqliteHandleClearly) {
  Store store(PostgresTarget{url_, "node-a"});
  EXPECT_TRUE(store.on_postgresql());
  EXPECT_EQ(store.current_version(), pg_migrations().back().version);
  EXPECT_NO_THROW(store.ping());
  EXPECT_NO_THROW(store.pg().query("SELECT 1").step());
  try {
    store.sqlite();
    FAIL() << "sqlite() on PostgreSQL must throw";
  } catch (const StoreError& e) {
    EXPECT_NE(std::string(e.what()).find("PostgreSQL store"), std::string::npos) << e.what();
    EXPECT_EQ(std::string(e.what()).find("postgresql://"), std::string::npos) << e.what();
  }
  EXPECT_THROW(store.database(), StoreError);
}

TEST(StoreBackendsTest, ASqliteStoreRefusesThePostgresqlHandle) {
  testing::TempDir dir;
  Store store(dir / "hocvuso.db");
  EXPECT_FALSE(store.on_postgresql());
  EXPECT_THROW(store.pg(), StoreError);
  EXPECT_THROW(store.pg_core(), StoreError);
  EXPECT_NO_THROW(store.sqlite());
}

TEST_F(PgStoreTest, NodesOpeningAFreshDatabaseTogetherAllStartOnOneSchema) {
  constexpr int kNodes = 4;
  std::vector<std::future<int>> opened;
  for (int i = 0; i < kNodes; ++i) {
    opened.push_back(std::async(std::launch::async, [this, i] {
      Store store(PostgresTarget{url_, "node-" + std::to_string(i)});
      return store.current_version();
    }));
  }
  for (auto& f : opened) EXPECT_EQ(f.get(), pg_migrations().back().version);
  EXPECT_EQ(count("SELECT count(*) FROM schema_migrations"),
            static_cast<std::int64_t>(pg_migrations().size()));
}

TEST_F(PgStoreTest, ANewerDatabaseIsRefusedAndLeftAsItWas) {
  const int known = pg_migrations().back().version;
  { Store first(PostgresTarget{url_, "node-a"}); }
  {
    pg::Db db(url_);
    db.query("INSERT INTO schema_migrations (version, description, applied_at) VALUES ($1, 'from the future', 0)")
        .bind(1, known + 1)
        .exec();
  }
  try {
    Store store(PostgresTarget{url_, "node-a"});
    FAIL() << "a newer database must be refused";
  } catch (const StoreError& e) {
    EXPECT_NE(std::string(e.what()).find("newer than this hocvuso supports"), std::string::npos) << e.what();
  }
  EXPECT_EQ(count("SELECT max(version) FROM schema_migrations"), known + 1);
}

TEST(StoreBackendsTest, AnUnreachableServerIsAStoreErrorWithoutThePassword) {
  try {
    Store store(PostgresTarget{"postgresql://hocvuso:s3cret-pw@127.0.0.1:1/hocvuso?connect_timeout=2", "node-a"});
    FAIL() << "nothing listens on port 1";
  } catch (const StoreError& e) {
    const std::string message = e.what();
    EXPECT_NE(message.find("PostgreSQL"), std::string::npos) << message;
    EXPECT_EQ(message.find("s3cret-pw"), std::string::npos) << "the password leaked: " << message;
  }
}

TEST_F(PgStoreTest, TheWorkersGroupCommitKeepsEveryJobButTheOneThatFailed) {
  StoreWorker worker(std::make_unique<Store>(PostgresTarget{url_, "node-a"}));
  constexpr int kJobs = 60;
  std::vector<std::promise<bool>> outcomes(kJobs);
  for (int i = 0; i < kJobs; ++i) {
    worker.submit(
        [i](Store& s) {
          s.record_update(Channel::telegram, std::to_string(i), R"({"text":"cho hoi thu tuc khai sinh"})", kT0);
          if (i == 17) throw std::runtime_error("job 17 fails after writing");
        },
        [&outcomes, i](std::exception_ptr e) { outcomes[i].set_value(e == nullptr); },
        i % 2 == 0 ? Sync::full : Sync::deferred);
  }
  for (int i = 0; i < kJobs; ++i) EXPECT_EQ(outcomes[i].get_future().get(), i != 17) << i;
  // Reported only after COMMIT: another connection sees every job but 17.
  EXPECT_EQ(count("SELECT count(*) FROM inbox"), kJobs - 1);
  EXPECT_EQ(count("SELECT count(*) FROM inbox WHERE update_key = '17'"), 0);
  // A blocking call through the worker, as the command-line tools make.
  EXPECT_EQ(worker.call([](Store& s) { return s.unprocessed_updates(Channel::telegram, 100).size(); }),
            static_cast<std::size_t>(kJobs - 1));
}

TEST_F(PgStoreTest, AJobAfterALostTransactionStillRuns) {
  // A statement error aborts a PostgreSQL transaction until ROLLBACK TO the savepoint:
  // the worker's savepoint per job keeps the next job of the batch working.
  StoreWorker worker(std::make_unique<Store>(PostgresTarget{url_, "node-a"}));
  std::promise<bool> bad;
  std::promise<bool> good;
  worker.submit([](Store& s) { s.pg().query("SELECT no_such_column FROM inbox").step(); },
                [&bad](std::exception_ptr e) { bad.set_value(e == nullptr); });
  worker.submit([](Store& s) { s.kv_set("after", "ok"); }, [&good](std::exception_ptr e) { good.set_value(e == nullptr); });
  EXPECT_FALSE(bad.get_future().get());
  EXPECT_TRUE(good.get_future().get());
  EXPECT_EQ(worker.call([](Store& s) { return s.kv_get("after"); }), std::optional<std::string>("ok"));
}

}  // namespace
}  // namespace hocvuso
