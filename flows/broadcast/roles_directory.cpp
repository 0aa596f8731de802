// Officers for broadcasting, from the roles granted with `hocvuso users grant`.
#include "bot/content/content.hpp"
#include "flows/broadcast/directory.hpp"
#include "flows/roles/roles.hpp"

namespace hocvuso::broadcast {

namespace {

// Roles and broadcasts name places alike: province id and official code.
Scope broadcast_scope(const roles::Grant& g) {
  Scope s;
  s.role = g.role == roles::Role::admin ? Role::admin : Role::officer;
  s.province = g.scope.province;
  s.commune = g.scope.commune;
  return s;
}

}  // namespace

std::optional<Scope> RolesDirectory::officer(Channel channel, std::string_view user_id) {
  std::optional<roles::Grant> best;
  for (const auto& g : roles::RoleStore::of(store_).list()) {
    if (g.channel != channel || g.user_id != user_id || g.role < roles::Role::officer) continue;
    if (!best || g.role > best->role) best = g;
  }
  if (best) return broadcast_scope(*best);
  return StoreDirectory(store_).officer(channel, user_id);
}

}  // namespace hocvuso::broadcast
