// Officers for broadcasting, from the roles granted with `hocvuso users grant`.
#include "bot/content/content.hpp"
#include "bot/text/fold.hpp"
#include "flows/broadcast/directory.hpp"
#include "flows/groups/places.hpp"
#include "flows/roles/roles.hpp"

namespace hocvuso::broadcast {

namespace {

// Roles name places by id ("son-la", "thuan-chau"); broadcasts by folded name
// ("son la", "thuan chau"), as citizens type them when they subscribe.
Scope broadcast_scope(const roles::Grant& g, const groups::Places* places) {
  Scope s;
  s.role = g.role == roles::Role::admin ? Role::admin : Role::officer;
  if (g.scope.province.empty()) return s;
  const auto* province = places != nullptr ? places->province(g.scope.province) : nullptr;
  s.province = text::fold(province != nullptr ? province->name : g.scope.province);
  if (!g.scope.commune.empty()) {
    const auto* commune = places != nullptr ? places->commune(g.scope.province, g.scope.commune) : nullptr;
    s.commune = commune != nullptr ? commune->key : text::fold(g.scope.commune);
  }
  return s;
}

}  // namespace

std::optional<Scope> RolesDirectory::officer(Channel channel, std::string_view user_id) {
  std::optional<roles::Grant> best;
  for (const auto& g : roles::RoleStore(store_).list()) {
    if (g.channel != channel || g.user_id != user_id || g.role < roles::Role::officer) continue;
    if (!best || g.role > best->role) best = g;
  }
  if (best) return broadcast_scope(*best, content_.find<groups::Places>());
  return StoreDirectory(store_).officer(channel, user_id);
}

}  // namespace hocvuso::broadcast
