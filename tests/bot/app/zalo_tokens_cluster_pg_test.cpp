// The Zalo OA token pair shared by two nodes on one PostgreSQL database (issue 18,
// bot/app/zalo_tokens.hpp). A refresh spends the single-use refresh token and revokes the
// old access token (the fake Zalo does both, and refuses a spent refresh token), so one
// node refreshes and the other picks the new pair up from the database.
#include <gtest/gtest.h>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <optional>

#include "adapters/zalo/zalo.hpp"
#include "bot/app/zalo_tokens.hpp"
#include "bot/http/client.hpp"
#include "bot/store/store.hpp"
#include "bot/store/worker.hpp"
#include "fakes/fake_zalo.hpp"
#include "support/fake_platforms.hpp"
#include "support/migrated_pg_test.hpp"

namespace hocvuso {
namespace {

using testing::FakePlatforms;

class ZaloTokensClusterTest : public testing::MigratedPgTest {
 protected:
  void SetUp() override {
    MigratedPgTest::SetUp();
    if (IsSkipped()) return;
    cfg_.app_id = FakePlatforms::kZaloAppId;
    cfg_.app_secret = FakePlatforms::kZaloAppSecret;
    cfg_.oa_secret = FakePlatforms::kZaloOaSecret;
    cfg_.access_token = zalo_.access_token();
    cfg_.refresh_token = zalo_.refresh_token();
    cfg_.api_base = zalo_.base_url();
    cfg_.oauth_base = zalo_.base_url();
    adapter_.emplace(cfg_);
    worker_a_ = std::make_unique<StoreWorker>(std::make_unique<Store>(PostgresTarget{url_, "node-a"}));
    worker_b_ = std::make_unique<StoreWorker>(std::make_unique<Store>(PostgresTarget{url_, "node-b"}));
    a_.emplace(*worker_a_, client_, *adapter_, cfg_);
    b_.emplace(*worker_b_, client_, *adapter_, cfg_);
    // Node A starts first and seeds the database with the configured pair; B reads it.
    run(a_->load());
    run(b_->load());
  }

  void run(boost::asio::awaitable<void> op) {
    boost::asio::co_spawn(ioc_, std::move(op), [](std::exception_ptr e) { EXPECT_FALSE(e); });
    ioc_.restart();
    ioc_.run();
  }
  // A send refused with `token` (-216: revoked or invalid), as the sender reports it.
  static ApiRequest refused_with(const std::string& token) {
    ApiRequest r;
    r.path = "/v3.0/oa/message/cs";
    r.headers.emplace_back("access_token", token);
    return r;
  }

  fakes::FakeZalo zalo_{FakePlatforms::zalo_options()};
  boost::asio::io_context ioc_;
  http::Client client_{ioc_};
  ZaloConfig cfg_;
  std::optional<zalo::ZaloAdapter> adapter_;
  std::unique_ptr<StoreWorker> worker_a_, worker_b_;
  std::optional<ZaloTokens> a_, b_;
};

TEST_F(ZaloTokensClusterTest, BothNodesRefusedAtOnceRefreshOnceAndBothUseTheNewToken) {
  const std::string old_access = zalo_.access_token();
  std::optional<bool> a_ok, b_ok;
  // Both nodes' sends are refused with the same token in the same instant. (refresh
  // keeps a reference to the refused request, as the sender's delivery frame holds it.)
  const ApiRequest refused_a = refused_with(old_access), refused_b = refused_with(old_access);
  boost::asio::co_spawn(ioc_, a_->refresh(refused_a), [&](std::exception_ptr e, bool ok) {
    EXPECT_FALSE(e);
    a_ok = ok;
  });
  boost::asio::co_spawn(ioc_, b_->refresh(refused_b), [&](std::exception_ptr e, bool ok) {
    EXPECT_FALSE(e);
    b_ok = ok;
  });
  ioc_.restart();
  ioc_.run();
  EXPECT_EQ(a_ok, true);
  EXPECT_EQ(b_ok, true);
  EXPECT_EQ(zalo_.refresh_count(), 1) << "a second refresh would have spent a dead refresh token";
  EXPECT_EQ(zalo_.calls("/v4/oa/access_token").size(), 1u);
  EXPECT_NE(zalo_.access_token(), old_access);
  EXPECT_EQ(a_->access_token(), zalo_.access_token());
  EXPECT_EQ(b_->access_token(), zalo_.access_token());
}

TEST_F(ZaloTokensClusterTest, ARefreshByOneNodeIsPickedUpByTheOtherFromTheDatabase) {
  const std::string old_access = zalo_.access_token();
  const ApiRequest refused = refused_with(old_access);
  std::optional<bool> ok;
  boost::asio::co_spawn(ioc_, a_->refresh(refused), [&](std::exception_ptr e, bool r) {
    EXPECT_FALSE(e);
    ok = r;
  });
  ioc_.restart();
  ioc_.run();
  ASSERT_EQ(ok, true);
  ASSERT_EQ(zalo_.refresh_count(), 1);
  EXPECT_EQ(b_->access_token(), old_access) << "B has not heard yet";

  // B's next send goes out with the old token, which the refresh revoked: Zalo refuses it,
  // and B takes the pair A stored instead of refreshing again.
  ok.reset();
  boost::asio::co_spawn(ioc_, b_->refresh(refused), [&](std::exception_ptr e, bool r) {
    EXPECT_FALSE(e);
    ok = r;
  });
  ioc_.restart();
  ioc_.run();
  EXPECT_EQ(ok, true);
  EXPECT_EQ(zalo_.refresh_count(), 1);
  EXPECT_EQ(b_->access_token(), zalo_.access_token());

  // And a node started after the refresh loads the new pair, not the configured one.
  StoreWorker worker_c(std::make_unique<Store>(PostgresTarget{url_, "node-c"}));
  ZaloTokens c(worker_c, client_, *adapter_, cfg_);
  run(c.load());
  EXPECT_EQ(c.access_token(), zalo_.access_token());
}

}  // namespace
}  // namespace hocvuso
