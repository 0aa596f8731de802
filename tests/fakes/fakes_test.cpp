// Talks to each fake over real sockets and checks that it speaks its platform's wire format, records and injects faults.
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <future>
#include <nlohmann/json.hpp>
#include <string>

#include "fakes/bot_api_spec.hpp"
#include "fakes/fake_telegram.hpp"
#include "fakes/fake_zalo.hpp"
#include "fakes/fake_zalobot.hpp"
#include "fakes/telegram_limits.hpp"
#include "support/raw_http.hpp"

namespace hocvuso::fakes {
namespace {

using json = nlohmann::json;
using hocvuso::testing::RawConnection;
using hocvuso::testing::RawResponse;
using namespace std::chrono_literals;

struct Reply {
  int status = 0;
  json body;
};

// One request on a fresh connection with a receive deadline (SO_RCVTIMEO).
Reply call(std::uint16_t port, const std::string& verb, const std::string& target, const std::string& body = {},
           const std::string& content_type = "application/json", const std::string& extra_headers = {}) {
  RawConnection c(port, 15);
  std::string req = verb + " " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n" + extra_headers;
  if (!body.empty() || verb == "POST") {
    req += "Content-Type: " + content_type + "\r\nContent-Length: " + std::to_string(body.size()) + "\r\n";
  }
  c.send(req + "\r\n" + body);
  const RawResponse r = c.read_response();
  return {r.status, json::parse(r.body, nullptr, false)};
}

Reply post_json(std::uint16_t port, const std::string& target, const json& body, const std::string& headers = {}) {
  return call(port, "POST", target, body.dump(), "application/json", headers);
}

std::string read_file(const std::string& path) {
  std::ifstream in(path);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

double seconds_since(std::chrono::steady_clock::time_point t) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t).count();
}

// ---------------------------------------------------------------- BotApiSpec

TEST(BotApiSpec, AcceptsValidCalls) {
  const auto spec = BotApiSpec::load();
  EXPECT_EQ(spec.version(), "Bot API 10.1");
  EXPECT_GT(spec.method_count(), 150u);
  const json send{{"chat_id", 5512345678},
                  {"text", "Câu 1"},
                  {"reply_markup", {{"inline_keyboard", {{{{"text", "A"}, {"callback_data", "q:12:A"}}}}}}},
                  {"reply_parameters", {{"message_id", 17}}},
                  {"entities", json::array()}};
  EXPECT_TRUE(spec.check_call("sendMessage", send).empty());
  EXPECT_TRUE(spec.check_call("SENDMESSAGE", {{"chat_id", "@hocvuso"}, {"text", "x"}}).empty());
  EXPECT_TRUE(spec.check_call("getMe", json::object()).empty());
  EXPECT_EQ(spec.canonical_name("getupdates"), "getUpdates");
}

TEST(BotApiSpec, ReportsEachKindOfViolation) {
  const auto spec = BotApiSpec::load();
  const auto has = [](const std::vector<std::string>& problems, const std::string& part) {
    for (const auto& p : problems)
      if (p.find(part) != std::string::npos) return true;
    return false;
  };
  EXPECT_TRUE(has(spec.check_call("sendMesage", {{"text", "x"}}), "unknown method"));
  EXPECT_TRUE(has(spec.check_call("sendMessage", {{"chat_id", 1}, {"text", "x"}, {"reply_to_message_id", 3}}),
                  "unknown parameter reply_to_message_id"));
  EXPECT_TRUE(has(spec.check_call("sendMessage", {{"chat_id", 1}}), "missing required parameter text"));
  EXPECT_TRUE(has(spec.check_call("sendMessage", {{"chat_id", 1}, {"text", 5}}), "parameter text should be String"));
  EXPECT_TRUE(has(spec.check_call("sendMessage", {{"chat_id", true}, {"text", "x"}}), "Integer or String"));
  EXPECT_TRUE(has(spec.check_call("sendMessage", {{"chat_id", 1}, {"text", "x"}, {"reply_markup", "[]"}}),
                  "parameter reply_markup"));
  EXPECT_TRUE(has(spec.check_call("sendMessage", {{"chat_id", 1}, {"text", "x"}, {"entities", json::object()}}),
                  "Array of MessageEntity"));
  EXPECT_TRUE(has(spec.check_call("getUpdates", {{"timeout", 1.5}}), "parameter timeout should be Integer"));
}

TEST(BotApiSpec, DecodesFormValuesByParameterType) {
  const auto spec = BotApiSpec::load();
  const auto p = spec.decode_form("sendMessage", {{"chat_id", "123"}, {"text", "42"}, {"disable_notification", "true"},
                                                  {"reply_markup", R"({"inline_keyboard":[]})"}});
  EXPECT_EQ(p["chat_id"], 123);
  EXPECT_EQ(p["text"], "42");
  EXPECT_EQ(p["disable_notification"], true);
  EXPECT_TRUE(p["reply_markup"].is_object());
  EXPECT_EQ(spec.decode_form("sendMessage", {{"chat_id", "@channel"}})["chat_id"], "@channel");
}

// ---------------------------------------------------------------- Telegram

class TelegramTest : public ::testing::Test {
 protected:
  std::string bot(const std::string& method) const { return "/bot" + tg.token() + "/" + method; }
  FakeTelegram tg;
};

TEST_F(TelegramTest, GetMeDescribesTheBot) {
  const auto r = call(tg.port(), "GET", bot("getMe"));
  ASSERT_EQ(r.status, 200);
  EXPECT_EQ(r.body["ok"], true);
  EXPECT_EQ(r.body["result"]["is_bot"], true);
  EXPECT_EQ(r.body["result"]["username"], "hocvuso_bot");
  EXPECT_TRUE(r.body["result"].contains("can_read_all_group_messages"));
  EXPECT_TRUE(r.body["result"].contains("supports_inline_queries"));
}

TEST_F(TelegramTest, SendMessageAnswersAMessageAndIsRecorded) {
  const auto a = post_json(tg.port(), bot("sendMessage"), {{"chat_id", 5512345678}, {"text", "Xin chào"}});
  const auto b = post_json(tg.port(), bot("sendmessage"), {{"chat_id", -1001987654321}, {"text", "Tổ"}});
  ASSERT_EQ(a.status, 200);
  EXPECT_EQ(a.body["result"]["chat"]["type"], "private");
  EXPECT_EQ(a.body["result"]["text"], "Xin chào");
  EXPECT_EQ(b.body["result"]["chat"]["type"], "supergroup");
  EXPECT_EQ(b.body["result"]["message_id"].get<int>(), a.body["result"]["message_id"].get<int>() + 1);
  ASSERT_EQ(tg.sent_messages().size(), 2u);
  EXPECT_EQ(tg.sent_messages()[1]["chat_id"], -1001987654321);
  EXPECT_EQ(tg.call_count("sendMessage"), 2u);
  EXPECT_EQ(tg.delivered_messages().size(), 2u);
  EXPECT_TRUE(tg.spec_violations().empty());
}

TEST_F(TelegramTest, FormAndQueryParametersAreDecoded) {
  const auto form = call(tg.port(), "POST", bot("sendMessage"), "chat_id=42&text=a+b%21",
                         "application/x-www-form-urlencoded");
  EXPECT_EQ(form.body["result"]["text"], "a b!");
  const auto query = call(tg.port(), "GET", bot("sendMessage") + "?chat_id=42&text=hi");
  EXPECT_EQ(query.body["result"]["chat"]["id"], 42);
  EXPECT_TRUE(tg.spec_violations().empty());
}

TEST_F(TelegramTest, WrongTokenAndUnknownMethod) {
  const auto unauthorized = post_json(tg.port(), "/bot123:wrong/getMe", json::object());
  EXPECT_EQ(unauthorized.status, 401);
  EXPECT_EQ(unauthorized.body, json::parse(R"({"ok":false,"error_code":401,"description":"Unauthorized"})"));
  const auto missing = post_json(tg.port(), bot("sendMesage"), json::object());
  EXPECT_EQ(missing.status, 404);
  EXPECT_EQ(missing.body, json::parse(R"({"ok":false,"error_code":404,"description":"Not Found"})"));
}

TEST_F(TelegramTest, SpecViolationsAreRecorded) {
  post_json(tg.port(), bot("sendMessage"), {{"chat_id", 1}, {"text", "x"}, {"disable_web_page_preview", true}});
  const auto v = tg.spec_violations();
  ASSERT_EQ(v.size(), 1u);
  EXPECT_NE(v[0].find("unknown parameter disable_web_page_preview"), std::string::npos);
}

TEST_F(TelegramTest, NestedReplyMarkupIsCheckedAsTheBotApiDefinesIt) {
  const auto send = [&](json markup) {
    post_json(tg.port(), bot("sendMessage"), {{"chat_id", 1}, {"text", "x"}, {"reply_markup", std::move(markup)}});
  };
  send({{"inline_keyboard", {{{{"text", "Học"}, {"callback_data", "menu:learn"}}}}}});
  send({{"remove_keyboard", true}});
  EXPECT_TRUE(tg.spec_violations().empty()) << ::testing::PrintToString(tg.spec_violations());
  send({{"inline_keyboard", {{{{"text", "Học"}}}}}});                                              // no action
  send({{"inline_keyboard", {{{{"text", ""}, {"callback_data", "a"}}}}}});                         // empty text
  send({{"inline_keyboard", {{{{"text", "a"}, {"callback_data", "a"}, {"url", "https://x"}}}}}});  // two actions
  send({{"inline_keyboard", {{{{"text", "a"}, {"callback", "a"}}}}}});                            // unknown field
  send({{"inline_keyboard", {{"not a button"}}}});
  send({{"inline_keyboard", {{"text", "a"}}}});                                                   // a row is not an array
  send({{"buttons", json::array()}});                                                             // no markup type
  const auto v = tg.spec_violations();
  EXPECT_GE(v.size(), 7u) << ::testing::PrintToString(v);
  for (const auto& one : v) EXPECT_NE(one.find("reply_markup"), std::string::npos) << one;
}

TEST_F(TelegramTest, TextAndButtonLimits) {
  std::string emoji;  // 2049 emoji: 2049 characters, 4098 UTF-16 code units
  for (int i = 0; i < 2049; ++i) emoji += "\xF0\x9F\x98\x80";
  const auto long_text = post_json(tg.port(), bot("sendMessage"), {{"chat_id", 1}, {"text", emoji}});
  EXPECT_EQ(long_text.status, 400);
  EXPECT_EQ(long_text.body["description"], "Bad Request: message is too long");
  const auto fits = post_json(tg.port(), bot("sendMessage"), {{"chat_id", 1}, {"text", std::string(4096, 'a')}});
  EXPECT_EQ(fits.status, 200);
  const json keyboard{{"inline_keyboard", {{{{"text", "A"}, {"callback_data", std::string(65, 'x')}}}}}};
  const auto button = post_json(tg.port(), bot("sendMessage"), {{"chat_id", 1}, {"text", "q"}, {"reply_markup", keyboard}});
  EXPECT_EQ(button.status, 400);
  EXPECT_EQ(button.body["description"], "Bad Request: BUTTON_DATA_INVALID");
}

TEST_F(TelegramTest, ChatStates) {
  tg.block_chat(11);
  tg.forget_chat(12);
  tg.migrate_chat(-4123456789, -1002233445566);
  const auto blocked = post_json(tg.port(), bot("sendMessage"), {{"chat_id", 11}, {"text", "x"}});
  EXPECT_EQ(blocked.status, 403);
  EXPECT_EQ(blocked.body["description"], "Forbidden: bot was blocked by the user");
  const auto unknown = post_json(tg.port(), bot("sendMessage"), {{"chat_id", 12}, {"text", "x"}});
  EXPECT_EQ(unknown.status, 400);
  EXPECT_EQ(unknown.body["description"], "Bad Request: chat not found");
  const auto migrated = post_json(tg.port(), bot("sendMessage"), {{"chat_id", -4123456789}, {"text", "x"}});
  EXPECT_EQ(migrated.status, 400);
  EXPECT_EQ(migrated.body["description"], "Bad Request: group chat was upgraded to a supergroup chat");
  EXPECT_EQ(migrated.body["parameters"]["migrate_to_chat_id"], -1002233445566);
  tg.reset_chat(11);
  EXPECT_EQ(post_json(tg.port(), bot("sendMessage"), {{"chat_id", 11}, {"text", "x"}}).status, 200);
  EXPECT_EQ(tg.delivered_messages().size(), 1u);
}

TEST_F(TelegramTest, EditAndAnswerCallback) {
  const auto edit = post_json(tg.port(), bot("editMessageText"), {{"chat_id", 1}, {"message_id", 7}, {"text", "new"}});
  EXPECT_EQ(edit.body["result"]["message_id"], 7);
  EXPECT_EQ(edit.body["result"]["text"], "new");
  const auto answer = post_json(tg.port(), bot("answerCallbackQuery"), {{"callback_query_id", "438291"}});
  EXPECT_EQ(answer.body["result"], true);
  EXPECT_TRUE(tg.spec_violations().empty());
}

TEST_F(TelegramTest, FaultRespondsWithTheRealTooManyRequestsBody) {
  const std::string body = read_file(std::string(HOCVUSO_FIXTURES_DIR) + "/telegram-too-many-requests.json");
  tg.server().add_fault(Fault::respond(429, body, "/sendMessage"));
  tg.server().add_fault(Fault::respond(500, R"({"ok":false,"error_code":500,"description":"Internal Server Error"})"));
  // The first fault only matches sendMessage, so getMe takes the second one.
  EXPECT_EQ(call(tg.port(), "GET", bot("getMe")).status, 500);
  const auto limited = post_json(tg.port(), bot("sendMessage"), {{"chat_id", 1}, {"text", "x"}});
  EXPECT_EQ(limited.status, 429);
  EXPECT_EQ(limited.body["parameters"]["retry_after"], 14);
  EXPECT_EQ(post_json(tg.port(), bot("sendMessage"), {{"chat_id", 1}, {"text", "x"}}).status, 200);
  EXPECT_EQ(tg.server().pending_faults(), 0u);
  EXPECT_EQ(tg.sent_messages().size(), 2u);       // both calls are recorded...
  EXPECT_EQ(tg.delivered_messages().size(), 1u);  // ...only the second went out
}

TEST_F(TelegramTest, FaultDelaysOneAnswerWithoutHoldingOthers) {
  tg.server().add_fault(Fault::delay_by(1500ms, "sendMessage"));
  const auto started = std::chrono::steady_clock::now();
  auto slow = std::async(std::launch::async, [&] {
    return post_json(tg.port(), bot("sendMessage"), {{"chat_id", 1}, {"text", "x"}});
  });
  ASSERT_TRUE(tg.wait_for_calls("sendMessage", 1, 5s));
  EXPECT_EQ(call(tg.port(), "GET", bot("getMe")).status, 200);
  EXPECT_LT(seconds_since(started), 1.4);  // getMe did not wait for the delayed answer
  EXPECT_EQ(slow.get().status, 200);
  EXPECT_GE(seconds_since(started), 1.5);
}

TEST_F(TelegramTest, FaultDropsTheConnection) {
  tg.server().add_fault(Fault::drop());
  RawConnection c(tg.port(), 10);
  const std::string body = json{{"chat_id", 1}, {"text", "x"}}.dump();
  c.send("POST " + bot("sendMessage") + " HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: " +
         std::to_string(body.size()) + "\r\n\r\n" + body);
  EXPECT_TRUE(c.closed_by_server());
  EXPECT_EQ(tg.server().request_count(), 1u);
  EXPECT_EQ(tg.delivered_messages().size(), 0u);
}

TEST_F(TelegramTest, KeepAliveServesSeveralRequestsOnOneConnection) {
  RawConnection c(tg.port(), 10);
  for (int i = 0; i < 3; ++i) {
    c.send("GET " + bot("getMe") + " HTTP/1.1\r\nHost: x\r\n\r\n");
    EXPECT_EQ(c.read_response().status, 200);
  }
}

TEST_F(TelegramTest, GetUpdatesConfirmsByOffset) {
  const auto first = tg.push_update({{"message", {{"message_id", 1}, {"text", "a"}}}});
  tg.push_update({{"message", {{"message_id", 2}, {"text", "b"}}}});
  tg.push_update({{"message", {{"message_id", 3}, {"text", "c"}}}});
  auto r = post_json(tg.port(), bot("getUpdates"), {{"limit", 2}});
  ASSERT_EQ(r.body["result"].size(), 2u);
  EXPECT_EQ(r.body["result"][0]["update_id"], first);
  // Not confirmed yet: the same updates come again.
  r = post_json(tg.port(), bot("getUpdates"), json::object());
  ASSERT_EQ(r.body["result"].size(), 3u);
  // offset = first + 1 confirms the first one.
  r = post_json(tg.port(), bot("getUpdates"), {{"offset", first + 1}});
  ASSERT_EQ(r.body["result"].size(), 2u);
  EXPECT_EQ(r.body["result"][0]["update_id"], first + 1);
  r = post_json(tg.port(), bot("getUpdates"), {{"offset", first + 3}});
  EXPECT_TRUE(r.body["result"].empty());
  EXPECT_EQ(tg.pending_updates(), 0u);
  EXPECT_TRUE(tg.spec_violations().empty());
}

TEST_F(TelegramTest, LongPollWakesOnPushAndDoesNotBlockOthers) {
  const auto started = std::chrono::steady_clock::now();
  auto poll = std::async(std::launch::async, [&] { return post_json(tg.port(), bot("getUpdates"), {{"timeout", 50}}); });
  ASSERT_TRUE(tg.wait_for_calls("getUpdates", 1, 5s));
  EXPECT_EQ(call(tg.port(), "GET", bot("getMe")).status, 200);  // served while the poll waits
  tg.push_update({{"message", {{"message_id", 9}, {"text", "wake"}}}});
  const auto r = poll.get();
  ASSERT_EQ(r.body["result"].size(), 1u);
  EXPECT_EQ(r.body["result"][0]["message"]["text"], "wake");
  EXPECT_LT(seconds_since(started), 4.5);  // woken, not timed out at the 5 s cap
}

TEST_F(TelegramTest, LongPollTimesOutEmpty) {
  const auto started = std::chrono::steady_clock::now();
  const auto r = post_json(tg.port(), bot("getUpdates"), {{"timeout", 1}});
  EXPECT_EQ(r.body["ok"], true);
  EXPECT_TRUE(r.body["result"].empty());
  EXPECT_GE(seconds_since(started), 0.9);
  EXPECT_LT(seconds_since(started), 4.5);
}

TEST_F(TelegramTest, WebhookExcludesGetUpdates) {
  const auto set = post_json(tg.port(), bot("setWebhook"), {{"url", "https://bot.example.vn/telegram"},
                                                             {"secret_token", "s3cr-et_"},
                                                             {"allowed_updates", {"message", "callback_query"}}});
  EXPECT_EQ(set.body["result"], true);
  const auto hook = tg.webhook();
  EXPECT_EQ(hook.url, "https://bot.example.vn/telegram");
  EXPECT_EQ(hook.secret_token, "s3cr-et_");
  EXPECT_EQ(hook.allowed_updates, json({"message", "callback_query"}));
  const auto conflict = post_json(tg.port(), bot("getUpdates"), json::object());
  EXPECT_EQ(conflict.status, 409);
  EXPECT_EQ(conflict.body["description"],
            "Conflict: can't use getUpdates method while webhook is active; use deleteWebhook to delete the webhook "
            "first");
  EXPECT_EQ(post_json(tg.port(), bot("getWebhookInfo"), json::object()).body["result"]["url"], hook.url);
  EXPECT_EQ(post_json(tg.port(), bot("deleteWebhook"), json::object()).body["result"], true);
  EXPECT_EQ(post_json(tg.port(), bot("getUpdates"), json::object()).status, 200);
  EXPECT_EQ(post_json(tg.port(), bot("setWebhook"), {{"url", "http://plain.example.vn/"}}).status, 400);
  EXPECT_EQ(tg.webhook().allowed_updates, json({"message", "callback_query"}));  // kept across calls (A1)
}

TEST_F(TelegramTest, AllUpdateFixturesGoThroughGetUpdates) {
  std::size_t n = 0;
  for (const auto& entry : std::filesystem::directory_iterator(std::string(HOCVUSO_FIXTURES_DIR) + "/telegram-updates")) {
    tg.push_update(json::parse(read_file(entry.path().string())));
    ++n;
  }
  EXPECT_EQ(n, 105u);
  const auto r = post_json(tg.port(), bot("getUpdates"), {{"limit", 100}});
  EXPECT_EQ(r.body["result"].size(), 100u);
}

// A clock the test moves by hand, read on the server thread.
struct ManualClock {
  std::atomic<std::int64_t> ms{0};
  std::chrono::steady_clock::time_point now() const {
    return std::chrono::steady_clock::time_point(std::chrono::milliseconds(ms.load()));
  }
};

TEST(TelegramLimits, AllowsTheDocumentedRatesAndRefusesFaster) {
  ManualClock clock;
  TelegramLimits limits({}, [&clock] { return clock.now(); });
  for (int i = 0; i < 30; ++i) {  // one message a second to one private chat: never refused
    EXPECT_EQ(limits.try_send(5512345678), 0) << i;
    clock.ms += 1000;
  }
  for (int i = 0; i < 40; ++i) {  // a group at one message every 3 s: 20/min, never refused
    EXPECT_EQ(limits.try_send(-1001987654321), 0) << i;
    clock.ms += 3000;
  }
  EXPECT_EQ(limits.try_send(77), 0);  // a burst of 3 in any 3 s, then retry when the first leaves the window
  EXPECT_EQ(limits.try_send(77), 0);
  EXPECT_EQ(limits.try_send(77), 0);
  EXPECT_EQ(limits.try_send(77), 3);
  clock.ms += 2000;
  EXPECT_EQ(limits.try_send(77), 1);  // a bucket would have refilled two by now
  clock.ms += 1000;
  EXPECT_EQ(limits.try_send(77), 0);
}

// Telegram counts what it received in any second: a new window holds nothing, and the rate is never
// exceeded by a burst on top of it (a token bucket that starts full lets 30 + 15 through in 0.5 s).
TEST(TelegramLimits, AreSlidingWindowsNotBucketsThatStartFull) {
  ManualClock clock;
  TelegramLimits limits({}, [&clock] { return clock.now(); });
  for (int chat = 1; chat <= 30; ++chat) EXPECT_EQ(limits.try_send(chat), 0) << chat;
  clock.ms += 500;
  EXPECT_EQ(limits.try_send(31), 1) << "31 messages in half a second";
  clock.ms += 500;  // the first 30 leave the window at 1 s
  for (int chat = 31; chat <= 60; ++chat) EXPECT_EQ(limits.try_send(chat), 0) << chat;
  EXPECT_EQ(limits.try_send(61), 1);
  // A group: 20 in any minute, however they are spread, and a refused message counts nowhere.
  clock.ms += 1000;
  for (int i = 0; i < 20; ++i) {
    EXPECT_EQ(limits.try_send(-1001987654321), 0) << i;
    clock.ms += 1000;
  }
  EXPECT_EQ(limits.try_send(-1001987654321), 40);  // the first leaves the window 60 s after it came
  clock.ms += 40'000;
  EXPECT_EQ(limits.try_send(-1001987654321), 0);
}

TEST(TelegramLimitsOverHttp, AnswersTooManyRequests) {
  ManualClock clock;
  FakeTelegramOptions options;
  options.enforce_limits = true;
  options.clock = [&clock] { return clock.now(); };
  FakeTelegram tg(options);
  const std::string path = "/bot" + tg.token() + "/sendMessage";
  for (int i = 0; i < 3; ++i) EXPECT_EQ(post_json(tg.port(), path, {{"chat_id", 5}, {"text", "x"}}).status, 200);
  const auto refused = post_json(tg.port(), path, {{"chat_id", 5}, {"text", "x"}});
  EXPECT_EQ(refused.status, 429);
  EXPECT_EQ(refused.body["description"], "Too Many Requests: retry after 3");
  EXPECT_EQ(refused.body["parameters"]["retry_after"], 3);
  clock.ms += 3000;
  EXPECT_EQ(post_json(tg.port(), path, {{"chat_id", 5}, {"text", "x"}}).status, 200);
}

// ---------------------------------------------------------------- Zalo OA

class ZaloTest : public ::testing::Test {
 protected:
  Reply send_cs(const std::string& token, const std::string& user, const std::string& text) {
    return post_json(zalo.port(), "/v3.0/oa/message/cs",
                     {{"recipient", {{"user_id", user}}}, {"message", {{"text", text}}}}, "access_token: " + token + "\r\n");
  }
  Reply refresh(const std::string& refresh_token, const std::string& secret = "fake-app-secret-key") {
    return call(zalo.port(), "POST", "/v4/oa/access_token",
                "app_id=3608465248940903967&grant_type=refresh_token&refresh_token=" + refresh_token,
                "application/x-www-form-urlencoded", "secret_key: " + secret + "\r\n");
  }
  FakeZalo zalo;
};

TEST_F(ZaloTest, CsSendWithTheValidToken) {
  const auto r = send_cs(zalo.access_token(), "2468458835296197922", "Xin chào");
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.body["error"], 0);
  EXPECT_EQ(r.body["message"], "Success");
  EXPECT_EQ(r.body["data"]["user_id"], "2468458835296197922");
  EXPECT_EQ(r.body["data"]["message_id"].get<std::string>().find_first_not_of("0123456789abcdef"), std::string::npos);
  ASSERT_EQ(zalo.delivered_cs_messages().size(), 1u);
  EXPECT_EQ(zalo.calls("/v3.0/oa/message/cs")[0].access_token, zalo.access_token());
}

