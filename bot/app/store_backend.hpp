// Which database the process runs on: the SQLite file `db` (the default), or the
// PostgreSQL database of `database_url` (issue 18) once every store can run there.
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

// The store the config names (PostgreSQL when database_url is set, named after this
// host and pid among the nodes); refuse_unready_backend first.
std::unique_ptr<Store> open_store(const Config& config);

// Tests only: lets database_url open PostgreSQL while stores_not_on_postgresql() is not
// empty, so a test can run what is there (a conversation that never reaches the missing
// stores). Never set by the service or any command.
void allow_postgresql_gaps_for_tests(bool allow);

}  // namespace hocvuso
