// Which database the process runs on: the SQLite file `db` (the default), or the
// PostgreSQL server of `database_url` (issue 18) once every store can run there.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "bot/config/config.hpp"
#include "bot/store/store.hpp"

namespace hocvuso {

// The stores that have no PostgreSQL backend yet; the list shrinks to nothing as each
// gains its *_store_pg.cpp, and then database_url starts the service on PostgreSQL.
const std::vector<std::string>& stores_not_on_postgresql();

// Throws StoreError, naming the stores still missing, when database_url asks for
// PostgreSQL before every store is there: never half on one database. Called before
// anything touches either database (serve's lock file included).
void refuse_unready_backend(const Config& config);

// The store the config names; refuse_unready_backend first.
std::unique_ptr<Store> open_store(const Config& config);

}  // namespace hocvuso