TEST_F(ZaloTest, WrongOrExpiredTokenAnswersInHttp200) {
  const auto wrong = send_cs("nope", "1", "x");
  EXPECT_EQ(wrong.status, 200);
  EXPECT_EQ(wrong.body["error"], -216);
  const std::string old = zalo.access_token();
  zalo.expire_access_token();
  EXPECT_EQ(send_cs(old, "1", "x").body["error"], -216);
  const auto fresh = refresh(zalo.refresh_token());
  const std::string renewed = fresh.body["access_token"].get<std::string>();
  zalo.expire_access_token(-220);
  EXPECT_EQ(send_cs(renewed, "1", "x").body["error"], -220);
}

TEST_F(ZaloTest, RefreshRotatesAndRefreshTokensAreSingleUse) {
  const std::string first_refresh = zalo.refresh_token();
  const auto r = refresh(first_refresh);
  ASSERT_EQ(r.status, 200);
  EXPECT_EQ(r.body["expires_in"], "90000");
  const std::string access = r.body["access_token"].get<std::string>();
  const std::string next_refresh = r.body["refresh_token"].get<std::string>();
  EXPECT_NE(next_refresh, first_refresh);
  EXPECT_EQ(zalo.access_token(), access);
  EXPECT_EQ(send_cs(access, "1", "x").body["error"], 0);
  const auto reused = refresh(first_refresh);
  EXPECT_EQ(reused.status, 200);
  EXPECT_EQ(reused.body["error"], -14020);
  EXPECT_EQ(reused.body["error_name"], "Invalid refresh token");
  EXPECT_NE(refresh(next_refresh, "wrong-secret").body["error"], 0);
  EXPECT_EQ(refresh(next_refresh).body.contains("access_token"), true);
  EXPECT_EQ(zalo.refresh_count(), 2);
  EXPECT_EQ(zalo.calls("/v4/oa/access_token").size(), 4u);
}

