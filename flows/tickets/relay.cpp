// Messages about a ticket, closing it, and relaying the team's answers to the citizen.
#include "flows/tickets/relay.hpp"

#include <nlohmann/json.hpp>

#include "bot/store/store.hpp"
#include "bot/text/secrets.hpp"
#include "flows/groups/private_team.hpp"

namespace hocvuso::tickets {

std::string for_group(std::string_view text) { return text::mask_secrets(text).text; }

Outgoing group_post(const Strings& strings, const Ticket& t, std::string_view key) {
  const std::string code = t.code();
  Outgoing o = group_note(t, strings.format(key, kLocale,
                                            {{"code", code}, {"name", t.citizen_name}, {"question", t.question}}));
  o.buttons = {{Button{strings.get("tickets.button.claim", kLocale), kClaimPayload + std::to_string(t.id)}}};
  return o;
}

Outgoing about(const Ticket& t, ChatRef to, std::string text) {
  Outgoing o{std::move(to), std::move(text), {}, std::nullopt};
  o.tag = ticket_tag(t.id);
  return o;
}

Outgoing group_note(const Ticket& t, std::string text) { return about(t, t.group, std::move(text)); }

void to_team(Store& store, const Ticket& t, const Outgoing& group_message, const Sink& send,
             const std::optional<ChatRef>& except) {
  if (!(except && *except == t.group)) send(group_message);
  for (const auto& m : groups::PrivateTeamStore::of(store).members(groups::GroupLink{t.province, t.commune})) {
    if (m.chat == t.group || m.chat == t.citizen_chat || (except && m.chat == *except)) continue;
    Outgoing copy = group_message;
    copy.chat = m.chat;
    send(std::move(copy));
  }
}

ButtonRows close_button(const Strings& strings) {
  return {{Button{strings.get("tickets.button.close", kLocale), kClosePayload}}};
}

ButtonRows rating_buttons(std::int64_t id) {
  std::vector<Button> row;
  for (int stars = 1; stars <= 5; ++stars) {
    row.push_back(Button{std::to_string(stars) + "⭐", kRatePayload + std::to_string(id) + ":" + std::to_string(stars)});
  }
  return {row};
}

namespace {

// What the citizen is told when a ticket ends. Only help that someone took can be rated.
const char* closing_key(const Ticket& t, std::string_view by) {
  const bool taken = t.status == Status::claimed;
  if (by == "idle") return taken ? "tickets.closed_idle_citizen" : "tickets.closed_unclaimed_citizen";
  if (!taken) return by == "citizen" ? "tickets.cancelled_citizen" : "tickets.closed_by_team_citizen";
  return "tickets.closed_citizen";
}

}  // namespace

bool close_ticket(Store& store, const Strings& strings, const Ticket& t, std::string_view by, TimePoint now,
                  const Sink& send) {
  if (!TicketStore::of(store).close(t.id, by, now)) return false;
  const std::string code = t.code();
  to_team(store, t, group_note(t, strings.format("tickets.closed_group." + std::string(by), kLocale, {{"code", code}})),
          send);
  Outgoing notice = about(t, t.citizen_chat, strings.format(closing_key(t, by), kLocale, {{"code", code}}));
  if (t.status == Status::claimed) notice.buttons = rating_buttons(t.id);
  send(std::move(notice));
  // The citizen's free text goes back to the FAQ.
  const ConversationState state = store.load_state(t.citizen_chat, t.citizen_user);
  if (state.flow == kFlow) store.save_state(t.citizen_chat, t.citizen_user, ConversationState{}, now);
  return true;
}

ConversationState open_state(std::int64_t id) {
  return ConversationState{kFlow, "open", nlohmann::json{{"id", id}}.dump()};
}

void relay_to_citizen(Store& store, const Strings& strings, const Ticket& t, std::string_view text, TimePoint now,
                      const Sink& send) {
  TicketStore::of(store).add_message(t.id, Side::helper, text, now);
  Outgoing o = about(t, t.citizen_chat,
                     strings.format("tickets.answer_citizen", kLocale,
                                    {{"helper", t.helper_name}, {"code", t.code()}, {"text", text}}));
  o.buttons = close_button(strings);
  send(std::move(o));
  store.save_state(t.citizen_chat, t.citizen_user, open_state(t.id), now);
}

}  // namespace hocvuso::tickets
