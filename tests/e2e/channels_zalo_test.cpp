// The real service against the fake Zalo OA (signed webhooks, CS and GMF group sends, token rotation, the 7-day
// window) and the fake Zalo Bot Platform (secret header, numbered options), plus /metrics across all channels.
#include <gtest/gtest.h>

#include <SQLiteCpp/SQLiteCpp.h>

#include <chrono>
#include <filesystem>
#include <functional>
#include <nlohmann/json.hpp>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "bot/app/service.hpp"
#include "fakes/fake_telegram.hpp"
#include "fakes/fake_zalo.hpp"
#include "fakes/fake_zalobot.hpp"
#include "support/e2e_helpers.hpp"
#include "support/raw_http.hpp"
#include "support/fake_platforms.hpp"
#include "support/temp_dir.hpp"
#include "support/test_threads.hpp"
#include "support/zalo_signing.hpp"

namespace hocvuso {
namespace {

using nlohmann::json;
using std::chrono::milliseconds;
using testing::RawConnection;
using testing::RawResponse;
using testing::Headers;
using testing::post_json;
using testing::sql;
using testing::sql_one;
using testing::wait_until;
using testing::id_string;
using testing::now_ms;
using namespace std::chrono_literals;

constexpr milliseconds kDeadline = 10s;
constexpr const char* kAppId = testing::FakePlatforms::kZaloAppId;
constexpr const char* kOaSecret = testing::FakePlatforms::kZaloOaSecret;
constexpr const char* kAppSecret = testing::FakePlatforms::kZaloAppSecret;
constexpr const char* kUser = "2468458835296197922";
constexpr const char* kOtherUser = "5521772797175877301";
constexpr const char* kGroup = "f414c8f76fa586fbdfb4";
constexpr const char* kCs = "/v3.0/oa/message/cs";
constexpr const char* kGroupSend = "/v3.0/oa/group/message";
constexpr const char* kTokenPath = "/v4/oa/access_token";
constexpr const char* kBotToken = testing::FakePlatforms::kZaloBotToken;
constexpr const char* kBotSecret = testing::FakePlatforms::kZaloBotSecret;
constexpr const char* kLessonList = "Chọn một bài để học";  // menu:learn (flows/learn)
constexpr const char* kQuizList = "Chọn bài kiểm tra";      // menu:quiz (flows/learn)

// X-ZEvent-Signature (protocols.md B2), with this test's app and, unless told, its OA secret.
std::string zalo_signature(const std::string& body, const std::string& timestamp, const std::string& secret = kOaSecret) {
  return testing::zalo_mac(kAppId, body, timestamp, secret);
}

class ZaloChannelsTest : public ::testing::Test {
 protected:
  void TearDown() override { stop(); }

  // Zalo OA and the Zalo Bot Platform on; Telegram too when asked (the metrics cross-check).
  Config config(bool with_telegram = false) const { return platforms_.config(db(), with_telegram); }
  std::filesystem::path db() const { return dir_ / "channels.db"; }

  void start(Config c) {
    c.threads = testing::test_threads();
    service_ = std::make_unique<Service>(c);
    port_ = service_->start();
  }
  void start() { start(config()); }
  void stop() {
    if (service_) service_->shutdown();
    service_.reset();
  }

  // --- Zalo OA ---------------------------------------------------------------------------------------------
  std::string next_msg_id() { return "96d3cdf3af15046090" + std::to_string(++msg_seq_); }

  // A user_send_text (or user_send_group_text with recipient.id = the group) body, as Zalo sends it (B1, B5).
  std::string zalo_text(const std::string& sender, const std::string& text, const std::string& msg_id,
                        const std::string& timestamp, const std::string& group = {}) const {
    json body = {{"app_id", kAppId},
                 {"user_id_by_app", "5521772797175877301"},
                 {"event_name", group.empty() ? "user_send_text" : "user_send_group_text"},
                 {"sender", {{"id", sender}}},
                 {"recipient", {{"id", group.empty() ? "3886132808798806451" : group}}},
                 {"message", {{"msg_id", msg_id}, {"text", text}}},
                 {"timestamp", timestamp}};
    return body.dump();
  }
  RawResponse post_zalo(const std::string& body, const std::string& signature) {
    return post_json(port_, "/webhook/zalo", body, {{"X-ZEvent-Signature", signature}});
  }
  // A correctly signed, fresh message from sender.
  RawResponse zalo_says(const std::string& sender, const std::string& text, const std::string& group = {}) {
    const std::string ts = now_ms();
    const std::string body = zalo_text(sender, text, next_msg_id(), ts, group);
    return post_zalo(body, zalo_signature(body, ts));
  }

