// Long polling on PostgreSQL (issue 18): a commune office without a public address runs
// the bot by getUpdates. The node that polled before this one died (kill -9: no goodbye),
// holding the polling turn and having recorded its offset; the real service waits for
// that turn to run out, polls from the dead node's offset, answers, and on shutdown gives
// the turn up for the next node.
#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>

#include "bot/app/service.hpp"
#include "bot/store/pg_db.hpp"
#include "bot/store/store.hpp"
#include "fakes/fake_telegram.hpp"
#include "support/e2e_helpers.hpp"
#include "support/pg_cluster.hpp"
#include "support/temp_dir.hpp"
#include "support/test_threads.hpp"

namespace hocvuso {
namespace {

using nlohmann::json;
using testing::PgCluster;
using testing::wait_until;
using namespace std::chrono_literals;

constexpr std::int64_t kChat = 40012345;

fakes::FakeTelegramOptions short_polls() {
  fakes::FakeTelegramOptions o;
  o.max_long_poll = 500ms;  // shutdown need not wait out a long poll
  return o;
}

json private_text(std::int64_t update_id, const std::string& text) {
  json m = {{"message_id", update_id - 700000 + 100},
            {"from", {{"id", kChat}, {"is_bot", false}, {"first_name", "Lò Thị"}, {"last_name", "Xuân"}}},
            {"chat", {{"id", kChat}, {"first_name", "Lò Thị"}, {"last_name", "Xuân"}, {"type", "private"}}},
            {"date", 1764979200},
            {"text", text},
            {"entities", json::array({{{"offset", 0}, {"length", text.size()}, {"type", "bot_command"}}})}};
  return {{"update_id", update_id}, {"message", m}};
}

class PostgresPollingTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto* cluster = PgCluster::shared();
    if (cluster == nullptr) GTEST_SKIP() << PgCluster::why_not();
    url_ = cluster->create_database();
  }
  void TearDown() override {
    if (service_) service_->shutdown();
    EXPECT_TRUE(fake_.spec_violations().empty()) << ::testing::PrintToString(fake_.spec_violations());
  }
  Config config() const {
    Config c;
    c.listen_port = 0;
    c.db = dir_ / "never.db";
    c.database_url = url_;
    c.content = std::filesystem::path(HOCVUSO_SOURCE_DIR) / "content";
    c.shutdown_grace_seconds = 2;
    c.log_level = "warn";
    c.threads = testing::test_threads();
    c.telegram.token = fake_.token();
    c.telegram.api_base = fake_.base_url();
    c.telegram.bot_username = "hocvuso_bot";
    c.telegram.max_per_second = 1000;
    c.telegram.mode = "polling";
    return c;
  }
  std::string one(const char* sql) {
    pg::Db db(url_);
    auto q = db.query(sql);
    return q.step() ? q.text(0) : "";
  }

  testing::TempDir dir_;
  fakes::FakeTelegram fake_{short_polls()};
  std::string url_;
  std::unique_ptr<Service> service_;
};

TEST_F(PostgresPollingTest, TheDeadNodesTurnRunsOutAndThisNodePollsFromItsOffset) {
  // The dead node had recorded and answered update 700001 and stored the offset after it;
  // Telegram still holds 700001 (its confirmation was the next poll, which never came).
  fake_.push_update(private_text(700001, "/start"));
  fake_.push_update(private_text(700002, "/help"));
  const auto lease_end = std::chrono::system_clock::now() + 3s;
  const auto lease_end_steady = std::chrono::steady_clock::now() + 3s;
  {
    Store dead(PostgresTarget{url_, "dead-node"});  // migrates, as the dead node had
    dead.kv_set("telegram.poll_offset", "700002");
    pg::Db db(url_);
    db.query("INSERT INTO job_leases (name, due, node, lease_until) VALUES ('poll:telegram', 0, 'dead-node', $1) "
             "ON CONFLICT (name, due) DO UPDATE SET node = excluded.node, lease_until = excluded.lease_until")
        .bind(1, TimePoint(std::chrono::duration_cast<std::chrono::milliseconds>(lease_end.time_since_epoch())))
        .exec();
  }

  service_ = std::make_unique<Service>(config());
  service_->start();
  ASSERT_TRUE(fake_.wait_for_calls("sendMessage", 1, 30s));
  const auto polls = fake_.calls("getUpdates");
  ASSERT_FALSE(polls.empty());
  // Not while the dead node's turn lasted (with a margin for the two clocks' readings)...
  EXPECT_GE(polls.front().time, lease_end_steady - 500ms);
  // ...and from where it had left off: /start is not answered twice, /help is answered.
  EXPECT_EQ(polls.front().params["offset"], 700002);
  ASSERT_TRUE(wait_until([&] { return one("SELECT count(*) FROM outbox WHERE status = 'pending'") == "0"; }));
  const auto sent = fake_.sent_messages();
  ASSERT_EQ(sent.size(), 1u);
  EXPECT_NE(sent[0].value("text", std::string()).find("Cách dùng trợ lý"), std::string::npos);
  EXPECT_NE(one("SELECT node FROM job_leases WHERE name = 'poll:telegram'"), "dead-node");
  // Kept with its chat, so that nodes sharing the database take her updates in order.
  EXPECT_EQ(one("SELECT chat_id FROM inbox ORDER BY seq DESC LIMIT 1"), "40012345");

  // SIGTERM: the turn is given up, so the next node need not wait for the lease.
  service_->shutdown();
  service_.reset();
  EXPECT_EQ(one("SELECT lease_until FROM job_leases WHERE name = 'poll:telegram'"), "0");
  EXPECT_EQ(one("SELECT value FROM kv WHERE key = 'telegram.poll_offset'"), "700003");
}

}  // namespace
}  // namespace hocvuso
