// Timed jobs once across the nodes that share one database (issue 18), and what a node
// gives up when it stops. The store decides how, so a feature or a loop never sees the
// backend: on PostgreSQL a transaction-scoped
// advisory lock, or a row of job_leases (pg_job_leases.hpp) under this node's name; on
// SQLite, which one `serve` owns (bot/app/serve_lock.hpp), every answer is yes.
#pragma once

#include <chrono>
#include <cstdint>
#include <string_view>
#include <vector>

#include "bot/core/message.hpp"

namespace hocvuso {

class Store;

// Inside the caller's transaction (the store worker's): true when this node may run `job`
// now, and then no other node gets it until that transaction ends; false, at once, when
// another node has it (skip this round; do not wait). Correct only when the job records
// what it did in the same transaction: the next holder's statements run after the
// lock, each with a fresh snapshot (READ COMMITTED), so they see that work as done.
// Throws StoreError on PostgreSQL outside a transaction, where the lock would end with
// the statement.
bool take_cluster_turn(Store& store, std::string_view job);

// For work that outlives a transaction (a long poll, a token refresh over HTTP): true when
// this node holds `job` until now + ttl (nobody held it, or the holder's lease ran out, or
// this node held it already: a renewal). `due` = TimePoint{} for a job with no due time.
bool hold_cluster_lease(Store& store, std::string_view job, TimePoint due, std::chrono::milliseconds ttl,
                        TimePoint now);
// Gives this node's lease on `job` up, so another node may take it at once (shutdown, or
// the refresh is over).
void release_cluster_lease(Store& store, std::string_view job);

// At the end of a graceful stop, once this node's sender has ended: the outbox rows it
// claimed and did not send are free for the other nodes at once, not only when their
// leases run out (pg_core_store.hpp give_up_leases).
void give_up_outbox_leases(Store& store);

// While this node's sender has the outbox rows `ids` under way: their claims last another
// lease from `now` (pg_core_store.hpp renew_claims), so a send that outlasts a lease is not
// taken over and sent a second time by another node. Nothing to do on SQLite.
void renew_outbox_claims(Store& store, const std::vector<std::int64_t>& ids, TimePoint now);

}  // namespace hocvuso
