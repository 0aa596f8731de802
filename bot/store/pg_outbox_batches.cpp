// OutboxBatches on PostgreSQL: the outbox (store_schema_pg.cpp, with its leases) and its
// batch link, broadcast_deliveries.
#include "bot/store/pg_outbox_batches.hpp"

#include <stdexcept>

#include "bot/store/outbox_body.hpp"
#include "bot/store/pg_db.hpp"
#include "bot/store/pg_outbox_row.hpp"

namespace hocvuso::pg {

namespace {
// Rows read per round trip by for_each_row.
constexpr int kPage = 1000;
}  // namespace

std::int64_t OutboxBatches::enqueue(std::int64_t batch, const Outgoing& message, OutboxPriority priority,
                                    TimePoint now) {
  // The outbox row and its link in one statement, one round trip per recipient of a
  // fan-out (CoreStore::enqueue and then a second INSERT would take two). The outbox
  // row is written as CoreStore::enqueue writes it (pg_outbox_row.hpp).
  auto q = db_.query("WITH o AS (" HOCVUSO_PG_OUTBOX_INSERT
                     ") INSERT INTO broadcast_deliveries (outbox_id, broadcast_id) SELECT id, $7 FROM o "
                     "RETURNING outbox_id");
  bind_outbox_row(q, message, priority, now);
  q.bind(7, batch);
  if (!q.step()) throw std::logic_error("INSERT INTO outbox … RETURNING id returned no row");
  return q.int64(0);
}

int OutboxBatches::cancel_pending(std::int64_t batch, std::string_view reason) {
  // A row some node is sending right now (leased, still pending) is cancelled too, as
  // on SQLite; its lease stays until that node is done with it (a lease is released
  // only by its holder: pg_core_store.hpp).
  return db_
      .query("UPDATE outbox SET status = 'cancelled', last_error = $1 "
             "WHERE status = 'pending' AND id IN "
             "(SELECT outbox_id FROM broadcast_deliveries WHERE broadcast_id = $2)")
      .bind_all(reason, batch)
      .exec();
}

int OutboxBatches::cancel_pending_of_chat(const ChatRef& chat, std::string_view reason) {
  return db_
      .query("UPDATE outbox SET status = 'cancelled', last_error = $1 "
             "WHERE channel = $2 AND chat_id = $3 AND status = 'pending' "
             "AND id IN (SELECT outbox_id FROM broadcast_deliveries)")
      .bind_all(reason, to_string(chat.channel), chat.id)
      .exec();
}

std::vector<std::pair<std::string, std::int64_t>> OutboxBatches::status_counts(std::int64_t batch) {
  auto q = db_.query(
      "SELECT o.status, count(*) FROM broadcast_deliveries d JOIN outbox o ON o.id = d.outbox_id "
      "WHERE d.broadcast_id = $1 GROUP BY o.status");
  q.bind(1, batch);
  std::vector<std::pair<std::string, std::int64_t>> out;
  while (q.step()) out.emplace_back(q.text(0), q.int64(1));
  return out;
}

void OutboxBatches::for_each_row(std::int64_t batch, const std::function<void(const Row&)>& visit) {
  // Keyset pages over broadcast_deliveries_broadcast (broadcast_id, outbox_id): each
  // page starts where the last ended, so the whole walk reads every row once.
  std::int64_t after = 0;
  Row row;
  for (;;) {
    auto q = db_.query(
        "SELECT d.outbox_id, o.channel, o.chat_id, o.status, o.attempts, coalesce(o.sent_at::text, ''), "
        "coalesce(o.last_error, '') FROM broadcast_deliveries d JOIN outbox o ON o.id = d.outbox_id "
        "WHERE d.broadcast_id = $1 AND d.outbox_id > $2 ORDER BY d.outbox_id LIMIT $3");
    q.bind_all(batch, after, kPage);
    int rows = 0;
    while (q.step()) {
      ++rows;
      after = q.int64(0);
      row.channel = q.text(1);
      row.chat_id = q.text(2);
      row.status = q.text(3);
      row.attempts = q.integer(4);
      row.sent_at_ms = q.text(5);
      row.last_error = q.text(6);
      visit(row);
    }
    if (rows < kPage) return;
  }
}

std::int64_t OutboxBatches::pending_at(OutboxPriority priority) {
  auto q = db_.query("SELECT count(*) FROM outbox WHERE status = 'pending' AND priority = $1");
  q.bind(1, static_cast<int>(priority));
  q.step();
  return q.int64(0);
}

}  // namespace hocvuso::pg
