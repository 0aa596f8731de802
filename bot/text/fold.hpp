// Folding Vietnamese text for tolerant matching: "Tổ CNSCĐ-Xã Thuận Châu" and
// "to cnscd-xa thuan chau" meet. Lowercase, every diacritic removed (tone marks and
// the letter marks of ă â ê ô ơ ư), đ -> d; precomposed (NFC) and decomposed (NFD)
// input fold alike. Tone marks change meaning, so exact matching should be tried
// first where it matters; folding is the fallback that lets diacritic-free text in.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace hocvuso::text {

std::string fold(std::string_view utf8);

// The folded text split into words (runs of letters and digits).
std::vector<std::string> fold_words(std::string_view utf8);

// UTF-8 <-> code points. Ill-formed bytes decode to U+FFFD, never throw.
std::u32string decode_utf8(std::string_view utf8);
// The same, with the bytes each code point took in `utf8`: 1 for an ill-formed byte (a
// U+FFFD that was not there), the bytes as written for an overlong form. Offsets into
// the text come from these, never from a code point's own UTF-8 length.
std::u32string decode_utf8(std::string_view utf8, std::vector<std::uint8_t>& source_bytes);
void append_utf8(std::string& out, char32_t cp);

}  // namespace hocvuso::text
