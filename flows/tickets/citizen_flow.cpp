// The citizen's side: commune (remembered, changeable), question, the name the team
// sees, then the ticket; later messages are relayed to the group; rating.
#include <algorithm>

#include <nlohmann/json.hpp>

#include "bot/core/command.hpp"
#include "bot/store/store.hpp"
#include "flows/broadcast/broadcast.hpp"
#include "flows/broadcast/broadcast_store.hpp"
#include "flows/groups/groups.hpp"
#include "flows/groups/private_team.hpp"
#include "flows/menu.hpp"
#include "flows/tickets/relay.hpp"

namespace hocvuso::tickets {

namespace {

using nlohmann::json;

constexpr const char* kChangeCommune = "tk:commune";
constexpr const char* kCommunePayload = "tk:c:";  // + province id + ":" + commune id
constexpr const char* kOwnName = "tk:own";
constexpr const char* kAlias = "tk:alias";
constexpr std::size_t kMaxAliasBytes = 60;

json state_data(Context& ctx) {
  const json d = json::parse(ctx.state().data, nullptr, false);
  return d.is_object() ? d : json::object();
}

void set_step(Context& ctx, const char* step, const json& data) {
  ctx.state() = ConversationState{kFlow, step, data.dump()};
}

std::string place_label(const groups::Places& places, const groups::Commune& c) {
  return c.full_name() + " (" + groups::province_name(places, c.province) + ")";
}

// The remembered commune is always one button away from being changed.
ButtonRows change_or_menu(const Context& ctx) {
  return {{Button{ctx.t("tickets.button.change_commune"), kChangeCommune}}, {Button{ctx.t("menu.back"), flows::kMenuHome}}};
}

void ask_commune(Context& ctx) {
  set_step(ctx, "commune", json::object());
  ctx.reply(ctx.t("tickets.ask_commune"), flows::back_to_menu(ctx));
}

// The commune remembered for this chat (shared with scam-warning subscriptions), when
// it still names exactly one commune of the places list.
const groups::Commune* remembered_commune(Context& ctx, const groups::Places& places) {
  const auto place = broadcast::BroadcastStore(ctx.store()).place(ctx.in().chat);
  if (!place) return nullptr;
  const groups::Commune* found = nullptr;
  for (const auto* c : places.find(place->first)) {
    if (!place->second.empty() && broadcast::fold_province(groups::province_name(places, c->province)) != place->second) {
      continue;
    }
    if (found != nullptr) return nullptr;  // ambiguous: ask again
    found = c;
  }
  return found;
}

void with_commune(Context& ctx, const groups::Places& places, const groups::Commune& c) {
  if (groups::GroupStore(ctx.store()).groups_of({c.province, c.id}).empty()) {
    ctx.state() = ConversationState{};
    ctx.reply(ctx.t("tickets.no_group", {{"commune", c.full_name()}}), change_or_menu(ctx));
    return;
  }
  set_step(ctx, "question", {{"province", c.province}, {"commune", c.id}});
  ctx.reply(ctx.t("tickets.ask_question", {{"place", place_label(places, c)}}), change_or_menu(ctx));
}

void choose_commune(Context& ctx, const groups::Places& places, const groups::Commune& c) {
  broadcast::BroadcastStore(ctx.store())
      .remember_place(ctx.in().chat, broadcast::fold_commune(c.name),
                      broadcast::fold_province(groups::province_name(places, c.province)), ctx.now());
  with_commune(ctx, places, c);
}

void start(Context& ctx) {
  if (ctx.in_group()) {
    ctx.reply(ctx.t("tickets.private_only"));
    return;
  }
  if (const auto active = TicketStore(ctx.store()).active_of(ctx.in().chat)) {
    ctx.state() = open_state(active->id);
    ctx.reply(ctx.t("tickets.active", {{"code", active->code()}}));
    return;
  }
  const auto& places = ctx.content().get<groups::Places>();
  if (const auto* c = remembered_commune(ctx, places)) return with_commune(ctx, places, *c);
  ask_commune(ctx);
}

void commune_text(Context& ctx) {
  const auto& places = ctx.content().get<groups::Places>();
  const std::string name = trim(ctx.in().text);
  const auto found = places.find(name);
  if (found.size() == 1) return choose_commune(ctx, places, *found.front());
  ButtonRows rows;
  for (const auto* c : found.empty() ? places.closest(name, 3) : found) {
    rows.push_back({Button{place_label(places, *c), kCommunePayload + c->province + ":" + c->id}});
  }
  rows.push_back({Button{ctx.t("menu.back"), flows::kMenuHome}});
  ctx.reply(ctx.t(found.empty() ? "tickets.commune_unknown" : "tickets.commune_choose", {{"name", name}}),
            std::move(rows));
}

void commune_button(Context& ctx) {
  const std::string rest = ctx.in().button_payload.substr(std::string_view(kCommunePayload).size());
  const auto colon = rest.find(':');
  const auto& places = ctx.content().get<groups::Places>();
  const auto* c = colon == std::string::npos ? nullptr : places.commune(rest.substr(0, colon), rest.substr(colon + 1));
  if (c == nullptr) return ask_commune(ctx);  // an old button after a content change
  choose_commune(ctx, places, *c);
}

void question_text(Context& ctx) {
  json data = state_data(ctx);
  const std::string question = trim(for_group(ctx.in().text));
  if (question.empty()) {
    ctx.reply(ctx.t("tickets.ask_question_again"));
    return;
  }
  data["question"] = question;
  const std::string name = for_group(ctx.user().display_name);
  if (name.empty()) {
    set_step(ctx, "alias", data);
    ctx.reply(ctx.t("tickets.ask_alias"));
    return;
  }
  set_step(ctx, "name", data);
  ctx.reply(ctx.t("tickets.ask_name", {{"name", name}}),
            {{Button{ctx.t("tickets.button.own_name"), kOwnName}}, {Button{ctx.t("tickets.button.alias"), kAlias}}});
}

// Posts the ticket in the commune's team group.
void open_ticket(Context& ctx, const std::string& name) {
  const json data = state_data(ctx);
  if (ctx.state().flow != kFlow || !data.contains("question")) return start(ctx);  // an old button
  const groups::GroupLink link{data.value("province", ""), data.value("commune", "")};
  const auto groups_there = groups::GroupStore(ctx.store()).groups_of(link);
  const auto& places = ctx.content().get<groups::Places>();
  const std::string commune = groups::commune_name(places, link);
  if (groups_there.empty()) {
    ctx.state() = ConversationState{};
    ctx.reply(ctx.t("tickets.no_group", {{"commune", commune}}), flows::back_to_menu(ctx));
    return;
  }
  // The ticket's home is the commune's team group where there is one; members who
  // joined by code (private chats, flows/groups/private_team) each get it privately too.
  const auto members = groups::PrivateTeamStore(ctx.store()).members(link);
  const auto is_member = [&members](const ChatRef& c) {
    return std::any_of(members.begin(), members.end(), [&c](const groups::TeamMember& m) { return m.chat == c; });
  };
  ChatRef home = groups_there.front().chat;
  for (const auto& g : groups_there) {
    if (!is_member(g.chat)) {
      home = g.chat;
      break;
    }
  }
  NewTicket n{ctx.in().chat, ctx.in().sender_id, name, link.province, link.commune, home, data.value("question", "")};
  TicketStore store(ctx.store());
  const auto id = store.open(n, ctx.now());
  const Ticket t = *store.get(id);
  ctx.send(group_post(ctx.strings(), t, "tickets.post"));
  for (const auto& m : members) {
    if (m.chat == t.group || m.chat == t.citizen_chat) continue;
    Outgoing copy = group_post(ctx.strings(), t, "tickets.post");
    copy.chat = m.chat;
    ctx.send(std::move(copy));
  }
  ctx.state() = open_state(id);
  ctx.reply(ctx.t("tickets.sent", {{"code", t.code()}, {"commune", commune}}));
}

void alias_text(Context& ctx) {
  std::string alias = trim(for_group(ctx.in().text));
  if (alias.size() > kMaxAliasBytes) alias.clear();
  if (alias.empty()) {
    ctx.reply(ctx.t("tickets.ask_alias"));
    return;
  }
  open_ticket(ctx, alias);
}

// A message while the ticket is open goes to the group (and to the helper, when they
// answer privately).
void open_text(Context& ctx, Dispatcher& d) {
  const auto id = state_data(ctx).value("id", std::int64_t{0});
  TicketStore store(ctx.store());
  const auto t = store.get(id);
  if (!t || t->status == Status::closed || !(t->citizen_chat == ctx.in().chat)) {
    ctx.state() = ConversationState{};
    d.default_text(ctx);
    return;
  }
  const std::string text = for_group(ctx.in().text);
  store.add_message(t->id, Side::citizen, text, ctx.now());
  const std::string note =
      ctx.strings().format("tickets.citizen_says", kLocale, {{"name", t->citizen_name}, {"code", t->code()}, {"text", text}});
  ctx.send(group_note(*t, note));
  if (t->helper_private) ctx.send(about(*t, t->helper, note));
  ctx.reply(ctx.t("tickets.relayed", {{"code", t->code()}}));
}

void rate(Context& ctx) {
  const std::string rest = ctx.in().button_payload.substr(std::string_view(kRatePayload).size());
  const auto colon = rest.find(':');
  const auto id = parse_id(std::string_view(rest).substr(0, colon));
  const auto t = id && colon != std::string::npos ? TicketStore(ctx.store()).get(*id) : std::nullopt;
  const auto stars = colon == std::string::npos ? std::nullopt : parse_id(std::string_view(rest).substr(colon + 1));
  if (!t || !(t->citizen_chat == ctx.in().chat) || !stars || *stars > 5 ||
      !TicketStore(ctx.store()).rate(t->id, static_cast<int>(*stars))) {
    ctx.reply(ctx.t("tickets.rate_gone"), flows::back_to_menu(ctx));
    return;
  }
  ctx.reply(ctx.t("tickets.rated"), flows::back_to_menu(ctx));
}

}  // namespace

void close_by_citizen(Context& ctx) {
  const auto t = TicketStore(ctx.store()).active_of(ctx.in().chat);
  if (!t) {
    ctx.reply(ctx.t("tickets.none"), flows::back_to_menu(ctx));
    return;
  }
  close_ticket(ctx.store(), ctx.strings(), *t, "citizen", ctx.now(), [&ctx](Outgoing o) { ctx.send(std::move(o)); });
  ctx.state() = ConversationState{};  // the engine saves this chat's state after the handler
}

void register_citizen_side(Dispatcher& d) {
  d.on_payload(flows::kMenuTeam, start);
  d.on_payload(kChangeCommune, ask_commune);
  d.on_payload(kCommunePayload, commune_button);
  d.on_payload(kOwnName, [](Context& ctx) { open_ticket(ctx, for_group(ctx.user().display_name)); });
  d.on_payload(kAlias, [](Context& ctx) {
    if (ctx.state().flow != kFlow) return start(ctx);
    ctx.state().step = "alias";
    ctx.reply(ctx.t("tickets.ask_alias"));
  });
  d.on_payload(kRatePayload, rate);
  d.on_flow_text(kFlow, [&d](Context& ctx) {
    const std::string& step = ctx.state().step;
    if (step == "commune") return commune_text(ctx);
    if (step == "question") return question_text(ctx);
    if (step == "alias") return alias_text(ctx);
    if (step == "open") return open_text(ctx, d);
    // "name" waits for a button; typed text is the alias.
    alias_text(ctx);
  });
}

}  // namespace hocvuso::tickets
