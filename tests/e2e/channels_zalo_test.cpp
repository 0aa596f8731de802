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
#include "bot/store/store.hpp"
#include "flows/roles/roles.hpp"
#include "fakes/fake_telegram.hpp"
#include "fakes/fake_zalo.hpp"
#include "fakes/fake_zalobot.hpp"
#include "support/e2e_helpers.hpp"
#include "support/fake_platforms.hpp"
#include "support/raw_http.hpp"
#include "support/temp_dir.hpp"
#include "support/test_backend.hpp"
#include "support/test_threads.hpp"
#include "support/zalo_signing.hpp"
#include "fakes/zalo_webhook_sender.hpp"

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
    service_ = std::make_unique<Service>(testing::use_test_backend(c));
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
  // Five menu buttons, four a message (issue 19): the menu, then "Xem thêm:" with the fifth.
  ASSERT_TRUE(zalo_.wait_for_calls(kCs, 2, kDeadline));
  const auto call = zalo_.calls(kCs)[0];
  EXPECT_EQ(call.access_token, "fake-access-token-0");
  EXPECT_EQ(call.body["recipient"]["user_id"], kUser);
  EXPECT_NE(call.body["message"]["text"].get<std::string>().find("Xin chào"), std::string::npos);
  EXPECT_EQ(zalo_.calls(kCs)[1].body["message"]["text"], "Xem thêm:");
  std::vector<std::string> payloads;
  for (const auto& c : zalo_.calls(kCs)) {
    const json& buttons = c.body["message"]["attachment"]["payload"]["buttons"];
    ASSERT_TRUE(buttons.is_array()) << c.body.dump();
    EXPECT_LE(buttons.size(), 4u);
    for (const auto& b : buttons) {
      EXPECT_EQ(b["type"], "oa.query.hide");
      payloads.push_back(b["payload"]);
    }
  }
  EXPECT_EQ(payloads, (std::vector<std::string>{"menu:learn", "menu:quiz", "menu:faq", "menu:scam", "menu:team"}));

  // Forged: signed with another secret. Stale: correctly signed, three hours old, not a
  // retry (past the 2 h window). Missing: no header.
  const std::string forged_ts = now_ms();
  const std::string forged = zalo_text(kUser, "/menu", next_msg_id(), forged_ts);
  EXPECT_EQ(post_zalo(forged, zalo_signature(forged, forged_ts, "not-the-secret")).status, 401);
  const std::string stale_ts = now_ms(-3h);
  const std::string stale = zalo_text(kUser, "/menu", next_msg_id(), stale_ts);
  EXPECT_EQ(post_zalo(stale, zalo_signature(stale, stale_ts)).status, 401);
  EXPECT_EQ(post_json(port_, "/webhook/zalo", forged, {}).status, 401);
  // Zalo redelivers: the same msg_id again is answered 200 and nothing more.
  EXPECT_EQ(post_zalo(start_body, zalo_signature(start_body, ts)).status, 200);

  ASSERT_EQ(zalo_says(kUser, "/help").status, 200);
  ASSERT_TRUE(zalo_.wait_for_calls(kCs, 3, kDeadline));
  ASSERT_TRUE(wait_until([&] { return outbox_settled(); }));
  const auto calls = zalo_.calls(kCs);
  ASSERT_EQ(calls.size(), 3u);
  EXPECT_NE(calls[2].body["message"]["text"].get<std::string>().find("Cách dùng trợ lý"), std::string::npos);
}