TEST_F(ZaloTest, ANewPairRevokesTheOldAccessTokenAtOnce) {
  const std::string old = zalo.access_token();
  const auto r = refresh(zalo.refresh_token());
  EXPECT_EQ(send_cs(old, "1", "x").body["error"], -216);
  EXPECT_EQ(send_cs(r.body["access_token"].get<std::string>(), "1", "x").body["error"], 0);
}

TEST(ZaloFake, RevokedTokensMayAnswerMinus124) {
  FakeZaloOptions o;
  o.revoked_token_error = -124;
  FakeZalo zalo(o);
  const std::string old = zalo.access_token();
  const auto r = call(zalo.port(), "POST", "/v4/oa/access_token",
                      "app_id=3608465248940903967&grant_type=refresh_token&refresh_token=" + zalo.refresh_token(),
                      "application/x-www-form-urlencoded", "secret_key: fake-app-secret-key\r\n");
  ASSERT_EQ(r.status, 200);
  const auto sent = post_json(zalo.port(), "/v3.0/oa/message/cs",
                              {{"recipient", {{"user_id", "1"}}}, {"message", {{"text", "x"}}}},
                              "access_token: " + old + "\r\n");
  EXPECT_EQ(sent.body["error"], -124);
  EXPECT_EQ(sent.body["message"], "Access token invalid");
}