  std::vector<fakes::ZaloCall> cs_calls_to(const std::string& user) const {
    std::vector<fakes::ZaloCall> out;
    for (auto& c : zalo_.calls(kCs)) {
      if (c.body["recipient"]["user_id"] == user) out.push_back(std::move(c));
    }
    return out;
  }
  std::vector<json> delivered_to(const std::string& user) const {
    std::vector<json> out;
    for (auto& m : zalo_.delivered_cs_messages()) {
      if (m["recipient"]["user_id"] == user) out.push_back(std::move(m));
    }
    return out;
  }
  bool outbox_settled() const { return sql_one(db(), "SELECT count(*) FROM outbox WHERE status = 'pending'") == "0"; }

  // --- Zalo Bot Platform -----------------------------------------------------------------------------------
  json bot_update(const std::string& chat, const std::string& from, const std::string& text, bool group = false) {
    return {{"event_name", "message.text.received"},
            {"message",
             {{"message_id", "zb" + std::to_string(++msg_seq_)},
              {"from", {{"id", from}, {"display_name", "Bà Lan"}, {"is_bot", false}}},
              {"chat", {{"id", chat}, {"chat_type", group ? "GROUP" : "PRIVATE"}}},
              {"text", text},
              {"date", std::stoll(now_ms())}}}};
  }
  RawResponse post_bot(const json& body, const Headers& headers = {{"X-Bot-Api-Secret-Token", kBotSecret}}) {
    return post_json(port_, "/webhook/zalobot", body.dump(), headers);
  }
  std::vector<json> bot_sent_to(const std::string& chat) const {
    std::vector<json> out;
    for (auto& p : bot_.sent_messages()) {
      if (id_string(p["chat_id"]) == chat) out.push_back(std::move(p));
    }
    return out;
  }

