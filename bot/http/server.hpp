// The HTTP/1.1 server: accepts connections, reads requests with a body limit and
// deadlines, runs the routed handler, keeps connections alive, and shuts down in
// two stages (stop accepting and close idle connections; let in-flight requests end).
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "bot/core/result.hpp"
#include "bot/http/router.hpp"

namespace boost::asio {
class io_context;
}

namespace hocvuso {
class Metrics;
}

namespace hocvuso::http {

struct ServerOptions {
  std::string host = "127.0.0.1";
  std::uint16_t port = 8080;  // 0: any free port (tests)
  std::size_t body_limit = 1 << 20;
  std::chrono::seconds read_timeout{30};   // whole request, first byte to last
  std::chrono::seconds idle_timeout{60};   // keep-alive wait for the next request
  std::chrono::seconds write_timeout{30};
  // Tells an expected failure that escaped a handler from a bug: a Problem here is
  // answered 503 with its code (the platforms retry; an API client sees why), anything
  // else 500 internal_error. The composition root sets it to the store's classifier, so
  // a busy or full database reads as store_unavailable on every route alike.
  std::function<std::optional<Problem>(const std::exception&)> expected_failure;
};

class Server {
 public:
  Server(boost::asio::io_context& ioc, ServerOptions options, const Router& router, Metrics& metrics);
  ~Server();

  // Binds and starts accepting; returns the bound port. Throws on bind failure.
  std::uint16_t start();

  // Stage one of shutdown: no new connections; idle keep-alive connections are
  // closed; a connection busy with a request answers it (Connection: close) and ends.
  void stop();

  // Connections still open (busy ones, after stop()).
  std::size_t open_connections() const;

  // Stage two, after the grace period: close everything still open.
  void close_all();

  struct Impl;  // public only so the session coroutines in server.cpp can name it

 private:
  std::shared_ptr<Impl> impl_;
};

}  // namespace hocvuso::http
