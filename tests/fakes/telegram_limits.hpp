// Telegram's send limits as exact sliding windows on an injectable clock, answering "retry after N"
// (protocols.md A4). Telegram counts the messages it received in any window of time, so a new window
// holds nothing: unlike a token bucket that starts full, a sender that bursts on top of its rate is
// refused here. The rule is the fakes' own (sliding_window.hpp), written apart from the sender's
// (bot/outbox/rate_limit.hpp), so a test of one checks the other.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <map>

#include "fakes/sliding_window.hpp"

namespace hocvuso::fakes {

struct TelegramLimitsOptions {
  double per_chat_per_second = 1.0;  // "avoid more than ~1 message/s" per chat
  double per_chat_burst = 3.0;       // "short bursts tolerated": this many in any burst / rate seconds
  double per_group_per_minute = 20.0;
  double overall_per_second = 30.0;
};

class TelegramLimits {
 public:
  using Clock = std::function<std::chrono::steady_clock::time_point()>;

  explicit TelegramLimits(TelegramLimitsOptions options = {}, Clock clock = {});

  // Counts one message for chat_id in every window that applies, or in none of them.
  // Returns 0 when allowed, else the whole seconds to wait (retry_after, at least 1).
  int try_send(std::int64_t chat_id);

 private:
  TelegramLimitsOptions options_;
  Clock clock_;
  std::map<std::int64_t, SlidingWindowLog> chats_;
  std::map<std::int64_t, SlidingWindowLog> groups_;
  SlidingWindowLog overall_;
};

}  // namespace hocvuso::fakes