TEST_F(ZaloTest, ButtonLimitsAreEnforced) {
  auto with_buttons = [&](int n, const std::string& title) {
    json buttons = json::array();
    for (int i = 0; i < n; ++i) buttons.push_back({{"title", title}, {"type", "oa.query.hide"}, {"payload", "p"}});
    return post_json(zalo.port(), "/v3.0/oa/message/cs",
                     {{"recipient", {{"user_id", "1"}}},
                      {"message", {{"text", "Chọn"}, {"attachment", {{"type", "template"}, {"payload", {{"buttons", buttons}}}}}}}},
                     "access_token: " + zalo.access_token() + "\r\n");
  };
  EXPECT_EQ(with_buttons(4, std::string(35, 'a')).body["error"], 0);
  EXPECT_TRUE(zalo.spec_violations().empty());
  EXPECT_EQ(with_buttons(5, "Nút").body["error"], -201);
  EXPECT_EQ(with_buttons(1, std::string(36, 'a')).body["error"], -201);
  EXPECT_EQ(zalo.spec_violations().size(), 2u);
  EXPECT_EQ(zalo.delivered_cs_messages().size(), 1u);
}

TEST_F(ZaloTest, AttachmentAndButtonTypesAreChecked) {
  auto with_attachment = [&](json attachment) {
    return post_json(zalo.port(), "/v3.0/oa/message/cs",
                     {{"recipient", {{"user_id", "1"}}}, {"message", {{"text", "Chọn"}, {"attachment", attachment}}}},
                     "access_token: " + zalo.access_token() + "\r\n");
  };
  auto buttons = [](json one) { return json{{"type", "template"}, {"payload", {{"buttons", json::array({one})}}}}; };
  EXPECT_EQ(with_attachment(buttons({{"title", "Gọi"}, {"type", "oa.open.phone"}, {"payload", {{"phone_code", "1"}}}}))
                .body["error"],
            0);
  EXPECT_TRUE(zalo.spec_violations().empty()) << ::testing::PrintToString(zalo.spec_violations());
  EXPECT_EQ(with_attachment(buttons({{"title", "Học"}, {"type", "oa.query.button"}, {"payload", "p"}})).body["error"], -201);
  EXPECT_EQ(with_attachment(buttons({{"title", "Học"}, {"type", "oa.query.hide"}, {"payload", ""}})).body["error"], -201);
  EXPECT_EQ(with_attachment(buttons({{"title", "Web"}, {"type", "oa.open.url"}, {"payload", "https://x"}})).body["error"],
            -201);
  json file = buttons({{"title", "Học"}, {"type", "oa.query.hide"}, {"payload", "p"}});
  file["type"] = "file";
  EXPECT_EQ(with_attachment(file).body["error"], -201);
  EXPECT_EQ(zalo.spec_violations().size(), 4u) << ::testing::PrintToString(zalo.spec_violations());
}

