// Fuzz target: a Zalo Bot Platform webhook delivery, verified (secret header) and
// parsed, as the webhook route does it (and as a polled update is parsed).
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "adapters/zalobot/zalobot.hpp"
#include "tests/fuzz/adapter_checks.hpp"

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
  hocvuso::fuzz::check_secret_header(a, body, "X-Bot-Api-Secret-Token", "zb-secret-123", "zb-secret-12", now);
  hocvuso::fuzz::check_parse(a, body);
  return 0;
}
