// Scope checks of the dashboard (access.hpp).
#include "flows/dashboard/access.hpp"

#include <algorithm>

namespace hocvuso::dashboard {

bool Access::sees_commune(std::string_view province, std::string_view commune) const {
  const roles::Scope place{std::string(province), std::string(commune)};
  for (const auto& g : grants) {
    // A leader leads one commune's team: a leader grant without a commune shows nothing.
    if (g.role == roles::Role::leader && g.scope.commune.empty()) continue;
    if (g.scope.covers(place)) return true;
  }
  return false;
}

bool Access::sees_province(std::string_view province) const {
  const roles::Scope place{std::string(province), ""};
  for (const auto& g : grants) {
    if (g.role >= roles::Role::officer && g.scope.commune.empty() && g.scope.covers(place)) return true;
  }
  return false;
}

bool Access::sees_any_in(const places::Province& province) const {
  if (sees_province(province.id)) return true;
  for (const auto& g : grants) {
    if (g.scope.province == province.id && !g.scope.commune.empty()) return true;
  }
  return false;
}

bool Access::is_officer() const {
  return std::any_of(grants.begin(), grants.end(), [](const roles::Grant& g) { return g.role >= roles::Role::officer; });
}

bool Access::may_edit(std::string_view province, std::string_view commune) const {
  const roles::Scope place{std::string(province), std::string(commune)};
  for (const auto& g : grants) {
    if (g.role >= roles::Role::officer && g.scope.covers(place)) return true;
  }
  return false;
}

const places::Province* Access::home_province(const places::Places& places) const {
  for (const auto& g : grants) {
    if (const auto* p = places.province(g.scope.province)) return p;
  }
  return places.provinces.empty() ? nullptr : &places.provinces.front();
}

}  // namespace hocvuso::dashboard
