// A gtest fixture on a fresh PostgreSQL database of the run's shared server
// (pg_cluster.hpp) with the whole migration list applied; url_ names the database.
// Skipped, saying why, when the server cannot run here.
#pragma once

#include <gtest/gtest.h>

#include <string>

#include "bot/store/pg_db.hpp"
#include "bot/store/pg_migrate.hpp"
#include "support/pg_cluster.hpp"

namespace hocvuso::testing {

class MigratedPgTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto* cluster = PgCluster::shared();
    if (cluster == nullptr) GTEST_SKIP() << PgCluster::why_not();
    url_ = cluster->create_database();
    pg::Db db(url_);
    pg::migrate(db);
  }
  std::string url_;
};

}  // namespace hocvuso::testing
