#include "bot/store/pg_job_leases.hpp"

namespace hocvuso::pg {

bool try_lease(Db& db, std::string_view name, std::string_view node, TimePoint due, std::chrono::milliseconds ttl,
               TimePoint now) {
  // One upsert: ON CONFLICT locks the (job, due time) row and tests the WHERE on its
  // newest version, so of nodes asking at the same moment exactly one inserts or takes
  // it. A row per due time: a run still going when the next due time comes keeps its
  // own lease (and is taken over if its node dies), whatever the next run does.
  return db.query("INSERT INTO job_leases (name, due, node, lease_until) VALUES ($1, $2, $3, $4) "
                  "ON CONFLICT (name, due) DO UPDATE SET node = excluded.node, lease_until = excluded.lease_until "
                  "WHERE job_leases.done_at IS NULL AND (job_leases.node = excluded.node OR job_leases.lease_until <= $5)")
             .bind_all(name, due, node, now + ttl, now)
             .exec() == 1;
}

bool finish_lease(Db& db, std::string_view name, std::string_view node, TimePoint due, TimePoint now) {
  return db.query("UPDATE job_leases SET done_at = $4 WHERE name = $1 AND due = $2 AND node = $3 AND done_at IS NULL")
             .bind_all(name, due, node, now)
             .exec() == 1;
}

void release_lease(Db& db, std::string_view name, std::string_view node) {
  db.query("UPDATE job_leases SET lease_until = 0 WHERE name = $1 AND node = $2 AND done_at IS NULL")
      .bind_all(name, node)
      .exec();
}

int prune_finished_leases(Db& db, TimePoint before) {
  return db.query("DELETE FROM job_leases WHERE done_at IS NOT NULL AND due < $1").bind(1, before).exec();
}

}  // namespace hocvuso::pg
