// The sender's rate rules as pure functions of time (the clock is a parameter, so tests pass their own).
//
// A platform counts the requests it receives in any window of time, so the limit is a sliding window,
// not a token bucket: a bucket lets a full burst through on top of the rate (after a start, or after a
// quiet moment), and the platform answers 429. The sender only knows when it starts a request and when
// the answer came back; the platform saw it somewhere in between. So a slot is counted from the start
// of a request until `window` after its answer: then requests k and k + limit reach the platform at
// least `window` apart, whatever the network's delay, and no window of the platform's holds more than
// `limit`. The price is one round trip per slot: with a round trip d, a lane sends at most
// limit / (window + d), e.g. 30/s configured and 100 ms to the API gives about 27/s.
#pragma once

#include <chrono>
#include <cstddef>
#include <vector>

namespace hocvuso::outbox {

class SlidingWindow {
 public:
  using Clock = std::chrono::steady_clock;

  SlidingWindow() = default;  // no limit
  SlidingWindow(std::size_t limit, Clock::duration window) : limit_(limit), window_(window) {}

  // `rate` requests a second at most; rate <= 0: no limit. A fractional rate (1/3 a second) becomes one
  // request per 3 s.
  static SlidingWindow per_second(double rate);
  // `burst` requests at once, `rate` a second on average: `burst` in any burst / rate seconds. Never
  // more than the token bucket (burst, rate) lets through, so a platform that counts either way agrees.
  static SlidingWindow burst_per(double rate, double burst);

  // As if `limit` requests had just been answered: nothing starts before now + window. A process that
  // starts cannot know what the one before it sent in its last moments, and the platform still counts it.
  void fill(Clock::time_point now);

  // Zero when a request may start at `now`; else how long until one may (a guess, when every slot is
  // held by a request still waiting for its answer).
  Clock::duration wait(Clock::time_point now);
  // Counts a request starting now; call only when wait(now) was zero.
  void take() { ++held_; }
  // The request ended (answered, failed, or given up) at `now`: its slot frees at now + window.
  void release(Clock::time_point now);

  // Counts a request another node (or an earlier read) says ended at `ended`: its slot frees at
  // ended + window, as if release(ended) had been called here.
  void count_ended(Clock::time_point ended);

  // Nothing held and nothing counted: the same as a new window, so it may be forgotten.
  bool idle(Clock::time_point now) const;
  bool limited() const { return limit_ > 0; }
  std::size_t limit() const { return limit_; }
  Clock::duration window() const { return window_; }

 private:
  void forget_until(Clock::time_point now);

  std::size_t limit_ = 0;  // 0: no limit
  Clock::duration window_{};
  std::size_t held_ = 0;  // requests started, not yet ended
  // Ended requests, when each stops counting, ascending from frees_[head_]. A vector, not a deque: a
  // broadcast keeps a window for every chat it sent to in the last seconds, most holding one time.
  std::vector<Clock::time_point> frees_;
  std::size_t head_ = 0;
};

// How many deliveries a lane keeps in flight: about what it sends in 200 ms, 1 to 64. A crash repeats
// what was in flight (sent, not yet marked), so this bounds the repeats to one short moment's worth.
std::size_t in_flight_limit(double rate_per_second);

}  // namespace hocvuso::outbox
