// Which database the process runs on: the SQLite file `db` (the default), or the
// PostgreSQL database of `database_url` (issue 18).
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "bot/config/config.hpp"
#include "bot/store/store.hpp"

namespace hocvuso {

// The store the config names (PostgreSQL when database_url is set, named after this
// host and pid among the nodes). Every store, core and features, runs on either.
std::unique_ptr<Store> open_store(const Config& config);

// The stores of the service's store threads (worker.hpp): the one SQLite store, or
// `store_threads` PostgreSQL connections, all named as this one node.
std::vector<std::unique_ptr<Store>> open_stores(const Config& config);

}  // namespace hocvuso