  testing::TempDir dir_;
  testing::FakePlatforms platforms_;
  fakes::FakeZalo& zalo_ = platforms_.zalo;
  fakes::FakeZaloBot& bot_ = platforms_.bot;
  fakes::FakeTelegram& telegram_ = platforms_.telegram;
  std::unique_ptr<Service> service_;
  std::uint16_t port_ = 0;
  int msg_seq_ = 100;
};

// --- Zalo OA ---------------------------------------------------------------------------------------------------

TEST_F(ZaloChannelsTest, SignedStartGetsTheMenuAsButtonsAndForgedStaleOrRepeatedGetNothing) {
  start();
  const std::string ts = now_ms();
  const std::string start_body = zalo_text(kUser, "/start", next_msg_id(), ts);
  ASSERT_EQ(post_zalo(start_body, zalo_signature(start_body, ts)).status, 200);
  ASSERT_TRUE(zalo_.wait_for_calls(kCs, 1, kDeadline));
  const auto call = zalo_.calls(kCs)[0];
  EXPECT_EQ(call.access_token, "fake-access-token-0");
  EXPECT_EQ(call.body["recipient"]["user_id"], kUser);
  EXPECT_NE(call.body["message"]["text"].get<std::string>().find("Xin chào"), std::string::npos);
  const json& buttons = call.body["message"]["attachment"]["payload"]["buttons"];
  ASSERT_TRUE(buttons.is_array()) << call.body.dump();
  std::vector<std::string> payloads;
  for (const auto& b : buttons) {
    EXPECT_EQ(b["type"], "oa.query.hide");
    payloads.push_back(b["payload"]);
  }
  EXPECT_EQ(payloads, (std::vector<std::string>{"menu:learn", "menu:quiz", "menu:faq", "menu:scam", "menu:team"}));

  // Forged: signed with another secret. Stale: correctly signed, an hour old. Missing: no header.
  const std::string forged_ts = now_ms();
  const std::string forged = zalo_text(kUser, "/menu", next_msg_id(), forged_ts);
  EXPECT_EQ(post_zalo(forged, zalo_signature(forged, forged_ts, "not-the-secret")).status, 401);
  const std::string stale_ts = now_ms(-3600s);
  const std::string stale = zalo_text(kUser, "/menu", next_msg_id(), stale_ts);
  EXPECT_EQ(post_zalo(stale, zalo_signature(stale, stale_ts)).status, 401);
  EXPECT_EQ(post_json(port_, "/webhook/zalo", forged, {}).status, 401);
  // Zalo redelivers: the same msg_id again is answered 200 and nothing more.
  EXPECT_EQ(post_zalo(start_body, zalo_signature(start_body, ts)).status, 200);

  ASSERT_EQ(zalo_says(kUser, "/help").status, 200);
  ASSERT_TRUE(zalo_.wait_for_calls(kCs, 2, kDeadline));
  ASSERT_TRUE(wait_until([&] { return outbox_settled(); }));
  const auto calls = zalo_.calls(kCs);
  ASSERT_EQ(calls.size(), 2u);
  EXPECT_NE(calls[1].body["message"]["text"].get<std::string>().find("Cách dùng trợ lý"), std::string::npos);
}

TEST_F(ZaloChannelsTest, ButtonClickComingBackAsTextIsTheButton) {
  start();
  ASSERT_EQ(zalo_says(kUser, "/start").status, 200);
  ASSERT_TRUE(zalo_.wait_for_calls(kCs, 1, kDeadline));
  ASSERT_TRUE(wait_until([&] { return outbox_settled(); }));  // the options shown are saved once it is sent

  ASSERT_EQ(zalo_says(kUser, "menu:learn").status, 200);  // oa.query.hide: the payload comes back as text (B3)
  ASSERT_TRUE(zalo_.wait_for_calls(kCs, 2, kDeadline));
  const std::string text = zalo_.calls(kCs)[1].body["message"]["text"];
  EXPECT_NE(text.find(kLessonList), std::string::npos) << text;
}

TEST_F(ZaloChannelsTest, ExpiredTokenIsRefreshedOnceAndTheStoredPairOutlivesARestart) {
  start();
  zalo_.expire_access_token();
  ASSERT_EQ(zalo_says(kUser, "/start").status, 200);
  ASSERT_TRUE(wait_until([&] { return zalo_.delivered_cs_messages().size() == 1; }));
  ASSERT_TRUE(wait_until([&] { return outbox_settled(); }));
  auto calls = zalo_.calls(kCs);
  ASSERT_EQ(calls.size(), 2u);
  EXPECT_EQ(calls[0].access_token, "fake-access-token-0");  // refused: -216
  EXPECT_EQ(calls[1].access_token, zalo_.access_token());   // the new one
  EXPECT_EQ(zalo_.calls(kTokenPath).size(), 1u);
  EXPECT_EQ(zalo_.refresh_count(), 1);
  EXPECT_EQ(sql_one(db(), "SELECT value FROM kv WHERE key = 'zalo.refresh_token'"), zalo_.refresh_token());
  EXPECT_EQ(sql_one(db(), "SELECT value FROM kv WHERE key = 'zalo.access_token'"), zalo_.access_token());

  // Restarted with the same configuration, whose refresh token is used up: the stored pair wins.
  stop();
  start();
  zalo_.expire_access_token();
  ASSERT_EQ(zalo_says(kUser, "/help").status, 200);
  ASSERT_TRUE(wait_until([&] { return zalo_.delivered_cs_messages().size() == 2; }));
  ASSERT_TRUE(wait_until([&] { return outbox_settled(); }));
  EXPECT_EQ(zalo_.refresh_count(), 2);  // no -14020: the stored refresh token was used
  ASSERT_EQ(zalo_.calls(kTokenPath).size(), 2u);
  EXPECT_NE(zalo_.calls(kTokenPath)[1].body["refresh_token"], "fake-refresh-token-0");
  calls = zalo_.calls(kCs);
  ASSERT_EQ(calls.size(), 4u);
  EXPECT_EQ(calls[3].access_token, zalo_.access_token());
  EXPECT_EQ(sql_one(db(), "SELECT value FROM kv WHERE key = 'zalo.refresh_token'"), zalo_.refresh_token());
  EXPECT_EQ(sql_one(db(), "SELECT count(*) FROM outbox WHERE status <> 'sent'"), "0");
}

TEST_F(ZaloChannelsTest, OutsideTheWindowIsParkedUntilThePersonWritesAgain) {
  start();
  zalo_.set_outside_window(kUser);
  ASSERT_EQ(zalo_says(kUser, "/start").status, 200);
  const std::string where = " FROM outbox WHERE channel = 'zalo' AND chat_id = '" + std::string(kUser) + "'";
  ASSERT_TRUE(wait_until([&] { return sql_one(db(), "SELECT status" + where) == "parked"; }))
      << sql_one(db(), "SELECT status" + where);

  // Something observable after it: another person's reply. The parked one was not tried again.
  ASSERT_EQ(zalo_says(kOtherUser, "/start").status, 200);
  ASSERT_TRUE(wait_until([&] { return delivered_to(kOtherUser).size() == 1; }));
  EXPECT_EQ(cs_calls_to(kUser).size(), 1u);
  EXPECT_EQ(sql_one(db(), "SELECT status" + where), "parked");
  EXPECT_EQ(sql_one(db(), "SELECT attempts" + where), "0");

  zalo_.set_outside_window(kUser, false);
  ASSERT_EQ(zalo_says(kUser, "/help").status, 200);
  ASSERT_TRUE(wait_until([&] { return delivered_to(kUser).size() == 2; }));
  ASSERT_TRUE(wait_until([&] { return outbox_settled(); }));
  const auto delivered = delivered_to(kUser);
  EXPECT_NE(delivered[0]["message"]["text"].get<std::string>().find("Xin chào"), std::string::npos);
  EXPECT_NE(delivered[1]["message"]["text"].get<std::string>().find("Cách dùng trợ lý"), std::string::npos);
  EXPECT_EQ(cs_calls_to(kUser).size(), 3u);
  EXPECT_EQ(sql_one(db(), "SELECT count(*)" + where + " AND status <> 'sent'"), "0");
}

TEST_F(ZaloChannelsTest, GroupHelpGoesToTheGroupWithNumberedOptionsInTheText) {
  start();
  ASSERT_EQ(zalo_says(kUser, "/help", kGroup).status, 200);
  ASSERT_TRUE(zalo_.wait_for_calls(kGroupSend, 1, kDeadline));
  const auto call = zalo_.calls(kGroupSend)[0];
  EXPECT_EQ(call.access_token, "fake-access-token-0");
  EXPECT_EQ(call.body["recipient"]["group_id"], kGroup);
  const std::string text = call.body["message"]["text"];
  EXPECT_NE(text.find("Trợ lý của Tổ công nghệ số cộng đồng"), std::string::npos) << text;
  EXPECT_NE(text.find("\n1. ↩️ Về menu"), std::string::npos) << text;
  EXPECT_FALSE(call.body["message"].contains("attachment")) << call.body.dump();
  EXPECT_TRUE(zalo_.calls(kCs).empty());
  EXPECT_TRUE(wait_until([&] { return zalo_.delivered_group_messages().size() == 1 && outbox_settled(); }));
}

// --- Zalo Bot Platform -----------------------------------------------------------------------------------------

TEST_F(ZaloChannelsTest, BotPlatformStartShowsNumberedOptionsAndANumberPressesOne) {
  start();
  // Wrapped in the getUpdates envelope, as some sources show the webhook body (B5).
  ASSERT_EQ(post_bot({{"ok", true}, {"result", bot_update("u-lan", "u-lan", "/start")}}).status, 200);
  ASSERT_TRUE(bot_.wait_for_calls("sendMessage", 1, kDeadline));
  auto sent = bot_sent_to("u-lan");
  ASSERT_EQ(sent.size(), 1u);
  const std::string menu = sent[0]["text"];
  EXPECT_NE(menu.find("\n1. 📚 Học kỹ năng số\n2. ✅ Kiểm tra kiến thức\n3. ❓ Hỏi đáp"), std::string::npos) << menu;
  EXPECT_NE(menu.find("\n5. 🤝 Nhờ Tổ CNSCĐ hỗ trợ"), std::string::npos) << menu;
  EXPECT_FALSE(sent[0].contains("reply_markup"));

  // Bare, as other sources show it.
  ASSERT_EQ(post_bot(bot_update("u-binh", "u-binh", "/start")).status, 200);
  ASSERT_TRUE(bot_.wait_for_calls("sendMessage", 2, kDeadline));
  ASSERT_EQ(bot_sent_to("u-binh").size(), 1u);
  EXPECT_NE(bot_sent_to("u-binh")[0]["text"].get<std::string>().find("1. 📚 Học kỹ năng số"), std::string::npos);
  ASSERT_TRUE(wait_until([&] { return outbox_settled(); }));  // the options shown are saved once sent

  ASSERT_EQ(post_bot(bot_update("u-lan", "u-lan", "2")).status, 200);
  ASSERT_TRUE(bot_.wait_for_calls("sendMessage", 3, kDeadline));
  sent = bot_sent_to("u-lan");
  ASSERT_EQ(sent.size(), 2u);
  const std::string answer = sent[1]["text"];
  EXPECT_NE(answer.find(kQuizList), std::string::npos) << answer;

  EXPECT_EQ(post_bot(bot_update("u-lan", "u-lan", "/menu"), {{"X-Bot-Api-Secret-Token", "wrong-secret"}}).status, 401);
  EXPECT_EQ(post_bot(bot_update("u-lan", "u-lan", "/menu"), {}).status, 401);
}

TEST_F(ZaloChannelsTest, BotPlatformGroupHelpIsAnsweredInTheGroup) {
  start();
  ASSERT_EQ(post_bot(bot_update("g-thuanchau", "u-lan", "/help", /*group=*/true)).status, 200);
  ASSERT_TRUE(bot_.wait_for_calls("sendMessage", 1, kDeadline));
  const auto sent = bot_.sent_messages();
  ASSERT_EQ(sent.size(), 1u);
  EXPECT_EQ(id_string(sent[0]["chat_id"]), "g-thuanchau");
  const std::string text = sent[0]["text"];
  EXPECT_NE(text.find("Trợ lý của Tổ công nghệ số cộng đồng"), std::string::npos) << text;
  EXPECT_NE(text.find("\n1. ↩️ Về menu"), std::string::npos) << text;
}

// --- All channels ----------------------------------------------------------------------------------------------

TEST_F(ZaloChannelsTest, MetricsCountWebhooksAndSendsForEveryChannel) {
  start(config(/*with_telegram=*/true));
  const json tg = {{"update_id", 700001},
                   {"message",
                    {{"message_id", 1},
                     {"from", {{"id", 12345678}, {"is_bot", false}, {"first_name", "Mario"}}},
                     {"chat", {{"id", 12345678}, {"first_name", "Mario"}, {"type", "private"}}},
                     {"date", 1631818904},
                     {"text", "/start"}}}};
  ASSERT_EQ(post_json(port_, "/webhook/telegram", tg.dump(), {{"X-Telegram-Bot-Api-Secret-Token", "s3cret"}}).status, 200);
  ASSERT_EQ(zalo_says(kUser, "/start").status, 200);
  ASSERT_EQ(post_bot(bot_update("u-lan", "u-lan", "/start")).status, 200);

  std::string metrics;
  const bool all = wait_until([&] {
    metrics = testing::http_get(port_, "/metrics").body;
    for (const char* channel : {"telegram", "zalo", "zalobot"}) {
      const std::string label = std::string("{channel=\"") + channel + "\"} 1\n";
      if (metrics.find("hocvuso_webhook_received_total" + label) == std::string::npos) return false;
      if (metrics.find("hocvuso_outbox_sent_total" + label) == std::string::npos) return false;
    }
    return true;
  });
  EXPECT_TRUE(all) << metrics;
  EXPECT_EQ(telegram_.delivered_messages().size(), 1u);
  EXPECT_EQ(zalo_.delivered_cs_messages().size(), 1u);
  EXPECT_EQ(bot_.sent_messages().size(), 1u);
  EXPECT_TRUE(telegram_.spec_violations().empty()) << ::testing::PrintToString(telegram_.spec_violations());
}

}  // namespace
}  // namespace hocvuso
