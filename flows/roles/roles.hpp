// Who may do what: admin (everywhere), officer (a province or one commune),
// leader (a commune's team). Everyone who writes in a commune's group is a member
// of it; that needs no grant. Stored grants, checked by rank and place: a higher
// role may do what a lower one may, within its scope.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "bot/core/message.hpp"

namespace hocvuso {
class Store;
}

namespace hocvuso::roles {

enum class Role { leader = 1, officer = 2, admin = 3 };

std::string_view to_string(Role r);
std::optional<Role> role_from_string(std::string_view s);

// A place: empty province means everywhere, empty commune the whole province.
struct Scope {
  std::string province;  // places id, "son-la"
  std::string commune;   // commune id within the province, "thuan-chau"

  bool covers(const Scope& place) const;
  friend bool operator==(const Scope&, const Scope&) = default;
};

struct Grant {
  Channel channel = Channel::console;
  std::string user_id;
  Role role = Role::leader;
  Scope scope;

  friend bool operator==(const Grant&, const Grant&) = default;
};

class RoleStore {
 public:
  explicit RoleStore(Store& store) : store_(store) {}

  void grant(const Grant& g, TimePoint now);
  // Returns false when there was no such grant.
  bool revoke(const Grant& g);
  std::vector<Grant> list();
  // Whether the user holds `at_least` (or a higher role) for this place.
  bool has_role(Channel channel, std::string_view user_id, Role at_least, const Scope& place);

 private:
  Store& store_;
};

}  // namespace hocvuso::roles
