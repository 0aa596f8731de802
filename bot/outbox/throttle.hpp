// One sender lane's limits together: the channel's overall rate and each chat's own pace
// (Telegram: a group 20 a minute, a private chat about 1 a second), as sliding windows
// (rate_limit.hpp). Pure: the time is a parameter, so tests drive it with their own clock.
// A send takes a slot in both or in neither, so a busy chat does not hold the channel's.
#pragma once

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "bot/outbox/rate_limit.hpp"
#include "bot/outbox/slot_share.hpp"

namespace hocvuso::outbox {

class LaneThrottle {
 public:
  using Clock = SlidingWindow::Clock;

  // `per_second` for the whole channel; <= 0: no overall limit.
  explicit LaneThrottle(double per_second) : overall_(SlidingWindow::per_second(per_second)) {}

  // The platform still counts what a previous process sent in its last window.
  void fill(Clock::time_point now) { overall_.fill(now); }

  // Several nodes send for this bot: the channel's overall limit is the slots this node holds
  // from the database (slot_share.hpp), not a window of its own. `window`: a slot's pause after
  // an answer. The sender fills the share; this only takes and gives back.
  void share_overall(Clock::duration window) { shared_.emplace(window); }
  SlotShare* shared() { return shared_ ? &*shared_ : nullptr; }
  // While no idle slot is held, try_take asks again after this (the sender fetches more meanwhile).
  static constexpr Clock::duration kNoSlotWait = std::chrono::milliseconds(50);

  // The chat may send at `now` but the shared overall limit holds it back: more slots would help.
  bool waits_for_overall(const std::string& chat_id, Clock::time_point now);

  // The chat's window as the cluster's record says (another node may have sent to it last):
  // its sends that ended at `ended`, one entry per request. Replaces what this node kept; only
  // for a chat with no delivery under way here.
  void seed_chat(const std::string& chat_id, double rate, double burst, const std::vector<Clock::time_point>& ended);

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
  std::optional<SlotShare> shared_;  // set: the overall limit is shared across nodes
  std::map<std::string, SlidingWindow> per_chat_;
};

}  // namespace hocvuso::outbox
