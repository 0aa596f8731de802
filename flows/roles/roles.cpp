// Roles and scopes: names and the rule of who covers what.
#include "flows/roles/roles.hpp"

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

}  // namespace hocvuso::roles
