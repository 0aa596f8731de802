// Shared pieces of the adapter contract: verdict names, constant-time comparison,
// and text splitting for platforms' length limits.
#include "adapters/channel.hpp"

#include <algorithm>
#include <cstddef>

namespace hocvuso {

std::string_view to_string(Verdict v) {
  switch (v) {
    case Verdict::delivered: return "delivered";
    case Verdict::retry_after: return "retry_after";
    case Verdict::retry: return "retry";
    case Verdict::refresh_token: return "refresh_token";
    case Verdict::migrated: return "migrated";
    case Verdict::outside_window: return "outside_window";
    case Verdict::chat_inactive: return "chat_inactive";
    case Verdict::failed: return "failed";
  }
  return "unknown";
}

SendResult no_answer(const Problem& problem) {
  SendResult r;
  r.verdict = Verdict::retry;
  r.detail = problem.message;
  return r;
}

bool constant_time_equal(std::string_view a, std::string_view b) {
  // Compare every byte of the longer input whatever the lengths, so timing reveals
  // neither where the first difference is nor much about the length.
  const std::size_t n = a.size() > b.size() ? a.size() : b.size();
  unsigned char diff = a.size() == b.size() ? 0 : 1;
  for (std::size_t i = 0; i < n; ++i) {
    const unsigned char x = i < a.size() ? static_cast<unsigned char>(a[i]) : 0;
    const unsigned char y = i < b.size() ? static_cast<unsigned char>(b[i]) : 0;
    diff |= static_cast<unsigned char>(x ^ y);
  }
  return diff == 0;
}

namespace {

// Length in bytes of the UTF-8 sequence starting with lead byte c (1 for stray bytes).
std::size_t seq_len(unsigned char c) {
  if (c < 0x80) return 1;
  if ((c >> 5) == 0x6) return 2;
  if ((c >> 4) == 0xE) return 3;
  if ((c >> 3) == 0x1E) return 4;
  return 1;
}

}  // namespace

std::size_t utf16_units(std::string_view s) {
  std::size_t units = 0;
  for (std::size_t i = 0; i < s.size();) {
    const std::size_t n = seq_len(static_cast<unsigned char>(s[i]));
    units += n == 4 ? 2 : 1;  // astral-plane characters (most emoji) are surrogate pairs
    i += n;
  }
  return units;
}

std::vector<std::string> split_text(std::string_view text, std::size_t max_units) {
  std::vector<std::string> out;
  if (max_units == 0) return out;
  while (!text.empty()) {
    if (utf16_units(text) <= max_units) {
      out.emplace_back(text);
      break;
    }
    // The longest prefix (in bytes, on a character boundary) that fits.
    std::size_t fit = 0, units = 0;
    while (fit < text.size()) {
      const std::size_t n = seq_len(static_cast<unsigned char>(text[fit]));
      const std::size_t u = n == 4 ? 2 : 1;
      if (units + u > max_units) break;
      units += u;
      fit += n;
    }
    std::string_view window = text.substr(0, fit);
    std::size_t cut = std::string_view::npos;
    for (std::string_view sep : {"\n\n", "\n", ". ", " "}) {
      const auto pos = window.rfind(sep);
      // Only a break in the second half: otherwise pieces get needlessly small.
      if (pos != std::string_view::npos && pos > 0 && pos >= fit / 2) {
        cut = pos + (sep == ". " ? 1 : 0);
        break;
      }
    }
    if (cut == std::string_view::npos) cut = fit;
    // One character wider than the limit (max_units of 1 and an emoji): send it
    // whole rather than loop forever.
    if (cut == 0) cut = seq_len(static_cast<unsigned char>(text[0]));
    std::string_view piece = text.substr(0, cut);
    while (!piece.empty() && (piece.back() == ' ' || piece.back() == '\n')) piece.remove_suffix(1);
    if (!piece.empty()) out.emplace_back(piece);
    text.remove_prefix(cut);
    while (!text.empty() && (text.front() == ' ' || text.front() == '\n')) text.remove_prefix(1);
  }
  return out;
}

std::vector<MessagePiece> lay_out(std::string_view text, const ButtonRows& buttons, std::size_t max_units,
                                  std::size_t max_buttons, std::string_view continuation) {
  std::vector<MessagePiece> out;
  for (auto& piece : split_text(text, max_units)) out.push_back({std::move(piece), {}});
  if (out.empty() && !buttons.empty()) out.push_back({});
  // Fill each message with whole rows while they fit; a row wider than the limit is cut.
  std::size_t in_current = 0;
  for (const auto& row : buttons) {
    for (std::size_t at = 0; at < row.size();) {
      const bool full = max_buttons != 0 && in_current == max_buttons;
      if (full) {
        out.push_back({std::string(continuation), {}});
        in_current = 0;
      }
      const std::size_t room = max_buttons == 0 ? row.size() : max_buttons - in_current;
      const std::size_t take = std::min(room, row.size() - at);
      // A row that does not fit whole starts the next message, unless it could never fit.
      if (take < row.size() - at && at == 0 && in_current != 0 && row.size() <= max_buttons) {
        out.push_back({std::string(continuation), {}});
        in_current = 0;
        continue;
      }
      out.back().buttons.emplace_back(row.begin() + static_cast<std::ptrdiff_t>(at),
                                      row.begin() + static_cast<std::ptrdiff_t>(at + take));
      in_current += take;
      at += take;
    }
  }
  return out;
}

}  // namespace hocvuso
