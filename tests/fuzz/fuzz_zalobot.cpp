// Fuzz target: a Zalo Bot Platform webhook delivery, verified (secret header) and
// parsed, as the webhook route does it (and as a polled update is parsed).
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "adapters/zalobot/zalobot.hpp"

namespace {

const hocvuso::zalobot::ZaloBotAdapter& adapter() {
  static const hocvuso::zalobot::ZaloBotAdapter a([] {
    hocvuso::ZaloBotConfig c;
    c.token = "bot123:secret";
    c.webhook_secret = "zb-secret-123";
    return c;
  }());
  return a;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view body(reinterpret_cast<const char*>(data), size);
  const auto now = std::chrono::system_clock::now();
  const auto& a = adapter();
  if (!a.verify(body, [](std::string_view) { return std::string_view("zb-secret-12"); }, now)) __builtin_trap();
  if (a.verify(body, [](std::string_view n) { return n == "X-Bot-Api-Secret-Token" ? "zb-secret-123" : ""; }, now)) {
    __builtin_trap();
  }
  auto parsed = a.parse(body);
  if (parsed) {
    auto* update = &*parsed;
    // Nothing accepted may speak for a chat without an id (issue 13 item 6).
    if (update->message && update->message->chat.id.empty()) __builtin_trap();
  }
  return 0;
}
