// An exact sliding-window limit for the fakes: at most `limit` accepted events in any window (t - window, t].
// The fakes' own rule, written apart from the sender's (bot/outbox/rate_limit.hpp), so a test of one checks
// the other: it keeps every accepted time, and a new event is refused while `limit` of them are younger
// than `window`.
#pragma once

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstddef>
#include <deque>

namespace hocvuso::fakes {

class SlidingWindowLog {
 public:
  using Clock = std::chrono::steady_clock;

  SlidingWindowLog(std::size_t limit, Clock::duration window) : limit_(limit), window_(window) {}

  // 0 when the event is accepted (and counted); else the whole seconds until it would be (at least 1).
  int try_take(Clock::time_point now) {
    const int wait = retry_after(now);
    if (wait == 0) take(now);
    return wait;
  }

  // 0 when an event at `now` would be accepted; else the whole seconds until it would be (at least 1).
  // Counts nothing, so several windows can be asked before any is taken (all or none).
  int retry_after(Clock::time_point now) {
    while (!accepted_.empty() && accepted_.front() <= now - window_) accepted_.pop_front();
    if (accepted_.size() < limit_) return 0;
    const auto oldest_leaves = accepted_[accepted_.size() - limit_] + window_;
    return std::max(1, static_cast<int>(std::ceil(std::chrono::duration<double>(oldest_leaves - now).count())));
  }
  // Counts an event at `now`; call after retry_after(now) was 0.
  void take(Clock::time_point now) { accepted_.push_back(now); }

  std::size_t size() const { return accepted_.size(); }

 private:
  std::size_t limit_;
  Clock::duration window_;
  std::deque<Clock::time_point> accepted_;
};

}  // namespace hocvuso::fakes
