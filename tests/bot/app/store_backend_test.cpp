// database_url selects PostgreSQL for serve and every command that opens the store. A
// server that cannot be reached is a clear error that never shows the URL's password,
// and nothing is written to the SQLite file meanwhile.
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

TEST(StoreBackend, ServeWithAnUnreachableDatabaseUrlStopsWithAClearErrorAndTouchesNoFile) {
  TempDir dir;
  const auto db = dir / "data" / "hocvuso.db";
  const auto config = dir.write("config.json", R"({"db": ")" + db.string() +
                                                   R"(", "database_url": "postgresql://hocvuso:pw@127.0.0.1:1/hocvuso",
                                                      "listen": "127.0.0.1:0"})");
  ::testing::internal::CaptureStderr();
  const int rc = run_cli({"serve", "--config", config.string()});
  const std::string err = ::testing::internal::GetCapturedStderr();
  EXPECT_EQ(rc, 1);
  EXPECT_NE(err.find("PostgreSQL"), std::string::npos) << err;
  EXPECT_EQ(err.find(":pw@"), std::string::npos) << "the URL's password leaked: " << err;
  // Neither database was touched: no SQLite file, no serve lock beside it.
  EXPECT_FALSE(std::filesystem::exists(dir / "data")) << "serve created " << (dir / "data").string();
}

TEST(StoreBackend, EveryCommandThatOpensTheStoreFailsTheSameWay) {
  TempDir dir;
  Config config;
  config.db = dir / "hocvuso.db";
  config.database_url = "postgresql://hocvuso:pw@127.0.0.1:1/hocvuso";
  config.content = std::filesystem::path(HOCVUSO_SOURCE_DIR) / "content";
  EXPECT_THROW(make_runtime(config), StoreError);
  try {
    open_store(config);
    ADD_FAILURE() << "an unreachable PostgreSQL server opened";
  } catch (const StoreError& e) {
    EXPECT_EQ(std::string(e.what()).find(":pw@"), std::string::npos) << "the URL's password leaked: " << e.what();
  }
  EXPECT_FALSE(std::filesystem::exists(config.db));
}

TEST(StoreBackend, WithoutADatabaseUrlTheSqliteFileOpens) {
  TempDir dir;
  Config config;
  config.db = dir / "hocvuso.db";
  auto store = open_store(config);
  EXPECT_EQ(store->current_version(), Store::schema_version());
  EXPECT_TRUE(std::filesystem::exists(config.db));
}

}  // namespace
}  // namespace hocvuso
