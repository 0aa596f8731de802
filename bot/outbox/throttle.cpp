// A lane's channel and per-chat windows together (throttle.hpp).
#include "bot/outbox/throttle.hpp"

#include <algorithm>

namespace hocvuso::outbox {

LaneThrottle::Clock::duration LaneThrottle::try_take(const std::string& chat_id, double rate, double burst,
                                                     Clock::time_point now) {
  const auto emplaced = per_chat_.try_emplace(chat_id);
  SlidingWindow& chat = emplaced.first->second;
  if (emplaced.second) chat = SlidingWindow::burst_per(rate, burst);
  // Nothing is taken until both are free, so a busy chat does not hold the channel's slots.
  const auto overall_wait = shared_ ? shared_->wait(now, kNoSlotWait) : overall_.wait(now);
  const auto wait = std::max(chat.wait(now), overall_wait);
  if (wait != Clock::duration::zero()) return wait;
  chat.take();
  if (shared_) {
    shared_->take(now);
  } else {
    overall_.take();
  }
  return Clock::duration::zero();
}

bool LaneThrottle::waits_for_overall(const std::string& chat_id, Clock::time_point now) {
  if (!shared_ || shared_->wait(now, kNoSlotWait) == Clock::duration::zero()) return false;
  const auto it = per_chat_.find(chat_id);
  return it == per_chat_.end() || it->second.wait(now) == Clock::duration::zero();
}

void LaneThrottle::seed_chat(const std::string& chat_id, double rate, double burst,
                             const std::vector<Clock::time_point>& ended) {
  SlidingWindow chat = SlidingWindow::burst_per(rate, burst);
  for (const auto t : ended) chat.count_ended(t);
  per_chat_.insert_or_assign(chat_id, std::move(chat));
}

void LaneThrottle::release(const std::string& chat_id, Clock::time_point now) {
  if (shared_) {
    shared_->release(now);
  } else {
    overall_.release(now);
  }
  if (auto it = per_chat_.find(chat_id); it != per_chat_.end()) it->second.release(now);
}

void LaneThrottle::forget_idle(Clock::time_point now, const std::function<bool(const std::string&)>& busy) {
  std::erase_if(per_chat_, [&](const auto& entry) { return entry.second.idle(now) && !busy(entry.first); });
}

}  // namespace hocvuso::outbox
