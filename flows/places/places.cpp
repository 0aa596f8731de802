// Loading and checking content/places/*.json; lookups by id and code.
#include "flows/places/places.hpp"

#include <algorithm>
#include <map>
#include <nlohmann/json.hpp>
#include <set>

#include "bot/text/fold.hpp"
#include "bot/text/normalize.hpp"
#include "flows/places/distance.hpp"

namespace hocvuso::places {

namespace {

// Vietnamese written in NFC has no combining marks: a decomposed letter (from some
// keyboards or a copy from a PDF) would fold alike but never compare equal.
bool is_nfc_vietnamese(std::string_view s) {
  for (char32_t c : text::decode_utf8(s)) {
    if ((c >= 0x0300 && c <= 0x036F) || c == 0xFFFD) return false;
  }
  return true;
}

std::string join(const std::vector<std::string>& words, std::size_t from) {
  std::string out;
  for (std::size_t i = from; i < words.size(); ++i) {
    if (!out.empty()) out += ' ';
    out += words[i];
  }
  return out;
}

// "xã Chiềng Chung (thị xã Mộc Châu)" -> {xã, Chiềng Chung, thị xã Mộc Châu}.
std::optional<FormerUnit> read_former(std::string_view written) {
  FormerUnit f;
  std::string rest(written);
  if (const auto open = rest.find(" ("); open != std::string::npos && rest.ends_with(")")) {
    f.note = rest.substr(open + 2, rest.size() - open - 3);
    rest = rest.substr(0, open);
  }
  for (std::string_view kind : {"thị trấn ", "phường ", "xã "}) {
    if (rest.starts_with(kind)) {
      f.kind = std::string(kind.substr(0, kind.size() - 1));
      f.name = rest.substr(kind.size());
      break;
    }
  }
  if (f.kind.empty() || f.name.empty()) return std::nullopt;
  f.key = join(text::fold_words(f.name), 0);
  f.exact = text::normalize(f.name);
  return f;
}

struct Loader {
  Places& places;
  std::vector<ContentProblem>& problems;
  std::map<std::string, std::string> codes;  // code -> "file at", for uniqueness across provinces

  void nfc(const std::string& file, const std::string& at, const std::string& s) {
    if (!is_nfc_vietnamese(s)) problems.push_back({file, at, "must be NFC text (a letter with a separate combining mark)"});
  }

  void commune(const std::string& file, const std::string& at, const nlohmann::json& j, Province& p,
               std::set<std::string>& names) {
    Commune c;
    c.province = p.id;
    if (!j.is_object()) {
      problems.push_back({file, at, "must be an object"});
      return;
    }
    c.code = j.contains("code") && j["code"].is_string() ? j["code"].get<std::string>() : "";
    if (c.code.size() != 5 || !std::all_of(c.code.begin(), c.code.end(), [](char ch) { return ch >= '0' && ch <= '9'; })) {
      problems.push_back({file, at + ".code", "must be the official 5-digit code as text, e.g. \"03664\""});
      return;
    }
    c.id = c.code;
    if (auto [it, fresh] = codes.emplace(c.code, file + ":" + at); !fresh) {
      problems.push_back({file, at + ".code", "code " + c.code + " is used twice (also " + it->second + ")"});
    }
    c.name = j.value("name", "");
    c.kind = j.value("kind", "");
    nfc(file, at + ".name", c.name);
    if (c.kind != "xã" && c.kind != "phường") problems.push_back({file, at + ".kind", "must be \"xã\" or \"phường\""});
    c.key = join(text::fold_words(c.name), 0);
    c.exact = text::normalize(c.name);
    const auto first = text::syllables(c.name);
    if (c.key.empty() || first.front() == "xã" || first.front() == "phường") {
      problems.push_back({file, at + ".name", "needs the unit's name without its type word"});
      return;
    }
    // Names that fold alike (Văn Lăng, Văn Lang) are allowed: the resolver asks. The
    // same type and name as written twice is a mistake.
    if (!names.insert(c.kind + " " + c.name).second) {
      problems.push_back({file, at + ".name", "\"" + c.full_name() + "\" is listed twice in " + p.name});
    }
    if (j.contains("former")) {
      if (!j["former"].is_array()) problems.push_back({file, at + ".former", "must be an array"});
      for (std::size_t i = 0; j["former"].is_array() && i < j["former"].size(); ++i) {
        const auto& f = j["former"][i];
        const std::string fat = at + ".former[" + std::to_string(i) + "]";
        auto former = f.is_string() ? read_former(f.get<std::string>()) : std::nullopt;
        if (!former) {
          problems.push_back({file, fat, "must be \"xã|phường|thị trấn <Tên>\" with an optional \" (note)\""});
          continue;
        }
        nfc(file, fat, f.get<std::string>());
        c.former.push_back(std::move(*former));
      }
    } else if (!j.value("unchanged", false)) {
      problems.push_back({file, at, "needs \"former\" (the units merged into it) or \"unchanged\": true"});
    }
    if (j.contains("villages")) {
      const auto& villages = j["villages"];
      for (std::size_t v = 0; villages.is_array() && v < villages.size(); ++v) {
        if (!villages[v].is_string() || villages[v].get<std::string>().empty()) {
          problems.push_back({file, at + ".villages[" + std::to_string(v) + "]", "must be a village name"});
          continue;
        }
        const auto name = villages[v].get<std::string>();
        nfc(file, at + ".villages[" + std::to_string(v) + "]", name);
        c.villages.push_back(Village{name, join(text::fold_words(name), 0)});
      }
      if (!villages.is_array()) problems.push_back({file, at + ".villages", "must be an array"});
    }
    p.communes.push_back(std::move(c));
  }