TEST_F(ZaloTest, TextLimitWindowAndGroups) {
  EXPECT_EQ(send_cs(zalo.access_token(), "1", std::string(2001, 'a')).body["error"], -201);
  EXPECT_EQ(send_cs(zalo.access_token(), "1", std::string(2000, 'a')).body["error"], 0);
  zalo.set_outside_window("2468");
  EXPECT_EQ(send_cs(zalo.access_token(), "2468", "x").body["error"], -230);
  const auto group = post_json(zalo.port(), "/v3.0/oa/group/message",
                               {{"recipient", {{"group_id", "f414c8f76fa586fbdfb4"}}}, {"message", {{"text", "Tổ"}}}},
                               "access_token: " + zalo.access_token() + "\r\n");
  EXPECT_EQ(group.body["error"], 0);
  EXPECT_EQ(group.body["data"]["group_id"], "f414c8f76fa586fbdfb4");
  EXPECT_EQ(zalo.delivered_group_messages().size(), 1u);
}

TEST_F(ZaloTest, FaultsApplyHereToo) {
  zalo.server().add_fault(Fault::respond(502, "<html>Bad Gateway</html>", "/message/cs"));
  RawConnection c(zalo.port(), 10);
  const std::string body = R"({"recipient":{"user_id":"1"},"message":{"text":"x"}})";
  c.send("POST /v3.0/oa/message/cs HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: " +
         std::to_string(body.size()) + "\r\n\r\n" + body);
  const auto r = c.read_response();
  EXPECT_EQ(r.status, 502);
  EXPECT_EQ(r.body, "<html>Bad Gateway</html>");
  EXPECT_EQ(zalo.calls().size(), 1u);
}

