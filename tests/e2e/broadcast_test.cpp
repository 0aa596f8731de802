// Broadcasts end to end: the real service, its admin API over real sockets, and the
// fakes of Telegram (enforcing its send limits with 429) and Zalo OA as platforms.
#include <gtest/gtest.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <iostream>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "bot/app/service.hpp"
#include "bot/outbox/rate_limit.hpp"
#include "bot/store/store.hpp"
#include "fakes/fake_telegram.hpp"
#include "fakes/fake_zalo.hpp"
#include "flows/broadcast/broadcast_store.hpp"
#include "flows/broadcast/templates.hpp"
#include "flows/groups/group_store.hpp"
#include "support/e2e_helpers.hpp"
#include "support/raw_http.hpp"
#include "support/temp_dir.hpp"
#include "support/test_backend.hpp"
#include "support/test_threads.hpp"

namespace hocvuso {
namespace {

using nlohmann::json;
using testing::RawConnection;
using testing::RawResponse;
using testing::sql_one;
using namespace std::chrono_literals;
namespace bc = broadcast;

constexpr int kTelegramRate = 2000;  // messages/s, configured and enforced by the fake alike
constexpr const char* kSecret = "s3cret";
constexpr const char* kZaloCs = "/v3.0/oa/message/cs";

fakes::FakeTelegramOptions limited(double per_second) {
  fakes::FakeTelegramOptions o;
  o.enforce_limits = true;
  o.limits.overall_per_second = per_second;
  return o;
}

class BroadcastTest : public ::testing::Test {
 protected:
  explicit BroadcastTest(int telegram_rate = kTelegramRate) : BroadcastTest(telegram_rate, limited(telegram_rate)) {}
  BroadcastTest(int telegram_rate, fakes::FakeTelegramOptions fake) : rate_(telegram_rate), tg_(std::move(fake)) {}
  void TearDown() override {
    if (service_) service_->shutdown();
    EXPECT_TRUE(tg_.spec_violations().empty()) << ::testing::PrintToString(tg_.spec_violations());
  }

  std::filesystem::path db() const { return dir_ / "broadcast.db"; }

  void start() {
    Config c;
    c.listen_port = 0;
    c.db = db();
    c.content = std::filesystem::path(HOCVUSO_SOURCE_DIR) / "content";
    c.shutdown_grace_seconds = 1;
    c.log_level = "warn";
    c.telegram.token = tg_.token();
    c.telegram.webhook_secret = kSecret;
    c.telegram.api_base = tg_.base_url();
    c.telegram.bot_username = "hocvuso_bot";
    c.telegram.max_per_second = rate_;
    c.zalo.app_id = "3608465248940903967";
    c.zalo.oa_secret = "oa-secret";
    c.zalo.app_secret = "fake-app-secret-key";
    c.zalo.access_token = zalo_.access_token();
    c.zalo.refresh_token = zalo_.refresh_token();
    c.zalo.api_base = zalo_.base_url();
    c.zalo.oauth_base = zalo_.base_url();
    c.zalo.max_per_second = 2000;
    c.broadcast_require_approval = approval_ ? 1 : 0;
    c.threads = testing::test_threads();
    service_ = std::make_unique<Service>(testing::use_test_backend(c));
    port_ = service_->start();
  }

  // Chats the bot knows, written before the service starts: telegram ids from 1000,
  // zalo ids "z<n>". `subscribe` false writes an explicit opt-out.
  void seed(Channel channel, int from, int count, bool subscribe, const std::string& commune = "") {
    auto opened = testing::open_test_store(db());
    Store& store = *opened;
    store.begin();
    auto& bs = bc::BroadcastStore::of(store);
    const auto now = std::chrono::system_clock::now();
    for (int i = from; i < from + count; ++i) {
      const ChatRef chat{channel, channel == Channel::zalo ? "z" + std::to_string(i) : std::to_string(1000 + i)};
      store.touch_chat(chat, ChatType::private_chat, "", now);
      bs.set_subscription(chat, subscribe, commune, "", now);
    }
    store.commit();
  }
  std::string token(const bc::Scope& scope) {
    auto opened = testing::open_test_store(db());
    Store& store = *opened;
    return bc::BroadcastStore::of(store).create_token(scope, std::chrono::system_clock::now());
  }

