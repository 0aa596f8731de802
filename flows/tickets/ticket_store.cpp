// Ticket codes, tags and the stored status words: what the ticket store's backends
// share and is not SQL. The SQL is in ticket_store_sqlite.cpp.
#include "flows/tickets/ticket_store.hpp"

#include <charconv>

namespace hocvuso::tickets {

namespace {

constexpr std::string_view kCodePrefix = "HT";
constexpr std::string_view kTagPrefix = "ticket:";

}  // namespace

std::optional<std::int64_t> parse_id(std::string_view digits) {
  std::int64_t n = 0;
  if (digits.empty() || digits.size() > 15) return std::nullopt;
  const auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), n);
  if (ec != std::errc() || end != digits.data() + digits.size() || n <= 0) return std::nullopt;
  return n;
}

Status status_from_string(std::string_view s) {
  if (s == "claimed") return Status::claimed;
  if (s == "closed") return Status::closed;
  return Status::open;
}

std::string ticket_code(std::int64_t id) { return std::string(kCodePrefix) + std::to_string(id); }

std::optional<std::int64_t> parse_ticket_code(std::string_view word) {
  if (word.starts_with('#')) word.remove_prefix(1);
  if (word.size() <= kCodePrefix.size()) return std::nullopt;
  for (std::size_t i = 0; i < kCodePrefix.size(); ++i) {
    if ((word[i] & ~0x20) != kCodePrefix[i]) return std::nullopt;  // ASCII upper-case compare
  }
  return parse_id(word.substr(kCodePrefix.size()));
}

std::string ticket_tag(std::int64_t id) { return std::string(kTagPrefix) + std::to_string(id); }

std::optional<std::int64_t> ticket_of_tag(std::string_view tag) {
  if (!tag.starts_with(kTagPrefix)) return std::nullopt;
  return parse_id(tag.substr(kTagPrefix.size()));
}

}  // namespace hocvuso::tickets
