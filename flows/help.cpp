// The /help registry and the asker's role.
#include "flows/help.hpp"

#include <algorithm>
#include <mutex>

#include "flows/groups/group_store.hpp"
#include "flows/roles/roles.hpp"

namespace hocvuso::flows {

namespace {

struct Line {
  std::string key;
  Audience from;
  Where where;
};

// Filled while dispatchers are built (several in tests), read by /help.
std::mutex& lines_mutex() {
  static std::mutex m;
  return m;
}
std::vector<Line>& lines() {
  static std::vector<Line> l;
  return l;
}

Audience from_role(roles::Role r) {
  switch (r) {
    case roles::Role::leader: return Audience::leader;
    case roles::Role::officer: return Audience::officer;
    case roles::Role::admin: return Audience::admin;
  }
  return Audience::member;
}

}  // namespace

void add_help(std::string key, Audience from, Where where) {
  std::lock_guard lock(lines_mutex());
  auto& l = lines();
  if (std::any_of(l.begin(), l.end(), [&](const Line& x) { return x.key == key; })) return;
  l.push_back(Line{std::move(key), from, where});
}

std::vector<std::string> help_keys(Audience who, bool in_group) {
  std::lock_guard lock(lines_mutex());
  std::vector<std::string> out;
  for (const auto& l : lines()) {
    const bool here = l.where == Where::both || (in_group ? l.where == Where::group : l.where == Where::private_chat);
    if (here && static_cast<int>(who) >= static_cast<int>(l.from)) out.push_back(l.key);
  }
  return out;
}

Audience audience_of(Context& ctx) {
  const Channel channel = ctx.in().chat.channel;
  const std::string& user = ctx.in().sender_id;
  auto& groups_store = groups::GroupStore::of(ctx.store());
  std::optional<roles::Scope> place;
  if (ctx.in_group()) {
    if (auto link = groups_store.link(ctx.in().chat)) place = roles::Scope{link->province, link->commune};
  }
  Audience best = Audience::citizen;
  for (const auto& g : roles::RoleStore::of(ctx.store()).list()) {
    if (g.channel != channel || g.user_id != user) continue;
    if (ctx.in_group() && !(place && g.scope.covers(*place))) continue;
    best = std::max(best, from_role(g.role));
  }
  if (best != Audience::citizen) return best;
  if (ctx.in_group()) return place ? Audience::member : Audience::citizen;
  // A member who joined by code: their private chat is linked like a team group.
  if (groups_store.link(ctx.in().chat)) return Audience::member;
  return groups_store.latest_group_of(channel, user) ? Audience::member : Audience::citizen;
}

}  // namespace hocvuso::flows
