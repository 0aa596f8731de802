// The real service on PostgreSQL (issue 18): `database_url` opens the Store there, and a
// citizen's conversation over real sockets with the Telegram fake is answered from that
// database: /start, a FAQ question, its 👍, an unknown question kept as a miss. Nothing
// is written to the SQLite file `db`. A warning broadcast through the admin API reaches
// its subscriber from there too. Also: two nodes on the same database, a citizen's
// messages spread across them, each answered once and in her order.
#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "bot/app/service.hpp"
#include "bot/app/store_backend.hpp"
#include "bot/store/pg_db.hpp"
#include "flows/broadcast/broadcast_store.hpp"
#include "fakes/fake_telegram.hpp"
#include "support/e2e_helpers.hpp"
#include "support/pg_cluster.hpp"
#include "support/raw_http.hpp"
#include "support/temp_dir.hpp"
#include "support/test_threads.hpp"

namespace hocvuso {
namespace {

using nlohmann::json;
using testing::PgCluster;
using testing::post_json;
using testing::wait_until;
using namespace std::chrono_literals;

constexpr const char* kSecret = "s3cret";
constexpr std::int64_t kChat = 40012345;

std::string text_of(const json& params) { return params.value("text", std::string()); }

std::vector<std::string> callback_data(const json& params) {
  std::vector<std::string> out;
  if (!params.contains("reply_markup")) return out;
  for (const auto& row : params["reply_markup"]["inline_keyboard"]) {
    for (const auto& b : row) out.push_back(b.value("callback_data", std::string()));
  }
  return out;
}

class PostgresServiceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto* cluster = PgCluster::shared();
    if (cluster == nullptr) GTEST_SKIP() << PgCluster::why_not();
    url_ = cluster->create_database();
  }
  void TearDown() override {
    if (service_) service_->shutdown();
    service_.reset();
    EXPECT_TRUE(fake_.spec_violations().empty()) << ::testing::PrintToString(fake_.spec_violations());
  }

  Config config() const {
    Config c;
    c.listen_port = 0;
    c.db = dir_ / "data" / "never.db";
    c.database_url = url_;
    c.content = std::filesystem::path(HOCVUSO_SOURCE_DIR) / "content";
    c.shutdown_grace_seconds = 2;
    c.log_level = "warn";
    c.threads = testing::test_threads();
    c.telegram.token = fake_.token();
    c.telegram.webhook_secret = kSecret;
    c.telegram.api_base = fake_.base_url();
    c.telegram.bot_username = "hocvuso_bot";
    c.telegram.max_per_second = 1000;
    return c;
  }

  testing::RawResponse post(const json& update) {
    return post_json(port_, "/webhook/telegram", update.dump(), {{"X-Telegram-Bot-Api-Secret-Token", kSecret}});
  }
  json private_text(const std::string& text) {
    json m = {{"message_id", ++message_id_},
              {"from", {{"id", kChat}, {"is_bot", false}, {"first_name", "Lò Thị"}, {"last_name", "Xuân"}}},
              {"chat", {{"id", kChat}, {"first_name", "Lò Thị"}, {"last_name", "Xuân"}, {"type", "private"}}},
              {"date", 1764979200},
              {"text", text}};
    if (text.rfind('/', 0) == 0) {
      m["entities"] = json::array({{{"offset", 0}, {"length", text.find(' ') == std::string::npos ? text.size() : text.find(' ')},
                                    {"type", "bot_command"}}});
    }
    return {{"update_id", ++update_id_}, {"message", m}};
  }
  json button(const std::string& data) {
    const json shown = {{"message_id", 77},
                        {"from", {{"id", 7700000001}, {"is_bot", true}, {"first_name", "Học vụ số"}, {"username", "hocvuso_bot"}}},
                        {"chat", {{"id", kChat}, {"first_name", "Lò Thị"}, {"type", "private"}}},
                        {"date", 1764979200},
                        {"text", "Quên mật khẩu"}};
    return {{"update_id", ++update_id_},
            {"callback_query",
             {{"id", "cb-" + std::to_string(update_id_)},
              {"from", {{"id", kChat}, {"is_bot", false}, {"first_name", "Lò Thị"}}},
              {"message", shown},
              {"chat_instance", "1628661761791766620"},
              {"data", data}}}};
  }
  std::int64_t count(const char* sql) {
    pg::Db db(url_);
    auto q = db.query(sql);
    return q.step() ? q.int64(0) : -1;
  }
  bool outbox_settled() { return count("SELECT count(*) FROM outbox WHERE status = 'pending'") == 0; }