  void province(const std::filesystem::path& path) {
    const std::string file = content_display_path(path);
    auto doc = read_json_file(path, problems);
    if (!doc) return;
    Province p;
    p.id = path.stem().string();
    p.name = doc->value("province", "");
    p.key = join(text::fold_words(p.name), 0);
    p.partial = doc->value("partial", false);
    if (p.name.empty()) problems.push_back({file, "province", "needs the province's name"});
    nfc(file, "province", p.name);
    if (places.province(p.id) != nullptr) problems.push_back({file, "", "province id " + p.id + " is used twice"});
    if (!doc->contains("sources") || !(*doc)["sources"].is_array() || (*doc)["sources"].empty()) {
      problems.push_back({file, "sources", "needs at least one source for the list"});
    }
    if (!doc->contains("communes") || !(*doc)["communes"].is_array()) {
      problems.push_back({file, "communes", "must be an array"});
      return;
    }
    std::set<std::string> names;
    const auto& list = (*doc)["communes"];
    for (std::size_t i = 0; i < list.size(); ++i) commune(file, "communes[" + std::to_string(i) + "]", list[i], p, names);
    places.provinces.push_back(std::move(p));
  }
};

const std::vector<Commune> kNone;

}  // namespace

std::string commune_key(std::string_view name) {
  auto words = text::fold_words(name);
  std::size_t from = 0;
  if (!words.empty() && (words[0] == "xa" || words[0] == "phuong" || words[0] == "p" || words[0] == "x")) from = 1;
  return join(words, from);
}


const Province* Places::province(std::string_view id) const {
  for (const auto& p : provinces) {
    if (p.id == id) return &p;
  }
  return nullptr;
}

const Commune* Places::unit(std::string_view code) const {
  for (const auto& p : provinces) {
    for (const auto& c : p.communes) {
      if (c.code == code) return &c;
    }
  }
  return nullptr;
}

const Commune* Places::commune(std::string_view province_id, std::string_view code) const {
  const Commune* c = unit(code);
  return c != nullptr && c->province == province_id ? c : nullptr;
}

const std::vector<Commune>& Places::communes_of(std::string_view province_id) const {
  const Province* p = province(province_id);
  return p == nullptr ? kNone : p->communes;
}

std::string Places::province_name(std::string_view id) const {
  const Province* p = province(id);
  return p == nullptr ? std::string(id) : p->name;
}

std::string Places::label(const Commune& c) const {
  if (provinces.size() <= 1) return c.full_name();
  return c.full_name() + ", " + province_name(c.province);
}

std::string Places::label_of(std::string_view province_id, std::string_view code) const {
  const Commune* c = commune(province_id, code);
  return c == nullptr ? std::string(code) : label(*c);
}

std::vector<const Commune*> Places::find(std::string_view name, std::string_view province_id) const {
  // The folded name with and without a leading type word: "phuong tien" may be xã
  // Phượng Tiến or phường "Tiến"; "Xà Hồ" is not xã "Hồ". Folded once, not per unit.
  const std::string without_type = commune_key(name);
  const std::string whole = join(text::fold_words(name), 0);
  std::vector<const Commune*> out;
  for (const auto& p : provinces) {
    if (!province_id.empty() && p.id != province_id) continue;
    for (const auto& c : p.communes) {
      if (c.key == without_type || c.key == whole) out.push_back(&c);
    }
  }
  return out;
}

std::vector<const Commune*> Places::closest(std::string_view name, std::size_t n, std::string_view province_id) const {
  const auto words = text::fold_words(commune_key(name));
  std::vector<std::pair<std::size_t, const Commune*>> scored;
  for (const auto& p : provinces) {
    if (!province_id.empty() && p.id != province_id) continue;
    for (const auto& c : p.communes) scored.emplace_back(name_distance(words, text::fold_words(c.key)), &c);
  }
  std::stable_sort(scored.begin(), scored.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
  std::vector<const Commune*> out;
  for (std::size_t i = 0; i < scored.size() && i < n; ++i) out.push_back(scored[i].second);
  return out;
}

std::shared_ptr<Places> load_places(const std::filesystem::path& dir, const Strings&,
                                    std::vector<ContentProblem>& problems) {
  auto places = std::make_shared<Places>();
  const auto folder = dir / "places";
  const auto files = json_files_in(folder);
  if (files.empty()) {
    problems.push_back({content_display_path(folder), "", "needs at least one <province>.json"});
    return places;
  }
  Loader loader{*places, problems, {}};
  for (const auto& f : files) loader.province(f);
  return places;
}

}  // namespace hocvuso::places
