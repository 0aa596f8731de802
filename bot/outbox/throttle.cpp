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
  const auto wait = std::max(chat.wait(now), overall_.wait(now));
  if (wait != Clock::duration::zero()) return wait;
  chat.take();
  overall_.take();
  return Clock::duration::zero();
}

void LaneThrottle::release(const std::string& chat_id, Clock::time_point now) {
  overall_.release(now);
  if (auto it = per_chat_.find(chat_id); it != per_chat_.end()) it->second.release(now);
}

void LaneThrottle::forget_idle(Clock::time_point now, const std::function<bool(const std::string&)>& busy) {
  std::erase_if(per_chat_, [&](const auto& entry) { return entry.second.idle(now) && !busy(entry.first); });
}

}  // namespace hocvuso::outbox
