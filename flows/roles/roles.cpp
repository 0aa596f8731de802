// Role grants in SQLite (table role_grants, migration 4).
#include "flows/roles/roles.hpp"

#include <SQLiteCpp/SQLiteCpp.h>

#include "bot/store/store.hpp"

namespace hocvuso::roles {

std::string_view to_string(Role r) {
  switch (r) {
    case Role::leader: return "leader";
    case Role::officer: return "officer";
    case Role::admin: return "admin";
  }
  return "leader";
}

std::optional<Role> role_from_string(std::string_view s) {
  for (Role r : {Role::leader, Role::officer, Role::admin}) {
    if (to_string(r) == s) return r;
  }
  return std::nullopt;
}

bool Scope::covers(const Scope& place) const {
  if (province.empty()) return true;
  if (province != place.province) return false;
  return commune.empty() || commune == place.commune;
}

void RoleStore::grant(const Grant& g, TimePoint now) {
  SQLite::Statement q(store_.database(),
                      "INSERT OR IGNORE INTO role_grants (channel, user_id, role, province, commune, granted_at) "
                      "VALUES (?, ?, ?, ?, ?, ?)");
  q.bind(1, std::string(hocvuso::to_string(g.channel)));
  q.bind(2, g.user_id);
  q.bind(3, std::string(to_string(g.role)));
  q.bind(4, g.scope.province);
  q.bind(5, g.scope.commune);
  q.bind(6, static_cast<std::int64_t>(std::chrono::duration_cast<std::chrono::milliseconds>(now.time_since_epoch()).count()));
  q.exec();
}

bool RoleStore::revoke(const Grant& g) {
  SQLite::Statement q(store_.database(),
                      "DELETE FROM role_grants WHERE channel = ? AND user_id = ? AND role = ? AND province = ? "
                      "AND commune = ?");
  q.bind(1, std::string(hocvuso::to_string(g.channel)));
  q.bind(2, g.user_id);
  q.bind(3, std::string(to_string(g.role)));
  q.bind(4, g.scope.province);
  q.bind(5, g.scope.commune);
  return q.exec() > 0;
}

std::vector<Grant> RoleStore::list() {
  SQLite::Statement q(store_.database(),
                      "SELECT channel, user_id, role, province, commune FROM role_grants "
                      "ORDER BY role DESC, province, commune, channel, user_id");
  std::vector<Grant> out;
  while (q.executeStep()) {
    auto channel = channel_from_string(q.getColumn(0).getString());
    auto role = role_from_string(q.getColumn(2).getString());
    if (!channel || !role) continue;
    out.push_back(Grant{*channel, q.getColumn(1).getString(), *role,
                        Scope{q.getColumn(3).getString(), q.getColumn(4).getString()}});
  }
  return out;
}

bool RoleStore::has_role(Channel channel, std::string_view user_id, Role at_least, const Scope& place) {
  SQLite::Statement q(store_.database(),
                      "SELECT role, province, commune FROM role_grants WHERE channel = ? AND user_id = ?");
  q.bind(1, std::string(hocvuso::to_string(channel)));
  q.bind(2, std::string(user_id));
  while (q.executeStep()) {
    auto role = role_from_string(q.getColumn(0).getString());
    if (!role || static_cast<int>(*role) < static_cast<int>(at_least)) continue;
    if (Scope{q.getColumn(1).getString(), q.getColumn(2).getString()}.covers(place)) return true;
  }
  return false;
}

}  // namespace hocvuso::roles