// Issue 19 item 1: Zalo resends the same body (original timestamp, num_retry header) after
// 30 s, 5, 15, 30 min and 1 h. Events from an outage arrive up to ~2 h late and must
// be taken, once.
TEST_F(ZaloChannelsTest, RetriesAfterAnOutageAreAcceptedOnceAndAnswered) {
  fakes::ZaloWebhookSender zalo_side(kAppId, kOaSecret);
  start();
  const std::uint16_t dead_port = port_;
  stop();  // the outage: nothing listens on dead_port

  // The event happened when the outage began; attempts 0-2 (at +0, +30 s, +5 min 30 s) fail.
  const std::string ts = now_ms(-std::chrono::duration_cast<std::chrono::seconds>(
      fakes::ZaloWebhookSender::offset_of(3)));
  const std::string body = zalo_text(kUser, "/start", next_msg_id(), ts);
  for (int n = 0; n < 3; ++n) EXPECT_EQ(zalo_side.attempt(dead_port, body, ts, n).status, 0);

  start();  // back after ~20 min; retry 3 arrives 50.5 min after the event
  EXPECT_EQ(zalo_side.attempt(port_, body, ts, 3).status, 200);
  ASSERT_TRUE(wait_until([&] { return delivered_to(kUser).size() == 2 && outbox_settled(); }));
  EXPECT_NE(delivered_to(kUser)[0]["message"]["text"].get<std::string>().find("Xin chào"), std::string::npos);
  // Our 200 was lost on the way: Zalo sends retry 4. Deduped, answered 200, no second reply.
  const auto again = zalo_side.attempt(port_, body, ts, 4);
  EXPECT_EQ(again.status, 200);
  EXPECT_NE(again.body.find("duplicate"), std::string::npos) << again.body;
  EXPECT_FALSE(zalo_side.would_disable());

  // A retry later than any window (clock skew, a long queue on Zalo's side) still counts.
  const std::string late_ts = now_ms(-3h);
  const std::string late = zalo_text(kOtherUser, "/start", next_msg_id(), late_ts);
  EXPECT_EQ(zalo_side.attempt(port_, late, late_ts, 0).status, 401);  // a first delivery that old: stale
  EXPECT_EQ(zalo_side.attempt(port_, late, late_ts, 5).status, 200);
  ASSERT_TRUE(wait_until([&] { return delivered_to(kOtherUser).size() == 2 && outbox_settled(); }));
  EXPECT_EQ(delivered_to(kUser).size(), 2u);
  EXPECT_EQ(sql_one(db(), "SELECT count(*) FROM inbox WHERE channel = 'zalo'"), "2");
}

TEST_F(ZaloChannelsTest, ButtonClickComingBackAsTextIsTheButton) {
  start();
  ASSERT_EQ(zalo_says(kUser, "/start").status, 200);
  ASSERT_TRUE(zalo_.wait_for_calls(kCs, 2, kDeadline));
  ASSERT_TRUE(wait_until([&] { return outbox_settled(); }));  // the options shown are saved once it is sent

  ASSERT_EQ(zalo_says(kUser, "menu:learn").status, 200);  // oa.query.hide: the payload comes back as text (B3)
  ASSERT_TRUE(zalo_.wait_for_calls(kCs, 3, kDeadline));
  const std::string text = zalo_.calls(kCs)[2].body["message"]["text"];
  EXPECT_NE(text.find(kLessonList), std::string::npos) << text;
  ASSERT_TRUE(wait_until([&] { return outbox_settled(); }));

  // The fifth button came in the "Xem thêm:" message; a tap on it works like any other.
  ASSERT_EQ(zalo_says(kUser, "/start").status, 200);
  ASSERT_TRUE(wait_until([&] { return outbox_settled() && zalo_.calls(kCs).size() >= 5; }));
  const std::size_t before = zalo_.calls(kCs).size();
  ASSERT_EQ(zalo_says(kUser, "menu:team").status, 200);
  ASSERT_TRUE(zalo_.wait_for_calls(kCs, before + 1, kDeadline));
  const std::string team = zalo_.calls(kCs)[before].body["message"]["text"];
  EXPECT_NE(team.find("Bạn ở xã, phường nào?"), std::string::npos) << team;  // tickets.ask_commune
}

TEST_F(ZaloChannelsTest, ExpiredTokenIsRefreshedOnceAndTheStoredPairOutlivesARestart) {
  start();
  zalo_.expire_access_token();
  ASSERT_EQ(zalo_says(kUser, "/start").status, 200);
  ASSERT_TRUE(wait_until([&] { return zalo_.delivered_cs_messages().size() == 2; }));  // menu + "Xem thêm:"
  ASSERT_TRUE(wait_until([&] { return outbox_settled(); }));
  auto calls = zalo_.calls(kCs);
  ASSERT_EQ(calls.size(), 3u);
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
  ASSERT_TRUE(wait_until([&] { return zalo_.delivered_cs_messages().size() == 3; }));
  ASSERT_TRUE(wait_until([&] { return outbox_settled(); }));
  EXPECT_EQ(zalo_.refresh_count(), 2);  // no -14020: the stored refresh token was used
  ASSERT_EQ(zalo_.calls(kTokenPath).size(), 2u);
  EXPECT_NE(zalo_.calls(kTokenPath)[1].body["refresh_token"], "fake-refresh-token-0");
  calls = zalo_.calls(kCs);
  ASSERT_EQ(calls.size(), 5u);
  EXPECT_EQ(calls[4].access_token, zalo_.access_token());
  EXPECT_EQ(sql_one(db(), "SELECT value FROM kv WHERE key = 'zalo.refresh_token'"), zalo_.refresh_token());
  EXPECT_EQ(sql_one(db(), "SELECT count(*) FROM outbox WHERE status <> 'sent'"), "0");
}