  RawResponse call(const std::string& method, const std::string& path, const std::string& token,
                   const std::string& body = "") {
    std::string req = method + " " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n";
    if (!token.empty()) req += "Authorization: Bearer " + token + "\r\n";
    req += "Content-Type: application/json\r\nContent-Length: " + std::to_string(body.size()) + "\r\n\r\n" + body;
    RawConnection c(port_);
    c.send(req);
    return c.read_response();
  }
  RawResponse post_broadcast(const std::string& token, const json& target,
                             const std::string& text = "Giả danh công an gọi điện đòi mã OTP.") {
    return call("POST", "/api/v1/broadcasts", token,
                json{{"text", text}, {"severity", "warning"}, {"target", target}}.dump());
  }
  json progress(const std::string& token, std::int64_t id) {
    return json::parse(call("GET", "/api/v1/broadcasts/" + std::to_string(id), token).body);
  }

  // Recipients (chat ids) of every delivered message on both platforms, with repeats.
  std::multiset<std::string> delivered() const {
    std::multiset<std::string> out;
    for (const auto& m : tg_.delivered_messages()) out.insert(m["chat"]["id"].dump());
    for (const auto& m : zalo_.delivered_cs_messages()) out.insert(m["recipient"]["user_id"].get<std::string>());
    return out;
  }
  bool settled() const { return sql_one(db(), "SELECT count(*) FROM outbox WHERE status = 'pending'") == "0"; }

