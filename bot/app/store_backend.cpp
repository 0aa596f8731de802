#include "bot/app/store_backend.hpp"

namespace hocvuso {

const std::vector<std::string>& stores_not_on_postgresql() {
  // bot/store has pg::Db, the PostgreSQL migrations, the core tables' schema and the
  // core store's statements (pg::CoreStore, pg_core_store.hpp, with the outbox leases,
  // the per-chat inbox lock and the job leases), but the store worker and outbox
  // batches do not run on it yet, so `serve` cannot. These feature stores have their
  // PostgreSQL file and schema part, tested against a real server beside SQLite, but
  // are not wired yet (their `of()` still makes the SQLite one; the PostgreSQL Store
  // will call their make_pg_* factories): place_set_aside, learn, faq, roles, groups
  // (and the private team store), reports, tickets, dashboard (and its page store).
  // broadcast has neither yet: it queues, counts and cancels its rows through the core
  // store's OutboxBatches, which has no PostgreSQL side yet. A store leaves this list
  // when the PostgreSQL Store makes it, not when its file exists.
  static const std::vector<std::string> stores = {
      "core store (its statements are on PostgreSQL; the store worker, sent tags and outbox batches are not)",
      "place_set_aside",
      "learn",
      "faq",
      "roles",
      "groups",
      "reports",
      "broadcast",
      "tickets",
      "dashboard",
  };
  return stores;
}

void refuse_unready_backend(const Config& config) {
  if (config.database_url.empty() || stores_not_on_postgresql().empty()) return;
  std::string list;
  for (const auto& s : stores_not_on_postgresql()) list += (list.empty() ? "" : ", ") + s;
  throw StoreError("database_url selects PostgreSQL, but these stores are not on PostgreSQL yet: " + list +
                   ". hocvuso never runs half on one database and half on another: leave database_url "
                   "(HOCVUSO_DATABASE_URL) empty to run on SQLite (db = " + config.db.string() + ")");
}

std::unique_ptr<Store> open_store(const Config& config) {
  refuse_unready_backend(config);
  return std::make_unique<Store>(config.db);
}

}  // namespace hocvuso
