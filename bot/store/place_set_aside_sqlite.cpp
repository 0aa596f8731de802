// PlaceSetAside on SQLite (table place_set_aside: bot/store/migration_places.cpp).
#include <memory>

#include "bot/store/place_set_aside.hpp"
#include "bot/store/sqlite_db.hpp"
#include "bot/store/store.hpp"

namespace hocvuso {

namespace {

class SqlitePlaceSetAside final : public PlaceSetAside {
 public:
  explicit SqlitePlaceSetAside(sqlite::Db& db) : db_(db) {}

  std::vector<SetAside> list() override {
    auto q = db_.query("SELECT kind, ref, province, commune, action FROM place_set_aside ORDER BY kind, id");
    std::vector<SetAside> out;
    while (q.step()) out.push_back({q.text(0), q.text(1), q.text(2), q.text(3), q.text(4)});
    return out;
  }

  std::vector<SetAsideCount> take_unlogged() override {
    std::vector<SetAsideCount> out;
    {
      auto q = db_.query("SELECT kind, action, province, commune, count(*) FROM place_set_aside WHERE logged = 0 "
                         "GROUP BY kind, action, province, commune ORDER BY kind");
      while (q.step()) out.push_back({q.text(0), q.text(1), q.text(2), q.text(3), q.integer(4)});
    }
    if (!out.empty()) db_.query("UPDATE place_set_aside SET logged = 1 WHERE logged = 0").exec();
    return out;
  }

 private:
  sqlite::Db& db_;
};

}  // namespace

// The backend the Store was opened on (issue 18): make_pg_place_set_aside on PostgreSQL.
PlaceSetAside& PlaceSetAside::of(Store& store) {
  return store.repository<PlaceSetAside>([](Store& s) -> std::shared_ptr<PlaceSetAside> {
    if (s.on_postgresql()) return make_pg_place_set_aside(s.pg());
    return std::make_shared<SqlitePlaceSetAside>(s.sqlite());
  });
}

}  // namespace hocvuso
