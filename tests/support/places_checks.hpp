// What the places tests check a resolution against: whether a unit is among its
// choices, how many units share each folded name (a shared name may be asked, never
// guessed), and the Vietnamese strings the questions are written in.
#pragma once

#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <string>

#include "flows/places/resolve.hpp"

namespace hocvuso::places::test_checks {

inline bool among(const Resolution& r, const Commune& c) {
  for (const auto* u : r.units()) {
    if (u == &c) return true;
  }
  return false;
}

inline std::map<std::string, int> folded_name_counts(const Places& places) {
  std::map<std::string, int> n;
  for (const auto& p : places.provinces) {
    for (const auto& c : p.communes) ++n[c.key];
  }
  return n;
}

inline Strings vi_strings() {
  Strings strings;
  std::ifstream in(std::string(HOCVUSO_SOURCE_DIR) + "/content/strings/vi.json");
  const auto doc = nlohmann::json::parse(in);
  for (const auto& [key, value] : doc.items()) {
    if (value.is_string()) strings.set("vi", key, value.get<std::string>());
  }
  return strings;
}

}  // namespace hocvuso::places::test_checks