  int rate_;
  bool approval_ = false;
  testing::TempDir dir_;
  fakes::FakeTelegram tg_;
  fakes::FakeZalo zalo_;
  std::unique_ptr<Service> service_;
  std::uint16_t port_ = 0;
};

TEST_F(BroadcastTest, TenThousandRecipientsOnTwoPlatformsGetItExactlyOnceWithoutA429) {
  HOCVUSO_SKIP_ON_POSTGRES("the cluster test sends 10,000 through three nodes there");
  seed(Channel::telegram, 0, 5000, true);
  seed(Channel::zalo, 0, 5000, true);
  seed(Channel::telegram, 9000, 3, false);  // opted out: never messaged
  seed(Channel::zalo, 9000, 3, false);
  start();
  const std::string admin = token({bc::Role::admin, "", ""});
  const auto began = std::chrono::steady_clock::now();
  const auto created = post_broadcast(admin, {{"scope", "all"}});
  ASSERT_EQ(created.status, 202) << created.body;
  const json body = json::parse(created.body);
  EXPECT_EQ(body["recipients"], 10000);
  const std::int64_t id = body["id"];

  ASSERT_TRUE(tg_.wait_for_calls("sendMessage", 5000, 120s));
  ASSERT_TRUE(zalo_.wait_for_calls(kZaloCs, 5000, 120s));
  ASSERT_TRUE(testing::wait_until([&] { return settled(); }, 30s));
  std::cout << "[ figures  ] 10,000 delivered in "
            << std::chrono::duration<double>(std::chrono::steady_clock::now() - began).count() << " s\n";

  const auto got = delivered();
  EXPECT_EQ(got.size(), 10000u);
  EXPECT_EQ(std::set<std::string>(got.begin(), got.end()).size(), 10000u) << "someone got it twice";
  EXPECT_EQ(tg_.sent_messages().size(), tg_.delivered_messages().size()) << "Telegram answered 429";
  for (int i = 9000; i < 9003; ++i) {
    EXPECT_FALSE(got.contains(std::to_string(1000 + i)));
    EXPECT_FALSE(got.contains("z" + std::to_string(i)));
  }
  const std::string text = tg_.delivered_messages().front()["text"];
  EXPECT_NE(text.find("CẢNH BÁO LỪA ĐẢO"), std::string::npos);
  EXPECT_NE(text.find("/canhbao tat"), std::string::npos);

  ASSERT_TRUE(testing::wait_until([&] { return progress(admin, id)["complete"] == true; }));
  const json p = progress(admin, id);
  EXPECT_EQ(p["queued"], 10000);
  EXPECT_EQ(p["sent"], 10000);
  EXPECT_EQ(p["failed"], 0);
  EXPECT_EQ(p["blocked"], 0);
}

TEST_F(BroadcastTest, TokensAndScopesDecideWhoMaySendWhereAndWhoMayLook) {
  seed(Channel::telegram, 0, 3, true, "03721");
  seed(Channel::telegram, 10, 2, true, "muong la");
  start();
  const std::string admin = token({bc::Role::admin, "", ""});
  const std::string officer = token({bc::Role::officer, "son-la", "03721"});
  const json own = {{"scope", "communes"}, {"communes", {"Xã Thuận Châu"}}};

  EXPECT_EQ(post_broadcast("", own).status, 401);
  EXPECT_EQ(post_broadcast("hvs_not-a-token", own).status, 401);
  EXPECT_EQ(post_broadcast(officer, {{"scope", "all"}}).status, 403);
  EXPECT_EQ(post_broadcast(officer, {{"scope", "communes"}, {"communes", {"Mường La"}}}).status, 403);
  const auto bad = post_broadcast(officer, own, "");
  EXPECT_EQ(bad.status, 400);
  EXPECT_NE(bad.body.find("missing_text"), std::string::npos);

  const auto mine = post_broadcast(officer, own);
  ASSERT_EQ(mine.status, 202) << mine.body;
  EXPECT_EQ(json::parse(mine.body)["recipients"], 3);
  tg_.block_chat(1011);  // blocked the bot: tried once, counted as blocked, chat marked inactive
  const auto everyone = post_broadcast(admin, {{"scope", "subscribers"}});
  ASSERT_EQ(everyone.status, 202);
  const std::int64_t everyone_id = json::parse(everyone.body)["id"];
  EXPECT_EQ(call("GET", "/api/v1/broadcasts/" + std::to_string(everyone_id), officer).status, 403);
  EXPECT_EQ(call("POST", "/api/v1/broadcasts/" + std::to_string(everyone_id) + "/cancel", officer).status, 403);
  EXPECT_EQ(call("GET", "/api/v1/broadcasts/999", admin).status, 404);
  EXPECT_EQ(call("GET", "/api/v1/broadcasts/" + std::to_string(everyone_id), "").status, 401);

  ASSERT_TRUE(tg_.wait_for_calls("sendMessage", 8, 30s));
  ASSERT_TRUE(testing::wait_until([&] { return settled(); }));
  const auto got = delivered();
  EXPECT_EQ(got.count("1000"), 2u);  // the commune's warning and everyone's
  EXPECT_EQ(got.count("1010"), 1u);
  EXPECT_EQ(got.count("1011"), 0u);
  ASSERT_TRUE(testing::wait_until([&] { return progress(admin, everyone_id)["complete"] == true; }));
  EXPECT_EQ(progress(admin, everyone_id)["blocked"], 1);
  EXPECT_EQ(progress(admin, everyone_id)["sent"], 4);
  EXPECT_EQ(sql_one(db(), "SELECT active FROM chats WHERE chat_id = '1011'"), "0");
  EXPECT_EQ(sql_one(db(), "SELECT count(*) FROM broadcast_audit WHERE action = 'refused'"), "2");
}

TEST_F(BroadcastTest, WithApprovalOnAProvinceWarningWaitsForASecondOfficer) {
  approval_ = true;
  seed(Channel::telegram, 0, 3, true, "03721");
  testing::exec_sql(db(), "UPDATE broadcast_subscriptions SET province = 'son-la'");
  start();
  const std::string author = token({bc::Role::officer, "son-la", ""});
  const std::string second = token({bc::Role::officer, "son-la", ""});
  const std::string other_province = token({bc::Role::officer, "ha noi", ""});
  const auto created = post_broadcast(author, {{"scope", "province"}, {"province", "Sơn La"}});
  ASSERT_EQ(created.status, 202) << created.body;
  EXPECT_EQ(json::parse(created.body)["status"], "awaiting_approval");
  const std::string approve = "/api/v1/broadcasts/" + json::parse(created.body)["id"].dump() + "/approve";
  EXPECT_EQ(call("POST", approve, author).status, 403);
  EXPECT_EQ(call("POST", approve, other_province).status, 403);
  EXPECT_EQ(tg_.call_count("sendMessage"), 0u);
  const auto approved = call("POST", approve, second);
  ASSERT_EQ(approved.status, 200) << approved.body;
  EXPECT_EQ(call("POST", approve, second).status, 409);
  ASSERT_TRUE(tg_.wait_for_calls("sendMessage", 3, 30s));
  // A commune-wide warning needs no second officer.
  const std::string commune = token({bc::Role::officer, "son-la", "03721"});
  const auto local = post_broadcast(commune, {{"scope", "communes"}, {"communes", {"Thuận Châu"}}});
  EXPECT_EQ(json::parse(local.body)["status"], "running");
  EXPECT_EQ(sql_one(db(), "SELECT count(*) FROM broadcast_audit WHERE action = 'approve'"), "1");
}

TEST_F(BroadcastTest, ATemplateFromContentGoesOutInPlaceOfText) {
  seed(Channel::telegram, 0, 2, true);
  start();
  const std::string admin = token({bc::Role::admin, "", ""});
  const json body = {{"template", "gia-cong-an"}, {"severity", "urgent"}, {"target", {{"scope", "subscribers"}}}};
  const auto created = call("POST", "/api/v1/broadcasts", admin, body.dump());
  ASSERT_EQ(created.status, 202) << created.body;
  const json unknown = {{"template", "khong-co"}, {"severity", "urgent"}, {"target", {{"scope", "subscribers"}}}};
  const auto refused = call("POST", "/api/v1/broadcasts", admin, unknown.dump());
  EXPECT_EQ(refused.status, 400);
  EXPECT_NE(refused.body.find("unknown_template"), std::string::npos);
  ASSERT_TRUE(tg_.wait_for_calls("sendMessage", 2, 30s));
  const auto content = service_->core().engine->content();
  const std::string text = content->get<bc::ScamTemplates>().find("gia-cong-an")->text;
  for (const auto& m : tg_.delivered_messages()) EXPECT_NE(m["text"].get<std::string>().find(text), std::string::npos);
}

class SlowBroadcastTest : public BroadcastTest {
 protected:
  SlowBroadcastTest() : BroadcastTest(50) {}
};

TEST_F(SlowBroadcastTest, CancelStopsTheRestAndEveryDeliveryIsAccountedFor) {
  seed(Channel::telegram, 0, 2000, true);
  start();
  const std::string admin = token({bc::Role::admin, "", ""});
  const auto created = post_broadcast(admin, {{"scope", "subscribers"}});
  ASSERT_EQ(created.status, 202);
  const std::int64_t id = json::parse(created.body)["id"];
  ASSERT_TRUE(tg_.wait_for_calls("sendMessage", 20, 30s));
  const auto cancelled = call("POST", "/api/v1/broadcasts/" + std::to_string(id) + "/cancel", admin);
  ASSERT_EQ(cancelled.status, 200) << cancelled.body;
  EXPECT_EQ(json::parse(cancelled.body)["status"], "cancelled");
  EXPECT_EQ(call("POST", "/api/v1/broadcasts/" + std::to_string(id) + "/cancel", admin).status, 409);
  // Nothing waits any more, so the sender has nothing left to start.
  EXPECT_TRUE(settled());

  // Messages already handed to the sender may still land; once they have, the fake
  // saw exactly what the outbox counts as sent, and that is far from everyone.
  ASSERT_TRUE(testing::wait_until(
      [&] { return progress(admin, id)["sent"].get<std::size_t>() == tg_.delivered_messages().size(); }, 10s));
  const json p = progress(admin, id);
  EXPECT_LT(p["sent"].get<int>(), 2000);
  EXPECT_GT(p["cancelled"].get<int>(), 0);
  EXPECT_EQ(p["pending"], 0);
  EXPECT_EQ(p["sent"].get<int>() + p["cancelled"].get<int>(), p["queued"].get<int>());
  EXPECT_TRUE(p["complete"].get<bool>());
  EXPECT_EQ(sql_one(db(), "SELECT status FROM broadcasts WHERE id = " + std::to_string(id)), "cancelled");
}

TEST_F(BroadcastTest, CitizensSubscribeWithTheirCommuneInChatAndUnsubscribingStopsTheNextWarning) {
  start();
  const auto say = [&](std::int64_t chat, const std::string& text) {
    static std::int64_t update = 700000;
    const json person = {{"id", chat}, {"is_bot", false}, {"first_name", "Lan"}};
    json m = {{"message_id", update},
              {"from", person},
              {"chat", {{"id", chat}, {"first_name", "Lan"}, {"type", "private"}}},
              {"date", 1631818904},
              {"text", text},
              {"entities", json::array({{{"offset", 0}, {"length", text.find(' ')}, {"type", "bot_command"}}})}};
    return testing::post_json(port_, "/webhook/telegram", json{{"update_id", ++update}, {"message", m}}.dump(),
                              {{"X-Telegram-Bot-Api-Secret-Token", kSecret}});
  };
  ASSERT_EQ(say(501, "/canhbao bat Thuận Châu, Sơn La").status, 200);
  ASSERT_EQ(say(502, "/canhbao bat Mường La, Sơn La").status, 200);
  ASSERT_TRUE(tg_.wait_for_calls("sendMessage", 2, 10s));
  ASSERT_TRUE(testing::wait_until([&] { return settled(); }));

  const std::string officer = token({bc::Role::officer, "son-la", "03721"});
  ASSERT_EQ(post_broadcast(officer, {{"scope", "communes"}, {"communes", {"thuan chau"}}}, "Lần một").status, 202);
  ASSERT_TRUE(tg_.wait_for_calls("sendMessage", 3, 10s));
  ASSERT_EQ(say(501, "/canhbao tat").status, 200);
  ASSERT_TRUE(tg_.wait_for_calls("sendMessage", 4, 10s));
  const auto second = post_broadcast(officer, {{"scope", "communes"}, {"communes", {"thuan chau"}}}, "Lần hai");
  ASSERT_EQ(second.status, 202);
  EXPECT_EQ(json::parse(second.body)["recipients"], 0);
  ASSERT_TRUE(testing::wait_until([&] {
    return sql_one(db(), "SELECT count(*) FROM broadcasts WHERE status = 'done'") == "2";
  }));
  ASSERT_TRUE(testing::wait_until([&] { return settled(); }));
  std::vector<std::string> to_501;
  for (const auto& m : tg_.delivered_messages()) {
    if (m["chat"]["id"] == 501) to_501.push_back(m["text"]);
    if (m["chat"]["id"] == 502) {
      EXPECT_EQ(m["text"].get<std::string>().find("Lần"), std::string::npos) << "another commune's warning";
    }
  }
  ASSERT_EQ(to_501.size(), 3u);  // subscribed, the first warning, unsubscribed
  EXPECT_NE(to_501[1].find("Lần một"), std::string::npos);
  EXPECT_EQ(std::count_if(to_501.begin(), to_501.end(),
                          [](const std::string& t) { return t.find("Lần hai") != std::string::npos; }),
            0);
}

// issue 16: a commune and then a province target over both fakes, counted exactly: team groups linked to
// the commune (a Telegram group, a Zalo OA group), a member who joined a team by code (private), subscribers
// by place on both platforms, the subscriber who turned warnings off, a group that sent /canhbao tat, and
// chats of another commune and another province. The answer's counts per kind and platform, GET's, and what
// each fake delivered agree.
TEST_F(BroadcastTest, CommuneAndProvinceTargetsReachExactlyTheirGroupsMembersAndSubscribersOnBothPlatforms) {
  {
    auto opened = testing::open_test_store(db());
    Store& store = *opened;
    store.begin();
    auto& bs = bc::BroadcastStore::of(store);
    auto& gs = groups::GroupStore::of(store);
    const auto now = std::chrono::system_clock::now();
    const auto chat = [&](Channel channel, const std::string& id, ChatType type) {
      store.touch_chat({channel, id}, type, "", now);
      return ChatRef{channel, id};
    };
    const groups::GroupLink thuan_chau{"son-la", "03721"}, long_sap{"son-la", "04045"};
    gs.set_link(chat(Channel::telegram, "-1001", ChatType::group), thuan_chau, "admin", now);
    gs.set_link(chat(Channel::zalo, "g-thuanchau", ChatType::group), thuan_chau, "admin", now);
    gs.set_link(chat(Channel::telegram, "2001", ChatType::private_chat), thuan_chau, "admin", now);  // by team code
    bs.set_subscription(chat(Channel::telegram, "3001", ChatType::private_chat), true, "03721", "son-la", now);
    bs.set_subscription(chat(Channel::zalo, "z3002", ChatType::private_chat), true, "03721", "son-la", now);
    bs.set_subscription(chat(Channel::telegram, "3003", ChatType::private_chat), false, "03721", "son-la", now);
    gs.set_link(chat(Channel::telegram, "-1002", ChatType::group), long_sap, "admin", now);
    gs.set_link(chat(Channel::zalo, "g-longsap-off", ChatType::group), long_sap, "admin", now);
    bs.set_subscription({Channel::zalo, "g-longsap-off"}, false, "", "", now);  // /canhbao tat in the group
    bs.set_subscription(chat(Channel::zalo, "z3004", ChatType::private_chat), true, "04045", "son-la", now);
    bs.set_subscription(chat(Channel::telegram, "3005", ChatType::private_chat), true, "04465", "lao-cai", now);
    store.commit();
  }
  start();
  const std::string officer = token({bc::Role::officer, "son-la", ""});
  // Who got the warning with `word` in it: "telegram:<id>", "zalo:<id>", "zalo-group:<id>".
  const auto reached = [&](const std::string& word) {
    std::multiset<std::string> out;
    const auto has = [&](const json& text) { return text.get<std::string>().find(word) != std::string::npos; };
    for (const auto& m : tg_.delivered_messages()) {
      if (has(m["text"])) out.insert("telegram:" + m["chat"]["id"].dump());
    }
    for (const auto& m : zalo_.delivered_cs_messages()) {
      if (has(m["message"]["text"])) out.insert("zalo:" + m["recipient"]["user_id"].get<std::string>());
    }
    for (const auto& m : zalo_.delivered_group_messages()) {
      if (has(m["message"]["text"])) out.insert("zalo-group:" + m["recipient"]["group_id"].get<std::string>());
    }
    return out;
  };
  const auto finished = [&](std::int64_t id) {
    return testing::wait_until([&] {
      return sql_one(db(), "SELECT status FROM broadcasts WHERE id = " + std::to_string(id)) == "done" && settled();
    });
  };

  const auto commune = post_broadcast(officer, {{"scope", "communes"}, {"communes", {"Thuận Châu"}}}, "Lần một");
  ASSERT_EQ(commune.status, 202) << commune.body;
  const json c = json::parse(commune.body);
  EXPECT_EQ(c["recipients"], 5);
  EXPECT_EQ(c["by_kind"], json::parse(R"({"groups":2,"private":3})"));
  EXPECT_EQ(c["by_platform"], json::parse(R"({"telegram":{"groups":1,"private":2},"zalo":{"groups":1,"private":1}})"));
  EXPECT_EQ(c["left_out"], json::parse(R"({"groups":0,"private":1})"));
  ASSERT_TRUE(finished(c["id"]));
  EXPECT_EQ(reached("Lần một"), (std::multiset<std::string>{"telegram:-1001", "telegram:2001", "telegram:3001",
                                                             "zalo:z3002", "zalo-group:g-thuanchau"}));
  const json got = progress(officer, c["id"]);
  EXPECT_EQ(got["sent"], 5);
  EXPECT_EQ(got["recipients"], 5);
  EXPECT_EQ(got["by_platform"], c["by_platform"]);
  EXPECT_EQ(got["left_out"], c["left_out"]);

  const auto province = post_broadcast(officer, {{"scope", "province"}, {"province", "Sơn La"}}, "Lần hai");
  ASSERT_EQ(province.status, 202) << province.body;
  const json p = json::parse(province.body);
  EXPECT_EQ(p["recipients"], 7);
  EXPECT_EQ(p["by_kind"], json::parse(R"({"groups":3,"private":4})"));
  EXPECT_EQ(p["by_platform"], json::parse(R"({"telegram":{"groups":2,"private":2},"zalo":{"groups":1,"private":2}})"));
  EXPECT_EQ(p["left_out"], json::parse(R"({"groups":1,"private":1})"));
  ASSERT_TRUE(finished(p["id"]));
  EXPECT_EQ(reached("Lần hai"),
            (std::multiset<std::string>{"telegram:-1001", "telegram:-1002", "telegram:2001", "telegram:3001",
                                        "zalo:z3002", "zalo:z3004", "zalo-group:g-thuanchau"}));
  EXPECT_EQ(progress(officer, p["id"])["sent"], 7);
}

// Telegram counting exactly `per_second` sends in any sliding second (and 20 a minute per group).
fakes::FakeTelegramOptions sliding(int per_second) {
  fakes::FakeTelegramOptions o;
  o.sliding_window_per_second = per_second;
  return o;
}

// issue 16: with `max_per_second` = 300 against a Telegram that counts exactly 300 in any sliding second,
// 1,500 people subscribing at once (1,500 confirmations, from the first second after the start; posted over ten
// connections side by side) and then a
// warning to the 1,500 of them draw no 429 at all.
class SlidingWindowBroadcastTest : public BroadcastTest {
 protected:
  SlidingWindowBroadcastTest() : BroadcastTest(300, sliding(300)) {}
};

TEST_F(SlidingWindowBroadcastTest, FifteenHundredConfirmationsThenAWarningToThemDrawNo429) {
  constexpr int kPeople = 1500;
  start();
  const auto subscribe = [&](int i) {
    const std::int64_t chat = 20000 + i, update = 910000 + i;
    const json person = {{"id", chat}, {"is_bot", false}, {"first_name", "Lan"}};
    const std::string text = "/canhbao bat Thuận Châu, Sơn La";
    const json m = {{"message_id", update},
                    {"from", person},
                    {"chat", {{"id", chat}, {"first_name", "Lan"}, {"type", "private"}}},
                    {"date", 1631818904},
                    {"text", text},
                    {"entities", json::array({{{"offset", 0}, {"length", 8}, {"type", "bot_command"}}})}};
    return testing::post_json(port_, "/webhook/telegram", json{{"update_id", update}, {"message", m}}.dump(),
                              {{"X-Telegram-Bot-Api-Secret-Token", kSecret}});
  };
  // At once, as Telegram delivers a crowd: ten connections posting side by side.
  constexpr int kConnections = 10;
  std::atomic<int> refused{0};
  std::vector<std::thread> posters;
  for (int k = 0; k < kConnections; ++k) {
    posters.emplace_back([&, k] {
      for (int i = k; i < kPeople; i += kConnections) {
        if (subscribe(i).status != 200) ++refused;
      }
    });
  }
  for (auto& t : posters) t.join();
  ASSERT_EQ(refused, 0);
  ASSERT_TRUE(tg_.wait_for_calls("sendMessage", kPeople, 60s));
  ASSERT_TRUE(testing::wait_until([&] { return settled(); }, 30s));
  EXPECT_EQ(tg_.rate_refusals(), 0u) << "the confirmations went above 300 in some second";

  const auto created = post_broadcast(token({bc::Role::admin, "", ""}), {{"scope", "all"}});
  ASSERT_EQ(created.status, 202) << created.body;
  EXPECT_EQ(json::parse(created.body)["recipients"], kPeople);
  ASSERT_TRUE(tg_.wait_for_calls("sendMessage", 2 * kPeople, 60s));
  ASSERT_TRUE(testing::wait_until([&] { return settled(); }, 30s));
  const auto got = delivered();
  EXPECT_EQ(got.size(), 2u * kPeople);
  EXPECT_EQ(std::set<std::string>(got.begin(), got.end()).size(), static_cast<std::size_t>(kPeople));
  std::cout << "[ figures  ] " << 2 * kPeople << " messages at 300/s, " << tg_.rate_refusals()
            << " answers of 429\n";
  EXPECT_EQ(tg_.rate_refusals(), 0u) << "the warning went above 300 in some second";
}

// The real binary, killed with SIGKILL halfway through a broadcast and started again, against a
// Telegram that answers 429 past 300 sends in any sliding second.
class KilledBroadcastTest : public BroadcastTest {
 protected:
  KilledBroadcastTest() : BroadcastTest(300, sliding(300)) {}
  void TearDown() override {
    if (child_ > 0) {
      ::kill(child_, SIGKILL);
      ::waitpid(child_, nullptr, 0);
    }
    BroadcastTest::TearDown();
  }
  void spawn() {
    std::vector<std::string> env = {
        testing::database_env(db()),
        "HOCVUSO_CONTENT=" + (std::filesystem::path(HOCVUSO_SOURCE_DIR) / "content").string(),
        "HOCVUSO_LISTEN=127.0.0.1:0",
        "HOCVUSO_LOG_LEVEL=warn",
        "HOCVUSO_TELEGRAM_TOKEN=" + tg_.token(),
        "HOCVUSO_TELEGRAM_WEBHOOK_SECRET=" + std::string(kSecret),
        "HOCVUSO_TELEGRAM_API_BASE=" + tg_.base_url(),
        "HOCVUSO_TELEGRAM_BOT_USERNAME=hocvuso_bot",
        "HOCVUSO_TELEGRAM_MAX_PER_SECOND=" + std::to_string(rate_),
        "HOCVUSO_THREADS=" + std::to_string(testing::test_threads())};
    for (char** e = environ; *e != nullptr; ++e) {
      if (!std::string_view(*e).starts_with("HOCVUSO_")) env.emplace_back(*e);
    }
    std::vector<char*> envp;
    for (auto& e : env) envp.push_back(e.data());
    envp.push_back(nullptr);
    std::string bin = HOCVUSO_BINARY, serve = "serve";
    char* argv[] = {bin.data(), serve.data(), nullptr};
    ASSERT_EQ(::posix_spawn(&child_, bin.c_str(), nullptr, nullptr, argv, envp.data()), 0);
  }
  pid_t child_ = 0;
};

TEST_F(KilledBroadcastTest, KillMinus9HalfwayThenRestartReachesEveryoneRepeatingAtMostTheInFlightWindow) {
  HOCVUSO_SKIP_ON_POSTGRES("the cluster test kills a node there; a node restarted alone waits out its lease");
  constexpr int kRecipients = 1500;
  // Sent but not yet recorded as sent when the process died: at most the chats the
  // sender serves at once (one channel here), sized from the rate: 60 at 300/s.
  const std::size_t kInFlightWindow = outbox::in_flight_limit(rate_);
  ASSERT_EQ(kInFlightWindow, 60u);
  seed(Channel::telegram, 0, kRecipients, true);
  {
    auto opened = testing::open_test_store(db());
    Store& store = *opened;
    bc::BroadcastStore::of(store).create({"token:1", "Cảnh báo", "warning", "", {"all", "", {}}},
                                     std::chrono::system_clock::now());
  }
  spawn();
  ASSERT_TRUE(tg_.wait_for_calls("sendMessage", kRecipients / 3, 60s));
  ::kill(child_, SIGKILL);
  ::waitpid(child_, nullptr, 0);
  child_ = 0;
  const auto before_restart = tg_.delivered_messages().size();
  EXPECT_LT(before_restart, static_cast<std::size_t>(kRecipients)) << "finished before the kill: no test";
  // Issue 13, item 5: the rows still pending when the process died. Only these may be
  // sent again; a row recorded as sent never is. (A repeat can show both copies after
  // the restart: the platform may serve the dead process's last requests late, after
  // the restarted service has sent and marked the row already.)
  std::set<std::string> unmarked_at_kill;
  for (const auto& row : testing::sql(db(), "SELECT chat_id FROM outbox WHERE status = 'pending'")) {
    unmarked_at_kill.insert(row[0]);
  }

  spawn();
  ASSERT_TRUE(testing::wait_until(
      [&] {
        const auto got = delivered();
        return std::set<std::string>(got.begin(), got.end()).size() == kRecipients;
      },
      120s));
  const auto got = delivered();
  const std::set<std::string> unique(got.begin(), got.end());
  EXPECT_EQ(unique.size(), static_cast<std::size_t>(kRecipients));
  EXPECT_LE(got.size() - unique.size(), kInFlightWindow);
  for (const auto& chat : unique) {
    if (got.count(chat) > 1) {
      EXPECT_TRUE(unmarked_at_kill.contains(chat)) << "chat " << chat << " was sent a row marked sent";
    }
  }
  std::cout << "[ figures  ] killed after " << before_restart << " of " << kRecipients << " delivered; "
            << got.size() - unique.size() << " repeated after the restart; " << tg_.rate_refusals()
            << " answers of 429\n";
  EXPECT_EQ(tg_.rate_refusals(), 0u) << "more than 300 in some second, before the kill or after the restart";
  EXPECT_EQ(tg_.sent_messages().size(), tg_.delivered_messages().size()) << "Telegram answered 429";
}

}  // namespace
}  // namespace hocvuso
