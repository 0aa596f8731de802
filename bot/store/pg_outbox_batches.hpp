// OutboxBatches on PostgreSQL (issue 18): outbox_batches.hpp's operations with the same
// arguments and meaning on a pg::Db, held to it by the conformance suite
// (tests/bot/store/outbox_batches_conformance_test.cpp runs the same test bodies on
// both). The link table broadcast_deliveries is broadcast's migration part
// (flows/broadcast/broadcast_schema_pg.cpp), as on SQLite. Cancel, progress and
// unsubscribe stay one statement over indexed tables: no list of outbox ids is ever
// held in memory or bound. Inside the caller's transaction; no libpq here.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "bot/core/message.hpp"
#include "bot/store/outbox_batches.hpp"

namespace hocvuso::pg {

class Db;

class OutboxBatches {
 public:
  using Row = hocvuso::OutboxBatches::Row;

  explicit OutboxBatches(Db& db) : db_(db) {}

  // Queues `message` as a row of `batch`, in one statement; the outbox row's id.
  std::int64_t enqueue(std::int64_t batch, const Outgoing& message, OutboxPriority priority, TimePoint now);
  int cancel_pending(std::int64_t batch, std::string_view reason);
  int cancel_pending_of_chat(const ChatRef& chat, std::string_view reason);
  std::vector<std::pair<std::string, std::int64_t>> status_counts(std::int64_t batch);
  // In the order the rows were queued, read a page at a time: a PostgreSQL query holds
  // its whole result (pg_db.hpp), and a batch can be too big for that.
  void for_each_row(std::int64_t batch, const std::function<void(const Row&)>& visit);
  std::int64_t pending_at(OutboxPriority priority);

 private:
  Db& db_;
};

}  // namespace hocvuso::pg
