// One sender lane's limits together: the channel's overall rate and each chat's own pace
// (Telegram: a group 20 a minute, a private chat about 1 a second), as sliding windows
// (rate_limit.hpp). Pure: the time is a parameter, so tests drive it with their own clock.
// A send takes a slot in both or in neither, so a busy chat does not hold the channel's.
#pragma once

#include <functional>
#include <map>
#include <string>

#include "bot/outbox/rate_limit.hpp"

namespace hocvuso::outbox {

class LaneThrottle {
 public:
  using Clock = SlidingWindow::Clock;

  // `per_second` for the whole channel; <= 0: no overall limit.
  explicit LaneThrottle(double per_second) : overall_(SlidingWindow::per_second(per_second)) {}

  // The platform still counts what a previous process sent in its last window.
  void fill(Clock::time_point now) { overall_.fill(now); }

  // Zero, with a slot taken in the channel's window and the chat's, when `chat_id` may
  // send at `now`; else how long to wait, with nothing taken. The chat's window is made
  // on its first send from its pace (`rate` a second, `burst` at once; 0: no own limit).
  Clock::duration try_take(const std::string& chat_id, double rate, double burst, Clock::time_point now);
  // The request that try_take let through ended at `now`.
  void release(const std::string& chat_id, Clock::time_point now);

  // The chat moved (Telegram group -> supergroup): its old window goes.
  void forget_chat(const std::string& chat_id) { per_chat_.erase(chat_id); }
  // Drops the windows of chats that sent nothing lately, unless `busy(chat)`: a broadcast
  // to a million chats must not keep a million windows.
  void forget_idle(Clock::time_point now, const std::function<bool(const std::string&)>& busy);

  std::size_t chats_tracked() const { return per_chat_.size(); }

 private:
  SlidingWindow overall_;
  std::map<std::string, SlidingWindow> per_chat_;
};

}  // namespace hocvuso::outbox
