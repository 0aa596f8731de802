// The backend's answer for timed jobs across nodes and a stopping node's claims (cluster_jobs.hpp).
#include "bot/store/cluster_jobs.hpp"

#include "bot/store/pg_core_store.hpp"
#include "bot/store/pg_db.hpp"
#include "bot/store/pg_job_leases.hpp"
#include "bot/store/pg_lock_spaces.hpp"
#include "bot/store/store.hpp"

namespace hocvuso {

bool take_cluster_turn(Store& store, std::string_view job) {
  if (!store.on_postgresql()) return true;
  pg::Db& db = store.pg();
  if (!db.in_transaction()) throw StoreError("take_cluster_turn needs a transaction (the turn lasts as long)");
  // Transaction-scoped: released by COMMIT or ROLLBACK, and by the server when a node's
  // connection dies, so a dead node never keeps the jobs from the others.
  auto q = db.query("SELECT pg_try_advisory_xact_lock($1::integer, hashtext($2::text))::integer");
  q.bind_all(pg::kJobLockSpace, job);
  return q.step() && q.integer(0) == 1;
}

bool hold_cluster_lease(Store& store, std::string_view job, TimePoint due, std::chrono::milliseconds ttl,
                        TimePoint now) {
  if (!store.on_postgresql()) return true;
  return pg::try_lease(store.pg(), job, store.pg_core().node(), due, ttl, now);
}

void release_cluster_lease(Store& store, std::string_view job) {
  if (!store.on_postgresql()) return;
  pg::release_lease(store.pg(), job, store.pg_core().node());
}

void give_up_outbox_leases(Store& store) {
  if (!store.on_postgresql()) return;
  store.pg_core().give_up_leases();
}

void renew_outbox_claims(Store& store, const std::vector<std::int64_t>& ids, TimePoint now) {
  if (!store.on_postgresql()) return;
  store.pg_core().renew_claims(ids, now);
}

}  // namespace hocvuso