// Issue 19 item 4: a new pair revokes the old access token at once (the fake does too).
// Two deliveries go out with the same dead token; the second answer comes back after the
// first delivery has already refreshed. It must reuse the new token, not spend the new
// single-use refresh token again (which would revoke the token the first is using).
TEST_F(ZaloChannelsTest, ConcurrentSendsWithADeadTokenRefreshOnce) {
  start();
  zalo_.expire_access_token();
  zalo_.server().add_fault(fakes::Fault::delay_by(800ms, "/message/cs"));  // one answer comes late
  const std::string ts = now_ms();
  const std::string a = zalo_text(kUser, "/help", next_msg_id(), ts);
  const std::string b = zalo_text(kOtherUser, "/help", next_msg_id(), ts);
  ASSERT_EQ(post_zalo(a, zalo_signature(a, ts)).status, 200);
  ASSERT_EQ(post_zalo(b, zalo_signature(b, ts)).status, 200);
  ASSERT_TRUE(wait_until([&] { return delivered_to(kUser).size() == 1 && delivered_to(kOtherUser).size() == 1; }))
      << zalo_.calls(kCs).size() << " calls, " << zalo_.refresh_count() << " refreshes";
  ASSERT_TRUE(wait_until([&] { return outbox_settled(); }));
  EXPECT_EQ(zalo_.refresh_count(), 1);
  EXPECT_EQ(zalo_.calls(kTokenPath).size(), 1u);
  EXPECT_EQ(sql_one(db(), "SELECT count(*) FROM outbox WHERE status <> 'sent'"), "0");
  for (const auto& c : zalo_.calls(kCs)) {
    EXPECT_TRUE(c.access_token == "fake-access-token-0" || c.access_token == zalo_.access_token()) << c.access_token;
  }
}

// A refresh that dies on the way (the connection dropped) fails that delivery; the next
// one refreshes afresh instead of waiting for ever on the first.
TEST_F(ZaloChannelsTest, AFailedRefreshDoesNotBlockLaterDeliveries) {
  start();
  zalo_.expire_access_token();
  zalo_.server().add_fault(fakes::Fault::drop("/access_token"));
  ASSERT_EQ(zalo_says(kUser, "/help").status, 200);
  const std::string where = " FROM outbox WHERE channel = 'zalo' AND chat_id = '" + std::string(kUser) + "'";
  ASSERT_TRUE(wait_until([&] { return sql_one(db(), "SELECT status" + where) == "failed"; }))
      << sql_one(db(), "SELECT status" + where);
  ASSERT_EQ(zalo_says(kOtherUser, "/help").status, 200);
  ASSERT_TRUE(wait_until([&] { return delivered_to(kOtherUser).size() == 1 && outbox_settled(); }));
  EXPECT_EQ(zalo_.refresh_count(), 1);
  EXPECT_EQ(zalo_.calls(kTokenPath).size(), 2u);
}

