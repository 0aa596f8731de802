// Team codes as people see and type them: "TO-K7QM4P" (drawing a new one, reading
// one back). The codes' table is the store's (private_team_store_sqlite.cpp).
#include <algorithm>
#include <cctype>
#include <random>

#include "flows/groups/private_team.hpp"

namespace hocvuso::groups {

namespace {

// No 0/O, 1/I/L, 2/Z, 5/S, 8/B, G: nothing an old eye or a small screen confuses.
constexpr std::string_view kAlphabet = "ACDEFHJKMNPQRTUVWXY34679";
constexpr std::string_view kPrefix = "TO";  // "Tổ"
constexpr std::size_t kCodeChars = 6;

}  // namespace

std::string draw_team_code() {
  static thread_local std::mt19937_64 rng{std::random_device{}()};
  for (;;) {
    std::string body;
    for (std::size_t i = 0; i < kCodeChars; ++i) body += kAlphabet[rng() % kAlphabet.size()];
    // At least one digit and one letter: a code never reads as a word or a number.
    const bool digit = std::any_of(body.begin(), body.end(), [](char c) { return std::isdigit(static_cast<unsigned char>(c)); });
    const bool letter = std::any_of(body.begin(), body.end(), [](char c) { return std::isalpha(static_cast<unsigned char>(c)); });
    if (digit && letter) return std::string(kPrefix) + "-" + body;
  }
}

std::optional<std::string> read_team_code(std::string_view text) {
  std::string packed;
  for (const char ch : text) {
    const auto c = static_cast<unsigned char>(ch);
    if (c == ' ' || c == '-' || c == '.' || c == '\t' || c == '\n') continue;
    if (c >= 0x80) return std::nullopt;  // a Vietnamese letter: words, not a code
    packed += static_cast<char>(std::toupper(c));
  }
  if (packed.size() != kPrefix.size() + kCodeChars || !packed.starts_with(kPrefix)) return std::nullopt;
  const std::string body = packed.substr(kPrefix.size());
  if (body.find_first_not_of(kAlphabet) != std::string::npos) return std::nullopt;
  if (body.find_first_of("0123456789") == std::string::npos) return std::nullopt;
  return std::string(kPrefix) + "-" + body;
}

}  // namespace hocvuso::groups
