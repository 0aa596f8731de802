// What a signed-in person may see, from their role grants (flows/roles), checked on
// the server for every page and API answer: an admin everything; a province officer
// their province; a commune officer their commune; a team leader their commune,
// read-only. Anything else is 403.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "flows/places/places.hpp"
#include "flows/roles/roles.hpp"

namespace hocvuso::dashboard {

struct Access {
  std::vector<roles::Grant> grants;

  bool sees_commune(std::string_view province, std::string_view commune) const;
  // The whole province (an officer of it, or an admin).
  bool sees_province(std::string_view province) const;
  // At least one commune of the province.
  bool sees_any_in(const places::Province& province) const;
  // An officer or admin somewhere (not only a team leader): may read the FAQ misses.
  bool is_officer() const;
  // May change things there (targets, warnings): an officer or admin over it.
  bool may_edit(std::string_view province, std::string_view commune) const;
  // The province a bare /dashboard/ opens: the first one a grant names, else the first loaded.
  const places::Province* home_province(const places::Places& places) const;
};

}  // namespace hocvuso::dashboard