// -124 "Access token invalid" (seen live on message/cs) is a token error like -216.
TEST_F(ZaloChannelsTest, Minus124RefreshesTheTokenLikeMinus216) {
  start();
  zalo_.expire_access_token(-124);
  ASSERT_EQ(zalo_says(kUser, "/help").status, 200);
  ASSERT_TRUE(wait_until([&] { return delivered_to(kUser).size() == 1 && outbox_settled(); }));
  EXPECT_EQ(zalo_.refresh_count(), 1);
  const auto calls = zalo_.calls(kCs);
  ASSERT_EQ(calls.size(), 2u);
  EXPECT_EQ(calls[0].access_token, "fake-access-token-0");
  EXPECT_EQ(calls[1].access_token, zalo_.access_token());
  EXPECT_EQ(sql_one(db(), "SELECT count(*) FROM outbox WHERE status = 'failed'"), "0");
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
  ASSERT_TRUE(wait_until([&] { return delivered_to(kOtherUser).size() == 2; }));
  EXPECT_EQ(cs_calls_to(kUser).size(), 1u);
  EXPECT_EQ(sql_one(db(), "SELECT status" + where), "parked");
  EXPECT_EQ(sql_one(db(), "SELECT attempts" + where), "0");

  zalo_.set_outside_window(kUser, false);
  ASSERT_EQ(zalo_says(kUser, "/help").status, 200);
  ASSERT_TRUE(wait_until([&] { return delivered_to(kUser).size() == 3; }));
  ASSERT_TRUE(wait_until([&] { return outbox_settled(); }));
  const auto delivered = delivered_to(kUser);
  EXPECT_NE(delivered[0]["message"]["text"].get<std::string>().find("Xin chào"), std::string::npos);
  EXPECT_EQ(delivered[1]["message"]["text"], "Xem thêm:");
  EXPECT_NE(delivered[2]["message"]["text"].get<std::string>().find("Cách dùng trợ lý"), std::string::npos);
  EXPECT_EQ(cs_calls_to(kUser).size(), 4u);
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

// Issue 19 item 5 over Zalo OA: the commune's Zalo group has no bot (an OA joins only GMF
// groups). An officer gets a one-time code, a member sends it privately and from then on
// reports and help tickets work in that private chat; outside Zalo's 7-day window a
// ticket notice is parked, not lost.
TEST_F(ZaloChannelsTest, PrivateTeamPathOverZaloOa) {
  constexpr const char* kOfficer = "8812334455667788990";
  constexpr const char* kMember = "2468458835296197922";
  constexpr const char* kLate = "9900112233445566778";
  constexpr const char* kCitizen = "5521772797175877301";
  {
    auto s = testing::open_test_store(db());
    roles::RoleStore::of(*s).grant({Channel::zalo, kOfficer, roles::Role::officer, {"son-la", "03721"}},
                              std::chrono::system_clock::now());
  }
  start();
  auto last_text_to = [&](const std::string& user) {
    const auto d = delivered_to(user);
    return d.empty() ? std::string() : d.back()["message"]["text"].get<std::string>();
  };
  auto code_for = [&]() {
    const std::size_t before = delivered_to(kOfficer).size();
    EXPECT_EQ(zalo_says(kOfficer, "/mato Thuận Châu").status, 200);
    EXPECT_TRUE(wait_until([&] { return delivered_to(kOfficer).size() == before + 1; }));
    const std::string text = last_text_to(kOfficer);
    const auto pos = text.find("TO-");
    EXPECT_NE(pos, std::string::npos) << text;
    return pos == std::string::npos ? std::string() : text.substr(pos, 9);
  };
  const std::string code = code_for();
  ASSERT_EQ(zalo_says(kMember, code).status, 200);
  ASSERT_TRUE(wait_until([&] { return delivered_to(kMember).size() == 1; }));
  EXPECT_NE(last_text_to(kMember).find("Bạn đã vào Tổ CNSCĐ xã Thuận Châu"), std::string::npos) << last_text_to(kMember);
  EXPECT_EQ(sql_one(db(), "SELECT province || '/' || commune FROM group_links WHERE channel = 'zalo' AND chat_id = '" +
                              std::string(kMember) + "'"),
            "son-la/03721");

  ASSERT_EQ(zalo_says(kMember, "/baocao hd 12 buoi 1").status, 200);
  ASSERT_TRUE(wait_until([&] { return delivered_to(kMember).size() == 2; }));
  EXPECT_NE(last_text_to(kMember).find("xã Thuận Châu"), std::string::npos) << last_text_to(kMember);
  EXPECT_EQ(sql_one(db(), "SELECT count(*) FROM reports WHERE commune = '03721'"), "1");

  // A second member whose 7-day window has closed by the time a citizen asks.
  ASSERT_EQ(zalo_says(kLate, code_for()).status, 200);
  ASSERT_TRUE(wait_until([&] { return delivered_to(kLate).size() == 1 && outbox_settled(); }));
  zalo_.set_outside_window(kLate);

  // A citizen asks for help (button clicks come back as their payload's text, B3).
  for (const char* step : {"/start", "menu:team", "Thuận Châu", "Tôi quên mật khẩu VNeID"}) {
    const std::size_t before = delivered_to(kCitizen).size();
    ASSERT_EQ(zalo_says(kCitizen, step).status, 200);
    ASSERT_TRUE(wait_until([&] { return delivered_to(kCitizen).size() > before && outbox_settled(); })) << step;
  }
  ASSERT_EQ(zalo_says(kCitizen, "Bà Lan").status, 200);  // Zalo OA gives no name: asked for one
  ASSERT_TRUE(wait_until([&] { return delivered_to(kMember).size() == 3; }));
  const json notice = delivered_to(kMember).back();
  EXPECT_NE(notice["message"]["text"].get<std::string>().find("Yêu cầu hỗ trợ HT1"), std::string::npos) << notice.dump();
  EXPECT_EQ(notice["message"]["attachment"]["payload"]["buttons"][0]["payload"], "tk:claim:1");
  const std::string late_row = " FROM outbox WHERE channel = 'zalo' AND chat_id = '" + std::string(kLate) + "'" +
                               " AND status = 'parked'";
  ASSERT_TRUE(wait_until([&] { return sql_one(db(), "SELECT count(*)" + late_row) == "1"; }));

  // The member takes it from the private chat; the citizen is told who.
  const std::size_t citizen_before = delivered_to(kCitizen).size();
  ASSERT_EQ(zalo_says(kMember, "tk:claim:1").status, 200);
  // Both replies go through the outbox on their own lanes, in no fixed order: wait for each.
  ASSERT_TRUE(wait_until([&] { return delivered_to(kCitizen).size() > citizen_before; }));
  EXPECT_TRUE(wait_until([&] { return last_text_to(kMember).find("đã nhận HT1") != std::string::npos; }))
      << last_text_to(kMember);

  // The late member writes again: the parked notice goes out then (the outbox's rule).
  zalo_.set_outside_window(kLate, false);
  ASSERT_EQ(zalo_says(kLate, "/help").status, 200);
  ASSERT_TRUE(wait_until([&] {
    for (const auto& m : delivered_to(kLate)) {
      if (m["message"]["text"].get<std::string>().find("Yêu cầu hỗ trợ HT1") != std::string::npos) return true;
    }
    return false;
  }));
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

// Issue 19 item 3: an empty long poll answers HTTP 200 {"ok":false,"error_code":408}. That is
// "no updates": the next poll goes out at once, with no back-off, and a message sent while
// the bot is idle is answered promptly.
TEST_F(ZaloChannelsTest, BotPlatformEmpty408PollsAreNotFailures) {
  fakes::FakeZaloBotOptions o = testing::FakePlatforms::bot_options();
  o.max_long_poll = 150ms;  // the real platform holds a poll ~25 s; short here so idle polls pile up
  fakes::FakeZaloBot polled(o);
  Config c = config();
  c.zalobot.api_base = polled.base_url();
  c.zalobot.mode = "polling";
  start(c);
  // Twelve empty polls in a row: with a back-off (1, 2, 4 s...) this would take ~half a minute.
  ASSERT_TRUE(polled.wait_for_calls("getUpdates", 12, 6s)) << polled.calls("getUpdates").size();
  const auto polls = polled.calls("getUpdates");
  for (std::size_t i = 1; i < polls.size(); ++i) {
    EXPECT_LT(polls[i].time - polls[i - 1].time, 900ms) << "gap before poll " << i;
  }
  const auto sent_at = std::chrono::steady_clock::now();
  polled.push_text("8f2a61c0b9d4e7a35c11", "8f2a61c0b9d4e7a35c11", "Bà Lan", "/help");
  ASSERT_TRUE(polled.wait_for_calls("sendMessage", 1, kDeadline));
  EXPECT_LT(polled.calls("sendMessage")[0].time - sent_at, 2s);
  const auto sent = polled.sent_messages();
  ASSERT_EQ(sent.size(), 1u);
  EXPECT_TRUE(sent[0]["chat_id"].is_string());
  EXPECT_EQ(sent[0]["chat_id"], "8f2a61c0b9d4e7a35c11");
  EXPECT_NE(sent[0]["text"].get<std::string>().find("Cách dùng trợ lý"), std::string::npos);
  stop();
  EXPECT_TRUE(polled.spec_violations().empty());
}

// String chat ids only, even when they look like numbers; getMe says the bot cannot join groups.
TEST_F(ZaloChannelsTest, BotPlatformSendsAllDigitChatIdsAsStrings) {
  start();
  ASSERT_EQ(post_bot(bot_update("1234567890", "1234567890", "/help")).status, 200);
  ASSERT_TRUE(bot_.wait_for_calls("sendMessage", 1, kDeadline));
  const auto sent = bot_.sent_messages();
  ASSERT_EQ(sent.size(), 1u);
  EXPECT_TRUE(sent[0]["chat_id"].is_string()) << sent[0].dump();
  ASSERT_TRUE(wait_until([&] { return outbox_settled(); }));
  EXPECT_EQ(sql_one(db(), "SELECT count(*) FROM outbox WHERE status <> 'sent'"), "0");
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
  EXPECT_EQ(zalo_.delivered_cs_messages().size(), 2u);  // the menu in two messages of at most 4 buttons
  EXPECT_EQ(bot_.sent_messages().size(), 1u);
  EXPECT_TRUE(telegram_.spec_violations().empty()) << ::testing::PrintToString(telegram_.spec_violations());
}

}  // namespace
}  // namespace hocvuso
