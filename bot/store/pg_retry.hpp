// A short write that may lose a deadlock race, run again instead of failing its batch.
//
// PostgreSQL breaks a deadlock by failing one of the transactions in it (40P01). A write
// that locks many rows at once (a broadcast's cancel takes every pending row of it)
// meets the sender's batches, which lock rows one job at a time in their own order on
// the other store threads. Failing the cancel told the officer "try again later" (503)
// for what a second attempt does at once (an e2e run on CI showed it). Inside a savepoint,
// only the statements of the attempt fail: rolling back to it releases what the attempt
// had locked, and the other transaction goes on while this one tries again.
#pragma once

#include <type_traits>

#include "bot/store/pg_db.hpp"
#include "bot/store/pg_error.hpp"

namespace hocvuso::pg {

inline bool lost_a_race(const Error& e) { return e.sqlstate() == "40P01" || e.sqlstate() == "40001"; }

// Runs f() in a savepoint, again (up to `tries` times in all) when it lost a deadlock or
// serialization race; any other error, or the last loss, goes to the caller as it came.
// Outside a transaction (a tool, a test calling a store directly) f() gets a transaction
// of its own, run again whole. f returns a value (std::optional<…> for "nothing done").
template <class F>
auto retry_lost_races(Db& db, F f, int tries = 5) -> std::invoke_result_t<F> {
  static_assert(!std::is_void_v<std::invoke_result_t<F>>, "return a value from f");
  const bool own_transaction = !db.in_transaction();
  for (int attempt = 1;; ++attempt) {
    try {
      if (own_transaction) {
        Transaction tx(db);
        auto result = f();
        tx.commit();
        return result;
      }
      db.run("SAVEPOINT retry_race");
      auto result = f();
      db.run("RELEASE SAVEPOINT retry_race");
      return result;
    } catch (const Error& e) {
      if (!lost_a_race(e) || attempt == tries) throw;
      if (!own_transaction) db.run("ROLLBACK TO SAVEPOINT retry_race; RELEASE SAVEPOINT retry_race");
    }
  }
}

}  // namespace hocvuso::pg