// ---------------------------------------------------------------- Zalo Bot Platform

class ZaloBotTest : public ::testing::Test {
 protected:
  std::string bot(const std::string& method) const { return "/bot" + zb.token() + "/" + method; }
  FakeZaloBot zb;
};

TEST_F(ZaloBotTest, GetMeAndSendMessage) {
  EXPECT_EQ(post_json(zb.port(), bot("getMe"), json::object()).body["result"]["can_join_groups"], false);
  const auto r = post_json(zb.port(), bot("sendMessage"), {{"chat_id", "e4ea2cd5189df1c3a88c"}, {"text", "Chào"}});
  ASSERT_EQ(r.status, 200);
  EXPECT_EQ(r.body["ok"], true);
  EXPECT_TRUE(r.body["result"]["message_id"].is_string());
  EXPECT_GT(r.body["result"]["date"].get<std::int64_t>(), 1700000000000);  // milliseconds
  EXPECT_EQ(post_json(zb.port(), bot("sendMessage"), {{"chat_id", "x"}, {"text", std::string(2001, 'a')}}).status, 400);
  EXPECT_EQ(post_json(zb.port(), "/bot1:wrong/getMe", json::object()).status, 401);
  ASSERT_EQ(zb.sent_messages().size(), 2u);
  EXPECT_EQ(zb.sent_messages()[0]["text"], "Chào");
  // chat_id is a String: a number is refused and counted as a violation, as the long text was.
  EXPECT_EQ(post_json(zb.port(), bot("sendMessage"), {{"chat_id", 12345}, {"text", "Chào"}}).status, 400);
  EXPECT_EQ(zb.spec_violations().size(), 2u) << ::testing::PrintToString(zb.spec_violations());
}

