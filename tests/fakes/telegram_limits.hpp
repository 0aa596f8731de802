// Telegram's send limits as token buckets on an injectable clock, answering "retry after N" (protocols.md A4).
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <map>

namespace hocvuso::fakes {

struct TelegramLimitsOptions {
  double per_chat_per_second = 1.0;  // "avoid more than ~1 message/s" per chat
  double per_chat_burst = 3.0;       // "short bursts tolerated"
  double per_group_per_minute = 20.0;
  double overall_per_second = 30.0;
};

class TelegramLimits {
 public:
  using Clock = std::function<std::chrono::steady_clock::time_point()>;

  explicit TelegramLimits(TelegramLimitsOptions options = {}, Clock clock = {});

  // Takes one message for chat_id from every bucket that applies, or none of them.
  // Returns 0 when allowed, else the whole seconds to wait (retry_after, at least 1).
  int try_send(std::int64_t chat_id);

 private:
  struct Bucket {
    double tokens = -1;  // -1: not yet used, starts full
    std::chrono::steady_clock::time_point last{};
  };
  // Refills b; returns the seconds until one token is there (0: available now).
  double refill(Bucket& b, double capacity, double per_second, std::chrono::steady_clock::time_point now) const;

  TelegramLimitsOptions options_;
  Clock clock_;
  std::map<std::int64_t, Bucket> chats_;
  std::map<std::int64_t, Bucket> groups_;
  Bucket overall_;
};

}  // namespace hocvuso::fakes
