// Vietnamese text as people type it in chat, brought to one form so that two ways of
// writing the same word meet: Unicode NFC (decomposed input is composed), lowercase,
// one tone-mark placement (hoà and hòa, thuý and thúy become the same), and words
// left half-typed by a Telex or VNI keyboard repaired ("khaaus" -> "khấu", "d9a6t1" ->
// "đất"). Diacritics are kept: tone marks change meaning, so matching tries this
// exact form first and text::fold() is the fallback.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace hocvuso::text {

// The words (syllables and other runs of letters and digits) in normalized form.
std::vector<std::string> syllables(std::string_view utf8);

// The syllables joined by single spaces.
std::string normalize(std::string_view utf8);

// True when the ASCII/UTF-8 word has the shape of one Vietnamese syllable
// (initial consonants, one to three vowels, an allowed final).
bool is_vietnamese_syllable(std::string_view normalized_word);

}  // namespace hocvuso::text
