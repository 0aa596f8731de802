// Messages about a resolved place.
#include "flows/places/explain.hpp"

namespace hocvuso::places {

std::string choice_label(const Places& places, const Candidate& c) { return places.label(*c.unit); }

std::string ask_text(const Places& places, const Strings& strings, std::string_view locale, const Resolution& r) {
  const std::string name = r.typed_kind.empty() ? r.typed_name : r.typed_kind + " " + r.typed_name;
  if (r.kind == Resolution::Kind::none) {
    std::string list;
    for (const auto& c : r.candidates) list += (list.empty() ? "" : "; ") + places.label(*c.unit);
    // Nothing near at all (another province's code, a word that is no place): no empty list.
    if (list.empty()) return strings.format("places.unknown_alone", locale, {{"name", name}});
    return strings.format("places.unknown", locale, {{"name", name}, {"suggestions", list}});
  }
  std::string out;
  bool former = false, typo = false, shared = false;
  for (const auto& c : r.candidates) {
    if (c.why == Why::former) {
      former = true;
      std::string old = c.former->full_name();
      if (!c.former->note.empty()) old += " (" + c.former->note + ")";
      out += (out.empty() ? "" : "\n") +
             strings.format("places.former", locale, {{"former", old}, {"unit", places.label(*c.unit)}});
    } else if (c.why == Why::typo) {
      typo = true;
    } else {
      shared = true;
      // "xã Chiềng An" typed, phường Chiềng An among the choices: say what it is.
      if ((r.typed_kind == "xã" || r.typed_kind == "phường") && r.typed_kind != c.unit->kind) {
        out += (out.empty() ? "" : "\n") + strings.format("places.kind_differs", locale,
                                                          {{"name", c.unit->name}, {"kind", c.unit->kind},
                                                           {"typed", r.typed_kind}});
      }
    }
  }
  std::string head;
  if (!r.other_province.empty()) {
    // "Chiềng Sinh, Lào Cai": the name is known, in another province.
    head = strings.format("places.ask_other_province", locale,
                          {{"name", r.typed_name}, {"province", places.province_name(r.other_province)}});
  } else if (shared && !former && !typo && r.candidates.size() > 1) {
    head = strings.format("places.ask_shared", locale, {{"name", name}, {"count", std::to_string(r.candidates.size())}});
  } else if (typo) {
    head = strings.format("places.ask_near", locale, {{"name", name}});
  }
  if (head.empty() && out.empty()) return strings.format("places.ask_confirm", locale, {});
  if (head.empty()) return out + "\n" + strings.format("places.ask_confirm", locale, {});
  return out.empty() ? head : head + "\n" + out;
}

std::string kind_note(const Strings& strings, std::string_view locale, const Resolution& r) {
  if (!r.kind_contradicts()) return "";
  const Commune& c = *r.unit();
  return strings.format("places.kind_differs", locale, {{"name", c.name}, {"kind", c.kind}, {"typed", r.typed_kind}});
}

std::string refusal(const Places& places, std::string_view given, const Resolution& r) {
  std::string out = "\"" + std::string(given) + "\" is not exactly one current xã or phường";
  if (r.candidates.empty()) return out;
  out += r.kind == Resolution::Kind::none ? "; the closest: " : "; did you mean: ";
  for (std::size_t i = 0; i < r.candidates.size(); ++i) {
    const auto& c = r.candidates[i];
    if (i > 0) out += "; ";
    out += places.label(*c.unit) + " (" + c.unit->code;
    if (c.why == Why::former) out += ", former " + c.former->full_name();
    out += ")";
  }
  return out;
}

std::vector<std::string> places_string_keys() {
  return {"places.unknown", "places.unknown_alone", "places.former", "places.ask_shared", "places.ask_near", "places.ask_confirm",
          "places.ask_other_province",
          "places.kind_differs"};
}

}  // namespace hocvuso::places
