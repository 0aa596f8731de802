// Sliding-window send limits and the in-flight size (rate_limit.hpp).
#include "bot/outbox/rate_limit.hpp"

#include <algorithm>
#include <cmath>

namespace hocvuso::outbox {

namespace {

SlidingWindow::Clock::duration seconds(double s) {
  return std::chrono::duration_cast<SlidingWindow::Clock::duration>(std::chrono::duration<double>(s));
}

// While every slot is held by a request in flight, look again this often (the answer frees one).
constexpr auto kHeldPoll = std::chrono::milliseconds(10);

}  // namespace

SlidingWindow SlidingWindow::per_second(double rate) {
  if (!(rate > 0)) return {};
  const double limit = std::max(1.0, std::floor(rate));
  return SlidingWindow(static_cast<std::size_t>(limit), seconds(limit / rate));
}

SlidingWindow SlidingWindow::burst_per(double rate, double burst) {
  if (!(rate > 0)) return {};
  const double limit = std::max(1.0, std::floor(burst));
  return SlidingWindow(static_cast<std::size_t>(limit), seconds(limit / rate));
}

void SlidingWindow::fill(Clock::time_point now) {
  if (limit_ == 0) return;
  frees_.assign(limit_, now + window_);
  head_ = 0;
}

void SlidingWindow::forget_until(Clock::time_point now) {
  while (head_ < frees_.size() && frees_[head_] <= now) ++head_;
  if (head_ == frees_.size()) {
    frees_.clear();
    head_ = 0;
  } else if (head_ > 64 && head_ * 2 > frees_.size()) {
    frees_.erase(frees_.begin(), frees_.begin() + static_cast<std::ptrdiff_t>(head_));
    head_ = 0;
  }
}

SlidingWindow::Clock::duration SlidingWindow::wait(Clock::time_point now) {
  if (limit_ == 0) return Clock::duration::zero();
  forget_until(now);
  const std::size_t counted = frees_.size() - head_;
  const std::size_t used = held_ + counted;
  if (used < limit_) return Clock::duration::zero();
  // used - limit + 1 counted slots must free first; held ones free only when their answer comes.
  const std::size_t must_free = used - limit_ + 1;
  if (must_free > counted) return kHeldPoll;
  return frees_[head_ + must_free - 1] - now;
}

void SlidingWindow::release(Clock::time_point now) {
  if (held_ == 0) return;
  --held_;
  count_ended(now);
}

void SlidingWindow::count_ended(Clock::time_point ended) {
  if (limit_ == 0) return;
  const auto at = ended + window_;
  if (frees_.empty() || frees_.back() <= at) {
    frees_.push_back(at);  // the usual case: answers come in time order
  } else {
    frees_.insert(std::upper_bound(frees_.begin() + static_cast<std::ptrdiff_t>(head_), frees_.end(), at), at);
  }
}

bool SlidingWindow::idle(Clock::time_point now) const {
  return held_ == 0 && (frees_.size() == head_ || frees_.back() <= now);
}

std::size_t in_flight_limit(double rate_per_second) {
  if (!(rate_per_second > 0)) return 64;
  return static_cast<std::size_t>(std::clamp(std::ceil(rate_per_second * 0.2), 1.0, 64.0));
}

}  // namespace hocvuso::outbox
