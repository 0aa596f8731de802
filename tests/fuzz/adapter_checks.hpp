// What every adapter fuzz target asserts, in one place: a delivery with a wrong or
// missing secret is refused before its body is read, a right one is let through, and
// whatever parse() accepts speaks for a chat with an id (issue 13 item 6). A broken
// promise traps, which libFuzzer and the replay driver report as a crash.
#pragma once

#include <chrono>
#include <string_view>

namespace hocvuso::fuzz {

// Telegram and the Zalo Bot Platform authenticate a webhook by one secret header.
template <class Adapter>
void check_secret_header(const Adapter& a, std::string_view body, std::string_view header, std::string_view secret,
                         std::string_view wrong, std::chrono::system_clock::time_point now) {
  if (!a.verify(body, [&](std::string_view) { return wrong; }, now)) __builtin_trap();
  if (a.verify(body, [&](std::string_view name) { return name == header ? secret : std::string_view(); }, now)) {
    __builtin_trap();
  }
}

template <class Adapter>
void check_parse(const Adapter& a, std::string_view body) {
  auto parsed = a.parse(body);
  if (parsed && parsed->message && parsed->message->chat.id.empty()) __builtin_trap();
}

}  // namespace hocvuso::fuzz
