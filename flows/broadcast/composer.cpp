// The composer keeps its draft in the conversation state (flow "phatcanhbao"):
// step text -> severity -> link -> target -> confirm. Rights are checked again on send.
// At the text step a template is shown in full before it is used, and may be edited
// (its text is sent back to copy). At the target step a province officer (or an admin)
// chooses one or more communes: typed (the places resolver) or from paged buttons; the
// choice ("picked", official codes) lives in the draft, so it survives a restart.
#include "flows/broadcast/composer.hpp"

#include <algorithm>

#include <nlohmann/json.hpp>

#include "bot/store/store.hpp"
#include "flows/broadcast/broadcast_store.hpp"
#include "flows/broadcast/request.hpp"
#include "flows/broadcast/templates.hpp"
#include "flows/places/explain.hpp"
#include "flows/places/places.hpp"
#include "flows/places/resolve.hpp"

namespace hocvuso::broadcast {

namespace {

using nlohmann::json;

constexpr const char* kFlow = "phatcanhbao";
constexpr const char* kTemplatePrefix = "bc:tpl:";
constexpr const char* kSeverityPrefix = "bc:sev:";
constexpr const char* kNoLink = "bc:nolink";
constexpr const char* kTargetPrefix = "bc:tg:";
constexpr const char* kCommuneChoice = "c:";  // after kTargetPrefix: one commune by its code
constexpr const char* kTemplateUse = "bc:tu:";   // + template id
constexpr const char* kTemplateEdit = "bc:te:";  // + template id
constexpr const char* kTemplateList = "bc:tl";
constexpr const char* kPagePrefix = "bc:pg:";  // + page number: her province's communes as buttons
constexpr const char* kPickPrefix = "bc:pk:";  // + official code: choose it, or drop it again
constexpr const char* kPickedDone = "bc:ok";   // the preview of the chosen communes
constexpr const char* kMore = "bc:more";       // from the preview back to choosing communes
// Zalo OA shows 4 buttons a message (the sender moves the rest to a "Xem thêm" message):
// a page's communes fit the first, its navigation the second.
constexpr std::size_t kPageSize = 4;
constexpr std::size_t kMaxAskButtons = 8;  // candidates offered for unclear typed names
constexpr const char* kSend = "bc:send";
constexpr const char* kQuit = "bc:x";

ButtonRows quit_button(const Context& ctx) { return {{Button{ctx.t("broadcast.compose.button.quit"), kQuit}}}; }

// The officer's scope, or nullopt after telling them why not.
std::optional<Scope> officer_or_refuse(Context& ctx, const DirectoryFactory& directory) {
  if (ctx.in_group()) return std::nullopt;
  auto scope = directory(ctx.store(), ctx.content())->officer(ctx.in().chat.channel, ctx.in().sender_id);
  if (!scope) ctx.reply(ctx.t("broadcast.officer_only"));
  return scope;
}

bool under_daily_limit(Context& ctx, int limit) {
  if (BroadcastStore::of(ctx.store()).created_today(chat_actor(ctx), ctx.now()) < limit) return true;
  ctx.state() = ConversationState{};
  ctx.reply(ctx.t("broadcast.compose.limit", {{"limit", std::to_string(limit)}}));
  return false;
}

// The targets an officer may choose, as (payload suffix, label key).
std::vector<std::pair<std::string, std::string>> target_choices(const Scope& scope) {
  if (scope.role == Role::admin) {
    return {{"all", "broadcast.compose.target.all"},
            {"subscribers", "broadcast.compose.target.subscribers"},
            {"groups", "broadcast.compose.target.groups"}};
  }
  if (!scope.commune.empty()) return {{"commune", "broadcast.compose.target.commune"}};
  return {{"province", "broadcast.compose.target.province"}};
}

std::optional<Target> target_for(const Context& ctx, const Scope& scope, std::string_view choice) {
  // One commune (typed and resolved, or chosen among the resolver's choices).
  if (choice.starts_with(kCommuneChoice)) {
    Target t{"communes", "", {std::string(choice.substr(std::string_view(kCommuneChoice).size()))}};
    if (allows(scope, t, ctx.content().find<places::Places>())) return t;
    return std::nullopt;
  }
  for (const auto& [suffix, _] : target_choices(scope)) {
    if (suffix != choice) continue;
    if (choice == "commune") return Target{"communes", "", {scope.commune}};
    if (choice == "province") return Target{"province", scope.province, {}};
    return Target{std::string(choice), "", {}};
  }
  return std::nullopt;
}

// The draft when the conversation is at `step` of the composer; nullopt otherwise.
std::optional<json> draft_at(Context& ctx, std::string_view step) {
  if (ctx.state().flow != kFlow || ctx.state().step != step) {
    ctx.reply(ctx.t("broadcast.compose.expired"));
    return std::nullopt;
  }
  return json::parse(ctx.state().data, nullptr, false);
}

// The communes chosen so far (official codes, in the order chosen).
std::vector<std::string> picked(const json& draft) {
  return draft.contains("picked") ? draft["picked"].get<std::vector<std::string>>() : std::vector<std::string>{};
}

// Adds `code` when absent; with `toggle`, drops it when present.
void pick(json& draft, const std::string& code, bool toggle = false) {
  auto list = picked(draft);
  const auto at = std::find(list.begin(), list.end(), code);
  if (at == list.end()) {
    list.push_back(code);
  } else if (toggle) {
    list.erase(at);
  }
  draft["picked"] = list;
}

Target picked_target(const json& draft) { return Target{"communes", "", picked(draft)}; }

// The ready-made warnings first; free text is still welcome at this step.
void ask_text(Context& ctx) {
  ctx.state() = ConversationState{kFlow, "text", "{}"};
  ButtonRows rows;
  for (const auto& t : ctx.content().get<ScamTemplates>().list) rows.push_back({Button{t.label, kTemplatePrefix + t.id}});
  rows.push_back(quit_button(ctx)[0]);
  ctx.reply(ctx.t("broadcast.compose.ask_text", {{"max", std::to_string(kMaxTextChars)}}), rows);
}

void start(Context& ctx, const BroadcastOptions& options, const DirectoryFactory& directory) {
  if (!officer_or_refuse(ctx, directory) || !under_daily_limit(ctx, options.daily_limit)) return;
  ask_text(ctx);
}

ButtonRows severity_buttons(const Context& ctx) {
  ButtonRows rows;
  for (const char* s : {"info", "warning", "urgent"}) {
    rows.push_back({Button{ctx.t(std::string("broadcast.compose.severity.") + s), std::string(kSeverityPrefix) + s}});
  }
  rows.push_back(quit_button(ctx)[0]);
  return rows;
}

// The text is chosen (typed, or a template): on to the severity.
void ask_severity(Context& ctx, const std::string& text) {
  ctx.state() = ConversationState{kFlow, "severity", json{{"text", text}}.dump()};
  ctx.reply(ctx.t("broadcast.compose.ask_severity"), severity_buttons(ctx));
}

// The officer's own xã/phường and province by name ("phường Chiềng An, Sơn La",
// "Cả tỉnh Sơn La"): the scope holds the official code and province id.
std::string target_label(const Context& ctx, const Scope& scope, std::string_view suffix, const std::string& key) {
  const auto* places = ctx.content().find<places::Places>();
  if (places != nullptr && suffix == "commune") {
    if (const auto* c = places->unit(scope.commune)) return places->label(*c);
  }
  if (places != nullptr && suffix == "province" && places->province(scope.province) != nullptr) {
    return ctx.t(key) + " " + places->province_name(scope.province);
  }
  return ctx.t(key);
}

// Whether she may choose communes of her province from buttons (a province officer).
bool pages_for(const Context& ctx, const Scope& scope) {
  const auto* places = ctx.content().find<places::Places>();
  return scope.commune.empty() && places != nullptr && !places->communes_of(scope.province).empty();
}

// Her choices at the target step; with communes chosen already, the way to their preview.
ButtonRows target_buttons(const Context& ctx, const Scope& scope, std::size_t picked_count = 0) {
  ButtonRows rows;
  for (const auto& [suffix, label] : target_choices(scope)) {
    rows.push_back({Button{target_label(ctx, scope, suffix, label), kTargetPrefix + suffix}});
  }
  if (pages_for(ctx, scope)) rows.push_back({Button{ctx.t("broadcast.compose.button.pick"), std::string(kPagePrefix) + "0"}});
  if (picked_count > 0) {
    rows.push_back({Button{ctx.t("broadcast.compose.button.picked_done", {{"count", std::to_string(picked_count)}}),
                           kPickedDone}});
  }
  rows.push_back(quit_button(ctx)[0]);
  return rows;
}

// "Đã chọn: xã Thuận Châu, Sơn La; xã Mường La, Sơn La." ("" when none).
std::string picked_line(const Context& ctx, const json& draft) {
  const auto codes = picked(draft);
  if (codes.empty()) return "";
  const auto* places = ctx.content().find<places::Places>();
  std::string names;
  for (const auto& code : codes) {
    const auto* unit = places != nullptr ? places->unit(code) : nullptr;
    names += (names.empty() ? "" : "; ") + (unit != nullptr ? places->label(*unit) : code);
  }
  return ctx.t("broadcast.compose.picked", {{"places", names}});
}

// The link is given (or declined): on to the target, with the officer's choices.
void ask_target(Context& ctx, const Scope& scope, json draft, std::string link) {
  draft["link"] = std::move(link);
  ctx.state() = ConversationState{kFlow, "target", draft.dump()};
  std::string ask = ctx.t("broadcast.compose.ask_target");
  if (scope.commune.empty()) ask += "\n" + ctx.t("broadcast.compose.or_type_commune");
  ctx.reply(ask, target_buttons(ctx, scope));
}

ButtonRows link_buttons(const Context& ctx) {
  return {{Button{ctx.t("broadcast.compose.button.no_link"), kNoLink}}, quit_button(ctx)[0]};
}

void preview(Context& ctx, const Scope& scope, json draft, const Target& target);

// Names typed at once: "Thuận Châu; Mường La", one a line, or "Thuận Châu, Mường La"
// (a comma may also name the province, so the whole text is tried first).
std::vector<std::string> split_names(const std::string& text) {
  const bool strong = text.find_first_of(";\n") != std::string::npos;
  std::vector<std::string> out;
  std::string part;
  for (const char ch : text + (strong ? ";" : ",")) {
    if (ch == ';' || ch == '\n' || (!strong && ch == ',')) {
      if (const std::string name = trim(part); !name.empty()) out.push_back(name);
      part.clear();
    } else {
      part += ch;
    }
  }
  return out;
}

// At the target step a province officer (or an admin) may type communes: the places
// resolver decides each. Units within her reach join the chosen ones and go to the
// preview (which names every one); a former name, a typo or a shared name asks with
// buttons, keeping what was clear; a unit outside her reach changes nothing.
void on_typed_commune(Context& ctx, const DirectoryFactory& directory, const std::string& text) {
  const auto scope = officer_or_refuse(ctx, directory);
  auto draft = scope ? draft_at(ctx, "target") : std::nullopt;
  if (!draft) return;
  const auto* places = ctx.content().find<places::Places>();
  if (!scope->commune.empty() || places == nullptr || text.empty()) {
    return ctx.reply(ctx.t("broadcast.compose.use_buttons"), target_buttons(ctx, *scope));
  }
  std::vector<places::Resolution> results;
  if (auto whole = places::resolve(*places, text, scope->province); whole.kind == places::Resolution::Kind::one) {
    results.push_back(std::move(whole));
  } else if (const auto names = split_names(text); names.size() > 1) {
    for (const auto& name : names) results.push_back(places::resolve(*places, name, scope->province));
  } else {
    results.push_back(std::move(whole));
  }
  std::vector<const places::Resolution*> unclear;
  for (const auto& r : results) {
    if (r.kind != places::Resolution::Kind::one) {
      unclear.push_back(&r);
    } else if (!allows(*scope, Target{"communes", "", {r.unit()->code}}, places)) {
      return ctx.reply(ctx.t("broadcast.officer_only"), target_buttons(ctx, *scope, picked(*draft).size()));
    }
  }
  for (const auto& r : results) {
    if (r.kind == places::Resolution::Kind::one) pick(*draft, r.unit()->code);
  }
  if (unclear.empty()) return preview(ctx, *scope, *draft, picked_target(*draft));
  ctx.state() = ConversationState{kFlow, "target", draft->dump()};
  std::string ask = picked_line(ctx, *draft);
  ButtonRows rows;
  for (const auto* r : unclear) {
    ask += (ask.empty() ? "" : "\n") + places::ask_text(*places, ctx.strings(), ctx.locale(), *r);
    if (r->kind != places::Resolution::Kind::ask) continue;
    for (const auto& c : r->candidates) {
      if (rows.size() == kMaxAskButtons) break;
      rows.push_back({Button{places::choice_label(*places, c), std::string(kTargetPrefix) + kCommuneChoice + c.unit->code}});
    }
  }
  for (auto& row : target_buttons(ctx, *scope, picked(*draft).size())) rows.push_back(std::move(row));
  ctx.reply(ask, rows);
}

// Page `page` of her province's communes, 4 a page, the chosen ones marked.
void show_page(Context& ctx, const Scope& scope, const json& draft, std::size_t page) {
  const auto& all = ctx.content().get<places::Places>().communes_of(scope.province);
  const std::size_t pages = (all.size() + kPageSize - 1) / kPageSize;
  page = std::min(page, pages - 1);
  const auto chosen = picked(draft);
  ButtonRows rows;
  for (std::size_t i = page * kPageSize; i < all.size() && i < (page + 1) * kPageSize; ++i) {
    const bool on = std::find(chosen.begin(), chosen.end(), all[i].code) != chosen.end();
    rows.push_back({Button{(on ? "✅ " : "") + all[i].full_name(), kPickPrefix + all[i].code}});
  }
  std::vector<Button> nav;
  if (page > 0) nav.push_back({ctx.t("broadcast.compose.button.prev"), kPagePrefix + std::to_string(page - 1)});
  if (page + 1 < pages) nav.push_back({ctx.t("broadcast.compose.button.next"), kPagePrefix + std::to_string(page + 1)});
  if (!nav.empty()) rows.push_back(std::move(nav));
  if (!chosen.empty()) {
    rows.push_back({Button{ctx.t("broadcast.compose.button.picked_done", {{"count", std::to_string(chosen.size())}}),
                           kPickedDone}});
  }
  rows.push_back(quit_button(ctx)[0]);
  const std::string line = picked_line(ctx, draft);
  ctx.reply(ctx.t("broadcast.compose.page", {{"page", std::to_string(page + 1)}, {"pages", std::to_string(pages)}}) +
                (line.empty() ? "" : "\n" + line),
            std::move(rows));
}

void on_page(Context& ctx, const DirectoryFactory& directory) {
  const auto scope = officer_or_refuse(ctx, directory);
  auto draft = scope ? draft_at(ctx, "target") : std::nullopt;
  if (!draft) return;
  if (!pages_for(ctx, *scope)) return ctx.reply(ctx.t("broadcast.compose.use_buttons"), target_buttons(ctx, *scope));
  std::size_t page = 0;
  try {
    page = std::stoul(ctx.in().button_payload.substr(std::string_view(kPagePrefix).size()));
  } catch (const std::exception&) {
  }
  show_page(ctx, *scope, *draft, page);
}

// A commune's button on a page: chosen, or dropped again; the same page comes back.
void on_pick(Context& ctx, const DirectoryFactory& directory) {
  const auto scope = officer_or_refuse(ctx, directory);
  auto draft = scope ? draft_at(ctx, "target") : std::nullopt;
  if (!draft) return;
  const std::string code = ctx.in().button_payload.substr(std::string_view(kPickPrefix).size());
  if (!pages_for(ctx, *scope) || !allows(*scope, Target{"communes", "", {code}}, ctx.content().find<places::Places>())) {
    return ctx.reply(ctx.t("broadcast.compose.use_buttons"), target_buttons(ctx, *scope));
  }
  pick(*draft, code, true);
  ctx.state() = ConversationState{kFlow, "target", draft->dump()};
  const auto& all = ctx.content().get<places::Places>().communes_of(scope->province);
  const auto at = std::find_if(all.begin(), all.end(), [&](const places::Commune& c) { return c.code == code; });
  show_page(ctx, *scope, *draft, static_cast<std::size_t>(at - all.begin()) / kPageSize);
}

void on_picked_done(Context& ctx, const DirectoryFactory& directory) {
  const auto scope = officer_or_refuse(ctx, directory);
  auto draft = scope ? draft_at(ctx, "target") : std::nullopt;
  if (!draft) return;
  if (picked(*draft).empty()) return ctx.reply(ctx.t("broadcast.compose.none_picked"), target_buttons(ctx, *scope));
  preview(ctx, *scope, *draft, picked_target(*draft));
}

// From the preview back to choosing: the communes chosen so far stay.
void on_more(Context& ctx, const DirectoryFactory& directory) {
  const auto scope = officer_or_refuse(ctx, directory);
  auto draft = scope ? draft_at(ctx, "confirm") : std::nullopt;
  if (!draft) return;
  draft->erase("target");
  ctx.state() = ConversationState{kFlow, "target", draft->dump()};
  ctx.reply(picked_line(ctx, *draft) + "\n" + ctx.t("broadcast.compose.more"),
            target_buttons(ctx, *scope, picked(*draft).size()));
}

// The target a draft at step "confirm" holds (written by preview()).
Target confirmed_target(const json& draft) {
  const json& t = draft["target"];
  return Target{t["scope"], t["province"], t["communes"].get<std::vector<std::string>>()};
}

ButtonRows preview_buttons(const Context& ctx, const Scope& scope, const Target& target) {
  ButtonRows rows{{Button{ctx.t("broadcast.compose.button.send"), kSend}}};
  if (target.scope == "communes" && scope.commune.empty()) {
    rows.push_back({Button{ctx.t("broadcast.compose.button.more"), kMore}});
  }
  rows.push_back(quit_button(ctx)[0]);
  return rows;
}

// Text where a button is awaited (the severity, the preview's send): say so with that
// step's buttons again, not Cancel alone; on a phone the earlier buttons are far up.
void ask_for_buttons(Context& ctx, const DirectoryFactory& directory) {
  if (ctx.state().step == "severity") return ctx.reply(ctx.t("broadcast.compose.use_buttons"), severity_buttons(ctx));
  if (ctx.state().step == "confirm") {
    const auto scope = officer_or_refuse(ctx, directory);
    const auto draft = scope ? draft_at(ctx, "confirm") : std::nullopt;
    if (!draft) return;
    return ctx.reply(ctx.t("broadcast.compose.use_buttons"), preview_buttons(ctx, *scope, confirmed_target(*draft)));
  }
  ctx.reply(ctx.t("broadcast.compose.use_buttons"), quit_button(ctx));
}

// Free text is the warning at step "text", the link at step "link" and a commune at
// step "target"; elsewhere buttons lead.
void on_text(Context& ctx, const DirectoryFactory& directory) {
  const std::string text = trim(ctx.in().text);
  if (ctx.state().step == "link") {
    const auto scope = officer_or_refuse(ctx, directory);
    auto draft = scope ? draft_at(ctx, "link") : std::nullopt;
    if (!draft) return;
    if (check_link(text) || text.empty()) {
      return ctx.reply(ctx.t("broadcast.compose.bad_link", {{"max", std::to_string(kMaxLinkBytes)}}),
                       link_buttons(ctx));
    }
    return ask_target(ctx, *scope, std::move(*draft), text);
  }
  if (ctx.state().step == "target") return on_typed_commune(ctx, directory, text);
  if (ctx.state().step != "text") return ask_for_buttons(ctx, directory);
  if (auto problem = check_text(text)) {
    const char* key = problem->code == "link_in_text"    ? "broadcast.compose.no_links"
                      : problem->code == "text_too_long" ? "broadcast.compose.too_long"
                                                         : "broadcast.compose.ask_text";
    return ctx.reply(ctx.t(key, {{"max", std::to_string(kMaxTextChars)}}), quit_button(ctx));
  }
  ask_severity(ctx, text);
}

// A template's full text first, then: use it, edit it, or see the others.
void on_template(Context& ctx, const DirectoryFactory& directory) {
  if (!officer_or_refuse(ctx, directory) || !draft_at(ctx, "text")) return;
  const auto* t = ctx.content().get<ScamTemplates>().find(
      std::string_view(ctx.in().button_payload).substr(std::string_view(kTemplatePrefix).size()));
  if (t == nullptr) return ctx.reply(ctx.t("broadcast.compose.expired"));
  ctx.reply(ctx.t("broadcast.compose.template_show", {{"label", t->label}, {"text", t->text}}),
            {{Button{ctx.t("broadcast.compose.button.template_use"), kTemplateUse + t->id}},
             {Button{ctx.t("broadcast.compose.button.template_edit"), kTemplateEdit + t->id}},
             {Button{ctx.t("broadcast.compose.button.template_list"), kTemplateList}},
             quit_button(ctx)[0]});
}

// "Dùng mẫu này" (use) or "Sửa mẫu này" (edit: the text alone, to copy, change and
// send back; the text step takes it like any typed warning, with the same checks).
void on_template_choice(Context& ctx, const DirectoryFactory& directory, bool edit) {
  if (!officer_or_refuse(ctx, directory) || !draft_at(ctx, "text")) return;
  const std::string_view prefix = edit ? kTemplateEdit : kTemplateUse;
  const auto* t = ctx.content().get<ScamTemplates>().find(std::string_view(ctx.in().button_payload).substr(prefix.size()));
  if (t == nullptr) return ctx.reply(ctx.t("broadcast.compose.expired"));
  if (!edit) return ask_severity(ctx, t->text);
  ctx.reply(ctx.t("broadcast.compose.template_edit"));
  ctx.reply(t->text, quit_button(ctx));
}

void on_severity(Context& ctx, const DirectoryFactory& directory) {
  const auto scope = officer_or_refuse(ctx, directory);
  auto draft = scope ? draft_at(ctx, "severity") : std::nullopt;
  const std::string severity = ctx.in().button_payload.substr(std::string_view(kSeverityPrefix).size());
  if (!draft || !valid_severity(severity)) return;
  (*draft)["severity"] = severity;
  ctx.state() = ConversationState{kFlow, "link", draft->dump()};
  ctx.reply(ctx.t("broadcast.compose.ask_link", {{"max", std::to_string(kMaxLinkBytes)}}), link_buttons(ctx));
}

void on_no_link(Context& ctx, const DirectoryFactory& directory) {
  const auto scope = officer_or_refuse(ctx, directory);
  auto draft = scope ? draft_at(ctx, "link") : std::nullopt;
  if (draft) ask_target(ctx, *scope, std::move(*draft), "");
}

void on_target(Context& ctx, const DirectoryFactory& directory) {
  const auto scope = officer_or_refuse(ctx, directory);
  auto draft = scope ? draft_at(ctx, "target") : std::nullopt;
  if (!draft) return;
  const std::string choice = ctx.in().button_payload.substr(std::string_view(kTargetPrefix).size());
  const auto target = target_for(ctx, *scope, choice);
  if (!target) return ctx.reply(ctx.t("broadcast.compose.use_buttons"));
  // A commune among the resolver's choices joins the ones chosen before.
  if (choice.starts_with(kCommuneChoice)) {
    pick(*draft, target->communes.front());
    return preview(ctx, *scope, *draft, picked_target(*draft));
  }
  preview(ctx, *scope, std::move(*draft), *target);
}

// "3 nhóm Tổ và 12 người nhận riêng", per platform, and who /canhbao tat leaves out.
std::string counts_words(const Context& ctx, const RecipientCounts& c) {
  const auto n = [](std::int64_t v) { return std::to_string(v); };
  std::string out;
  if (c.total > 0) {
    out = ctx.t("broadcast.compose.counts", {{"groups", n(c.by_kind.groups)}, {"private", n(c.by_kind.private_chats)}});
    for (const auto& [channel, k] : c.by_platform) {
      out += "\n" + ctx.t("broadcast.compose.counts_platform", {{"platform", ctx.t("broadcast.platform." + channel)},
                                                                {"groups", n(k.groups)},
                                                                {"private", n(k.private_chats)}});
    }
  }
  if (c.left_out.groups + c.left_out.private_chats > 0) {
    out += (out.empty() ? "" : "\n") +
           ctx.t("broadcast.compose.left_out", {{"groups", n(c.left_out.groups)}, {"private", n(c.left_out.private_chats)}});
  }
  return out;
}

// The target is known: the recipient count and the warning as it will look.
void preview(Context& ctx, const Scope& scope, json draft, const Target& target) {
  // A chosen commune is named back in words, so the officer sees what her typing resolved to.
  std::string named;
  if (const auto* places = ctx.content().find<places::Places>(); places != nullptr && target.scope == "communes") {
    for (const auto& code : target.communes) {
      const auto* unit = places->unit(code);
      named += (named.empty() ? "" : "; ") + (unit != nullptr ? places->label(*unit) : code);
    }
    named = ctx.t("broadcast.compose.target_named", {{"place", named}}) + "\n";
  }
  const RecipientCounts counts = BroadcastStore::of(ctx.store()).count_by_kind(target);
  const std::int64_t count = counts.total;
  // Nobody to reach there yet: say so, and let them pick another target or quit.
  if (count == 0) {
    ctx.state() = ConversationState{kFlow, "target", draft.dump()};  // what was chosen stays
    const std::string left_out = counts_words(ctx, counts);
    return ctx.reply(named + ctx.t("broadcast.compose.no_recipients") + (left_out.empty() ? "" : "\n" + left_out),
                     target_buttons(ctx, scope, picked(draft).size()));
  }
  draft["target"] = {{"scope", target.scope}, {"province", target.province}, {"communes", target.communes}};
  ctx.state() = ConversationState{kFlow, "confirm", draft.dump()};
  const std::string preview = render_warning(ctx.strings(), draft["severity"].get<std::string>(),
                                             draft["text"].get<std::string>(), draft["link"].get<std::string>());
  ctx.reply(named + ctx.t("broadcast.compose.preview",
                          {{"count", std::to_string(count)}, {"counts", counts_words(ctx, counts)}, {"preview", preview}}),
            preview_buttons(ctx, scope, target));
}

void on_send(Context& ctx, const BroadcastOptions& options, const DirectoryFactory& directory) {
  const auto scope = officer_or_refuse(ctx, directory);
  auto draft = scope ? draft_at(ctx, "confirm") : std::nullopt;
  if (!draft || !under_daily_limit(ctx, options.daily_limit)) return;
  const Target target = confirmed_target(*draft);
  ctx.state() = ConversationState{};
  if (!allows(*scope, target, ctx.content().find<places::Places>())) return ctx.reply(ctx.t("broadcast.officer_only"));
  auto& bs = BroadcastStore::of(ctx.store());
  const std::string severity = (*draft)["severity"];
  const std::string link = (*draft)["link"];
  const bool awaiting = options.require_approval && needs_approval(target);
  RecipientCounts counts;
  const std::int64_t id = bs.create(
      {chat_actor(ctx), render_warning(ctx.strings(), severity, (*draft)["text"].get<std::string>(), link), severity, link, target},
      ctx.now(), awaiting, &counts);
  const std::int64_t count = counts.total;
  ctx.reply(ctx.t(awaiting ? "broadcast.compose.awaiting" : "broadcast.compose.sent",
                  {{"id", std::to_string(id)}, {"count", std::to_string(count)}}));
}

}  // namespace

void register_composer(Dispatcher& d, BroadcastOptions options, DirectoryFactory directory) {
  d.on_command(kFlow, [options, directory](Context& ctx) { start(ctx, options, directory); });
  d.on_flow_text(kFlow, [directory](Context& ctx) { on_text(ctx, directory); });
  d.on_payload(kTemplatePrefix, [directory](Context& ctx) { on_template(ctx, directory); });
  d.on_payload(kTemplateUse, [directory](Context& ctx) { on_template_choice(ctx, directory, false); });
  d.on_payload(kTemplateEdit, [directory](Context& ctx) { on_template_choice(ctx, directory, true); });
  d.on_payload(kTemplateList, [directory](Context& ctx) {
    if (officer_or_refuse(ctx, directory) && draft_at(ctx, "text")) ask_text(ctx);
  });
  d.on_payload(kPagePrefix, [directory](Context& ctx) { on_page(ctx, directory); });
  d.on_payload(kPickPrefix, [directory](Context& ctx) { on_pick(ctx, directory); });
  d.on_payload(kPickedDone, [directory](Context& ctx) { on_picked_done(ctx, directory); });
  d.on_payload(kMore, [directory](Context& ctx) { on_more(ctx, directory); });
  d.on_payload(kSeverityPrefix, [directory](Context& ctx) { on_severity(ctx, directory); });
  d.on_payload(kNoLink, [directory](Context& ctx) { on_no_link(ctx, directory); });
  d.on_payload(kTargetPrefix, [directory](Context& ctx) { on_target(ctx, directory); });
  d.on_payload(kSend, [options, directory](Context& ctx) { on_send(ctx, options, directory); });
  d.on_payload(kQuit, [](Context& ctx) {
    ctx.state() = ConversationState{};
    ctx.reply(ctx.t("broadcast.compose.quit"));
  });
}

std::vector<std::string> composer_string_keys() {
  return {"broadcast.compose.ask_text",          "broadcast.compose.no_links",
          "broadcast.compose.too_long",          "broadcast.compose.use_buttons",
          "broadcast.compose.ask_severity",      "broadcast.compose.severity.info",
          "broadcast.compose.severity.warning",  "broadcast.compose.severity.urgent",
          "broadcast.compose.ask_link",          "broadcast.compose.bad_link",
          "broadcast.compose.button.no_link",    "broadcast.compose.no_recipients",
          "broadcast.compose.ask_target",        "broadcast.compose.target.all",
          "broadcast.compose.target.subscribers", "broadcast.compose.target.groups",
          "broadcast.compose.target.province",   "broadcast.compose.target.commune",
          "broadcast.compose.or_type_commune",   "broadcast.compose.target_named",
          "broadcast.compose.preview",           "broadcast.compose.button.send",
          "broadcast.compose.button.quit",       "broadcast.compose.sent",
          "broadcast.compose.quit",              "broadcast.compose.limit",
          "broadcast.compose.expired",           "broadcast.compose.awaiting",
          "broadcast.status.awaiting_approval",  "broadcast.compose.counts",
          "broadcast.compose.counts_platform",   "broadcast.compose.left_out",
          "broadcast.platform.telegram",         "broadcast.platform.zalo",
          "broadcast.platform.zalobot",          "broadcast.compose.template_show",
          "broadcast.compose.template_edit",     "broadcast.compose.button.template_use",
          "broadcast.compose.button.template_edit", "broadcast.compose.button.template_list",
          "broadcast.compose.button.pick",       "broadcast.compose.page",
          "broadcast.compose.button.prev",       "broadcast.compose.button.next",
          "broadcast.compose.button.picked_done", "broadcast.compose.button.more",
          "broadcast.compose.picked",            "broadcast.compose.none_picked",
          "broadcast.compose.more"};
}

}  // namespace hocvuso::broadcast
