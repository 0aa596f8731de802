// Fuzz target: a Zalo Official Account webhook delivery, verified (X-ZEvent-Signature
// over app_id + body + timestamp + OA secret) and parsed, as the webhook route does it.
// The harness signs each input with the body's own timestamp, so the fuzzer reaches
// parse() as a genuine delivery would; an unsigned or wrongly signed one must be refused.
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "adapters/zalo/zalo.hpp"
#include "tests/fuzz/adapter_checks.hpp"
#include "tests/support/zalo_signing.hpp"  // sha256_hex, as the tests sign deliveries

namespace {

constexpr const char* kAppId = "3608465248940903967";
constexpr const char* kOaSecret = "oa-secret";

const hocvuso::zalo::ZaloAdapter& adapter() {
  static const hocvuso::zalo::ZaloAdapter a([] {
    hocvuso::ZaloConfig c;
    c.app_id = kAppId;
    c.oa_secret = kOaSecret;
    c.app_secret = "app-secret";
    c.access_token = "a";
    c.refresh_token = "r";
    return c;
  }());
  return a;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view body(reinterpret_cast<const char*>(data), size);
  const auto now = std::chrono::system_clock::now();
  const auto& a = adapter();
  // Unsigned and forged deliveries are refused (an empty body is the unsigned probe).
  if (!body.empty()) {
    if (!a.verify(body, [](std::string_view) { return std::string_view(); }, now)) __builtin_trap();
    if (!a.verify(body, [](std::string_view) { return std::string_view("mac=00"); }, now)) __builtin_trap();
  }
  // Signed as Zalo signs: with the body's own timestamp text; a retry header so that
  // an old timestamp is not the reason for a refusal.
  std::string timestamp;
  const auto doc = nlohmann::json::parse(body, nullptr, false);
  if (doc.is_object() && doc.contains("timestamp")) {
    const auto& ts = doc["timestamp"];
    timestamp = ts.is_string() ? ts.get<std::string>() : ts.dump();
  }
  const std::string mac = "mac=" + hocvuso::testing::sha256_hex(std::string(kAppId) + std::string(body) + timestamp + kOaSecret);
  (void)a.verify(
      body,
      [&](std::string_view name) {
        if (name == "X-ZEvent-Signature") return std::string_view(mac);
        return name == "num_retry" ? std::string_view("1") : std::string_view();
      },
      now);
  // Parsed whatever the verdict: the parser must hold on any bytes, not only signed ones.
  hocvuso::fuzz::check_parse(a, body);
  return 0;
}