  testing::TempDir dir_;
  fakes::FakeTelegram fake_;
  std::string url_;
  std::unique_ptr<Service> service_;
  std::uint16_t port_ = 0;
  std::int64_t update_id_ = 700000;
  std::int64_t message_id_ = 100;
};

TEST_F(PostgresServiceTest, ACitizenIsAnsweredFromThePostgresqlDatabase) {
  service_ = std::make_unique<Service>(config());
  port_ = service_->start();

  ASSERT_EQ(post(private_text("/start")).status, 200);
  ASSERT_TRUE(fake_.wait_for_calls("sendMessage", 1, 15s));
  auto sent = fake_.sent_messages();
  ASSERT_EQ(sent.size(), 1u);
  EXPECT_NE(text_of(sent[0]).find("Xin chào Lò Thị Xuân"), std::string::npos) << text_of(sent[0]);
  EXPECT_EQ(callback_data(sent[0]),
            (std::vector<std::string>{"menu:learn", "menu:quiz", "menu:faq", "menu:scam", "menu:team"}));

  // A FAQ question typed as people type it: no marks.
  ASSERT_EQ(post(private_text("quen mat khau vneid")).status, 200);
  ASSERT_TRUE(fake_.wait_for_calls("sendMessage", 2, 15s));
  sent = fake_.sent_messages();
  ASSERT_EQ(sent.size(), 2u);
  EXPECT_NE(text_of(sent[1]).find("Quên mật khẩu"), std::string::npos) << text_of(sent[1]);
  const auto payloads = callback_data(sent[1]);
  ASSERT_FALSE(payloads.empty());
  EXPECT_EQ(payloads[0], "faq:up:vneid-quen-mat-khau");

  // Her 👍 is counted in the FAQ's PostgreSQL table.
  ASSERT_EQ(post(button("faq:up:vneid-quen-mat-khau")).status, 200);
  ASSERT_TRUE(fake_.wait_for_calls("sendMessage", 3, 15s));
  EXPECT_NE(text_of(fake_.sent_messages()[2]).find("Cảm ơn bạn"), std::string::npos)
      << text_of(fake_.sent_messages()[2]);

  // A question the FAQ cannot answer: declined honestly, and kept as a miss there.
  ASSERT_EQ(post(private_text("gia vang hom nay bao nhieu")).status, 200);
  ASSERT_TRUE(fake_.wait_for_calls("sendMessage", 4, 15s));
  EXPECT_NE(text_of(fake_.sent_messages()[3]).find("chưa có câu trả lời"), std::string::npos)
      << text_of(fake_.sent_messages()[3]);

  // A redelivered update is recorded once and answered once.
  const auto again = private_text("/help");
  ASSERT_EQ(post(again).status, 200);
  ASSERT_EQ(post(again).status, 200);
  ASSERT_TRUE(fake_.wait_for_calls("sendMessage", 5, 15s));
  ASSERT_TRUE(wait_until([&] { return outbox_settled(); }));

  EXPECT_EQ(fake_.sent_messages().size(), 5u);
  EXPECT_EQ(count("SELECT count(*) FROM inbox"), 5);
  EXPECT_EQ(count("SELECT count(*) FROM inbox WHERE processed_at IS NULL"), 0);
  // Each kept with her chat: the per-chat lock that orders them across nodes.
  EXPECT_EQ(count("SELECT count(*) FROM inbox WHERE chat_id = '40012345'"), 5);
  EXPECT_EQ(count("SELECT count(*) FROM outbox WHERE status = 'sent'"), 5);
  EXPECT_EQ(count("SELECT count(*) FROM users WHERE user_id = '40012345'"), 1);
  EXPECT_GE(count("SELECT count(*) FROM faq_feedback"), 1);
  EXPECT_GE(count("SELECT count(*) FROM faq_misses"), 1);
  // Nothing half on SQLite: the file `db` names was never made.
  EXPECT_FALSE(std::filesystem::exists(dir_ / "data")) << "serve wrote beside " << (dir_ / "data").string();
}

