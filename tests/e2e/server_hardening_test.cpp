// Issue 13: the HTTP server under attack and operation. Request smuggling through
// Transfer-Encoding (RFC 9112 §6.3), HEAD on GET routes, and the start-up error of a
// port in use, against the real server on 127.0.0.1 over real sockets.
#include <gtest/gtest.h>
#include <sys/socket.h>

#include <atomic>
#include <boost/asio/io_context.hpp>
#include <string>
#include <thread>
#include <vector>

#include "bot/http/client.hpp"
#include "bot/http/server.hpp"
#include "bot/metrics/metrics.hpp"
#include "support/raw_http.hpp"

namespace hocvuso::http {
namespace {

namespace asio = boost::asio;

// A server with POST /echo (answers the body it read) and GET /secret (counts calls:
// a smuggled request must never reach it).
class HardenedServer : public ::testing::Test {
 protected:
  void SetUp() override {
    router_.add("POST", "/echo", [](Request r) -> asio::awaitable<Response> { co_return json_ok(r.body); });
    router_.add("GET", "/secret", [this](Request) -> asio::awaitable<Response> {
      ++secret_calls_;
      co_return json_ok(R"({"secret":true})");
    });
    ServerOptions opts;
    opts.port = 0;
    server_ = std::make_unique<Server>(ioc_, opts, router_, metrics_);
    port_ = server_->start();
    io_ = std::thread([this] { ioc_.run(); });
  }
  void TearDown() override {
    server_->stop();
    server_->close_all();
    ioc_.stop();
    io_.join();
  }

  // Sends raw bytes on a fresh connection; the first response, and whether the
  // server then closed the connection without answering anything more.
  std::pair<testing::RawResponse, bool> exchange(const std::string& bytes) {
    testing::RawConnection c(port_, 5);
    c.send(bytes);
    auto r = c.read_response();
    bool closed = false;
    try {
      closed = c.closed_by_server();
    } catch (const std::exception&) {
      closed = false;  // timed out: still open
    }
    return {r, closed};
  }

