// Fuzz target: a Telegram webhook delivery, verified (secret header) and parsed, as
// the webhook route does it (a polled update goes through the same parse).
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "adapters/telegram/telegram.hpp"
#include "tests/fuzz/adapter_checks.hpp"

namespace {

const hocvuso::telegram::TelegramAdapter& adapter() {
  static const hocvuso::telegram::TelegramAdapter a([] {
    hocvuso::TelegramConfig c;
    c.token = "7700000001:AAFakeTokenForFuzzingOnly_0123456789";
    c.webhook_secret = "fuzz-secret";
    c.bot_username = "hocvuso_bot";
    return c;
  }());
  return a;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view body(reinterpret_cast<const char*>(data), size);
  const auto now = std::chrono::system_clock::now();
  const auto& a = adapter();
  // A forged delivery is refused before anything reads its body.
  hocvuso::fuzz::check_secret_header(a, body, "X-Telegram-Bot-Api-Secret-Token", "fuzz-secret", "wrong", now);
  hocvuso::fuzz::check_parse(a, body);
  return 0;
}
