// Edit distance between place names, on folded syllables: "thuan chu" is one edit
// from "thuan chau", "chiengan" one (a missing space) from "chieng an".
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace hocvuso::places {

// Levenshtein distance between two byte strings (folded text is ASCII).
std::size_t edit_distance(std::string_view a, std::string_view b);

// Syllable by syllable when both have as many syllables (the sum of each pair's
// distance), else the distance of the names without spaces plus one.
std::size_t name_distance(const std::vector<std::string>& a, const std::vector<std::string>& b);

// How many edits a typed name of this many letters may have and still be offered:
// 1 up to 7 letters, 2 up to 12, 3 beyond.
std::size_t allowed_edits(std::size_t letters);

}  // namespace hocvuso::places
