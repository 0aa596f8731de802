// Reading a team group's title, "Tổ CNSCĐ-<Tên xã, phường>", tolerant of spaces,
// dash variants, missing diacritics, "Xã"/"Phường" prefixes and case.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "flows/groups/places.hpp"

namespace hocvuso::groups {

struct TitleMatch {
  bool team_title = false;  // starts with "Tổ CNSCĐ"
  std::string name;         // the commune part, folded ("thuan chau")
  std::vector<const Commune*> communes;  // exact matches; one means "link it"
};

TitleMatch match_title(std::string_view title, const Places& places);

}  // namespace hocvuso::groups
