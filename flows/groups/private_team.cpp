// Chat side of the private team path: /mato, a code sent in private, /thanhvien,
// /xoathanhvien, and the member's own /roito (leave) and /ten (a name, where the
// platform gives none).
#include "flows/groups/private_team.hpp"

#include <charconv>

#include "bot/core/local_time.hpp"
#include "bot/store/store.hpp"
#include "flows/groups/groups.hpp"
#include "flows/help.hpp"
#include "flows/places/explain.hpp"
#include "flows/roles/roles.hpp"

namespace hocvuso::groups {

namespace {

std::string trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\n')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\n')) s.remove_suffix(1);
  return std::string(s);
}

// The commune named in `name`, for an officer who covers it; nullptr after saying why not.
const Commune* officer_commune(Context& ctx, const std::string& name, std::string_view usage_key) {
  const auto& places = ctx.content().get<Places>();
  if (trim(name).empty()) {
    ctx.reply(ctx.t(usage_key));
    return nullptr;
  }
  // The one places resolver: only exactly one current unit is acted on. A typo, a former
  // or a shared name lists the candidates with their codes, which the officer types back
  // (a code always resolves to exactly one unit).
  const auto r = places::resolve(places, name);
  if (r.kind != places::Resolution::Kind::one) {
    std::string text = places::ask_text(places, ctx.strings(), ctx.locale(), r);
    if (r.kind == places::Resolution::Kind::ask) {
      text = ctx.t("team.place_choose");
      for (const auto& cand : r.candidates) {
        text += "\n• " + places::choice_label(places, cand) + ": " + cand.unit->code;
      }
    }
    ctx.reply(text + "\n" + ctx.t(usage_key));
    return nullptr;
  }
  const Commune* c = r.unit();
  auto& roles = roles::RoleStore::of(ctx.store());
  if (!roles.has_role(ctx.in().chat.channel, ctx.in().sender_id, roles::Role::officer, {c->province, c->id})) {
    ctx.reply(ctx.t("team.not_officer", {{"commune", c->full_name()}}));
    return nullptr;
  }
  return c;
}

std::string actor(const Context& ctx) {
  return std::string(to_string(ctx.in().chat.channel)) + ":" + ctx.in().sender_id;
}

std::string channel_label(Channel c) {
  switch (c) {
    case Channel::telegram: return "Telegram";
    case Channel::zalo: return "Zalo";
    case Channel::zalobot: return "Zalo Bot";
    case Channel::console: return "console";
  }
  return "?";
}

void issue_command(Context& ctx) {
  const Commune* c = officer_commune(ctx, ctx.command()->args, "team.code.usage");
  if (c == nullptr) return;
  const std::string code = PrivateTeamStore::of(ctx.store()).issue_code({c->province, c->id}, actor(ctx), ctx.now());
  const auto& places = ctx.content().get<Places>();
  ctx.reply(ctx.t("team.code.issued", {{"code", code},
                                       {"commune", c->full_name()},
                                       {"province", province_name(places, c->province)},
                                       {"days", std::to_string(kTeamCodeLifetime.count() / 24)}}));
}

// `text` holds a team code: in a private chat, the chat joins that commune's team.
void join_with(Context& ctx, const std::string& code) {
  if (ctx.in_group()) {
    ctx.reply(ctx.t("team.join.private_only"));  // not spent: the member sends it privately
    return;
  }
  auto& store = PrivateTeamStore::of(ctx.store());
  const auto before = store.commune_of(ctx.in().chat);
  const auto link = store.redeem(code, ctx.in().chat, ctx.now());
  if (!link) {
    ctx.reply(ctx.t("team.join.bad_code", {{"code", code}}));
    return;
  }
  const auto& places = ctx.content().get<Places>();
  const std::string commune = commune_name(places, *link);
  std::string text = ctx.t("team.join.done", {{"commune", commune}, {"province", province_name(places, link->province)}});
  if (before && !(*before == *link)) {
    text = ctx.t("team.join.moved", {{"old", commune_name(places, *before)}}) + "\n" + text;
  }
  // Zalo lets the bot write to a person only within 7 days of their last message.
  if (ctx.in().chat.channel == Channel::zalo) text += "\n" + ctx.t("team.join.zalo_window");
  // A Zalo OA gives no name: without one the officer's list and ticket notices say "(chưa rõ tên)".
  if (ctx.in().sender_name.empty() && ctx.user().display_name.empty()) text += "\n" + ctx.t("team.join.ask_name");
  ctx.reply(text);
}

// A message that is only a team code ("TO-K7QM4P", "to k7qm4p").
bool code_claim(Context& ctx) {
  const auto code = read_team_code(ctx.in().text);
  if (!code) return false;
  join_with(ctx, *code);
  return true;
}

void join_command(Context& ctx) {
  const auto code = read_team_code(ctx.command()->args);
  if (!code) {
    ctx.reply(ctx.t("team.join.usage"));
    return;
  }
  join_with(ctx, *code);
}

