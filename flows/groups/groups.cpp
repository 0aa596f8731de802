// Group events, the per-message observer, /lienket and /hoatdong.
#include "flows/groups/groups.hpp"

#include "bot/core/local_time.hpp"
#include "bot/store/store.hpp"
#include "flows/groups/private_team.hpp"
#include "flows/groups/title.hpp"
#include "flows/reports/period.hpp"
#include "flows/roles/roles.hpp"

namespace hocvuso::groups {

namespace {

constexpr std::string_view kLocale = "vi";  // group posts are in Vietnamese

std::string suggestions(const std::vector<const Commune*>& communes, const Places& places) {
  std::string out;
  for (const auto* c : communes) {
    if (!out.empty()) out += ", ";
    out += c->full_name() + " (" + province_name(places, c->province) + ")";
  }
  return out;
}

// Links the group and says so; an existing different link is replaced openly.
std::string link_and_announce(Store& store, const Places& places, const Strings& strings, const ChatRef& chat,
                              const Commune& commune, std::string_view actor, TimePoint now) {
  GroupStore groups(store);
  const GroupLink link{commune.province, commune.id};
  const auto before = groups.link(chat);
  groups.set_link(chat, link, actor, now);
  const std::string province = province_name(places, commune.province);
  if (before && !(*before == link)) {
    const std::string old_name = commune_name(places, *before);
    return strings.format("groups.relinked", kLocale,
                          {{"old", old_name}, {"new", commune.full_name()}, {"province", province}});
  }
  return strings.format("groups.linked", kLocale, {{"commune", commune.full_name()}, {"province", province}});
}

void on_chat_event(const ChatEvent& e, TickContext& ctx) {
  if (e.chat_type != ChatType::group || e.title.empty()) return;
  if (e.kind != ChatEventKind::bot_added && e.kind != ChatEventKind::title_changed) return;
  const auto* places = ctx.content().find<Places>();
  if (places == nullptr) return;
  if (auto text = read_title(ctx.store(), *places, ctx.content().strings, e.chat, e.title, e.actor_id, ctx.now())) {
    ctx.send(Outgoing{e.chat, *text, {}, std::nullopt});
  }
}

// Every group message: counted, and a title not read yet is read (Zalo may send no
// join or rename event, so the first message is where we learn the group).
void observe(Context& ctx) {
  const Incoming& in = ctx.in();
  if (!in.sender_id.empty()) {
    GroupStore(ctx.store()).count_message(in.chat, in.sender_id, reports::day_number(local_date(ctx.now())));
  }
  const auto* places = ctx.content().find<Places>();
  if (places == nullptr || in.chat_title.empty()) return;
  if (auto text = read_title(ctx.store(), *places, ctx.strings(), in.chat, in.chat_title, in.sender_id, ctx.now())) {
    ctx.reply(*text);
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
  auto found = places.find(name);
  if (found.size() != 1) {
    auto near = found.empty() ? places.closest(name, 3) : found;
    ctx.reply(ctx.t(found.empty() ? "groups.unknown" : "groups.ambiguous",
                    {{"name", name}, {"suggestions", suggestions(near, places)}}));
    return;
  }
  const Commune& c = *found.front();
  roles::RoleStore roles(ctx.store());
  if (!roles.has_role(ctx.in().chat.channel, ctx.in().sender_id, roles::Role::leader, {c.province, c.id})) {
    ctx.reply(ctx.t("groups.link.not_allowed"));
    return;
  }
  ctx.reply(link_and_announce(ctx.store(), places, ctx.strings(), ctx.in().chat, c, ctx.in().sender_id, ctx.now()));
}

void activity_command(Context& ctx, const std::vector<ActivitySection>& sections) {
  if (!ctx.in_group()) {
    ctx.reply(ctx.t("groups.group_only"));
    return;
  }
  GroupStore groups(ctx.store());
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

std::string province_name(const Places& places, std::string_view province) {
  const auto* p = places.province(province);
  return p == nullptr ? std::string(province) : p->name;
}

std::string commune_name(const Places& places, const GroupLink& link) {
  const auto* c = places.commune(link.province, link.commune);
  return c == nullptr ? link.commune : c->full_name();
}

std::optional<std::string> read_title(Store& store, const Places& places, const Strings& strings,
                                      const ChatRef& chat, std::string_view title, std::string_view actor,
                                      TimePoint now) {
  GroupStore groups(store);
  if (groups.title_seen(chat, title)) return std::nullopt;
  groups.remember_title(chat, title);
  const TitleMatch m = match_title(title, places);
  // Not a team group, or "Tổ CNSCĐ" without a commune: nothing to link or ask.
  if (!m.team_title || m.name.empty()) return std::nullopt;
  if (m.communes.size() == 1) {
    const Commune& c = *m.communes.front();
    if (groups.link(chat) == GroupLink{c.province, c.id}) return std::nullopt;
    return link_and_announce(store, places, strings, chat, c, actor, now);
  }
  const auto near = m.communes.empty() ? places.closest(m.name, 3) : m.communes;
  return strings.format(m.communes.empty() ? "groups.unknown" : "groups.ambiguous", kLocale,
                        {{"name", m.name}, {"suggestions", suggestions(near, places)}});
}

void register_groups(Dispatcher& d, std::vector<ActivitySection> sections) {
  d.on_event(on_chat_event);
  d.on_group_message(observe);
  d.on_command("lienket", link_command);
  d.on_command("hoatdong", [sections = std::move(sections)](Context& ctx) { activity_command(ctx, sections); });
  register_private_team(d);  // teams whose group has no bot: members in private chats
}

std::vector<std::string> groups_string_keys() {
  std::vector<std::string> keys = {"groups.linked",         "groups.relinked",          "groups.unknown",         "groups.ambiguous",
          "groups.link.usage",     "groups.link.not_allowed",  "groups.group_only",      "groups.not_linked",
          "groups.activity.head",  "groups.activity.line",     "groups.activity.empty"};
  for (auto& k : private_team_string_keys()) keys.push_back(std::move(k));
  return keys;
}

}  // namespace hocvuso::groups
