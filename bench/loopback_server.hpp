// The project's HTTP server on 127.0.0.1:0 with its own io_context and thread: the fake API and the ceiling.
#pragma once

#include <cstdint>
#include <memory>
#include <string>

#include "bot/http/router.hpp"
#include "bot/metrics/metrics.hpp"

namespace hocvuso::bench {

class LoopbackServer {
 public:
  explicit LoopbackServer(http::Router router);  // binds and starts serving
  ~LoopbackServer();                             // stops and joins its thread
  LoopbackServer(const LoopbackServer&) = delete;
  LoopbackServer& operator=(const LoopbackServer&) = delete;

  std::uint16_t port() const;
  std::string base_url() const;  // "http://127.0.0.1:<port>"
  // Requests that matched no route (answered 404).
  double unmatched() const;
  // TCP connections accepted so far.
  std::size_t connections() const;

  struct Impl;

 private:
  std::unique_ptr<Impl> impl_;
};

// A bare "200 OK" webhook endpoint: the ceiling the load generator can reach.
http::Router ceiling_router(const std::string& path);

}  // namespace hocvuso::bench
