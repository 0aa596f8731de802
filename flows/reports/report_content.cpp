// Loading and checking content/reports/indicators.json and deadlines.json.
#include "flows/reports/report_content.hpp"

#include <nlohmann/json.hpp>

#include "bot/text/fold.hpp"

namespace hocvuso::reports {

namespace {

using nlohmann::json;

const std::map<std::string, PeriodKind>& kind_names() {
  static const std::map<std::string, PeriodKind> names = {
      {"month", PeriodKind::month}, {"quarter", PeriodKind::quarter}, {"half", PeriodKind::half},
      {"year", PeriodKind::year}};
  return names;
}

std::map<PeriodKind, DeadlineRule> read_rules(const json& j, const std::string& file, const std::string& where,
                                              std::vector<ContentProblem>& problems) {
  std::map<PeriodKind, DeadlineRule> rules;
  if (!j.is_object()) {
    problems.push_back({file, where, "must be an object of period kinds"});
    return rules;
  }
  for (const auto& [name, rule] : j.items()) {
    if (!name.empty() && name[0] == '_') continue;  // "_comment": where the rule comes from
    auto kind = kind_names().find(name);
    const std::string at = where + "." + name;
    if (kind == kind_names().end()) {
      problems.push_back({file, at, "unknown period kind (month, quarter, half, year)"});
      continue;
    }
    if (!rule.is_object() || !rule.contains("day") || !rule["day"].is_number_integer() ||
        rule["day"].get<int>() < 1 || rule["day"].get<int>() > 31) {
      problems.push_back({file, at, "needs \"day\": 1..31"});
      continue;
    }
    // "month": "last" (default), "next" or "middle"; "next_month": true is the older "next".
    const std::string month = rule.contains("month") && rule["month"].is_string() ? rule["month"].get<std::string>()
                              : rule.value("next_month", false)                    ? "next"
                                                                                    : "last";
    if (month != "last" && month != "next" && month != "middle") {
      problems.push_back({file, at + ".month", "must be \"last\", \"next\" or \"middle\""});
      continue;
    }
    rules[kind->second] = DeadlineRule{rule["day"].get<int>(), month == "next", month == "middle"};
  }
  return rules;
}

void load_indicators(const std::filesystem::path& dir, ReportContent& out, std::vector<ContentProblem>& problems) {
  const auto path = dir / "reports" / "indicators.json";
  const std::string file = content_display_path(path);
  auto doc = read_json_file(path, problems);
  if (!doc) return;
  if (!doc->contains("indicators") || !(*doc)["indicators"].is_array()) {
    problems.push_back({file, "indicators", "must be an array"});
    return;
  }
  std::map<std::string, std::string> alias_owner;
  const auto& list = (*doc)["indicators"];
  for (std::size_t i = 0; i < list.size(); ++i) {
    const std::string at = "indicators[" + std::to_string(i) + "]";
    const auto& j = list[i];
    Indicator ind;
    ind.id = j.value("id", "");
    ind.name = j.value("name", "");
    if (ind.id.empty() || ind.id.find_first_not_of("abcdefghijklmnopqrstuvwxyz0123456789") != std::string::npos) {
      problems.push_back({file, at + ".id", "needs a lowercase ASCII id"});
      continue;
    }
    if (ind.name.empty()) problems.push_back({file, at + ".name", "needs a Vietnamese name"});
    std::vector<std::string> words = {ind.id};
    if (j.contains("aliases") && j["aliases"].is_array()) {
      for (const auto& a : j["aliases"]) {
        if (a.is_string()) words.push_back(a.get<std::string>());
      }
    } else {
      problems.push_back({file, at + ".aliases", "must be an array of words"});
    }
    for (std::size_t k = 0; k < words.size(); ++k) {
      auto folded = text::fold_words(words[k]);
      if (folded.empty()) continue;
      std::string joined;
      for (const auto& w : folded) joined += w + " ";
      auto [it, fresh] = alias_owner.emplace(joined, ind.id);
      if (!fresh && it->second != ind.id) {
        problems.push_back({file, at + ".aliases[" + std::to_string(k) + "]",
                            "\"" + words[k] + "\" is already an alias of " + it->second});
        continue;
      }
      if (fresh) ind.aliases.push_back(std::move(folded));
    }
    ind.unsure_note = j.value("unsure_note", "");
    if ((j.contains("unsure_before") || j.contains("unsure_after")) && ind.unsure_note.empty())
      problems.push_back({file, at + ".unsure_note", "needs a note on what the indicator counts"});
    const std::pair<const char*, std::vector<std::vector<std::string>>*> lists[] = {
        {"unsure_before", &ind.unsure_before}, {"unsure_after", &ind.unsure_after}, {"other_units", &ind.other_units}};
    for (const auto& [key, target] : lists) {
      if (!j.contains(key)) continue;
      auto& phrases = *target;
      if (!j[key].is_array()) {
        problems.push_back({file, at + "." + key, "must be an array of words"});
        continue;
      }
      for (const auto& w : j[key]) {
        auto folded = w.is_string() ? text::fold_words(w.get<std::string>()) : std::vector<std::string>{};
        if (folded.empty()) {
          problems.push_back({file, at + "." + key, "must hold non-empty strings"});
          continue;
        }
        phrases.push_back(std::move(folded));
      }
    }
    out.indicators.push_back(std::move(ind));
  }
}

void load_deadlines(const std::filesystem::path& dir, ReportContent& out, std::vector<ContentProblem>& problems) {
  const auto path = dir / "reports" / "deadlines.json";
  const std::string file = content_display_path(path);
  auto doc = read_json_file(path, problems);
  if (!doc) return;
  out.reminder_days = doc->value("reminder_days_before", 3);
  if (out.reminder_days < 0 || out.reminder_days > 60) {
    problems.push_back({file, "reminder_days_before", "must be 0..60"});
  }
  if (doc->contains("default")) out.default_deadlines = read_rules((*doc)["default"], file, "default", problems);
  if (doc->contains("provinces") && (*doc)["provinces"].is_object()) {
    for (const auto& [province, rules] : (*doc)["provinces"].items()) {
      out.province_deadlines[province] = read_rules(rules, file, "provinces." + province, problems);
    }
  }
}

}  // namespace

const Indicator* ReportContent::find(std::string_view id) const {
  for (const auto& i : indicators) {
    if (i.id == id) return &i;
  }
  return nullptr;
}

std::optional<DeadlineRule> ReportContent::deadline_rule(const std::string& province, PeriodKind kind) const {
  if (auto p = province_deadlines.find(province); p != province_deadlines.end()) {
    if (auto r = p->second.find(kind); r != p->second.end()) return r->second;
  }
  if (auto r = default_deadlines.find(kind); r != default_deadlines.end()) return r->second;
  return std::nullopt;
}

std::shared_ptr<ReportContent> load_report_content(const std::filesystem::path& dir, const Strings&,
                                                   std::vector<ContentProblem>& problems) {
  auto out = std::make_shared<ReportContent>();
  load_indicators(dir, *out, problems);
  load_deadlines(dir, *out, problems);
  return out;
}

}  // namespace hocvuso::reports
