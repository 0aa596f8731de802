// The citizen's side: commune (remembered, changeable), question, the name the team
// sees, then the ticket; later messages are relayed to the group; rating.
#include <algorithm>

#include <nlohmann/json.hpp>

#include "bot/core/command.hpp"
#include "bot/store/store.hpp"
#include "bot/text/secrets.hpp"
#include "flows/broadcast/broadcast.hpp"
#include "flows/broadcast/broadcast_store.hpp"
#include "flows/groups/groups.hpp"
#include "flows/groups/private_team.hpp"
#include "flows/menu.hpp"
#include "flows/places/explain.hpp"
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

std::string place_label(const groups::Places& places, const groups::Commune& c) { return places.label(c); }

// The remembered commune is always one button away from being changed.
ButtonRows change_or_menu(const Context& ctx) {
  return {{Button{ctx.t("tickets.button.change_commune"), kChangeCommune}}, {Button{ctx.t("menu.back"), flows::kMenuHome}}};
}

void ask_commune(Context& ctx) {
  set_step(ctx, "commune", json::object());
  ctx.reply(ctx.t("tickets.ask_commune"), flows::back_to_menu(ctx));
}

// The commune remembered for this chat (shared with scam-warning subscriptions: the
// official code and province id), when the places list still has it.
const groups::Commune* remembered_commune(Context& ctx, const groups::Places& places) {
  const auto place = broadcast::BroadcastStore::of(ctx.store()).place(ctx.in().chat);
  if (!place) return nullptr;
  return places.commune(place->second, place->first);
}

void with_commune(Context& ctx, const groups::Places& places, const groups::Commune& c) {
  if (groups::GroupStore::of(ctx.store()).groups_of({c.province, c.id}).empty()) {
    ctx.state() = ConversationState{};
    ctx.reply(ctx.t("tickets.no_group", {{"commune", c.full_name()}}), change_or_menu(ctx));
    return;
  }
  set_step(ctx, "question", {{"province", c.province}, {"commune", c.id}});
  ctx.reply(ctx.t("tickets.ask_question", {{"place", place_label(places, c)}}), change_or_menu(ctx));
}

void choose_commune(Context& ctx, const groups::Places& places, const groups::Commune& c) {
  broadcast::BroadcastStore::of(ctx.store())
      .remember_place(ctx.in().chat, c.code, c.province, ctx.now());
  with_commune(ctx, places, c);
}

void start(Context& ctx) {
  if (ctx.in_group()) {
    ctx.reply(ctx.t("tickets.private_only"));
    return;
  }
  if (const auto active = TicketStore::of(ctx.store()).active_of(ctx.in().chat)) {
    ctx.state() = open_state(active->id);
    ctx.reply(ctx.t("tickets.active", {{"code", active->code()}}), close_button(ctx.strings()));
    return;
  }
  const auto& places = ctx.content().get<groups::Places>();
  if (const auto* c = remembered_commune(ctx, places)) return with_commune(ctx, places, *c);
  ask_commune(ctx);
}

