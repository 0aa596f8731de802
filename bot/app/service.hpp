// `hocvuso serve`: the HTTP server and its threads around a Runtime, with two-stage
// graceful shutdown on SIGTERM/SIGINT and content reload on SIGHUP.
#pragma once

#include <cstdint>
#include <memory>

#include "bot/app/runtime.hpp"

namespace hocvuso {

class Service {
 public:
  explicit Service(const Config& config);  // throws on bad content or store
  ~Service();

  // Binds, starts the I/O threads; returns the bound port.
  std::uint16_t start();
  // Blocks until SIGTERM or SIGINT, then shuts down gracefully.
  void run_until_signal();
  // Stop accepting, let in-flight requests finish within the grace period, close
  // the rest, stop the threads, flush the store. Idempotent.
  void shutdown();
  // Reloads content/ (SIGHUP); on error keeps the old content and logs why.
  bool reload_content();

  Runtime& core();

  struct Impl;

 private:
  std::unique_ptr<Impl> impl_;
};

}  // namespace hocvuso
