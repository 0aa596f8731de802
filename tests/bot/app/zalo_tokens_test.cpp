// Tests ZaloTokens::load (bot/app/zalo_tokens.hpp): a store that refuses the first
// reads must not make the service fall back to the configured pair, whose refresh
// token the first refresh already spent.
#include "bot/app/zalo_tokens.hpp"

#include <gtest/gtest.h>
#include <sqlite3.h>

#include <atomic>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>

#include "adapters/zalo/zalo.hpp"
#include "bot/http/client.hpp"
#include "bot/store/commit_fault.hpp"
#include "bot/store/store.hpp"
#include "bot/store/worker.hpp"
#include "support/temp_dir.hpp"

namespace hocvuso {
namespace {

std::atomic<int> g_refusals{0};

int refuse_first_commits(sqlite3*, void*) { return g_refusals.fetch_sub(1) > 0 ? SQLITE_BUSY : SQLITE_OK; }

TEST(ZaloTokens, AStoreThatRefusesTheFirstReadsIsTriedAgainAndTheStoredPairWins) {
  testing::TempDir tmp;
  {
    Store s(tmp / "bot.db");
    s.kv_set("zalo.access_token", "stored-access");
    s.kv_set("zalo.refresh_token", "stored-refresh");
    s.kv_set("zalo.expires_at_ms", "0");
  }
  ZaloConfig cfg;
  cfg.app_id = "app";
  cfg.access_token = "configured-access";  // spent long ago: must never be used again
  cfg.refresh_token = "configured-refresh";
  boost::asio::io_context ioc;
  http::Client client(ioc);
  zalo::ZaloAdapter adapter(cfg);
  StoreWorker worker(std::make_unique<Store>(tmp / "bot.db"));
  ZaloTokens tokens(worker, client, adapter, cfg);

  g_refusals = 2;
  store_faults::set_commit_hook(&refuse_first_commits, nullptr);
  bool done = false;
  boost::asio::co_spawn(ioc, tokens.load(std::chrono::milliseconds(1)), [&](std::exception_ptr e) {
    done = true;
    EXPECT_FALSE(e) << "load ends only with the stored pair";
  });
  ioc.run();
  store_faults::set_commit_hook(nullptr, nullptr);

  EXPECT_TRUE(done);
  EXPECT_LE(g_refusals.load(), 0) << "both refusals were met";
  EXPECT_EQ(tokens.access_token(), "stored-access");
}

}  // namespace
}  // namespace hocvuso
