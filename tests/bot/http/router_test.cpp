// Tests the HTTP route table and plain request/response helpers (bot/http/router.hpp, message.hpp).
#include "bot/http/router.hpp"

#include <gtest/gtest.h>

#include <boost/asio/awaitable.hpp>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "bot/http/message.hpp"

namespace hocvuso::http {
namespace {

Handler ok_handler() {
  return [](Request) -> boost::asio::awaitable<Response> { co_return json_ok("{}"); };
}

Router sample() {
  Router r;
  r.add("POST", "/webhook/telegram", ok_handler());
  r.add("GET", "/health", ok_handler());
  r.add("POST", "/health", ok_handler());
  r.add("GET", "/metrics", ok_handler());
  r.add("POST", "/api/v1/items", ok_handler());
  r.add("GET", "/api/v1/items/*", ok_handler());
  return r;
}

TEST(Router, Match) {
  const Router r = sample();
  struct Case {
    std::string method, path;
    int status;
    std::string route, allow;
  };
  const std::vector<Case> cases = {
      {"GET", "/health", 200, "/health", ""},
      {"POST", "/health", 200, "/health", ""},
      {"POST", "/webhook/telegram", 200, "/webhook/telegram", ""},
      {"PUT", "/health", 405, "/health", "GET, POST"},
      {"DELETE", "/metrics", 405, "/metrics", "GET"},
      {"GET", "/webhook/telegram", 405, "/webhook/telegram", "POST"},
      {"get", "/health", 405, "/health", "GET, POST"},  // methods are case-sensitive
      {"GET", "/nope", 404, "unmatched", ""},
      {"GET", "/health/", 404, "unmatched", ""},        // exact paths only
      {"GET", "/Health", 404, "unmatched", ""},
      {"GET", "", 404, "unmatched", ""},
      {"GET", "/api/v1/items/12", 200, "/api/v1/items/*", ""},  // a "/*" route serves what lies below it
      {"GET", "/api/v1/items/12/cancel", 200, "/api/v1/items/*", ""},
      {"POST", "/api/v1/items/12", 405, "/api/v1/items/*", "GET"},
      {"POST", "/api/v1/items", 200, "/api/v1/items", ""},  // the exact path wins
      {"GET", "/api/v1/itemsx", 404, "unmatched", ""},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.method + " " + c.path);
    const Router::Match m = r.match(c.method, c.path);
    EXPECT_EQ(m.status, c.status);
    EXPECT_EQ(m.route, c.route);
    EXPECT_EQ(m.allow, c.allow);
    EXPECT_EQ(m.handler != nullptr, c.status == 200);
  }
}

TEST(Router, DistinctHandlersPerMethod) {
  const Router r = sample();
  const auto get = r.match("GET", "/health");
  const auto post = r.match("POST", "/health");
  ASSERT_NE(get.handler, nullptr);
  ASSERT_NE(post.handler, nullptr);
  EXPECT_NE(get.handler, post.handler);
  EXPECT_TRUE(static_cast<bool>(*get.handler));
}

TEST(Router, EmptyRouterIs404) {
  const Router r;
  EXPECT_EQ(r.match("GET", "/").status, 404);
}

TEST(Request, PathStripsQuery) {
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"/health", "/health"},
      {"/health?verbose=1", "/health"},
      {"/a/b?x=1?y=2", "/a/b"},
      {"/?", "/"},
      {"?q", ""},
      {"", ""},
  };
  for (const auto& [target, path] : cases) {
    Request req;
    req.target = target;
    EXPECT_EQ(req.path(), path) << target;
  }
}

TEST(Request, HeaderLookupIsCaseInsensitive) {
  Request req;
  req.headers = {{"Content-Type", "application/json"},
                 {"X-Telegram-Bot-Api-Secret-Token", "s3cret"},
                 {"x-dup", "first"},
                 {"X-Dup", "second"}};
  EXPECT_EQ(req.header("content-type"), "application/json");
  EXPECT_EQ(req.header("CONTENT-TYPE"), "application/json");
  EXPECT_EQ(req.header("x-telegram-bot-api-secret-token"), "s3cret");
  EXPECT_EQ(req.header("X-Dup"), "first");  // the first of repeated headers
  EXPECT_EQ(req.header("Content-Typ"), "");
  EXPECT_EQ(req.header("Content-Type-X"), "");
  EXPECT_EQ(req.header("Authorization"), "");
}

TEST(Response, JsonErrorShape) {
  const Response r = json_error(405, "method_not_allowed", "use \"GET\"");
  EXPECT_EQ(r.status, 405);
  EXPECT_EQ(r.content_type, "application/json");
  const auto body = nlohmann::json::parse(r.body);
  EXPECT_EQ(body, (nlohmann::json{{"error", {{"status", 405}, {"code", "method_not_allowed"},
                                             {"message", "use \"GET\""}}}}));
  ASSERT_EQ(body.size(), 1u);
  EXPECT_TRUE(body["error"]["status"].is_number_integer());
}

TEST(Response, JsonErrorSurvivesInvalidUtf8) {
  const Response r = json_error(400, "bad_request", "bad byte \xff here");
  const auto body = nlohmann::json::parse(r.body);  // replaced, still valid JSON
  EXPECT_EQ(body["error"]["code"], "bad_request");
}

TEST(Response, OkAndText) {
  const Response ok = json_ok(R"({"ok":true})", 202);
  EXPECT_EQ(ok.status, 202);
  EXPECT_EQ(ok.content_type, "application/json");
  EXPECT_EQ(ok.body, R"({"ok":true})");
  EXPECT_EQ(json_ok("{}").status, 200);
  const Response t = text("hello");
  EXPECT_EQ(t.status, 200);
  EXPECT_EQ(t.content_type, "text/plain; charset=utf-8");
  EXPECT_EQ(t.body, "hello");
  EXPECT_EQ(text("# metrics", "text/plain; version=0.0.4").content_type, "text/plain; version=0.0.4");
}

TEST(Router, TheLongestPrefixWins) {
  Router r;
  r.add("GET", "/dashboard/*", ok_handler());
  r.add("GET", "/dashboard/xa/*", ok_handler());
  r.add("POST", "/dashboard/xa/*", ok_handler());
  EXPECT_EQ(r.match("GET", "/dashboard/xa/03721").route, "/dashboard/xa/*");
  EXPECT_EQ(r.match("POST", "/dashboard/xa/03721").status, 200);
  EXPECT_EQ(r.match("GET", "/dashboard/tongquan").route, "/dashboard/*");
  EXPECT_EQ(r.match("GET", "/dashboard/xax").route, "/dashboard/*");
}

}  // namespace
}  // namespace hocvuso::http
