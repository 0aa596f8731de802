// Reading and logging place_set_aside (migration 7).
#include "bot/app/place_set_aside.hpp"

#include <SQLiteCpp/SQLiteCpp.h>

#include <map>

#include <spdlog/spdlog.h>
#include "bot/store/store.hpp"

namespace hocvuso {

std::vector<SetAside> place_set_aside(Store& store) {
  SQLite::Statement q(store.database(),
                      "SELECT kind, ref, province, commune, action FROM place_set_aside ORDER BY kind, id");
  std::vector<SetAside> out;
  while (q.executeStep()) {
    out.push_back({q.getColumn(0).getString(), q.getColumn(1).getString(), q.getColumn(2).getString(),
                   q.getColumn(3).getString(), q.getColumn(4).getString()});
  }
  return out;
}

void log_place_set_aside(Store& store) {
  SQLite::Statement q(store.database(),
                      "SELECT kind, action, province, commune, count(*) FROM place_set_aside WHERE logged = 0 "
                      "GROUP BY kind, action, province, commune ORDER BY kind");
  int rows = 0;
  while (q.executeStep()) {
    // Place names as they were stored and counts only: subscriptions' refs are citizens' chat ids.
    spdlog::warn("places: {} {} x{}: \"{}\" / \"{}\" is not one xã/phường of content/places (see hocvuso users list)",
              q.getColumn(0).getString(), q.getColumn(1).getString(), q.getColumn(4).getInt(),
              q.getColumn(2).getString(), q.getColumn(3).getString());
    ++rows;
  }
  if (rows > 0) store.database().exec("UPDATE place_set_aside SET logged = 1 WHERE logged = 0");
}

}  // namespace hocvuso