void commune_text(Context& ctx, const Dispatcher& d) {
  const auto& places = ctx.content().get<groups::Places>();
  const std::string name = trim(ctx.in().text);
  // The one place resolver: exactly one current unit is taken (and said, with a note
  // when "xã" was typed for a phường); a former name, a typo or a shared name asks.
  // The name may come inside a sentence ("tôi ở xã Chiềng Hặc huyện Yên Châu").
  const auto r = places::resolve_spoken(places, name);
  if (places::names_no_place(r, name)) {  // thanks, a question: answered as any message
    ctx.state() = ConversationState{};
    return d.default_text(ctx);
  }
  if (r.kind == places::Resolution::Kind::one) {
    if (const auto note = places::kind_note(ctx.strings(), ctx.locale(), r); !note.empty()) ctx.reply(note);
    return choose_commune(ctx, places, *r.unit());
  }
  ButtonRows rows;
  for (const auto& c : r.candidates) {
    rows.push_back({Button{place_label(places, *c.unit), kCommunePayload + c.unit->province + ":" + c.unit->code}});
  }
  rows.push_back({Button{ctx.t("menu.back"), flows::kMenuHome}});
  ctx.reply(places::ask_text(places, ctx.strings(), ctx.locale(), r), std::move(rows));
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
  const text::MaskedText masked = text::mask_secrets(ctx.in().text);
  const std::string question = trim(masked.text);
  if (question.empty()) {
    ctx.reply(ctx.t("tickets.ask_question_again"));
    return;
  }
  data["question"] = question;
  // She is told her number was hidden from the group (and how to give it to the helper).
  if (masked.kinds & text::kSecretPhone) data["phone_masked"] = true;
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
  const auto groups_there = groups::GroupStore::of(ctx.store()).groups_of(link);
  const auto& places = ctx.content().get<groups::Places>();
  const std::string commune = groups::commune_name(places, link);
  if (groups_there.empty()) {
    ctx.state() = ConversationState{};
    ctx.reply(ctx.t("tickets.no_group", {{"commune", commune}}), flows::back_to_menu(ctx));
    return;
  }
  // The ticket's home is the commune's team group where there is one; members who
  // joined by code (private chats, flows/groups/private_team) each get it privately too.
  const auto members = groups::PrivateTeamStore::of(ctx.store()).members(link);
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
  auto& store = TicketStore::of(ctx.store());
  const auto id = store.open(n, ctx.now());
  const Ticket t = *store.get(id);
  to_team(ctx.store(), t, group_post(ctx.strings(), t, "tickets.post"), [&ctx](Outgoing o) { ctx.send(std::move(o)); });
  ctx.state() = open_state(id);
  std::string sent = ctx.t("tickets.sent", {{"code", t.code()}, {"commune", commune}});
  if (data.value("phone_masked", false)) sent += "\n" + ctx.t("tickets.phone_masked");
  ctx.reply(std::move(sent), close_button(ctx.strings()));
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
  auto& store = TicketStore::of(ctx.store());
  const auto t = store.get(id);
  if (!t || t->status == Status::closed || !(t->citizen_chat == ctx.in().chat)) {
    ctx.state() = ConversationState{};
    d.default_text(ctx);
    return;
  }
  const text::MaskedText masked = text::mask_secrets(ctx.in().text);
  const std::string& text = masked.text;
  store.add_message(t->id, Side::citizen, text, ctx.now());
  const std::string note =
      ctx.strings().format("tickets.citizen_says", kLocale, {{"name", t->citizen_name}, {"code", t->code()}, {"text", text}});
  ctx.send(group_note(*t, note));
  // The helper answering privately hears it there too, unless that private chat is the
  // ticket's home (a team that joined by code) and has it already.
  if (t->helper_private && !(t->helper == t->group)) ctx.send(about(*t, t->helper, note));
  std::string reply = ctx.t("tickets.relayed", {{"code", t->code()}});
  ButtonRows rows;
  if (masked.kinds & text::kSecretPhone) {
    reply += "\n" + ctx.t("tickets.phone_masked");
    if (t->status == Status::claimed)
      rows.push_back({Button{ctx.t("tickets.button.phone"), kPhonePayload + std::to_string(t->id)}});
  }
  for (auto& row : close_button(ctx.strings())) rows.push_back(std::move(row));
  ctx.reply(std::move(reply), std::move(rows));
}

// "📞 Gửi số điện thoại": the citizen chose to give the member who took her ticket her
// number. It is asked for, then sent privately to that member only, never to the
// group, and kept as one of the ticket's texts (erased with them).
void phone_button(Context& ctx) {
  const auto id = parse_id(std::string_view(ctx.in().button_payload).substr(std::string_view(kPhonePayload).size()));
  const auto t = id ? TicketStore::of(ctx.store()).get(*id) : std::nullopt;
  if (!t || !(t->citizen_chat == ctx.in().chat) || t->status != Status::claimed) {
    ctx.reply(ctx.t("tickets.phone_gone"), flows::back_to_menu(ctx));
    return;
  }
  ctx.state() = ConversationState{kFlow, "phone", json{{"id", t->id}}.dump()};
  ctx.reply(ctx.t("tickets.phone_ask", {{"helper", t->helper_name}}),
            {{Button{ctx.t("tickets.button.phone_cancel"), std::string(kPhonePayload) + "0"}}});
}

