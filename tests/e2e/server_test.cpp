// The HTTP server alone, with a route that is still working when shutdown starts:
// the in-flight request must be answered (with Connection: close) before it ends.
#include <gtest/gtest.h>

#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <SQLiteCpp/Exception.h>
#include <sqlite3.h>
#include <future>
#include <thread>

#include "bot/http/server.hpp"
#include "bot/metrics/metrics.hpp"
#include "bot/store/store_unavailable.hpp"
#include "support/raw_http.hpp"

namespace hocvuso::http {
namespace {

namespace asio = boost::asio;

struct Gate {
  std::promise<void> entered;
  std::promise<void> release;
  std::shared_future<void> released{release.get_future().share()};
};

// Waits, without blocking the I/O thread, until the test opens the gate.
asio::awaitable<Response> slow(Gate* gate, Request) {
  gate->entered.set_value();
  asio::steady_timer timer(co_await asio::this_coro::executor);
  while (gate->released.wait_for(std::chrono::seconds(0)) != std::future_status::ready) {
    timer.expires_after(std::chrono::milliseconds(5));
    co_await timer.async_wait(asio::use_awaitable);
  }
  co_return json_ok(R"({"done":true})");
}

TEST(ServerShutdown, InFlightRequestIsAnsweredThenConnectionCloses) {
  asio::io_context ioc;
  Metrics metrics;
  Router router;
  Gate gate;
  router.add("GET", "/slow", [&gate](Request r) { return slow(&gate, std::move(r)); });
  ServerOptions opts;
  opts.port = 0;
  Server server(ioc, opts, router, metrics);
  const auto port = server.start();
  std::thread io([&] { ioc.run(); });

  testing::RawConnection client(port);
  client.send("GET /slow HTTP/1.1\r\nHost: x\r\n\r\n");
  gate.entered.get_future().wait();

  server.stop();
  EXPECT_EQ(server.open_connections(), 1u);  // the busy one stays
  gate.release.set_value();

  auto r = client.read_response();
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.body, R"({"done":true})");
  EXPECT_EQ(r.header("connection"), "close");
  EXPECT_TRUE(client.closed_by_server());

  ioc.run_for(std::chrono::milliseconds(0));
  ioc.stop();
  io.join();
  EXPECT_EQ(server.open_connections(), 0u);
}

TEST(ServerShutdown, HandlerExceptionIsJson500AndServerStaysUp) {
  asio::io_context ioc;
  Metrics metrics;
  Router router;
  router.add("GET", "/boom", [](Request) -> asio::awaitable<Response> { throw std::runtime_error("boom"); });
  router.add("GET", "/ok", [](Request) -> asio::awaitable<Response> { co_return json_ok("{}"); });
  ServerOptions opts;
  opts.port = 0;
  Server server(ioc, opts, router, metrics);
  const auto port = server.start();
  std::thread io([&] { ioc.run(); });

  auto r = testing::http_get(port, "/boom");
  EXPECT_EQ(r.status, 500);
  EXPECT_EQ(r.body.find("boom"), std::string::npos);  // no internals leak
  EXPECT_EQ(testing::http_get(port, "/ok").status, 200);

  server.stop();
  ioc.stop();
  io.join();
}

// The composition root's classifier (the store's): a database that cannot take the work
// now is a 503 the platform retries, with the code an API client can act on; a bug is
// still a bare 500, and neither says which database or file.
TEST(ServerShutdown, StoreUnavailableIs503WithItsCodeAndABugStays500) {
  asio::io_context ioc;
  Metrics metrics;
  Router router;
  router.add("GET", "/busy", [](Request) -> asio::awaitable<Response> {
    throw SQLite::Exception("database is locked in /srv/hocvuso/data.db", SQLITE_BUSY);
  });
  router.add("GET", "/bug", [](Request) -> asio::awaitable<Response> {
    throw SQLite::Exception("no such column: chat_idx", SQLITE_ERROR);
  });
  ServerOptions opts;
  opts.port = 0;
  opts.expected_failure = store_problem;
  Server server(ioc, opts, router, metrics);
  const auto port = server.start();
  std::thread io([&] { ioc.run(); });

  auto busy = testing::http_get(port, "/busy");
  EXPECT_EQ(busy.status, 503);
  EXPECT_NE(busy.body.find(R"("code":"store_unavailable")"), std::string::npos) << busy.body;
  EXPECT_EQ(busy.header("retry-after"), "5");
  EXPECT_EQ(busy.body.find("/srv"), std::string::npos) << busy.body;
  auto bug = testing::http_get(port, "/bug");
  EXPECT_EQ(bug.status, 500);
  EXPECT_EQ(bug.body.find("chat_idx"), std::string::npos) << bug.body;

  server.stop();
  ioc.stop();
  io.join();
}

}  // namespace
}  // namespace hocvuso::http
