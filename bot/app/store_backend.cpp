#include "bot/app/store_backend.hpp"

#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <string>

#include "bot/store/pg_core_store.hpp"

namespace hocvuso {

namespace {

// This process's name among the nodes on one database: it marks the outbox rows, the
// rate slots and the job leases the node holds (pg_core_store.hpp). Host, pid and the
// store's number in the process: unique while the process lives (two services in one
// test process are two nodes), and a restarted node is a new one (its old leases run
// out, as a dead node's do).
std::string node_name() {
  static std::atomic<int> stores{0};
  char host[256] = {};
  if (::gethostname(host, sizeof host - 1) != 0 || host[0] == '\0') std::snprintf(host, sizeof host, "%s", "node");
  const int n = ++stores;
  return std::string(host) + ":" + std::to_string(::getpid()) + (n == 1 ? "" : "." + std::to_string(n));
}

// One connection of the node `node`, its outbox leases as long as the config says.
std::unique_ptr<Store> open_pg_store(const Config& config, const std::string& node) {
  auto store = std::make_unique<Store>(PostgresTarget{config.database_url, node});
  store->pg_core().set_lease(std::chrono::seconds(config.outbox_lease_seconds));
  return store;
}

}  // namespace

std::unique_ptr<Store> open_store(const Config& config) {
  if (!config.database_url.empty()) return open_pg_store(config, node_name());
  return std::make_unique<Store>(config.db);
}

std::vector<std::unique_ptr<Store>> open_stores(const Config& config) {
  std::vector<std::unique_ptr<Store>> stores;
  if (config.database_url.empty()) {
    stores.push_back(open_store(config));
    return stores;
  }
  // One name for all: the rows and leases one thread claims are the node's, and the
  // node's other threads mark and renew them.
  const std::string node = node_name();
  for (int i = 0; i < config.store_threads; ++i) stores.push_back(open_pg_store(config, node));
  return stores;
}

}  // namespace hocvuso