// 9 to 11 digits, starting 0 or +84 (spaces, dots and dashes allowed): the number as
// she typed it, or empty.
std::string phone_number(std::string_view typed) {
  std::string digits;
  for (const char c : typed) {
    if (c >= '0' && c <= '9') digits.push_back(c);
    else if (c != ' ' && c != '.' && c != '-' && c != '+') return {};
  }
  if (digits.starts_with("84") && typed.find('+') != std::string_view::npos) digits = "0" + digits.substr(2);
  if (!digits.starts_with("0") || digits.size() < 9 || digits.size() > 11) return {};
  return digits;
}

void phone_text(Context& ctx) {
  const auto id = state_data(ctx).value("id", std::int64_t{0});
  auto& store = TicketStore::of(ctx.store());
  const auto t = store.get(id);
  if (!t || t->status != Status::claimed || !(t->citizen_chat == ctx.in().chat)) {
    ctx.state() = ConversationState{};
    ctx.reply(ctx.t("tickets.phone_gone"), flows::back_to_menu(ctx));
    return;
  }
  ctx.state() = open_state(t->id);
  const std::string phone = phone_number(trim(ctx.in().text));
  if (phone.empty()) {
    ctx.reply(ctx.t("tickets.phone_invalid"),
              {{Button{ctx.t("tickets.button.phone"), kPhonePayload + std::to_string(t->id)}}});
    return;
  }
  // Only to a member who has a private chat with the bot: a platform cannot deliver
  // a bot's first message to someone who never wrote to it.
  if (ctx.store().chat_type(t->helper) != ChatType::private_chat) {
    ctx.send(group_note(*t, ctx.strings().format("tickets.phone_wanted_group", kLocale,
                                                   {{"code", t->code()}, {"helper", t->helper_name}})));
    ctx.reply(ctx.t("tickets.phone_no_private", {{"helper", t->helper_name}}),
              {{Button{ctx.t("tickets.button.phone"), kPhonePayload + std::to_string(t->id)}}});
    return;
  }
  store.add_message(t->id, Side::citizen, "📞 " + phone, ctx.now());
  ctx.send(about(*t, t->helper, ctx.strings().format("tickets.phone_to_helper", kLocale,
                                                     {{"name", t->citizen_name}, {"code", t->code()}, {"phone", phone}})));
  ctx.reply(ctx.t("tickets.phone_sent", {{"helper", t->helper_name}}), close_button(ctx.strings()));
}

void rate(Context& ctx) {
  const std::string rest = ctx.in().button_payload.substr(std::string_view(kRatePayload).size());
  const auto colon = rest.find(':');
  const auto id = parse_id(std::string_view(rest).substr(0, colon));
  const auto t = id && colon != std::string::npos ? TicketStore::of(ctx.store()).get(*id) : std::nullopt;
  const auto stars = colon == std::string::npos ? std::nullopt : parse_id(std::string_view(rest).substr(colon + 1));
  if (!t || !(t->citizen_chat == ctx.in().chat) || !stars || *stars > 5 ||
      !TicketStore::of(ctx.store()).rate(t->id, static_cast<int>(*stars))) {
    ctx.reply(ctx.t("tickets.rate_gone"), flows::back_to_menu(ctx));
    return;
  }
  ctx.reply(ctx.t("tickets.rated"), flows::back_to_menu(ctx));
}

}  // namespace

void close_by_citizen(Context& ctx) {
  const auto t = TicketStore::of(ctx.store()).active_of(ctx.in().chat);
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
  d.on_payload(kClosePayload, close_by_citizen);
  d.on_payload(kPhonePayload, [](Context& ctx) {
    if (ctx.in().button_payload == std::string(kPhonePayload) + "0") {  // "Thôi, không gửi"
      if (const auto t = TicketStore::of(ctx.store()).active_of(ctx.in().chat)) ctx.state() = open_state(t->id);
      ctx.reply(ctx.t("tickets.phone_cancelled"), close_button(ctx.strings()));
      return;
    }
    phone_button(ctx);
  });
  d.on_flow_text(kFlow, [&d](Context& ctx) {
    const std::string& step = ctx.state().step;
    if (step == "commune") return commune_text(ctx, d);
    if (step == "question") return question_text(ctx);
    if (step == "alias") return alias_text(ctx);
    if (step == "open") return open_text(ctx, d);
    if (step == "phone") return phone_text(ctx);
    // "name" waits for a button; typed text is the alias.
    alias_text(ctx);
  });
}

}  // namespace hocvuso::tickets
