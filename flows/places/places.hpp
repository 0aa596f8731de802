// The places list: every xã and phường of the loaded provinces (content/places/<id>.json,
// one file per province), with their official codes, the former units merged into
// them, and (where a source gives them) their villages. Plain data and lookups; no
// I/O apart from load_places(), no Beast, Asio or SQLite.
//
// Identity: a province is its file's id ("son-la"); a commune-level unit is its
// official 5-digit code, kept as text ("03664"; leading zeros matter). Everything
// stored names places by these; display names always come from here.
//
// Finding a unit from what a person typed is resolve.hpp's job.
#pragma once

#include <filesystem>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "bot/content/content.hpp"

namespace hocvuso::places {

struct Village {
  std::string name;  // "Bản Mòng"
  std::string key;   // folded, "ban mong"
};

// A unit that existed before the 2025 reorganisation and is now (part of) a unit.
struct FormerUnit {
  std::string kind;  // "xã", "phường" or "thị trấn"
  std::string name;  // "Chiềng Xôm"
  std::string note;  // what tells two former units of one name apart: "thị xã Mộc Châu", or ""
  std::string key;   // folded name, "chieng xom"
  std::string exact; // text::normalize(name), "chiềng xôm"

  std::string full_name() const { return kind + " " + name; }  // "xã Chiềng Xôm"
};

struct Commune {
  std::string province;  // province id, "son-la"
  std::string id;        // the official code, "03664" (same as code; the stored identity)
  std::string code;      // "03664"
  std::string name;      // "Chiềng An"
  std::string kind;      // "xã" or "phường"
  std::string key;       // folded name, "chieng an"
  std::string exact;     // text::normalize(name), "chiềng an": narrows names that fold alike
  std::vector<FormerUnit> former;  // empty when unchanged
  std::vector<Village> villages;   // may be empty

  std::string full_name() const { return kind + " " + name; }  // "phường Chiềng An"
};

struct Province {
  std::string id;    // file name without .json, "son-la"
  std::string name;  // "Sơn La"
  std::string key;   // folded, "son la"
  bool partial = false;  // the list is known to be incomplete
  std::vector<Commune> communes;
};

struct Places {
  std::vector<Province> provinces;

  const Province* province(std::string_view id) const;
  // A unit by its official code, in any province.
  const Commune* unit(std::string_view code) const;
  // A unit by code, only if it lies in `province` (a stored pair).
  const Commune* commune(std::string_view province, std::string_view code) const;
  // The units of a province (empty when the id is unknown).
  const std::vector<Commune>& communes_of(std::string_view province) const;

  // "phường Chiềng An", with ", Sơn La" appended when more than one province is loaded.
  std::string label(const Commune& c) const;
  // "Sơn La", or the id itself when the province is not loaded.
  std::string province_name(std::string_view id) const;
  // label() of a stored code, or the code itself when content no longer has it.
  std::string label_of(std::string_view province, std::string_view code) const;

  // Units whose current name folds to `name` ("Thuận Châu", "xa thuan chau"), in one
  // province or (empty) all. Only current names, no typos: resolve() is the tolerant one.
  std::vector<const Commune*> find(std::string_view name, std::string_view province = "") const;
  // The n units whose names are nearest to `name` (edit distance on folded names).
  std::vector<const Commune*> closest(std::string_view name, std::size_t n, std::string_view province = "") const;
};

// "thuan chau" from "Xã Thuận Châu" / "xa thuan chau" / "Thuận Châu" / "P. Chiềng-An":
// folded words, a leading type word dropped.
std::string commune_key(std::string_view name);

std::shared_ptr<Places> load_places(const std::filesystem::path& dir, const Strings& strings,
                                    std::vector<ContentProblem>& problems);

}  // namespace hocvuso::places
