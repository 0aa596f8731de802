// PlaceSetAside on PostgreSQL (table place_set_aside: place_set_aside_schema_pg.cpp). The
// same results as place_set_aside_sqlite.cpp; tests/bot/store/place_set_aside_pg_test.cpp
// runs the same bodies against both.
#include <memory>

#include "bot/store/pg_db.hpp"
#include "bot/store/place_set_aside.hpp"

namespace hocvuso {

namespace {

class PgPlaceSetAside final : public PlaceSetAside {
 public:
  explicit PgPlaceSetAside(pg::Db& db) : db_(db) {}

  std::vector<SetAside> list() override {
    auto q = db_.query("SELECT kind, ref, province, commune, action FROM place_set_aside "
                       "ORDER BY kind COLLATE \"C\", id");
    std::vector<SetAside> out;
    while (q.step()) out.push_back({q.text(0), q.text(1), q.text(2), q.text(3), q.text(4)});
    return out;
  }

  std::vector<SetAsideCount> take_unlogged() override {
    // Marked and counted in one statement: nodes starting together each warn about a
    // row once between them, not once per node (the second UPDATE waits for the first's
    // row locks, then finds the rows logged).
    auto q = db_.query("WITH taken AS (UPDATE place_set_aside SET logged = 1 WHERE logged = 0 "
                       "RETURNING kind, action, province, commune) "
                       "SELECT kind, action, province, commune, count(*) FROM taken "
                       "GROUP BY kind, action, province, commune "
                       "ORDER BY kind COLLATE \"C\", action COLLATE \"C\", province COLLATE \"C\", "
                       "commune COLLATE \"C\"");
    std::vector<SetAsideCount> out;
    while (q.step()) out.push_back({q.text(0), q.text(1), q.text(2), q.text(3), q.integer(4)});
    return out;
  }

 private:
  pg::Db& db_;
};

}  // namespace

std::shared_ptr<PlaceSetAside> make_pg_place_set_aside(pg::Db& db) { return std::make_shared<PgPlaceSetAside>(db); }

}  // namespace hocvuso
