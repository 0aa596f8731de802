// What the places migration (7, bot/store/migration_places.cpp) could not map to one
// xã/phường: table place_set_aside. The migration spans features, so its table is the
// store's, and so are these reads. An interface, so that the callers (`hocvuso users
// list`, the start-up warning in bot/app) never see the database; the SQLite backend
// is place_set_aside_sqlite.cpp.
#pragma once

#include <memory>
#include <string>
#include <vector>

namespace hocvuso {

class Store;
namespace pg {
class Db;
}

struct SetAside {
  std::string kind;  // role, officer, token, subscription, group, reports, targets, tickets, broadcast
  std::string ref;   // "telegram:42 officer", "token 3", "zalo:abc", "12 rows"
  std::string province, commune;  // as stored before the migration
  std::string action;             // removed, revoked, unsubscribed, unlinked, kept
};

// Rows of one kind, action and place, counted (no refs: they may be citizens' chat ids).
struct SetAsideCount {
  std::string kind, action, province, commune;
  int count = 0;
};

class PlaceSetAside {
 public:
  // The store's PlaceSetAside, made on first use (Store::repository).
  static PlaceSetAside& of(Store& store);
  virtual ~PlaceSetAside() = default;

  // Every row, by kind, then in the order the migration set them aside.
  virtual std::vector<SetAside> list() = 0;
  // The rows not reported yet, counted per kind, action and place; they are marked
  // reported, so the next call returns only rows set aside since.
  virtual std::vector<SetAsideCount> take_unlogged() = 0;
};

// PlaceSetAside on PostgreSQL (place_set_aside_pg.cpp), for the PostgreSQL Store to make
// (issue 18; not chosen by `of` yet).
std::shared_ptr<PlaceSetAside> make_pg_place_set_aside(pg::Db& db);

}  // namespace hocvuso
