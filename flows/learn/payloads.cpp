// Payload building and parsing for the learning flows.
#include "flows/learn/payloads.hpp"

#include <charconv>

namespace hocvuso::learn {

std::string make_payload(std::string_view prefix, const std::vector<std::string>& parts) {
  std::string out(prefix);
  for (std::size_t i = 0; i < parts.size(); ++i) {
    if (i > 0) out += ':';
    out += parts[i];
  }
  return out;
}

std::optional<std::vector<std::string>> payload_parts(std::string_view payload, std::string_view prefix,
                                                      std::size_t count) {
  if (!payload.starts_with(prefix)) return std::nullopt;
  payload.remove_prefix(prefix.size());
  std::vector<std::string> parts;
  while (true) {
    auto colon = payload.find(':');
    parts.emplace_back(payload.substr(0, colon));
    if (colon == std::string_view::npos) break;
    payload.remove_prefix(colon + 1);
  }
  if (parts.size() != count) return std::nullopt;
  return parts;
}

std::optional<int> to_index(std::string_view s) {
  int v = 0;
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || p != s.data() + s.size() || v < 0) return std::nullopt;
  return v;
}

}  // namespace hocvuso::learn