// Every call the real platform would refuse is refused and recorded, so a test using the fake fails on it.
TEST_F(ZaloBotTest, RefusesAndRecordsWhatThePlatformWouldRefuse) {
  struct Case {
    std::string method;
    json params;
    int status;
    std::string violation;  // a part of the one violation it records
  };
  const std::vector<Case> cases = {
      {"sendSticky", {{"chat_id", "a1"}, {"sticker", "s"}}, 404, "unknown method sendSticky"},
      {"sendMessage", {{"text", "Chào bà"}}, 400, "chat_id is required"},
      {"sendMessage", {{"chat_id", "a1"}}, 400, "text is required"},
      {"sendMessage", {{"chat_id", "a1"}, {"text", ""}}, 400, "text has 0 characters"},
      {"sendMessage", {{"chat_id", "a1"}, {"text", std::string(2001, 'a')}}, 400, "text has 2001 characters"},
      {"sendMessage", {{"chat_id", "a1"}, {"text", 12}}, 400, "text must be a String"},
      {"sendMessage", {{"chat_id", json::array({"a1"})}, {"text", "x"}}, 400, "chat_id must be a String"},
      {"sendMessage", {{"chat_id", "a1"}, {"text", "x"}, {"reply_markup", json::object()}}, 400,
       "unknown parameter reply_markup"},
      {"getUpdates", {{"timeout", "ba mươi"}}, 400, "timeout must be a number of seconds"},
      {"getUpdates", {{"timeout", 30}, {"limit", 5}}, 400, "unknown parameter limit"},
      {"setWebhook", {{"url", "https://bot.example.vn/zalo"}, {"secret_token", std::string(257, 's')}}, 400,
       "secret_token has 257 characters"},
      {"sendChatAction", {{"chat_id", "a1"}}, 400, "action is required"},
  };
  std::size_t seen = 0;
  for (const auto& c : cases) {
    const auto r = post_json(zb.port(), bot(c.method), c.params);
    EXPECT_EQ(r.status, c.status) << c.method << " " << c.params.dump();
    EXPECT_EQ(r.body["ok"], false) << c.method;
    const auto v = zb.spec_violations();
    ASSERT_EQ(v.size(), seen + 1) << c.method << " " << c.params.dump() << ::testing::PrintToString(v);
    EXPECT_NE(v.back().find(c.violation), std::string::npos) << v.back();
    seen = v.size();
  }
  // Nothing the bot sends is refused: what zalobot::render and poll_request write.
  EXPECT_EQ(post_json(zb.port(), bot("sendMessage"), {{"chat_id", "e4ea2cd5189df1c3a88c"}, {"text", "Dạ, chào bà"}}).status,
            200);
  EXPECT_EQ(post_json(zb.port(), bot("getUpdates"), {{"timeout", 0}}).status, 200);
  EXPECT_EQ(post_json(zb.port(), bot("GETME"), json::object()).status, 200);  // names are case-insensitive
  EXPECT_EQ(zb.spec_violations().size(), seen);
}

