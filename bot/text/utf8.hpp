// Well-formed UTF-8, byte by byte (table 3-7 of the Unicode standard), for the JSON
// writer and reader: both copy runs of plain bytes whole and stop only at the rest.
#pragma once

#include <cstddef>

namespace hocvuso::text {

// Length of the well-formed UTF-8 sequence of two to four bytes that starts at p[0],
// or 0 when there is none (an ASCII byte, a stray continuation byte, an overlong
// form, a surrogate, a code point above U+10FFFF, or a sequence cut off by `end`).
inline std::size_t multibyte_length(const unsigned char* p, const unsigned char* end) {
  const unsigned char c = *p;
  std::size_t n = 0;
  unsigned char lo = 0x80, hi = 0xBF;  // the allowed range of the second byte
  if (c >= 0xC2 && c <= 0xDF) {
    n = 2;
  } else if (c >= 0xE0 && c <= 0xEF) {
    n = 3;
    if (c == 0xE0) lo = 0xA0;  // no overlongs
    if (c == 0xED) hi = 0x9F;  // no surrogates
  } else if (c >= 0xF0 && c <= 0xF4) {
    n = 4;
    if (c == 0xF0) lo = 0x90;  // no overlongs
    if (c == 0xF4) hi = 0x8F;  // nothing above U+10FFFF
  } else {
    return 0;
  }
  if (static_cast<std::size_t>(end - p) < n || p[1] < lo || p[1] > hi) return 0;
  for (std::size_t i = 2; i < n; ++i) {
    if ((p[i] & 0xC0) != 0x80) return 0;
  }
  return n;
}

}  // namespace hocvuso::text
