// Checks of a broadcast request; every refusal names the field and the rule.
#include "flows/broadcast/request.hpp"

#include <nlohmann/json.hpp>

#include "bot/core/command.hpp"
#include "bot/text/fold.hpp"
#include "flows/broadcast/broadcast.hpp"
#include "flows/broadcast/link_check.hpp"
#include "flows/broadcast/templates.hpp"
#include "flows/places/explain.hpp"

namespace hocvuso::broadcast {

using nlohmann::json;

std::optional<RequestProblem> check_text(std::string_view text) {
  // Zero-width spaces and the like count as nothing: such a text shows as empty.
  if (visibly_empty(text)) return RequestProblem{"missing_text", "text must be a non-empty string"};
  if (text::decode_utf8(text).size() > kMaxTextChars) {
    return RequestProblem{"text_too_long", "text must have at most " + std::to_string(kMaxTextChars) + " characters"};
  }
  if (has_link(text)) {
    return RequestProblem{"link_in_text",
                          "put the link in the link field, not in the text (web addresses, domain names such as "
                          "bit.ly/... or t.me/..., and look-alike spellings are all links)"};
  }
  return std::nullopt;
}

std::optional<RequestProblem> check_link(std::string_view link) {
  if (link.empty()) return std::nullopt;
  if (link.size() > kMaxLinkBytes) {
    return RequestProblem{"invalid_link", "link must have at most " + std::to_string(kMaxLinkBytes) + " bytes"};
  }
  if (!link.starts_with("https://") || link.size() <= 8) {
    return RequestProblem{"invalid_link", "link must be an https:// address"};
  }
  for (unsigned char c : link) {
    if (c <= 0x20 || c >= 0x7F || c == '"' || c == '<' || c == '>') {
      return RequestProblem{"invalid_link", "link must be plain ASCII without spaces or quotes"};
    }
  }
  if (auto why = link_field_problem(link)) return RequestProblem{"invalid_link", *why};
  return std::nullopt;
}

namespace {

Result<Target> parse_target(const json& t, const places::Places* places) {
  if (!t.is_object()) return RequestProblem{"invalid_target", "target must be an object"};
  Target target;
  target.scope = t.value("scope", json()).is_string() ? t["scope"].get<std::string>() : "";
  if (target.scope == "all" || target.scope == "subscribers" || target.scope == "groups") return target;
  if (target.scope == "province") {
    if (!t.contains("province") || !t["province"].is_string() || trim(t["province"].get<std::string>()).empty()) {
      return RequestProblem{"invalid_target", "target.province must be a non-empty string for scope province"};
    }
    const std::string given = t["province"].get<std::string>();
    const auto* p = places == nullptr ? nullptr : places::resolve_province(*places, given);
    if (p == nullptr) return RequestProblem{"invalid_target", "target.province \"" + given + "\" is not a loaded province"};
    target.province = p->id;
    return target;
  }
  if (target.scope == "communes") {
    if (!t.contains("communes") || !t["communes"].is_array() || t["communes"].empty() ||
        t["communes"].size() > kMaxCommunes) {
      return RequestProblem{"invalid_target", "target.communes must list 1 to " + std::to_string(kMaxCommunes) +
                                                  " commune names for scope communes"};
    }
    for (const auto& c : t["communes"]) {
      if (!c.is_string() || trim(c.get<std::string>()).empty()) {
        return RequestProblem{"invalid_target", "target.communes must hold non-empty strings"};
      }
      const std::string given = c.get<std::string>();
      if (places == nullptr) return RequestProblem{"invalid_target", "no places list is loaded"};
      const auto r = places::resolve(*places, given);
      if (r.kind != places::Resolution::Kind::one) {
        return RequestProblem{"invalid_target", "target.communes: " + places::refusal(*places, given, r)};
      }
      target.communes.push_back(r.unit()->code);
    }
    return target;
  }
  return RequestProblem{"invalid_target", "target.scope must be one of all, subscribers, groups, province, communes"};
}

// The warning's text: typed in "text", or a content template named by "template".
Result<std::string> text_of(const json& doc, const ScamTemplates& templates) {
  if (doc.contains("template")) {
    if (doc.contains("text")) return RequestProblem{"invalid_template", "give either text or template, not both"};
    const auto* t = doc["template"].is_string() ? templates.find(doc["template"].get<std::string>()) : nullptr;
    if (t == nullptr) return RequestProblem{"unknown_template", "template must be the id of a template in content"};
    return t->text;
  }
  if (!doc.contains("text") || !doc["text"].is_string()) {
    return RequestProblem{"missing_text", "text must be a non-empty string"};
  }
  std::string text = trim(doc["text"].get<std::string>());
  if (auto p = check_text(text)) return *p;
  return text;
}

}  // namespace

Result<ValidRequest> parse_request(std::string_view body, const ScamTemplates& templates,
                                   const places::Places* places) {
  const json doc = json::parse(body, nullptr, false);
  if (doc.is_discarded() || !doc.is_object()) return RequestProblem{"invalid_json", "body must be a JSON object"};
  ValidRequest r;
  auto text = text_of(doc, templates);
  if (!text) return text.problem();
  r.text = std::move(text).value();
  if (!doc.contains("severity") || !doc["severity"].is_string() || !valid_severity(doc["severity"].get<std::string>())) {
    return RequestProblem{"invalid_severity", "severity must be one of info, warning, urgent"};
  }
  r.severity = doc["severity"].get<std::string>();
  if (doc.contains("link") && !doc["link"].is_null()) {
    if (!doc["link"].is_string()) return RequestProblem{"invalid_link", "link must be a string"};
    r.link = doc["link"].get<std::string>();
    if (auto p = check_link(r.link)) return *p;
  }
  if (!doc.contains("target")) return RequestProblem{"invalid_target", "target is required"};
  auto target = parse_target(doc["target"], places);
  if (!target) return target.problem();
  r.target = std::move(target).value();
  return r;
}

}  // namespace hocvuso::broadcast
