// Length of UTF-8 text in the units the platforms count: UTF-16 code units (Telegram) or code points (Zalo).
#pragma once

#include <cstddef>
#include <string_view>

namespace hocvuso::fakes {

// Telegram counts entity offsets and, as the fake assumes, text limits in UTF-16 code units (A4).
inline std::size_t utf16_length(std::string_view utf8) {
  std::size_t n = 0;
  for (const char ch : utf8) {
    const auto c = static_cast<unsigned char>(ch);
    if ((c & 0xC0) != 0x80) ++n;  // a lead byte starts a code point
    if (c >= 0xF0) ++n;           // four-byte sequences are outside the BMP: a surrogate pair
  }
  return n;
}

inline std::size_t code_points(std::string_view utf8) {
  std::size_t n = 0;
  for (const char ch : utf8)
    if ((static_cast<unsigned char>(ch) & 0xC0) != 0x80) ++n;
  return n;
}

}  // namespace hocvuso::fakes
