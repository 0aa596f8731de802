// The composer keeps its draft in the conversation state (flow "phatcanhbao"):
// step text -> severity -> link -> target -> confirm. Rights are checked again on send.
#include "flows/broadcast/composer.hpp"


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
  if (BroadcastStore(ctx.store()).created_today(chat_actor(ctx), ctx.now()) < limit) return true;
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

void start(Context& ctx, const BroadcastOptions& options, const DirectoryFactory& directory) {
  if (!officer_or_refuse(ctx, directory) || !under_daily_limit(ctx, options.daily_limit)) return;
  ctx.state() = ConversationState{kFlow, "text", "{}"};
  // The ready-made warnings first; free text is still welcome at this step.
  ButtonRows rows;
  for (const auto& t : ctx.content().get<ScamTemplates>().list) rows.push_back({Button{t.label, kTemplatePrefix + t.id}});
  rows.push_back(quit_button(ctx)[0]);
  ctx.reply(ctx.t("broadcast.compose.ask_text", {{"max", std::to_string(kMaxTextChars)}}), rows);
}

// The text is chosen (typed, or a template): on to the severity.
void ask_severity(Context& ctx, const std::string& text) {
  ctx.state() = ConversationState{kFlow, "severity", json{{"text", text}}.dump()};
  ButtonRows rows;
  for (const char* s : {"info", "warning", "urgent"}) {
    rows.push_back({Button{ctx.t(std::string("broadcast.compose.severity.") + s), std::string(kSeverityPrefix) + s}});
  }
  rows.push_back(quit_button(ctx)[0]);
  ctx.reply(ctx.t("broadcast.compose.ask_severity"), rows);
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

ButtonRows target_buttons(const Context& ctx, const Scope& scope) {
  ButtonRows rows;
  for (const auto& [suffix, label] : target_choices(scope)) {
    rows.push_back({Button{target_label(ctx, scope, suffix, label), kTargetPrefix + suffix}});
  }
  rows.push_back(quit_button(ctx)[0]);
  return rows;
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

// At the target step a province officer (or an admin) may type a commune: the places
// resolver decides. Exactly one unit within her reach goes to the preview (which names
// it); a former name, a typo or a shared name asks with buttons; nothing near says so.
void on_typed_commune(Context& ctx, const DirectoryFactory& directory, const std::string& text) {
  const auto scope = officer_or_refuse(ctx, directory);
  auto draft = scope ? draft_at(ctx, "target") : std::nullopt;
  if (!draft) return;
  const auto* places = ctx.content().find<places::Places>();
  if (!scope->commune.empty() || places == nullptr || text.empty()) {
    return ctx.reply(ctx.t("broadcast.compose.use_buttons"), target_buttons(ctx, *scope));
  }
  const auto r = places::resolve(*places, text, scope->province);
  if (r.kind == places::Resolution::Kind::one) {
    Target t{"communes", "", {r.unit()->code}};
    if (!allows(*scope, t, places)) return ctx.reply(ctx.t("broadcast.officer_only"), target_buttons(ctx, *scope));
    return preview(ctx, *scope, std::move(*draft), t);
  }
  ButtonRows rows;
  if (r.kind == places::Resolution::Kind::ask) {
    for (const auto& c : r.candidates) {
      rows.push_back({Button{places::choice_label(*places, c), std::string(kTargetPrefix) + kCommuneChoice + c.unit->code}});
    }
  }
  for (auto& row : target_buttons(ctx, *scope)) rows.push_back(std::move(row));
  ctx.reply(places::ask_text(*places, ctx.strings(), ctx.locale(), r), rows);
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
  if (ctx.state().step != "text") return ctx.reply(ctx.t("broadcast.compose.use_buttons"), quit_button(ctx));
  if (auto problem = check_text(text)) {
    const char* key = problem->code == "link_in_text"    ? "broadcast.compose.no_links"
                      : problem->code == "text_too_long" ? "broadcast.compose.too_long"
                                                         : "broadcast.compose.ask_text";
    return ctx.reply(ctx.t(key, {{"max", std::to_string(kMaxTextChars)}}), quit_button(ctx));
  }
  ask_severity(ctx, text);
}

void on_template(Context& ctx, const DirectoryFactory& directory) {
  if (!officer_or_refuse(ctx, directory) || !draft_at(ctx, "text")) return;
  const auto* t = ctx.content().get<ScamTemplates>().find(
      std::string_view(ctx.in().button_payload).substr(std::string_view(kTemplatePrefix).size()));
  if (t == nullptr) return ctx.reply(ctx.t("broadcast.compose.expired"));
  ask_severity(ctx, t->text);
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
  const auto target = target_for(ctx, *scope, ctx.in().button_payload.substr(std::string_view(kTargetPrefix).size()));
  if (!target) return ctx.reply(ctx.t("broadcast.compose.use_buttons"));
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
  const RecipientCounts counts = BroadcastStore(ctx.store()).count_by_kind(target);
  const std::int64_t count = counts.total;
  // Nobody to reach there yet: say so, and let them pick another target or quit.
  if (count == 0) {
    const std::string left_out = counts_words(ctx, counts);
    return ctx.reply(named + ctx.t("broadcast.compose.no_recipients") + (left_out.empty() ? "" : "\n" + left_out),
                     target_buttons(ctx, scope));
  }
  draft["target"] = {{"scope", target.scope}, {"province", target.province}, {"communes", target.communes}};
  ctx.state() = ConversationState{kFlow, "confirm", draft.dump()};
  const std::string preview = render_warning(ctx.strings(), draft["severity"].get<std::string>(),
                                             draft["text"].get<std::string>(), draft["link"].get<std::string>());
  ctx.reply(named + ctx.t("broadcast.compose.preview",
                          {{"count", std::to_string(count)}, {"counts", counts_words(ctx, counts)}, {"preview", preview}}),
            {{Button{ctx.t("broadcast.compose.button.send"), kSend}}, quit_button(ctx)[0]});
}

void on_send(Context& ctx, const BroadcastOptions& options, const DirectoryFactory& directory) {
  const auto scope = officer_or_refuse(ctx, directory);
  auto draft = scope ? draft_at(ctx, "confirm") : std::nullopt;
  if (!draft || !under_daily_limit(ctx, options.daily_limit)) return;
  const json& t = (*draft)["target"];
  const Target target{t["scope"], t["province"], t["communes"].get<std::vector<std::string>>()};
  ctx.state() = ConversationState{};
  if (!allows(*scope, target, ctx.content().find<places::Places>())) return ctx.reply(ctx.t("broadcast.officer_only"));
  BroadcastStore bs(ctx.store());
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
          "broadcast.platform.zalobot"};
}

}  // namespace hocvuso::broadcast
