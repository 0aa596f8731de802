// Issue 13: the attack battery. Malformed, oversized, forged and smuggling requests
// against the live service (Telegram, Zalo OA and the Zalo Bot Platform at their
// fakes, the admin API on): each gets its precise 4xx, the service stays healthy, and
// nothing is stored or sent.
#include <gtest/gtest.h>

#include <SQLiteCpp/SQLiteCpp.h>

#include <chrono>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "bot/app/service.hpp"
#include "bot/store/store.hpp"
#include "flows/broadcast/broadcast_store.hpp"
#include "support/e2e_helpers.hpp"
#include "support/fake_platforms.hpp"
#include "support/raw_http.hpp"
#include "support/temp_dir.hpp"
#include "support/test_backend.hpp"
#include "support/zalo_signing.hpp"

namespace hocvuso {
namespace {

using nlohmann::json;
using testing::FakePlatforms;

struct Attack {
  std::string name;
  std::string bytes;  // the whole request as sent
  int status;         // the precise answer expected
};

std::string request(const std::string& method, const std::string& path, const std::string& body,
                    const std::vector<std::string>& headers, bool with_length = true) {
  std::string r = method + " " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n";
  for (const auto& h : headers) r += h + "\r\n";
  if (with_length) r += "Content-Length: " + std::to_string(body.size()) + "\r\n";
  return r + "\r\n" + body;
}

class AttackBatteryTest : public ::testing::Test {
 protected:
  void SetUp() override {
    Config c = platforms_.config(dir_ / "attack.db", /*with_telegram=*/true);
    c.body_limit = 64 * 1024;
    {
      auto opened = testing::open_test_store(c.db);
      Store& store = *opened;
      auto& bs = broadcast::BroadcastStore::of(store);
      admin_ = bs.create_token({broadcast::Role::admin, "", ""}, std::chrono::system_clock::now());
      officer_ = bs.create_token({broadcast::Role::officer, "son la", ""}, std::chrono::system_clock::now());
    }
    service_ = std::make_unique<Service>(testing::use_test_backend(c));
    port_ = service_->start();
  }
  void TearDown() override {
    if (service_) service_->shutdown();
  }

  std::string tg(const std::string& body, const std::string& secret = FakePlatforms::kTelegramSecret) const {
    return request("POST", "/webhook/telegram", body, {"Content-Type: application/json",
                                                       "X-Telegram-Bot-Api-Secret-Token: " + secret});
  }
  std::string zalo(const std::string& body, const std::string& signature) const {
    return request("POST", "/webhook/zalo", body, {"Content-Type: application/json", "X-ZEvent-Signature: " + signature});
  }
  std::string zalo_signed(const std::string& body, const std::string& ts) const {
    return zalo(body, testing::zalo_mac(FakePlatforms::kZaloAppId, body, ts, FakePlatforms::kZaloOaSecret));
  }
  std::string bot(const std::string& body, const std::string& secret = FakePlatforms::kZaloBotSecret) const {
    return request("POST", "/webhook/zalobot", body, {"Content-Type: application/json",
                                                      "X-Bot-Api-Secret-Token: " + secret});
  }
  std::string api(const std::string& token, const std::string& body) const {
    return request("POST", "/api/v1/broadcasts", body, {"Content-Type: application/json", "Authorization: Bearer " + token});
  }

