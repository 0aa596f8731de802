// database_url before every store is on PostgreSQL: serve (and every command that opens
// the store) refuses, naming the stores still missing, and touches no database.
#include "bot/app/store_backend.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "bot/app/cli.hpp"
#include "bot/app/runtime.hpp"
#include "support/temp_dir.hpp"

namespace hocvuso {
namespace {

using testing::TempDir;

TEST(StoreBackend, ServeWithADatabaseUrlRefusesToStartAndNamesTheMissingStores) {
  ASSERT_FALSE(stores_not_on_postgresql().empty()) << "every store is on PostgreSQL: replace this test";
  TempDir dir;
  const auto db = dir / "data" / "hocvuso.db";
  const auto config = dir.write("config.json", R"({"db": ")" + db.string() +
                                                   R"(", "database_url": "postgresql://hocvuso:pw@127.0.0.1:1/hocvuso",
                                                      "listen": "127.0.0.1:0"})");
  ::testing::internal::CaptureStderr();
  const int rc = run_cli({"serve", "--config", config.string()});
  const std::string err = ::testing::internal::GetCapturedStderr();
  EXPECT_EQ(rc, 1);
  EXPECT_NE(err.find("not on PostgreSQL yet"), std::string::npos) << err;
  for (const auto& store : stores_not_on_postgresql()) EXPECT_NE(err.find(store), std::string::npos) << store;
  EXPECT_EQ(err.find(":pw@"), std::string::npos) << "the URL's password leaked: " << err;
  // Neither database was touched: no SQLite file, no serve lock beside it.
  EXPECT_FALSE(std::filesystem::exists(dir / "data")) << "serve created " << (dir / "data").string();
}

TEST(StoreBackend, EveryCommandThatOpensTheStoreRefusesToo) {
  TempDir dir;
  Config config;
  config.db = dir / "hocvuso.db";
  config.database_url = "postgresql:///hocvuso";
  EXPECT_THROW(make_runtime(config), StoreError);
  EXPECT_THROW(open_store(config), StoreError);
  EXPECT_FALSE(std::filesystem::exists(config.db));
}

TEST(StoreBackend, WithoutADatabaseUrlTheSqliteFileOpens) {
  TempDir dir;
  Config config;
  config.db = dir / "hocvuso.db";
  EXPECT_NO_THROW(refuse_unready_backend(config));
  auto store = open_store(config);
  EXPECT_EQ(store->current_version(), Store::schema_version());
  EXPECT_TRUE(std::filesystem::exists(config.db));
}

}  // namespace
}  // namespace hocvuso
