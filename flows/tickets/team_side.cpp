// The team's side: taking a ticket (button, /nhan), answering it (a reply to the
// bot's post in the group, or a private message starting with the ticket code),
// and ending it (/xong).
#include "bot/core/command.hpp"
#include "bot/store/sent_tags.hpp"
#include "bot/store/store.hpp"
#include "bot/text/fold.hpp"
#include "flows/groups/private_team.hpp"
#include "flows/tickets/relay.hpp"

namespace hocvuso::tickets {

namespace {

ChatRef sender(const Context& ctx) { return ChatRef{ctx.in().chat.channel, ctx.in().sender_id}; }

std::string sender_name(const Context& ctx) {
  const std::string& name = ctx.in().sender_name.empty() ? ctx.user().display_name : ctx.in().sender_name;
  return name.empty() ? ctx.t("tickets.member") : for_group(name);
}

Sink sink(Context& ctx) {
  return [&ctx](Outgoing o) { ctx.send(std::move(o)); };
}

// The ticket a group message is about: the code among the command's words, or the
// bot's message it replies to. Only tickets of this group.
std::optional<Ticket> ticket_in_group(Context& ctx, std::string_view words) {
  std::optional<std::int64_t> id;
  for (const auto& w : text::fold_words(words)) {
    if ((id = parse_ticket_code(w))) break;
  }
  if (!id && !ctx.in().reply_to.empty()) {
    if (const auto tag = SentTags(ctx.store()).find(ctx.in().chat, ctx.in().reply_to)) id = ticket_of_tag(*tag);
  }
  if (!id) return std::nullopt;
  auto t = TicketStore::of(ctx.store()).get(*id);
  if (!t || !(t->group == ctx.in().chat)) return std::nullopt;
  return t;
}

// A member who joined the ticket's commune by code (flows/groups/private_team) gets
// the ticket in a private chat and may take it there.
bool private_member_of(Context& ctx, const Ticket& t) {
  if (ctx.in_group()) return false;
  const auto joined = groups::PrivateTeamStore::of(ctx.store()).commune_of(ctx.in().chat);
  return joined && *joined == groups::GroupLink{t.province, t.commune};
}

// The ticket named in a private member's /nhan: by its code, in their commune.
std::optional<Ticket> ticket_in_private(Context& ctx, std::string_view words) {
  std::optional<std::int64_t> id;
  for (const auto& w : text::fold_words(words)) {
    if ((id = parse_ticket_code(w))) break;
  }
  if (!id) return std::nullopt;
  auto t = TicketStore::of(ctx.store()).get(*id);
  if (!t || !private_member_of(ctx, *t)) return std::nullopt;
  return t;
}

// Takes the ticket for the sender; says so in the group and to the citizen.
// Returns the ticket as claimed, or nullopt after saying why not.
std::optional<Ticket> take(Context& ctx, const Ticket& t) {
  if (t.status == Status::claimed && t.helper == sender(ctx)) return t;
  if (t.status != Status::open) {
    ctx.reply(ctx.t(t.status == Status::closed ? "tickets.not_found" : "tickets.already_claimed",
                    {{"code", t.code()}, {"helper", t.helper_name}}));
    return std::nullopt;
  }
  auto& store = TicketStore::of(ctx.store());
  store.claim(t.id, sender(ctx), sender_name(ctx), ctx.now());
  Ticket claimed = *store.get(t.id);
  const std::string note_text =
      ctx.t("tickets.claimed_group", {{"code", t.code()}, {"helper", claimed.helper_name}});
  Outgoing note = group_note(claimed, note_text);
  note.buttons = {{Button{ctx.strings().get("tickets.button.end", kLocale), kCloseGroupPayload + std::to_string(t.id)}}};
  // The rest of the team learns it is taken; a member who took it in a private chat sees it there.
  const bool in_private = !(ctx.in().chat == claimed.group);
  to_team(ctx.store(), claimed, note, [&ctx](Outgoing o) { ctx.send(std::move(o)); },
          in_private ? std::optional<ChatRef>(ctx.in().chat) : std::nullopt);
  if (in_private) ctx.reply(note_text);
  // The citizen may choose to give the member her number (off unless she presses).
  Outgoing told = about(claimed, t.citizen_chat,
                        ctx.strings().format("tickets.claimed_citizen", kLocale,
                                             {{"code", t.code()}, {"helper", claimed.helper_name}}));
  told.buttons = {{Button{ctx.strings().get("tickets.button.phone", kLocale), kPhonePayload + std::to_string(t.id)}},
                  {Button{ctx.strings().get("tickets.button.close", kLocale), kClosePayload}}};
  ctx.send(std::move(told));
  return claimed;
}

// The button or /nhan: like take(), but pressing it again is answered, not ignored.
void claim(Context& ctx, const Ticket& t) {
  if (t.status == Status::claimed && t.helper == sender(ctx)) {
    ctx.reply(ctx.t("tickets.already_claimed", {{"code", t.code()}, {"helper", t.helper_name}}));
    return;
  }
  take(ctx, t);
}

void claim_button(Context& ctx) {
  const auto id = parse_id(std::string_view(ctx.in().button_payload).substr(std::string_view(kClaimPayload).size()));
  const auto t = id ? TicketStore::of(ctx.store()).get(*id) : std::nullopt;
  if (!t || !(t->group == ctx.in().chat || private_member_of(ctx, *t))) {
    ctx.reply(ctx.t("tickets.not_found", {{"code", id ? ticket_code(*id) : std::string("?")}}));
    return;
  }
  claim(ctx, *t);
}

void claim_command(Context& ctx) {
  if (!ctx.in_group()) {
    if (const auto t = ticket_in_private(ctx, ctx.command()->args)) return claim(ctx, *t);
    ctx.reply(ctx.t(groups::PrivateTeamStore::of(ctx.store()).commune_of(ctx.in().chat) ? "tickets.usage_claim"
                                                                                       : "tickets.group_only"));
    return;
  }
  const auto t = ticket_in_group(ctx, ctx.command()->args);
  if (!t) {
    ctx.reply(ctx.t("tickets.usage_claim"));
    return;
  }
  claim(ctx, *t);
}

// Group free text replying to a ticket's message: the helper's answer (a member's
// reply to an unclaimed ticket takes it).
bool group_reply(Context& ctx) {
  if (!ctx.in_group() || ctx.in().reply_to.empty()) return false;
  const auto t = ticket_in_group(ctx, "");
  if (!t) return false;
  if (t->status == Status::claimed && !(t->helper == sender(ctx))) {
    ctx.reply(ctx.t("tickets.not_helper", {{"code", t->code()}, {"helper", t->helper_name}}));
    return true;
  }
  const auto mine = take(ctx, *t);
  if (mine) relay_to_citizen(ctx.store(), ctx.strings(), *mine, ctx.in().text, ctx.now(), sink(ctx));
  return true;
}

// A member's plain message in the group while they hold a ticket there: nothing is
// relayed (it may be meant for the team), but once a ticket they are told how to
// answer: privately when they have a private chat with the bot, else a short reply in
// the group. Never consumes the message (other features may read it).
bool member_hint(Context& ctx) {
  if (!ctx.in_group()) return false;
  auto& store = TicketStore::of(ctx.store());
  for (const auto id : store.unhinted_of(sender(ctx), ctx.in().chat)) {
    if (!store.mark_hinted(id, ctx.now())) continue;
    const auto t = store.get(id);
    if (!t) continue;
    const bool has_private = ctx.store().chat_type(t->helper) == ChatType::private_chat;
    if (has_private) {
      ctx.send(about(*t, t->helper, ctx.strings().format("tickets.hint_private", kLocale, {{"code", t->code()}})));
    } else {
      ctx.reply(ctx.strings().format("tickets.hint_group", kLocale, {{"code", t->code()}, {"helper", t->helper_name}}));
    }
  }
  return false;
}

// The "Đóng" button under the claim note: any member of the group ends the ticket, as /xong does there.
void end_button(Context& ctx) {
  const auto id = parse_id(std::string_view(ctx.in().button_payload).substr(std::string_view(kCloseGroupPayload).size()));
  const auto t = id ? TicketStore::of(ctx.store()).get(*id) : std::nullopt;
  if (!t || !(t->group == ctx.in().chat) || t->status == Status::closed) {
    ctx.reply(ctx.t("tickets.not_found", {{"code", id ? ticket_code(*id) : std::string("?")}}));
    return;
  }
  close_ticket(ctx.store(), ctx.strings(), *t, "helper", ctx.now(), sink(ctx));
}

// A private message "HT12 ..." from the member who took HT12.
bool private_answer(Context& ctx) {
  if (ctx.in_group()) return false;
  const std::string& text = ctx.in().text;
  const auto space = text.find_first_of(" \n");
  const auto id = parse_ticket_code(std::string_view(text).substr(0, space));
  if (!id) return false;
  const auto t = TicketStore::of(ctx.store()).get(*id);
  if (!t || t->status != Status::claimed || !(t->helper == sender(ctx))) return false;
  const std::string answer = space == std::string::npos ? std::string() : trim(std::string_view(text).substr(space));
  if (answer.empty()) {
    ctx.reply(ctx.t("tickets.usage_private", {{"code", t->code()}}));
    return true;
  }
  TicketStore::of(ctx.store()).set_helper_private(t->id);
  relay_to_citizen(ctx.store(), ctx.strings(), *t, answer, ctx.now(), sink(ctx));
  ctx.reply(ctx.t("tickets.sent_helper", {{"code", t->code()}}));
  return true;
}

// /xong: in a group, any member ends a ticket of that group; in private, the member
// who took it ("/xong HT12"), otherwise the citizen ends their own.
void done(Context& ctx) {
  const std::string& args = ctx.command()->args;
  if (ctx.in_group()) {
    const auto t = ticket_in_group(ctx, args);
    if (!t || t->status == Status::closed) {
      ctx.reply(ctx.t("tickets.usage_close"));
      return;
    }
    close_ticket(ctx.store(), ctx.strings(), *t, "helper", ctx.now(), sink(ctx));
    return;
  }
  const auto words = text::fold_words(args);
  const auto id = words.empty() ? std::nullopt : parse_ticket_code(words.front());
  if (id) {
    const auto t = TicketStore::of(ctx.store()).get(*id);
    if (t && t->status != Status::closed && t->helper == sender(ctx)) {
      close_ticket(ctx.store(), ctx.strings(), *t, "helper", ctx.now(), sink(ctx));
      return;
    }
  }
  close_by_citizen(ctx);
}

}  // namespace

void register_team_side(Dispatcher& d) {
  d.on_payload(kClaimPayload, claim_button);
  d.on_command("nhan", claim_command);
  d.on_command("xong", done);
  d.on_text_claim(group_reply);
  d.on_text_claim(private_answer);
  d.on_text_claim(member_hint);
  d.on_payload(kCloseGroupPayload, end_button);
}

}  // namespace hocvuso::tickets