  std::vector<Attack> battery() const {
    std::vector<Attack> a;
    const std::string tg_ok = R"({"update_id":1,"message":{"message_id":1,"from":{"id":42,"is_bot":false,"first_name":"Lan"},"chat":{"id":42,"type":"private"},"date":1,"text":"/start"}})";

    // --- Malformed HTTP: 400 -------------------------------------------------------------
    for (const std::string line :
         {"GET\r\n", "GET /healthz\r\n", "GET /healthz HTTP/1.1 extra\r\n",
          "G@T /healthz HTTP/1.1\r\n", "GET  /healthz HTTP/1.1\r\n", "GET /healthz HTTP/1.1\r\nHost x\r\n",
          "GET /healthz HTTP/1.1\r\nHo st: x\r\n", "GET /healthz HTTP/1.1\r\n: empty-name\r\n",
          "GET /healthz HTTP/1.1\r\nX: a\x01b\r\n",
          "GET /healthz HTTP/1.1\r\nX\x7f: b\r\n", "\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03\r\n",
          "GET /healthz HTTP/1.1\r\nContent-Length: -1\r\n",
          "GET /healthz HTTP/1.1\r\nContent-Length: abc\r\n", "GET /healthz HTTP/1.1\r\nContent-Length: 1e3\r\n",
          "GET /healthz HTTP/1.1\r\nContent-Length: 0x10\r\n"}) {
      a.push_back({"malformed: " + line.substr(0, 30), line + "\r\n", 400});
    }
    // Beast refuses versions other than 1.0 and 1.1 itself (the server's 505 is a second guard).
    a.push_back({"HTTP/2.0 preface", "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n", 400});
    a.push_back({"HTTP/9.9", "GET /healthz HTTP/9.9\r\nHost: x\r\n\r\n", 400});
    a.push_back({"two different Content-Lengths",
                 "POST /webhook/telegram HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\nContent-Length: 3\r\n\r\n{}x", 400});
    a.push_back({"Content-Length list", "POST /webhook/telegram HTTP/1.1\r\nHost: x\r\nContent-Length: 2, 3\r\n\r\n{}x", 400});
    a.push_back({"bad chunk size", "POST /webhook/telegram HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n{}\r\n0\r\n\r\n", 400});
    a.push_back({"chunk size overflow",
                 "POST /webhook/telegram HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nffffffffffffffffff\r\n", 400});

    // --- Smuggling: Transfer-Encoding other than a final chunked (RFC 9112 §6.3): 400 ----
    const std::string smuggled = "GET /metrics HTTP/1.1\r\nHost: x\r\n\r\n";
    for (const std::string te : {"xchunked", "chunked, gzip", "gzip, chunked", "gzip", "deflate", "identity", "compress",
                                 "chunked;x=1", "chunkedx", "chunk", "\"chunked\"", "chunked chunked", "chunked,",
                                 ",chunked", "br", "*"}) {
      for (const std::string path : {"/webhook/telegram", "/webhook/zalo", "/api/v1/broadcasts"}) {
        a.push_back({"TE " + te + " " + path,
                     "POST " + path + " HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: " + te + "\r\n\r\n0\r\n\r\n" + smuggled,
                     400});
      }
    }
    for (const std::string path : {"/webhook/telegram", "/webhook/zalo", "/webhook/zalobot", "/api/v1/broadcasts"}) {
      a.push_back({"TE gzip with CL " + path,
                   "POST " + path + " HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: gzip\r\nContent-Length: 2\r\n\r\n{}" + smuggled,
                   400});
      a.push_back({"TE chunked with CL " + path,
                   "POST " + path + " HTTP/1.1\r\nHost: x\r\nContent-Length: 40\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n" +
                       smuggled,
                   400});
      a.push_back({"two TE headers " + path,
                   "POST " + path + " HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\nTransfer-Encoding: gzip\r\n\r\n0\r\n\r\n" +
                       smuggled,
                   400});
      a.push_back({"TE in HTTP/1.0 " + path,
                   "POST " + path + " HTTP/1.0\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n" + smuggled, 400});
    }

    // --- Oversized: 413 and 431 -----------------------------------------------------------
    const std::string big(64 * 1024 + 1, 'a');
    for (const std::string path : {"/webhook/telegram", "/webhook/zalo", "/webhook/zalobot", "/api/v1/broadcasts"}) {
      a.push_back({"body over the limit " + path, request("POST", path, big, {}), 413});
      a.push_back({"declared body over the limit " + path,
                   "POST " + path + " HTTP/1.1\r\nHost: x\r\nContent-Length: 999999999999\r\n\r\n", 413});
      a.push_back({"chunked body over the limit " + path,
                   "POST " + path + " HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n10001\r\n" + big.substr(0, 65537) +
                       "\r\n0\r\n\r\n",
                   413});
    }
    a.push_back({"headers over 16 KiB", "GET /healthz HTTP/1.1\r\nHost: x\r\nX-Big: " + std::string(17000, 'b') + "\r\n\r\n", 431});
    a.push_back({"many headers", [] {
                   std::string r = "GET /healthz HTTP/1.1\r\nHost: x\r\n";
                   for (int i = 0; i < 2000; ++i) r += "X-" + std::to_string(i) + ": v\r\n";
                   return r + "\r\n";
                 }(),
                 431});
    a.push_back({"target over 16 KiB", "GET /" + std::string(17000, 'p') + " HTTP/1.1\r\nHost: x\r\n\r\n", 431});

    // --- Routing: 404 and 405 -------------------------------------------------------------
    for (const std::string path : {"/", "/webhook", "/webhook/", "/webhook/facebook", "/webhook/telegram/x", "/admin",
                                   "/api/v1", "/api/v2/broadcasts", "/.env", "/../../etc/passwd", "/healthz/../metrics",
                                   "/%2e%2e/metrics", "/HEALTHZ"}) {
      a.push_back({"unknown path " + path, request("GET", path, "", {}, false), 404});
    }
    for (const std::string path : {"/webhook/telegram", "/webhook/zalo", "/webhook/zalobot"}) {
      for (const std::string method : {"GET", "PUT", "DELETE", "PATCH"}) {
        a.push_back({method + " " + path, request(method, path, "", {}), 405});
      }
    }
    for (const std::string method : {"POST", "DELETE", "PUT"}) {
      a.push_back({method + " /healthz", request(method, "/healthz", "", {}), 405});
      a.push_back({method + " /metrics", request(method, "/metrics", "", {}), 405});
    }

    // --- Forged webhooks: 401 -------------------------------------------------------------
    for (const std::string secret : {"", "S3CRET", "s3cre", "s3crett", "wrong", "s3cret2"}) {
      a.push_back({"telegram secret '" + secret + "'", tg(tg_ok, secret), 401});
    }
    a.push_back({"telegram no secret header", request("POST", "/webhook/telegram", tg_ok, {"Content-Type: application/json"}), 401});
    const std::string ts = testing::now_ms();
    const std::string zbody = json{{"app_id", FakePlatforms::kZaloAppId},
                                   {"event_name", "user_send_text"},
                                   {"sender", {{"id", "2468458835296197922"}}},
                                   {"recipient", {{"id", "3886132808798806451"}}},
                                   {"message", {{"msg_id", "attack1"}, {"text", "/start"}}},
                                   {"timestamp", ts}}
                                  .dump();
    a.push_back({"zalo no signature", request("POST", "/webhook/zalo", zbody, {}), 401});
    a.push_back({"zalo wrong secret", zalo(zbody, testing::zalo_mac(FakePlatforms::kZaloAppId, zbody, ts, "guess")), 401});
    a.push_back({"zalo app secret", zalo(zbody, testing::zalo_mac(FakePlatforms::kZaloAppId, zbody, ts, FakePlatforms::kZaloAppSecret)), 401});
    a.push_back({"zalo signature without the timestamp", zalo(zbody, testing::zalo_mac(FakePlatforms::kZaloAppId, zbody, "", FakePlatforms::kZaloOaSecret)), 401});
    a.push_back({"zalo body changed", zalo(zbody + " ", testing::zalo_mac(FakePlatforms::kZaloAppId, zbody, ts, FakePlatforms::kZaloOaSecret)), 401});
    a.push_back({"zalo truncated signature", zalo(zbody, "mac=" + std::string(63, 'a')), 401});
    a.push_back({"zalo signature garbage", zalo(zbody, "mac=not-hex-at-all"), 401});
    // Outside the 2-hour window of a first delivery (a retry with num_retry is accepted at any age).
    const std::string stale_ts = testing::now_ms(std::chrono::hours(-3));
    const std::string stale = json{{"app_id", FakePlatforms::kZaloAppId}, {"event_name", "follow"},
                                   {"sender", {{"id", "1"}}}, {"timestamp", stale_ts}}.dump();
    a.push_back({"zalo stale", zalo_signed(stale, stale_ts), 401});
    const std::string future_ts = testing::now_ms(std::chrono::hours(3));
    const std::string future = json{{"app_id", FakePlatforms::kZaloAppId}, {"event_name", "follow"},
                                    {"sender", {{"id", "1"}}}, {"timestamp", future_ts}}.dump();
    a.push_back({"zalo from the future", zalo_signed(future, future_ts), 401});
    a.push_back({"zalo 1 MiB unsigned", zalo("{\"timestamp\":\"" + ts + "\",\"x\":\"" + std::string(60000, 'x') + "\"}", "mac=" + std::string(64, '0')), 401});
    for (const std::string secret : {"", "zb-secret", "ZB-SECRET-123", "zb-secret-1234"}) {
      a.push_back({"zalobot secret '" + secret + "'", bot(R"({"event_name":"message.text.received"})", secret), 401});
    }

    // --- Malformed updates with valid authentication: 400 ---------------------------------
    for (const std::string body :
         {"", "nope", "[]", "null", "1", "\"s\"", "{", R"({"update_id":"1"})", R"({"update_id":1.5})", R"({"update_id":true})",
          R"({"update_id":null})", R"({"message":{}})",
          R"({"update_id":2,"message":{"message_id":1,"chat":{"id":{"a":1},"type":"private"},"from":{"id":5,"is_bot":false,"first_name":"a"},"date":1,"text":"a"}})",
          R"({"update_id":3,"message":{"message_id":1,"chat":{"id":1.5,"type":"private"},"from":{"id":5,"is_bot":false,"first_name":"a"},"date":1,"text":"a"}})",
          R"({"update_id":4,"message":{"message_id":1,"chat":{"id":[1],"type":"private"},"from":{"id":5,"is_bot":false,"first_name":"a"},"date":1,"text":"a"}})",
          R"({"update_id":5,"message":{"message_id":1,"chat":{"id":"","type":"private"},"from":{"id":5,"is_bot":false,"first_name":"a"},"date":1,"text":"a"}})",
          R"({"update_id":6,"message":{"message_id":1,"chat":{"type":"private"},"from":{"id":5,"is_bot":false,"first_name":"a"},"date":1,"text":"a"}})",
          R"({"update_id":7,"message":"text"})", R"({"update_id":8,"callback_query":{"id":"q","from":{"id":true},"data":"x"}})",
          "{\"update_id\":9,\"message\":{\"text\":\"\xff\xfe\"}}"}) {
      a.push_back({"telegram malformed " + body.substr(0, 40), tg(body), 400});
    }
    for (const std::string body : {"nope", "[]", R"({"event_name":"user_send_text"})", R"({"timestamp":"abc"})"}) {
      a.push_back({"zalo malformed " + body, zalo(body, "mac=" + std::string(64, '0')), 400});
    }
    for (const std::string body : {"nope", "[]", "null"}) {
      a.push_back({"zalobot malformed " + body, bot(body), 400});
    }

    // --- The admin API: 401, 403, 400 ------------------------------------------------------
    const std::string ok_body = R"({"text":"Cảnh giác","severity":"info","target":{"scope":"all"}})";
    for (const std::string auth : {"", "Bearer", "Bearer ", "Bearer hvs_forged", "Basic YWRtaW46YWRtaW4=", "bearer x"}) {
      a.push_back({"api auth '" + auth + "'",
                   request("POST", "/api/v1/broadcasts", ok_body, auth.empty() ? std::vector<std::string>{} : std::vector<std::string>{"Authorization: " + auth}),
                   401});
    }
    a.push_back({"api officer outside scope", api(officer_, ok_body), 403});
    for (const std::string text :
         {"Nhận quà bit.ly/abc", "Vào t.me/hotro", "https ://x.vn", "\xEF\xBD\x88\xEF\xBD\x94\xEF\xBD\x94\xEF\xBD\x90\xEF\xBD\x93\xEF\xBC\x9A\xEF\xBC\x8F\xEF\xBC\x8Fx.vn",
          "vào vcb.com.vn", "www.vcb.vn", "h\xE2\x80\x8Bttp://x.vn", "10.0.0.1/login"}) {
      a.push_back({"api link in text " + text, api(admin_, json{{"text", text}, {"severity", "info"}, {"target", {{"scope", "all"}}}}.dump()), 400});
    }
    for (const std::string link : {"https://vcb.com.vn@evil.example/login", "http://x.vn", "javascript:alert(1)",
                                   "https://xn--vcb-abc.com", "https://x", "https://x.vn:0"}) {
      a.push_back({"api bad link " + link,
                   api(admin_, json{{"text", "a"}, {"severity", "info"}, {"link", link}, {"target", {{"scope", "all"}}}}.dump()), 400});
    }
    for (const std::string body :
         {"", "nope", "[]", R"({"text":"\u200b\u200b","severity":"info","target":{"scope":"all"}})",
          R"({"text":"a","severity":"loud","target":{"scope":"all"}})", R"({"text":"a","severity":"info"})",
          R"({"text":"a","severity":"info","target":{"scope":"world"}})", R"({"text":7,"severity":"info","target":{"scope":"all"}})"}) {
      a.push_back({"api malformed " + body.substr(0, 40), api(admin_, body), 400});
    }
    return a;
  }

