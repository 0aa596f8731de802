// What the sender's loop reads the time from, arms its timers with, and sends through. In
// production: the steady and system clocks and the one HTTPS client (sender.cpp). A test gives
// a clock it moves by hand and a transport that records (tests/bot/outbox/sender_test.cpp), so the
// loop's decisions (rates, per-chat and group limits, backoff, 429) are checked without waiting.
// One virtual call per timer or request: nothing beside a coroutine's frame and an HTTP exchange.
#pragma once

#include <boost/asio/awaitable.hpp>
#include <boost/asio/steady_timer.hpp>
#include <chrono>
#include <string>

#include "bot/core/api_call.hpp"
#include "bot/core/result.hpp"

namespace hocvuso::outbox {

class SenderClock {
 public:
  virtual ~SenderClock() = default;
  // The rate limits' time (rate_limit.hpp, throttle.hpp).
  virtual std::chrono::steady_clock::time_point now() const = 0;
  // The store's time: when a row is due, when it was sent.
  virtual std::chrono::system_clock::time_point wall_now() const = 0;
  // Arms `timer` to expire `d` after now(); the caller then waits on it, and cancel() still ends
  // the wait early (a wake-up).
  virtual void expire_after(boost::asio::steady_timer& timer, std::chrono::steady_clock::duration d) = 0;
};

// The steady and system clocks.
SenderClock& system_clock();

class SenderTransport {
 public:
  virtual ~SenderTransport() = default;
  // As http::Client::request: an HTTP answer, or the Problem of no answer.
  virtual boost::asio::awaitable<Result<ApiResponse>> request(std::string base, ApiRequest request) = 0;
};

}  // namespace hocvuso::outbox
