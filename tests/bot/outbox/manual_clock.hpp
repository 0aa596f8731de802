// A sender clock that moves only when the test says (bot/outbox/sender_seams.hpp): the sender's
// loop tests (sender_test.cpp, shared_limits_pg_test.cpp) check its decisions without waiting.
#pragma once

#include <boost/asio/steady_timer.hpp>
#include <chrono>
#include <map>
#include <optional>

#include "bot/outbox/sender_seams.hpp"

namespace hocvuso {

// Time moves only when advance_to says so. A timer armed through it waits until the clock passes
// its deadline (the test then cancels it, which ends the wait as expiry would: the sender reads
// the time again either way).
class ManualClock : public outbox::SenderClock {
 public:
  std::chrono::steady_clock::time_point now() const override { return now_; }
  std::chrono::system_clock::time_point wall_now() const override { return wall_start_ + (now_ - start_); }
  void expire_after(boost::asio::steady_timer& timer, std::chrono::steady_clock::duration d) override {
    timer.expires_at(std::chrono::steady_clock::time_point::max());
    armed_[&timer] = now_ + d;
  }

  std::optional<std::chrono::steady_clock::time_point> next_deadline() const {
    std::optional<std::chrono::steady_clock::time_point> next;
    for (const auto& [timer, at] : armed_) {
      if (!next || at < *next) next = at;
    }
    return next;
  }
  void advance_to(std::chrono::steady_clock::time_point t) {
    if (t > now_) now_ = t;
    for (auto it = armed_.begin(); it != armed_.end();) {
      if (it->second <= now_) {
        it->first->cancel();
        it = armed_.erase(it);
      } else {
        ++it;
      }
    }
  }
  std::chrono::steady_clock::time_point start() const { return start_; }

  // Moves the clock `d` on, from timer to timer, calling `settle` (run all that is
  // ready) first and at each.
  template <class Settle>
  void run_for(std::chrono::steady_clock::duration d, Settle settle) {
    const auto end = now_ + d;
    settle();
    for (;;) {
      const auto next = next_deadline();
      advance_to(next && *next < end ? *next : end);
      settle();
      if (now_ >= end) return;
    }
  }

 private:
  const std::chrono::steady_clock::time_point start_ = std::chrono::steady_clock::time_point(std::chrono::hours(1000));
  const std::chrono::system_clock::time_point wall_start_ =
      std::chrono::time_point_cast<std::chrono::seconds>(std::chrono::system_clock::now());
  std::chrono::steady_clock::time_point now_ = start_;
  std::map<boost::asio::steady_timer*, std::chrono::steady_clock::time_point> armed_;
};

}  // namespace hocvuso