// Two nodes on one database (issue 18): a citizen's messages reach either node's webhook,
// some both (the platform trying again at another node); each is answered once, in the
// order she sent them, whichever node processed and sent it.
TEST_F(PostgresServiceTest, TwoNodesOnOneDatabaseAnswerEachMessageOnceInHerOrder) {
  service_ = std::make_unique<Service>(config());
  port_ = service_->start();
  Service second(config());
  const std::uint16_t second_port = second.start();
  const auto post_to = [](std::uint16_t port, const json& update) {
    return post_json(port, "/webhook/telegram", update.dump(), {{"X-Telegram-Bot-Api-Secret-Token", kSecret}}).status;
  };
  const std::vector<std::string> said = {"/start", "/help", "quen mat khau vneid", "/help", "gia vang hom nay bao nhieu",
                                         "/start"};
  for (std::size_t i = 0; i < said.size(); ++i) {
    const json update = private_text(said[i]);
    ASSERT_EQ(post_to(i % 2 == 0 ? port_ : second_port, update), 200);
    if (i % 3 == 1) {  // delivered again, at the other node
      ASSERT_EQ(post_to(i % 2 == 0 ? second_port : port_, update), 200);
    }
  }
  ASSERT_TRUE(fake_.wait_for_calls("sendMessage", said.size(), 30s));
  ASSERT_TRUE(wait_until([&] { return outbox_settled(); }));
  const auto sent = fake_.sent_messages();
  ASSERT_EQ(sent.size(), said.size());
  EXPECT_NE(text_of(sent[0]).find("Xin chào Lò Thị Xuân"), std::string::npos) << text_of(sent[0]);
  EXPECT_NE(text_of(sent[2]).find("Quên mật khẩu"), std::string::npos) << text_of(sent[2]);
  EXPECT_NE(text_of(sent[4]).find("chưa có câu trả lời"), std::string::npos) << text_of(sent[4]);
  EXPECT_NE(text_of(sent[5]).find("rất vui gặp lại"), std::string::npos) << text_of(sent[5]);
  EXPECT_EQ(count("SELECT count(*) FROM inbox"), static_cast<std::int64_t>(said.size()));
  second.shutdown();
}

// Broadcast on PostgreSQL: a citizen subscribes in chat, an admin token (made in the
// same database, as `hocvuso tokens create` does) posts a warning, and the fan-out, the
// outbox batch and the delivery all run there.
TEST_F(PostgresServiceTest, AWarningReachesItsSubscriberFromThePostgresqlDatabase) {
  std::string token;
  {
    Store store(PostgresTarget{url_, "test"});
    token = broadcast::BroadcastStore::of(store).create_token({broadcast::Role::admin, "", ""},
                                                               std::chrono::system_clock::now());
  }
  service_ = std::make_unique<Service>(config());
  port_ = service_->start();
  ASSERT_EQ(post(private_text("/canhbao bat Thuận Châu, Sơn La")).status, 200);
  ASSERT_TRUE(fake_.wait_for_calls("sendMessage", 1, 15s));
  const std::string body =
      json{{"text", "Cảnh giác: kẻ gian giả danh công an gọi điện đòi mã OTP."}, {"severity", "warning"},
           {"target", {{"scope", "subscribers"}}}}
          .dump();
  const auto created = post_json(port_, "/api/v1/broadcasts", body, {{"Authorization", "Bearer " + token}});
  ASSERT_EQ(created.status, 202) << created.body;
  EXPECT_EQ(json::parse(created.body)["recipients"], 1);
  ASSERT_TRUE(wait_until(
      [&] {
        for (const auto& call : fake_.calls("sendMessage")) {
          if (text_of(call.params).find("kẻ gian giả danh công an") != std::string::npos) return true;
        }
        return false;
      },
      20s));
  ASSERT_TRUE(wait_until([&] { return count("SELECT count(*) FROM broadcasts WHERE status = 'done'") == 1; }, 20s));
  EXPECT_EQ(count("SELECT count(*) FROM broadcast_deliveries"), 1);
  EXPECT_EQ(count("SELECT count(*) FROM outbox o JOIN broadcast_deliveries d ON d.outbox_id = o.id "
                  "WHERE o.status = 'sent'"),
            1);
  EXPECT_FALSE(std::filesystem::exists(dir_ / "data" / "never.db"));
}

}  // namespace
}  // namespace hocvuso
