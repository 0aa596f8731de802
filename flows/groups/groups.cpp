// Group events, the per-message observer, /lienket and /hoatdong.
#include "flows/groups/groups.hpp"

#include "bot/core/local_time.hpp"
#include "bot/store/store.hpp"
#include "flows/groups/private_team.hpp"
#include "flows/groups/title.hpp"
#include "flows/places/explain.hpp"
#include "flows/reports/period.hpp"
#include "flows/roles/roles.hpp"

namespace hocvuso::groups {

namespace {

constexpr std::string_view kLocale = "vi";  // group posts are in Vietnamese

constexpr std::string_view kLinkPayload = "groups:link:";  // + the unit's code

// One button per choice; pressing it links (checked again on press).
ButtonRows choice_buttons(const Places& places, const places::Resolution& r) {
  ButtonRows rows;
  if (r.kind != places::Resolution::Kind::ask) return rows;
  for (const auto& c : r.candidates) rows.push_back({Button{places::choice_label(places, c), std::string(kLinkPayload) + c.unit->code}});
  return rows;
}

// Links the group and says so; an existing different link is replaced openly.
std::string link_and_announce(Store& store, const Places& places, const Strings& strings, const ChatRef& chat,
                              const Commune& commune, std::string_view actor, TimePoint now) {
  auto& groups = GroupStore::of(store);
  const GroupLink link{commune.province, commune.code};
  const auto before = groups.link(chat);
  groups.set_link(chat, link, actor, now);
  const std::string province = places.province_name(commune.province);
  if (before && !(*before == link)) {
    // The old unit with its province only when it lay in another one.
    const Commune* old = places.commune(before->province, before->commune);
    const std::string old_name = old != nullptr && old->province == commune.province ? old->full_name()
                                                                                       : commune_name(places, *before);
    return strings.format("groups.relinked", kLocale,
                          {{"old", old_name}, {"new", commune.full_name()}, {"province", province}});
  }
  return strings.format("groups.linked", kLocale, {{"commune", commune.full_name()}, {"province", province}});
}

// "Lưu ý: Chiềng An là phường, không phải xã." after the link message, when needed.
std::string with_note(std::string text, const Strings& strings, const places::Resolution& r) {
  const std::string note = places::kind_note(strings, kLocale, r);
  return note.empty() ? text : text + "\n" + note;
}

void on_chat_event(const ChatEvent& e, JobContext& ctx) {
  if (e.chat_type != ChatType::group || e.title.empty()) return;
  if (e.kind != ChatEventKind::bot_added && e.kind != ChatEventKind::title_changed) return;
  const auto* places = ctx.content().find<Places>();
  if (places == nullptr) return;
  if (auto r = read_title(ctx.store(), *places, ctx.content().strings, e.chat, e.title, e.actor_id, ctx.now())) {
    ctx.send(Outgoing{e.chat, r->text, r->buttons, std::nullopt});
  }
}

// Every group message: counted, and a title not read yet is read (Zalo may send no
// join or rename event, so the first message is where we learn the group).
void observe(Context& ctx) {
  const Incoming& in = ctx.in();
  if (!in.sender_id.empty()) {
    GroupStore::of(ctx.store()).count_message(in.chat, in.sender_id, reports::day_number(local_date(ctx.now())));
  }
  const auto* places = ctx.content().find<Places>();
  if (places == nullptr || in.chat_title.empty()) return;
  if (auto r = read_title(ctx.store(), *places, ctx.strings(), in.chat, in.chat_title, in.sender_id, ctx.now())) {
    ctx.reply(r->text, r->buttons);
  }
}

void link_command(Context& ctx) {
  if (!ctx.in_group()) {
    ctx.reply(ctx.t("groups.group_only"));
    return;
  }
  const auto& places = ctx.content().get<Places>();
  const std::string name = ctx.command()->args;
  if (commune_key(name).empty()) {
    ctx.reply(ctx.t("groups.link.usage"));
    return;
  }
  const auto r = places::resolve(places, name);
  if (r.kind != places::Resolution::Kind::one) {
    const std::string question = places::ask_text(places, ctx.strings(), kLocale, r);
    ctx.reply(ctx.t(r.kind == places::Resolution::Kind::none ? "groups.unknown" : "groups.ambiguous",
                    {{"question", question}}),
              choice_buttons(places, r));
    return;
  }
  const Commune& c = *r.unit();
  auto& roles = roles::RoleStore::of(ctx.store());
  if (!roles.has_role(ctx.in().chat.channel, ctx.in().sender_id, roles::Role::leader, {c.province, c.code})) {
    ctx.reply(ctx.t("groups.link.not_allowed"));
    return;
  }
  ctx.reply(with_note(link_and_announce(ctx.store(), places, ctx.strings(), ctx.in().chat, c, ctx.in().sender_id,
                                        ctx.now()),
                      ctx.strings(), r));
}

// A choice pressed: a leader (officer, admin) of that unit may link to any of the
// choices; anyone in the group may confirm a choice its current title offers (the
// title already links anyone's group when it names one unit exactly).
void link_button(Context& ctx) {
  if (!ctx.in_group()) {
    ctx.reply(ctx.t("groups.group_only"));
    return;
  }
  const auto& places = ctx.content().get<Places>();
  const Commune* c = places.unit(std::string_view(ctx.in().button_payload).substr(kLinkPayload.size()));
  if (c == nullptr) {  // an old button after a content change
    ctx.reply(ctx.t("groups.link.usage"));
    return;
  }
  auto& groups = GroupStore::of(ctx.store());
  bool allowed = roles::RoleStore::of(ctx.store())
                     .has_role(ctx.in().chat.channel, ctx.in().sender_id, roles::Role::leader, {c->province, c->code});
  if (const auto title = groups.title(ctx.in().chat); !allowed && title) {
    const auto m = match_title(*title, places);
    for (const auto* offered : m.resolution.units()) allowed = allowed || offered == c;
  }
  if (!allowed) {
    ctx.reply(ctx.t("groups.link.not_allowed"));
    return;
  }
  if (groups.link(ctx.in().chat) == GroupLink{c->province, c->code}) return;
  ctx.reply(link_and_announce(ctx.store(), places, ctx.strings(), ctx.in().chat, *c, ctx.in().sender_id, ctx.now()));
}

void activity_command(Context& ctx, const std::vector<ActivitySection>& sections) {
  if (!ctx.in_group()) {
    ctx.reply(ctx.t("groups.group_only"));
    return;
  }
  auto& groups = GroupStore::of(ctx.store());
  const auto link = groups.link(ctx.in().chat);
  if (!link) {
    ctx.reply(ctx.t("groups.not_linked"));
    return;
  }
  const auto& places = ctx.content().get<Places>();
  const auto period = reports::Period::containing(reports::PeriodKind::quarter, local_date(ctx.now()));
  const auto members = groups.activity(ctx.in().chat, reports::day_number(period.first_day()),
                                       reports::day_number(period.last_day()));
  const std::string label = period.label_vi();
  std::string extra;
  for (const auto& section : sections) {
    extra += "\n\n";
    extra += section(ctx, *link, local_time_point(period.first_day()), local_day_end(period.last_day()));
  }
  if (members.empty()) {
    ctx.reply(ctx.t("groups.activity.empty", {{"period", label}}) + extra);
    return;
  }
  int messages = 0, reports_sent = 0;
  for (const auto& m : members) {
    messages += m.messages;
    reports_sent += m.reports;
  }
  std::string text = ctx.t("groups.activity.head", {{"period", label},
                                                    {"commune", commune_name(places, *link)},
                                                    {"members", std::to_string(members.size())},
                                                    {"messages", std::to_string(messages)},
                                                    {"reports", std::to_string(reports_sent)}});
  // Names only (never ids), the ten most active: a list that fits a phone screen.
  for (std::size_t i = 0; i < members.size() && i < 10; ++i) {
    const auto& m = members[i];
    text += '\n';  // appended apart: GCC 12 -O2 warns falsely (-Wrestrict) on "\n" + string
    text += ctx.t("groups.activity.line", {{"name", m.name},
                                           {"messages", std::to_string(m.messages)},
                                           {"days", std::to_string(m.active_days)},
                                           {"reports", std::to_string(m.reports)}});
  }
  ctx.reply(text + extra);
}

}  // namespace

std::string province_name(const Places& places, std::string_view province) { return places.province_name(province); }

std::string commune_name(const Places& places, const GroupLink& link) { return places.label_of(link.province, link.commune); }

std::optional<TitleReply> read_title(Store& store, const Places& places, const Strings& strings, const ChatRef& chat,
                                     std::string_view title, std::string_view actor, TimePoint now) {
  auto& groups = GroupStore::of(store);
  if (groups.title_seen(chat, title)) return std::nullopt;
  groups.remember_title(chat, title);
  const TitleMatch m = match_title(title, places);
  // Not a team group, or "Tổ CNSCĐ" without a commune: nothing to link or ask.
  if (!m.team_title || m.name.empty()) return std::nullopt;
  const auto& r = m.resolution;
  if (r.kind == places::Resolution::Kind::one) {
    const Commune& c = *r.unit();
    if (groups.link(chat) == GroupLink{c.province, c.code}) return std::nullopt;
    return TitleReply{with_note(link_and_announce(store, places, strings, chat, c, actor, now), strings, r), {}};
  }
  const std::string question = places::ask_text(places, strings, kLocale, r);
  return TitleReply{strings.format(r.kind == places::Resolution::Kind::none ? "groups.unknown" : "groups.ambiguous",
                                   kLocale, {{"question", question}}),
                    choice_buttons(places, r)};
}

void register_groups(Dispatcher& d, std::vector<ActivitySection> sections) {
  d.on_event(on_chat_event);
  d.on_group_message(observe);
  d.on_command("lienket", link_command);
  d.on_payload(std::string(kLinkPayload), link_button);
  d.on_command("hoatdong", [sections = std::move(sections)](Context& ctx) { activity_command(ctx, sections); });
  register_private_team(d);  // teams whose group has no bot: members in private chats
}

std::vector<std::string> groups_string_keys() {
  std::vector<std::string> keys = places::places_string_keys();  // every feature that resolves places shows them
  for (std::string k : {"groups.linked",         "groups.relinked",          "groups.unknown",         "groups.ambiguous",
          "groups.link.usage",     "groups.link.not_allowed",  "groups.group_only",      "groups.not_linked",
          "groups.activity.head",  "groups.activity.line",     "groups.activity.empty"}) {
    keys.push_back(std::move(k));
  }
  for (auto& k : private_team_string_keys()) keys.push_back(std::move(k));
  return keys;
}

}  // namespace hocvuso::groups
