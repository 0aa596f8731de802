// Fuzz target: the HTTP request path through the router. The real bot/http Server
// (Beast parser with its limits, framing checks, keep-alive and pipelining, the route
// table with 404/405) listens on 127.0.0.1; each input is written to a fresh
// connection as raw bytes, the write side is closed, and everything the server
// answers is read. Routes stand for the service's kinds: a webhook POST, a GET
// endpoint, and a wildcard API path. Checked: every answer is an HTTP/1.x status
// line with a status the server may give, and the server keeps answering /healthz.
//
// This file and the coroutine libraries (bot/http, bot/outbox, bot/app) are built
// without ASan in the clang fuzz build: clang 14 cannot compile C++20 coroutines with
// sanitizers ("Cannot represent a difference across sections"). The GCC build's replay
// of the corpus (ctest -L fuzz) runs all of it under ASan and UBSan.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <boost/asio/io_context.hpp>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <thread>

#include "bot/http/router.hpp"
#include "bot/http/server.hpp"
#include "bot/metrics/metrics.hpp"

using namespace hocvuso;

namespace {

boost::asio::awaitable<http::Response> webhook(http::Request r) {
  co_return http::json_ok("{\"ok\":true,\"bytes\":" + std::to_string(r.body.size()) + "}");
}
boost::asio::awaitable<http::Response> healthz(http::Request) { co_return http::json_ok("{\"status\":\"ok\"}"); }
boost::asio::awaitable<http::Response> api(http::Request r) {
  co_return r.header("Authorization").empty() ? http::json_error(401, "unauthorized", "a bearer token is required")
                                              : http::json_ok("{}");
}

struct Running {
  boost::asio::io_context ioc;
  Metrics metrics;
  http::Router router;
  std::unique_ptr<http::Server> server;
  std::uint16_t port = 0;
  std::thread thread;

  Running() {
    router.add("POST", "/webhook/telegram", webhook);
    router.add("POST", "/webhook/zalo", webhook);
    router.add("GET", "/healthz", healthz);
    router.add("GET", "/api/v1/*", api);
    router.add("POST", "/api/v1/*", api);
    http::ServerOptions o;
    o.port = 0;
    o.body_limit = 64 * 1024;
    o.read_timeout = std::chrono::seconds(2);
    o.idle_timeout = std::chrono::seconds(2);
    o.write_timeout = std::chrono::seconds(2);
    server = std::make_unique<http::Server>(ioc, o, router, metrics);
    port = server->start();
    thread = std::thread([this] { ioc.run(); });
  }
};

Running& running() {
  static Running* r = new Running();  // lives as long as the process: the fuzzer exits without teardown
  return *r;
}

// Writes the bytes, closes the write side, reads until the server closes (or 5 s).
std::string exchange(std::uint16_t port, const std::uint8_t* data, std::size_t size) {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) __builtin_trap();
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(port);
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) __builtin_trap();
  std::size_t sent = 0;
  while (sent < size) {
    const ssize_t n = ::send(fd, data + sent, size - sent, MSG_NOSIGNAL);
    if (n <= 0) break;  // the server may close early (a 400, a 413): that is its right
    sent += static_cast<std::size_t>(n);
  }
  ::shutdown(fd, SHUT_WR);
  std::string out;
  char buf[8192];
  // Generous: a fuzzer run at nice 19 beside builds waited 5 s for an answer its input got
  // in 93 ms when replayed. The server's own timeouts are far shorter; a real hang still ends here.
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
  for (;;) {
    pollfd p{fd, POLLIN, 0};
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) __builtin_trap();  // the server neither answered nor closed
    if (::poll(&p, 1, static_cast<int>(left.count())) <= 0) continue;
    const ssize_t n = ::recv(fd, buf, sizeof buf, 0);
    if (n <= 0) break;
    out.append(buf, static_cast<std::size_t>(n));
  }
  ::close(fd);
  return out;
}

bool valid_status_line(const std::string& answer) {
  // An HTTP/1.0 request is answered as 1.0 (Beast keeps the request's version).
  if (answer.size() < 12 || (answer.compare(0, 9, "HTTP/1.1 ") != 0 && answer.compare(0, 9, "HTTP/1.0 ") != 0)) {
    return false;
  }
  const int status = std::atoi(answer.substr(9, 3).c_str());
  return status >= 200 && status <= 505;
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  (void)running();
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static unsigned long inputs = 0;
  Running& r = running();
  const std::string answer = exchange(r.port, data, size);
  if (!answer.empty() && !valid_status_line(answer)) __builtin_trap();
  // Whatever came before, a fresh connection still gets its health answer.
  if (++inputs % 64 == 0) {
    static const std::string kHealth = "GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n";
    const std::string health =
        exchange(r.port, reinterpret_cast<const std::uint8_t*>(kHealth.data()), kHealth.size());
    if (health.compare(0, 12, "HTTP/1.1 200") != 0) __builtin_trap();
  }
  return 0;
}
