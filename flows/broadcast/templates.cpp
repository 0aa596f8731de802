// Loading content/broadcast/templates.json; every template passes the checks an
// officer's own text gets, so a template can never be refused at send time.
#include "flows/broadcast/templates.hpp"

#include <nlohmann/json.hpp>
#include <set>

#include "bot/text/fold.hpp"
#include "flows/broadcast/request.hpp"

namespace hocvuso::broadcast {

namespace {

constexpr std::size_t kMaxIdBytes = 24;      // payload "bc:tpl:<id>" stays short
constexpr std::size_t kMaxLabelChars = 20;   // safe as a Zalo button

bool valid_id(std::string_view id) {
  if (id.empty() || id.size() > kMaxIdBytes) return false;
  for (char c : id) {
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-')) return false;
  }
  return true;
}

}  // namespace

const ScamTemplate* ScamTemplates::find(std::string_view id) const {
  for (const auto& t : list) {
    if (t.id == id) return &t;
  }
  return nullptr;
}

std::shared_ptr<ScamTemplates> load_templates(const std::filesystem::path& dir, const Strings&,
                                              std::vector<ContentProblem>& problems) {
  auto out = std::make_shared<ScamTemplates>();
  const auto path = dir / "broadcast" / "templates.json";
  const std::string file = content_display_path(path);
  const auto doc = read_json_file(path, problems);
  if (!doc) return out;
  if (!doc->contains("templates") || !(*doc)["templates"].is_array()) {
    problems.push_back({file, "templates", "must be an array"});
    return out;
  }
  std::set<std::string> ids;
  const auto& list = (*doc)["templates"];
  for (std::size_t i = 0; i < list.size(); ++i) {
    const std::string at = "templates[" + std::to_string(i) + "]";
    if (!list[i].is_object()) {
      problems.push_back({file, at, "must be an object"});
      continue;
    }
    ScamTemplate t{list[i].value("id", ""), list[i].value("label", ""), list[i].value("text", "")};
    if (!valid_id(t.id)) {
      problems.push_back({file, at + ".id", "must be 1 to 24 of a-z, 0-9 and -"});
    } else if (!ids.insert(t.id).second) {
      problems.push_back({file, at + ".id", "\"" + t.id + "\" is used twice"});
    }
    const std::size_t label_chars = text::decode_utf8(t.label).size();
    if (label_chars == 0 || label_chars > kMaxLabelChars) {
      problems.push_back({file, at + ".label", "must have 1 to 20 characters (a button label)"});
    }
    if (auto p = check_text(t.text)) problems.push_back({file, at + ".text", p->message});
    out->list.push_back(std::move(t));
  }
  if (list.empty()) problems.push_back({file, "templates", "needs at least one template"});
  return out;
}

}  // namespace hocvuso::broadcast
