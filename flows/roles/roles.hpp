// Who may do what: admin (everywhere), officer (a province or one commune),
// leader (a commune's team). Everyone who writes in a commune's group is a member
// of it; that needs no grant. Stored grants, checked by rank and place: a higher
// role may do what a lower one may, within its scope.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "bot/core/message.hpp"

namespace hocvuso {
class Store;
}
namespace hocvuso::pg {
class Db;
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

// Stored grants. An interface, so that feature logic never sees which database
// holds them; the SQLite backend is role_store_sqlite.cpp.
class RoleStore {
 public:
  // The store's RoleStore, made on first use (Store::repository).
  static RoleStore& of(Store& store);
  virtual ~RoleStore() = default;

  virtual void grant(const Grant& g, TimePoint now) = 0;
  // Returns false when there was no such grant.
  virtual bool revoke(const Grant& g) = 0;
  virtual std::vector<Grant> list() = 0;
  // Whether the user holds `at_least` (or a higher role) for this place.
  virtual bool has_role(Channel channel, std::string_view user_id, Role at_least, const Scope& place) = 0;
};

// RoleStore on PostgreSQL (role_store_pg.cpp), for the PostgreSQL Store to make (issue 18;
// not chosen by `of` yet).
std::shared_ptr<RoleStore> make_pg_role_store(pg::Db& db);

}  // namespace hocvuso::roles
