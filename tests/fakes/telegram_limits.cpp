// Sliding windows for the per-chat, per-group and overall send limits of protocols.md A4.
#include "fakes/telegram_limits.hpp"

#include <algorithm>
#include <cmath>

namespace hocvuso::fakes {

namespace {

std::size_t count_of(double n) { return static_cast<std::size_t>(std::max(1.0, std::round(n))); }

std::chrono::steady_clock::duration seconds_of(double s) {
  return std::chrono::duration_cast<std::chrono::steady_clock::duration>(std::chrono::duration<double>(s));
}

}  // namespace

TelegramLimits::TelegramLimits(TelegramLimitsOptions options, Clock clock)
    : options_(options),
      clock_(clock ? std::move(clock) : Clock([] { return std::chrono::steady_clock::now(); })),
      overall_(count_of(options.overall_per_second), seconds_of(count_of(options.overall_per_second) /
                                                                 std::max(options.overall_per_second, 1e-9))) {}

int TelegramLimits::try_send(std::int64_t chat_id) {
  const auto now = clock_();
  // Basic groups have negative ids, supergroups -100...: both are groups for the 20/min rule (A2).
  const bool is_group = chat_id < 0;
  const std::size_t burst = count_of(options_.per_chat_burst);
  auto& chat = chats_
                   .try_emplace(chat_id, burst, seconds_of(static_cast<double>(burst) /
                                                           std::max(options_.per_chat_per_second, 1e-9)))
                   .first->second;
  int wait = std::max(chat.retry_after(now), overall_.retry_after(now));
  SlidingWindowLog* group = nullptr;
  if (is_group) {
    group = &groups_.try_emplace(chat_id, count_of(options_.per_group_per_minute), std::chrono::minutes(1))
                 .first->second;
    wait = std::max(wait, group->retry_after(now));
  }
  if (wait > 0) return wait;
  chat.take(now);
  overall_.take(now);
  if (group != nullptr) group->take(now);
  return 0;
}

}  // namespace hocvuso::fakes
