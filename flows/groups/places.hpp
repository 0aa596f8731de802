// content/places/<province>.json: a province's communes (xã, phường) and, where a
// source gives them, their villages (thôn, bản, tiểu khu, tổ dân phố). Adding a
// province is adding a file. See content/places/README.md.
#pragma once

#include <filesystem>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "bot/content/content.hpp"

namespace hocvuso::groups {

struct Village {
  std::string name;  // "Bản Mòng"
  std::string key;   // folded, "ban mong"
};

struct Commune {
  std::string province;  // province id, "son-la"
  std::string id;        // "thuan-chau", unique in the province
  std::string name;      // "Thuận Châu"
  std::string kind;      // "xã" or "phường"
  std::string key;       // folded name, "thuan chau"
  std::vector<Village> villages;  // may be empty

  std::string full_name() const { return kind + " " + name; }  // "xã Thuận Châu"
};

struct Province {
  std::string id;    // file name without .json
  std::string name;  // "Sơn La"
  bool partial = false;  // the list is known to be incomplete
  std::vector<Commune> communes;
};

struct Places {
  std::vector<Province> provinces;

  const Province* province(std::string_view id) const;
  const Commune* commune(std::string_view province, std::string_view id) const;
  // Communes whose name is `name` as people write it ("Thuận Châu", "xa thuan chau"),
  // in one province or (empty) all.
  std::vector<const Commune*> find(std::string_view name, std::string_view province = "") const;
  // The n communes whose names are nearest to `name` (edit distance on folded names).
  std::vector<const Commune*> closest(std::string_view name, std::size_t n) const;
};

// "thuan chau" from "Xã Thuận Châu" / "xa thuan chau" / "Thuận Châu".
std::string commune_key(std::string_view name);

std::shared_ptr<Places> load_places(const std::filesystem::path& dir, const Strings& strings,
                                    std::vector<ContentProblem>& problems);

}  // namespace hocvuso::groups