  testing::TempDir dir_;
  FakePlatforms platforms_;
  std::unique_ptr<Service> service_;
  std::uint16_t port_ = 0;
  std::string admin_, officer_;
};

TEST_F(AttackBatteryTest, EveryAttackGetsItsPrecise4xxAndNothingIsStoredOrSent) {
  const auto attacks = battery();
  ASSERT_GE(attacks.size(), 150u);
  int wrong = 0;
  for (const auto& attack : attacks) {
    testing::RawConnection c(port_, 10);
    c.send(attack.bytes);
    int status = 0;
    try {
      status = c.read_response().status;
    } catch (const std::exception& e) {
      ADD_FAILURE() << attack.name << ": no answer (" << e.what() << ")";
      ++wrong;
      continue;
    }
    if (status != attack.status) {
      ADD_FAILURE() << attack.name << ": " << status << " (want " << attack.status << ")";
      ++wrong;
    }
    // No second answer: nothing smuggled behind the first request was served.
    bool closed = false;
    try {
      closed = c.closed_by_server();
    } catch (const std::exception&) {
    }
    EXPECT_TRUE(closed) << attack.name << ": more came after the answer";
  }
  std::cout << "[ figures  ] " << attacks.size() << " attacks, " << wrong << " answered otherwise\n";

  EXPECT_EQ(testing::http_get(port_, "/healthz").status, 200);
  EXPECT_EQ(testing::http_get(port_, "/readyz").status, 200);
  const auto db = dir_ / "attack.db";
  EXPECT_EQ(testing::sql_one(db, "SELECT count(*) FROM inbox"), "0");
  EXPECT_EQ(testing::sql_one(db, "SELECT count(*) FROM outbox"), "0");
  EXPECT_EQ(testing::sql_one(db, "SELECT count(*) FROM broadcasts"), "0");
  EXPECT_EQ(testing::sql_one(db, "SELECT count(*) FROM chats"), "0");
  EXPECT_EQ(platforms_.telegram.call_count("sendMessage"), 0u);
  EXPECT_TRUE(platforms_.zalo.calls("/v3.0/oa/message/cs").empty());
  EXPECT_TRUE(platforms_.bot.sent_messages().empty());
}

}  // namespace
}  // namespace hocvuso