  asio::io_context ioc_;
  Metrics metrics_;
  Router router_;
  std::unique_ptr<Server> server_;
  std::uint16_t port_ = 0;
  std::thread io_;
  std::atomic<int> secret_calls_{0};
};

TEST_F(HardenedServer, AnyTransferEncodingButAFinalChunkedIs400AndClosesSoNothingIsSmuggled) {
  const std::string smuggled = "GET /secret HTTP/1.1\r\nHost: x\r\n\r\n";
  struct Case {
    const char* name;
    std::string headers;
    std::string body;
  };
  const std::vector<Case> cases = {
      {"xchunked", "Transfer-Encoding: xchunked\r\n", "0\r\n\r\n"},
      {"chunked, gzip", "Transfer-Encoding: chunked, gzip\r\n", "0\r\n\r\n"},
      {"gzip, chunked", "Transfer-Encoding: gzip, chunked\r\n", "0\r\n\r\n"},
      {"gzip with Content-Length", "Transfer-Encoding: gzip\r\nContent-Length: 2\r\n", "{}"},
      {"chunked with Content-Length", "Transfer-Encoding: chunked\r\nContent-Length: 5\r\n", "0\r\n\r\n"},
      {"Content-Length then chunked", "Content-Length: 5\r\nTransfer-Encoding: chunked\r\n", "0\r\n\r\n"},
      {"two Transfer-Encoding headers", "Transfer-Encoding: chunked\r\nTransfer-Encoding: chunked\r\n", "0\r\n\r\n"},
      {"identity", "Transfer-Encoding: identity\r\n", ""},
      {"empty value", "Transfer-Encoding: \r\n", ""},
      {"chunked;ext", "Transfer-Encoding: chunked;q=1\r\n", "0\r\n\r\n"},
      {"chunked with a vertical tab", "Transfer-Encoding: \vchunked\r\n", "0\r\n\r\n"},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.name);
    const auto [r, closed] =
        exchange("POST /echo HTTP/1.1\r\nHost: x\r\n" + c.headers + "\r\n" + c.body + smuggled);
    EXPECT_EQ(r.status, 400) << r.body;
    EXPECT_EQ(r.header("connection"), "close");
    EXPECT_TRUE(closed) << "the connection stayed open after a 400";
  }
  // HTTP/1.0 has no chunked coding.
  const auto [old, old_closed] =
      exchange("POST /echo HTTP/1.0\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n" + smuggled);
  EXPECT_EQ(old.status, 400);
  EXPECT_TRUE(old_closed);
  EXPECT_EQ(secret_calls_.load(), 0) << "a smuggled request reached a route";
}

TEST_F(HardenedServer, AFinalChunkedAloneIsReadAsChunkedInAnyCase) {
  for (const char* coding : {"chunked", "Chunked", " chunked "}) {
    SCOPED_TRACE(coding);
    testing::RawConnection c(port_, 5);
    c.send(std::string("POST /echo HTTP/1.1\r\nHost: x\r\nConnection: close\r\nTransfer-Encoding: ") + coding +
           "\r\n\r\n2\r\n{}\r\n0\r\n\r\n");
    const auto r = c.read_response();
    EXPECT_EQ(r.status, 200);
    EXPECT_EQ(r.body, "{}");
  }
}

// Everything the server sends for `request` until it closes the connection.
std::string whole_answer(std::uint16_t port, const std::string& request) {
  testing::RawConnection c(port, 5);
  c.send(request);
  std::string all;
  for (;;) {
    char buf[4096];
    const auto n = ::recv(c.fd(), buf, sizeof buf, 0);
    if (n <= 0) break;
    all.append(buf, static_cast<std::size_t>(n));
  }
  return all;
}

TEST_F(HardenedServer, HeadOnAGetRouteAnswersItsHeadersWithoutABody) {
  const std::string all = whole_answer(port_, "HEAD /secret HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
  ASSERT_TRUE(all.starts_with("HTTP/1.1 200")) << all;
  const auto end = all.find("\r\n\r\n");
  ASSERT_NE(end, std::string::npos);
  EXPECT_EQ(all.size(), end + 4) << "a body followed: " << all.substr(end + 4);
  EXPECT_NE(all.find("Content-Length: " + std::to_string(std::string(R"({"secret":true})").size())), std::string::npos)
      << all;
  // HEAD on a route without GET is still 405 (with no body either), and on no route 404.
  const std::string not_allowed = whole_answer(port_, "HEAD /echo HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
  EXPECT_TRUE(not_allowed.starts_with("HTTP/1.1 405")) << not_allowed;
  EXPECT_EQ(not_allowed.size(), not_allowed.find("\r\n\r\n") + 4);
  const std::string missing = whole_answer(port_, "HEAD /nowhere HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
  EXPECT_TRUE(missing.starts_with("HTTP/1.1 404")) << missing;
}

TEST(ServerStart, APortInUseIsOnePlainSentenceNamingTheAddress) {
  asio::io_context ioc;
  Metrics metrics;
  Router router;
  ServerOptions opts;
  opts.port = 0;
  Server first(ioc, opts, router, metrics);
  opts.port = first.start();
  Server second(ioc, opts, router, metrics);
  try {
    second.start();
    FAIL() << "a second server started on the same port";
  } catch (const std::exception& e) {
    const std::string what = e.what();
    EXPECT_NE(what.find("127.0.0.1:" + std::to_string(opts.port)), std::string::npos) << what;
    EXPECT_NE(what.find("in use"), std::string::npos) << what;
    EXPECT_EQ(what.find("/usr/include"), std::string::npos) << what;
    EXPECT_EQ(what.find("system:"), std::string::npos) << what;
  }
  first.stop();
}

// parse_url, written by hand instead of a regex per request: the same answers as the
// pattern it replaced.
TEST(ParseUrl, AcceptsWhatThePatternDidAndNothingElse) {
  Url u;
  ASSERT_TRUE(parse_url("https://api.telegram.org", u));
  EXPECT_TRUE(u.tls);
  EXPECT_EQ(u.host, "api.telegram.org");
  EXPECT_EQ(u.port, "443");
  EXPECT_EQ(u.prefix, "");
  ASSERT_TRUE(parse_url("http://127.0.0.1:8081/bot/", u));
  EXPECT_FALSE(u.tls);
  EXPECT_EQ(u.host, "127.0.0.1");
  EXPECT_EQ(u.port, "8081");
  EXPECT_EQ(u.prefix, "/bot");
  ASSERT_TRUE(parse_url("http://[::1]:9/v3.0/oa", u));
  EXPECT_EQ(u.host, "::1");
  EXPECT_EQ(u.port, "9");
  EXPECT_EQ(u.prefix, "/v3.0/oa");
  for (const char* bad : {"", "ftp://x", "https://", "https://a b", "https://x:", "https://x:123456", "https://x?q=1",
                          "https://x/a#b", "https://x/a b", "https://user@x", "https://[]", "https://[zz]", "HTTPS://x",
                          "https://x\\y", "https://x:80a"}) {
    EXPECT_FALSE(parse_url(bad, u)) << bad;
  }
}

}  // namespace
}  // namespace hocvuso::http
