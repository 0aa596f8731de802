// Token buckets for the per-chat, per-group and overall send limits of protocols.md A4.
#include "fakes/telegram_limits.hpp"

#include <algorithm>
#include <cmath>

namespace hocvuso::fakes {

TelegramLimits::TelegramLimits(TelegramLimitsOptions options, Clock clock)
    : options_(options), clock_(clock ? std::move(clock) : Clock([] { return std::chrono::steady_clock::now(); })) {}

double TelegramLimits::refill(Bucket& b, double capacity, double per_second,
                              std::chrono::steady_clock::time_point now) const {
  if (b.tokens < 0) {
    b.tokens = capacity;
  } else {
    const double elapsed = std::chrono::duration<double>(now - b.last).count();
    b.tokens = std::min(capacity, b.tokens + std::max(elapsed, 0.0) * per_second);
  }
  b.last = now;
  return b.tokens >= 1.0 ? 0.0 : (1.0 - b.tokens) / per_second;
}

int TelegramLimits::try_send(std::int64_t chat_id) {
  const auto now = clock_();
  // Basic groups have negative ids, supergroups -100...: both are groups for the 20/min rule (A2).
  const bool is_group = chat_id < 0;
  const double group_rate = options_.per_group_per_minute / 60.0;

  double wait = refill(chats_[chat_id], options_.per_chat_burst, options_.per_chat_per_second, now);
  wait = std::max(wait, refill(overall_, options_.overall_per_second, options_.overall_per_second, now));
  if (is_group) wait = std::max(wait, refill(groups_[chat_id], options_.per_group_per_minute, group_rate, now));
  if (wait > 0) return std::max(1, static_cast<int>(std::ceil(wait)));

  chats_[chat_id].tokens -= 1;
  overall_.tokens -= 1;
  if (is_group) groups_[chat_id].tokens -= 1;
  return 0;
}

}  // namespace hocvuso::fakes