TEST_F(ZaloBotTest, GetUpdatesGivesOneUpdateWithoutIdAnd408WhenEmpty) {
  zb.push_text("e4ea2cd5189df1c3a88c", "e4ea2cd5189df1c3a88c", "Lan", "/start", false);
  zb.push_text("e4ea2cd5189df1c3a88c", "e4ea2cd5189df1c3a88c", "Lan", "/help", false);
  auto r = post_json(zb.port(), bot("getUpdates"), {{"timeout", "0"}});
  ASSERT_EQ(r.status, 200);
  ASSERT_TRUE(r.body["result"].is_object()) << r.body.dump();  // one object, not an array
  const auto& u = r.body["result"];
  EXPECT_FALSE(u.contains("update_id"));
  EXPECT_EQ(u["event_name"], "message.text.received");
  EXPECT_EQ(u["message"]["chat"]["chat_type"], "PRIVATE");
  EXPECT_EQ(u["message"]["from"]["display_name"], "Lan");
  EXPECT_EQ(u["message"]["text"], "/start");
  r = post_json(zb.port(), bot("getUpdates"), {{"timeout", "0"}});
  EXPECT_EQ(r.body["result"]["message"]["text"], "/help");  // handed out once, then gone
  // Nothing left: HTTP 200 with ok:false and 408, after the long poll.
  r = post_json(zb.port(), bot("getUpdates"), {{"timeout", "0"}});
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.body, json::parse(R"({"ok":false,"error_code":408,"description":"Request timeout"})"));

  const auto started = std::chrono::steady_clock::now();
  auto poll = std::async(std::launch::async, [&] { return post_json(zb.port(), bot("getUpdates"), {{"timeout", "30"}}); });
  ASSERT_TRUE(zb.wait_for_calls("getUpdates", 4, 5s));
  zb.push_text("g1", "u2", "Minh", "báo cáo", true);
  r = poll.get();
  EXPECT_EQ(r.body["result"]["message"]["chat"]["chat_type"], "GROUP");
  EXPECT_LT(seconds_since(started), 4.5);
}

TEST_F(ZaloBotTest, WebhookRules) {
  EXPECT_EQ(post_json(zb.port(), bot("setWebhook"), {{"url", "https://bot.example.vn/zalo"}, {"secret_token", "short"}}).status,
            400);
  const auto set = post_json(zb.port(), bot("setWebhook"),
                             {{"url", "https://bot.example.vn/zalo"}, {"secret_token", "long-enough-secret"}});
  EXPECT_EQ(set.body["result"]["url"], "https://bot.example.vn/zalo");
  EXPECT_EQ(zb.webhook_secret(), "long-enough-secret");
  EXPECT_EQ(post_json(zb.port(), bot("getUpdates"), json::object()).status, 409);
  EXPECT_EQ(post_json(zb.port(), bot("deleteWebhook"), json::object()).body["result"]["url"], "");
  EXPECT_EQ(post_json(zb.port(), bot("getUpdates"), {{"timeout", 0}}).status, 200);  // the 408 envelope
}

}  // namespace
}  // namespace hocvuso::fakes
