// Reading a team group's title, "Tổ CNSCĐ-<Tên xã, phường>", tolerant of spaces,
// dash variants, missing diacritics, "Xã"/"Phường"/"P." prefixes, case and typos:
// the commune part goes through the one place resolver (flows/places/resolve.hpp).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "flows/groups/places.hpp"

namespace hocvuso::groups {

struct TitleMatch {
  bool team_title = false;  // starts with "Tổ CNSCĐ"
  std::string name;         // the commune part as written ("Xã Mường Bú")
  places::Resolution resolution;          // one: link it; ask: offer the choices; none: closest
  std::vector<const Commune*> communes;   // units named exactly so (one, or several that share the name)
};

TitleMatch match_title(std::string_view title, const Places& places);

}  // namespace hocvuso::groups