void list_command(Context& ctx) {
  const Commune* c = officer_commune(ctx, ctx.command()->args, "team.members.usage");
  if (c == nullptr) return;
  const auto members = PrivateTeamStore::of(ctx.store()).members({c->province, c->id});
  if (members.empty()) {
    ctx.reply(ctx.t("team.members.empty", {{"commune", c->full_name()}}));
    return;
  }
  std::string text = ctx.t("team.members.head", {{"commune", c->full_name()}, {"count", std::to_string(members.size())}});
  for (std::size_t i = 0; i < members.size(); ++i) {
    const auto& m = members[i];
    text += '\n';
    text += ctx.t("team.members.line", {{"n", std::to_string(i + 1)},
                                        {"name", m.name.empty() ? ctx.t("team.members.no_name") : m.name},
                                        {"channel", channel_label(m.chat.channel)},
                                        {"date", format_date_vi(local_date(m.joined))}});
  }
  ctx.reply(text + "\n" + ctx.t("team.members.remove_hint"));
}

void remove_command(Context& ctx) {
  // "<xã> <số>": the number (from /thanhvien) is the last word.
  const std::string args = trim(ctx.command()->args);
  const auto space = args.find_last_of(' ');
  int n = 0;
  const std::string number = space == std::string::npos ? std::string() : args.substr(space + 1);
  const auto [end, ec] = std::from_chars(number.data(), number.data() + number.size(), n);
  if (number.empty() || ec != std::errc() || end != number.data() + number.size() || n < 1) {
    ctx.reply(ctx.t("team.remove.usage"));
    return;
  }
  const Commune* c = officer_commune(ctx, args.substr(0, space), "team.remove.usage");
  if (c == nullptr) return;
  auto& store = PrivateTeamStore::of(ctx.store());
  const auto members = store.members({c->province, c->id});
  if (static_cast<std::size_t>(n) > members.size()) {
    ctx.reply(ctx.t("team.remove.no_such", {{"n", std::to_string(n)}, {"commune", c->full_name()}}));
    return;
  }
  const TeamMember& m = members[static_cast<std::size_t>(n - 1)];
  store.remove({c->province, c->id}, m.chat);
  const std::string name = m.name.empty() ? ctx.t("team.members.no_name") : m.name;
  ctx.reply(ctx.t("team.remove.done", {{"name", name}, {"commune", c->full_name()}}));
  // The member learns it too, from the bot they joined through.
  ctx.send(Outgoing{m.chat, ctx.strings().format("team.remove.member", "vi", {{"commune", c->full_name()}}), {},
                    std::nullopt});
}

// /roito: the member leaves the team they joined by code (in their private chat).
void leave_command(Context& ctx) {
  if (ctx.in_group()) {
    ctx.reply(ctx.t("team.leave.private_only"));
    return;
  }
  auto& store = PrivateTeamStore::of(ctx.store());
  const auto link = store.commune_of(ctx.in().chat);
  if (!link || !store.remove(*link, ctx.in().chat)) {
    ctx.reply(ctx.t("team.leave.not_member"));
    return;
  }
  ctx.reply(ctx.t("team.leave.done", {{"commune", commune_name(ctx.content().get<Places>(), *link)}}));
}

// /ten <họ và tên>: the name the team and officers see, for platforms that give none.
// Where the platform gives a name, it wins on every message, so we say where to change it.
void name_command(Context& ctx) {
  if (!ctx.in().sender_name.empty()) {
    ctx.reply(ctx.t("team.name.from_platform",
                    {{"name", ctx.in().sender_name}, {"platform", channel_label(ctx.in().chat.channel)}}));
    return;
  }
  const std::string name = trim(ctx.command()->args);
  const bool has_digit = name.find_first_of("0123456789") != std::string::npos;  // a phone number is not a name
  if (name.empty() || name.size() > 60 || has_digit || name.find('\n') != std::string::npos) {
    ctx.reply(ctx.t("team.name.usage"));
    return;
  }
  ctx.store().touch_user(ctx.in().chat.channel, ctx.in().sender_id, name, ctx.now());
  ctx.reply(ctx.t("team.name.done", {{"name", name}}));
}

}  // namespace

void register_private_team(Dispatcher& d) {
  d.on_command("mato", issue_command);
  d.on_command("vaoto", join_command);
  d.on_command("thanhvien", list_command);
  d.on_command("xoathanhvien", remove_command);
  d.on_command("roito", leave_command);
  d.on_command("ten", name_command);
  flows::add_help("help.team.member", flows::Audience::member, flows::Where::private_chat);
  flows::add_help("help.team.officer", flows::Audience::officer, flows::Where::private_chat);
  d.on_text_claim(code_claim);
}

std::vector<std::string> private_team_string_keys() {
  return {"team.place_choose", "team.not_officer",     "team.code.usage",      "team.code.issued",     "team.join.private_only",
          "team.join.bad_code",   "team.join.done",       "team.join.moved",      "team.join.zalo_window",
          "team.join.usage",      "team.members.usage",   "team.members.empty",   "team.members.head",
          "team.members.line",    "team.members.no_name", "team.members.remove_hint", "team.remove.usage",
          "team.remove.no_such",  "team.remove.done",     "team.remove.member",
          "team.join.ask_name",   "team.leave.private_only", "team.leave.not_member", "team.leave.done",
          "team.name.from_platform", "team.name.usage", "team.name.done", "help.team.member", "help.team.officer"};
}

}  // namespace hocvuso::groups
