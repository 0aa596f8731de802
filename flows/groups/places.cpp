// Loading content/places/*.json, and finding communes by name.
#include "flows/groups/places.hpp"

#include <algorithm>
#include <nlohmann/json.hpp>
#include <set>

#include "flows/groups/words.hpp"

namespace hocvuso::groups {

namespace {

std::size_t edit_distance(std::string_view a, std::string_view b) {
  std::vector<std::size_t> row(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    std::size_t diagonal = row[0];
    row[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const std::size_t up = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0 : 1)});
      diagonal = up;
    }
  }
  return row[b.size()];
}

std::string slug(const std::string& key) {
  std::string s = key;
  std::replace(s.begin(), s.end(), ' ', '-');
  return s;
}

void load_province(const std::filesystem::path& path, Places& places, std::vector<ContentProblem>& problems) {
  const std::string file = content_display_path(path);
  auto doc = read_json_file(path, problems);
  if (!doc) return;
  Province p;
  p.id = path.stem().string();
  p.name = doc->value("province", "");
  p.partial = doc->value("partial", false);
  if (p.name.empty()) problems.push_back({file, "province", "needs the province's name"});
  if (!doc->contains("sources") || !(*doc)["sources"].is_array() || (*doc)["sources"].empty()) {
    problems.push_back({file, "sources", "needs at least one source for the list"});
  }
  if (!doc->contains("communes") || !(*doc)["communes"].is_array()) {
    problems.push_back({file, "communes", "must be an array"});
    return;
  }
  std::set<std::string> ids;
  const auto& list = (*doc)["communes"];
  for (std::size_t i = 0; i < list.size(); ++i) {
    const std::string at = "communes[" + std::to_string(i) + "]";
    Commune c;
    c.province = p.id;
    c.name = list[i].value("name", "");
    c.kind = list[i].value("kind", "xã");
    if (c.kind != "xã" && c.kind != "phường") problems.push_back({file, at + ".kind", "must be \"xã\" or \"phường\""});
    c.key = commune_key(c.name);
    if (c.key.empty()) {
      problems.push_back({file, at + ".name", "needs a name"});
      continue;
    }
    c.id = slug(c.key);
    if (!ids.insert(c.id).second) problems.push_back({file, at + ".name", "\"" + c.name + "\" is listed twice"});
    if (list[i].contains("villages")) {
      const auto& villages = list[i]["villages"];
      for (std::size_t v = 0; v < villages.size(); ++v) {
        if (!villages[v].is_string() || villages[v].get<std::string>().empty()) {
          problems.push_back({file, at + ".villages[" + std::to_string(v) + "]", "must be a village name"});
          continue;
        }
        const auto name = villages[v].get<std::string>();
        c.villages.push_back(Village{name, join_words(folded_words(name))});
      }
    }
    p.communes.push_back(std::move(c));
  }
  places.provinces.push_back(std::move(p));
}

}  // namespace

std::string commune_key(std::string_view name) {
  auto words = folded_words(name);
  std::size_t from = 0;
  if (!words.empty() && (words[0] == "xa" || words[0] == "phuong")) from = 1;
  return join_words(words, from);
}

const Province* Places::province(std::string_view id) const {
  for (const auto& p : provinces) {
    if (p.id == id) return &p;
  }
  return nullptr;
}

const Commune* Places::commune(std::string_view province_id, std::string_view id) const {
  const Province* p = province(province_id);
  if (p == nullptr) return nullptr;
  for (const auto& c : p->communes) {
    if (c.id == id) return &c;
  }
  return nullptr;
}

std::vector<const Commune*> Places::find(std::string_view name, std::string_view province_id) const {
  const std::string key = commune_key(name);
  std::vector<const Commune*> out;
  for (const auto& p : provinces) {
    if (!province_id.empty() && p.id != province_id) continue;
    for (const auto& c : p.communes) {
      if (c.key == key) out.push_back(&c);
    }
  }
  return out;
}

std::vector<const Commune*> Places::closest(std::string_view name, std::size_t n) const {
  const std::string key = commune_key(name);
  std::vector<std::pair<std::size_t, const Commune*>> scored;
  for (const auto& p : provinces) {
    for (const auto& c : p.communes) scored.emplace_back(edit_distance(key, c.key), &c);
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
  for (const auto& f : files) load_province(f, *places, problems);
  return places;
}

}  // namespace hocvuso::groups
