// The benches' Telegram workload: a private "/start" from user k, in a chat of its own, as Telegram
// posts it to a webhook (signed with the secret header), ready to write to a socket.
#pragma once

#include <cstdint>
#include <string>

namespace hocvuso::bench {

inline constexpr const char* kTelegramToken = "123456789:bench-AAbbCCddEEffGGhhIIjjKKllMMnnOOppQQ";
inline constexpr const char* kTelegramSecret = "bench_secret_0123456789";
inline constexpr const char* kTelegramPath = "/webhook/telegram";
inline constexpr std::int64_t kFirstChat = 610000000;
inline constexpr std::int64_t kFirstUpdate = 900000000;

// The raw HTTP/1.1 POST of user k's /start (chat kFirstChat + k, update kFirstUpdate + k).
std::string telegram_start_request(std::size_t k);

}  // namespace hocvuso::bench
