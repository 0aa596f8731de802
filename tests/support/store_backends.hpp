// Test helper: the two databases a feature's store runs on, for conformance tests that
// run the same test bodies against both (issue 18): a typed gtest over SqliteBackend and
// PgBackend, each a freshly migrated empty database.
//
//   template <class B> class FaqStoreTest : public testing::BackendTest<B> {};
//   TYPED_TEST_SUITE(FaqStoreTest, testing::Backends, testing::BackendNames);
//   TYPED_TEST(FaqStoreTest, …) {
//     auto& faq = this->b().template repo<faq::FaqStore>(&faq::FaqStore::of, &faq::make_pg_faq_store);
//   }
//
// SQLite: a real file through Store (migrations, WAL). PostgreSQL: Store opened on a
// database of its own on the run's real server (pg_cluster.hpp). On both the feature's
// store comes from its `of()`, as in production; on PostgreSQL it is checked to be what
// the feature's make_pg_* factory makes. `seed` writes rows of
// tables the feature does not own (chats, users) with SQL both dialects read alike, and
// `count` reads one number back, for checks the interface has no read for.
#pragma once

#include <gtest/gtest.h>

#include <set>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <typeindex>

#include "bot/store/pg_db.hpp"
#include "bot/store/pg_migrate.hpp"
#include "bot/store/sqlite_db.hpp"
#include "bot/store/store.hpp"
#include "support/pg_cluster.hpp"
#include "support/temp_dir.hpp"

namespace hocvuso::testing {

class SqliteBackend {
 public:
  static constexpr const char* kName = "Sqlite";
  static std::optional<std::string> unavailable() { return std::nullopt; }

  SqliteBackend() : store_(dir_ / "hocvuso.db") {}

  // `make_pg` (a factory or a lambda taking pg::Db&) is the other backend's.
  template <class Repo, class MakePg>
  Repo& repo(Repo& (*of)(Store&), MakePg&&) {
    return of(store_);
  }
  void seed(std::string_view sql) { store_.sqlite().run(sql); }
  // The first column of the first row of `sql` (a string literal), as a number.
  std::int64_t count(const char* sql) {
    auto q = store_.sqlite().query(sql);
    return q.step() ? q.int64(0) : -1;
  }
  Store& store() { return store_; }

 private:
  TempDir dir_;
  Store store_;
};

class PgBackend {
 public:
  static constexpr const char* kName = "Postgres";
  static std::optional<std::string> unavailable() {
    if (PgCluster::shared() == nullptr) return PgCluster::why_not();
    return std::nullopt;
  }

  // A Store opened on a database of its own (migrated by pg_migrations() under the
  // advisory lock, as `serve` opens it).
  PgBackend() : store_(PostgresTarget{PgCluster::shared()->create_database(), "test-node"}) {}

  // The feature's store as the feature gets it: `of` on the PostgreSQL Store. It must be
  // what the feature's PostgreSQL factory `make_pg` makes (checked once per type), not
  // the SQLite class.
  template <class Repo, class MakePg>
  Repo& repo(Repo& (*of)(Store&), MakePg&& make_pg) {
    Repo& made = of(store_);
    if (checked_.insert(std::type_index(typeid(Repo))).second) {
      const auto expected = make_pg(db());
      EXPECT_EQ(std::type_index(typeid(made)), std::type_index(typeid(*expected)))
          << "the PostgreSQL Store's of() did not make the feature's PostgreSQL store";
    }
    return made;
  }
  void seed(std::string_view sql) { db().run(sql); }
  std::int64_t count(const char* sql) {
    auto q = db().query(sql);
    return q.step() ? q.int64(0) : -1;
  }
  pg::Db& db() { return store_.pg(); }
  Store& store() { return store_; }

 private:
  Store store_;
  std::set<std::type_index> checked_;
};

using Backends = ::testing::Types<SqliteBackend, PgBackend>;

struct BackendNames {
  template <class B>
  static std::string GetName(int) {
    return B::kName;
  }
};

template <class B>
class BackendTest : public ::testing::Test {
 protected:
  void SetUp() override {
    if (auto why = B::unavailable()) GTEST_SKIP() << *why;
    backend_.emplace();
  }
  B& b() { return *backend_; }

 private:
  std::optional<B> backend_;
};

}  // namespace hocvuso::testing
