#include "bot/app/store_backend.hpp"

#include <unistd.h>

#include <atomic>
#include <cstdio>
#include <string>

namespace hocvuso {

namespace {

std::atomic<bool> g_gaps_allowed{false};

// This process's name among the nodes on one database: it marks the outbox rows the
// node is sending (pg_core_store.hpp). Host and pid: unique while the process lives,
// and a restarted node is a new one (its old leases run out, as a dead node's do).
std::string node_name() {
  char host[256] = {};
  if (::gethostname(host, sizeof host - 1) != 0 || host[0] == '\0') std::snprintf(host, sizeof host, "%s", "node");
  return std::string(host) + ":" + std::to_string(::getpid());
}

}  // namespace

const std::vector<std::string>& stores_not_on_postgresql() {
  // The core store (pg::CoreStore behind Store, with sent tags and erased texts) and every
  // feature store whose of() makes its make_pg_* one are on PostgreSQL. broadcast is not:
  // it queues, counts and cancels its rows through the core store's OutboxBatches, which
  // has no PostgreSQL side yet, and has no PostgreSQL schema. A store leaves this list
  // when the PostgreSQL Store makes it, not when its file exists.
  static const std::vector<std::string> stores = {
      "broadcast (its store, its tables and the outbox's batches)",
  };
  return stores;
}

void allow_postgresql_gaps_for_tests(bool allow) { g_gaps_allowed.store(allow); }

void refuse_unready_backend(const Config& config) {
  if (config.database_url.empty() || stores_not_on_postgresql().empty() || g_gaps_allowed.load()) return;
  std::string list;
  for (const auto& s : stores_not_on_postgresql()) list += (list.empty() ? "" : ", ") + s;
  throw StoreError("database_url selects PostgreSQL, but these stores are not on PostgreSQL yet: " + list +
                   ". hocvuso never runs half on one database and half on another: leave database_url "
                   "(HOCVUSO_DATABASE_URL) empty to run on SQLite (db = " + config.db.string() + ")");
}

std::unique_ptr<Store> open_store(const Config& config) {
  refuse_unready_backend(config);
  if (!config.database_url.empty()) return std::make_unique<Store>(PostgresTarget{config.database_url, node_name()});
  return std::make_unique<Store>(config.db);
}

}  // namespace hocvuso
