// Timed jobs once per due time across the cluster (issue 18): deadline reminders, the
// daily review, ticket escalation, broadcast fan-out, Zalo token refresh, and long
// polling (one node at a time). Every node's scheduler asks for the job when it falls
// due; the table job_leases (store_schema_pg.cpp) answers yes to one of them.
//
//   if (pg::try_lease(db, "daily_review", node, due, 5min, now)) {
//     run it;
//     pg::finish_lease(db, "daily_review", node, due, now);   // never again for `due`
//   }
//
// A node that dies while running the job (no finish_lease) loses it when its lease runs
// out, and the next node to ask for the same due time runs it again: the job repeats
// at most what the dead node had done, so it must be safe to run twice (the outbox
// dedupes what it sends by its own rows). Long polling asks with due = TimePoint{} and
// never finishes: the holder renews its lease by asking again, the others get it only
// when the holder stops renewing (or releases it on shutdown).
// Times are the callers' clocks (ms since the epoch): the nodes' clocks must agree to
// well within `ttl`. Each call is one statement, safe outside or inside a transaction
// (inside one, the answer holds from its commit).
#pragma once

#include <chrono>
#include <string_view>

#include "bot/core/message.hpp"
#include "bot/store/pg_db.hpp"

namespace hocvuso::pg {

// True when `node` now holds job `name` for `due`, until now + ttl: nobody held it for
// this due time, or the holder's lease ran out unfinished, or `node` already held it (a
// renewal). False when another node holds it, or the run for `due` is finished (a node
// whose clock lags never reruns a past one). Rows are kept (a few per job and day).
bool try_lease(Db& db, std::string_view name, std::string_view node, TimePoint due, std::chrono::milliseconds ttl,
               TimePoint now);

// The run for `due` is over: no node gets `name` for it again. False when `node` no
// longer held it (its lease ran out and another node took it over).
bool finish_lease(Db& db, std::string_view name, std::string_view node, TimePoint due, TimePoint now);

// Gives the lease up unfinished, so another node may take it at once (a long-polling
// node shutting down).
void release_lease(Db& db, std::string_view name, std::string_view node);

// Forgets finished runs due before `before` (a daily job adds a row a day); how many.
// Pick `before` far behind any node's clock (days), since a forgotten run could be
// taken again by a node that asks for that due time.
int prune_finished_leases(Db& db, TimePoint before);

}  // namespace hocvuso::pg
