// OutboxBatches: the outbox and its batch link, broadcast_deliveries. On a PostgreSQL
// Store each operation is pg::OutboxBatches' (pg_outbox_batches.cpp), with the same meaning.
#include "bot/store/outbox_batches.hpp"

#include "bot/store/pg_outbox_batches.hpp"
#include "bot/store/sqlite_db.hpp"

namespace hocvuso {

std::int64_t OutboxBatches::enqueue(std::int64_t batch, const Outgoing& message, OutboxPriority priority,
                                    TimePoint now) {
  if (store_.on_postgresql()) return pg::OutboxBatches(store_.pg()).enqueue(batch, message, priority, now);
  const std::int64_t id = store_.enqueue(message, priority, now);
  store_.sqlite()
      .query("INSERT INTO broadcast_deliveries (outbox_id, broadcast_id) VALUES (?, ?)")
      .bind_all(id, batch)
      .exec();
  return id;
}

int OutboxBatches::cancel_pending(std::int64_t batch, std::string_view reason) {
  if (store_.on_postgresql()) return pg::OutboxBatches(store_.pg()).cancel_pending(batch, reason);
  return store_.sqlite()
      .query("UPDATE outbox SET status = 'cancelled', last_error = ? "
             "WHERE status = 'pending' AND id IN "
             "(SELECT outbox_id FROM broadcast_deliveries WHERE broadcast_id = ?)")
      .bind_all(reason, batch)
      .exec();
}

int OutboxBatches::cancel_pending_of_chat(const ChatRef& chat, std::string_view reason) {
  if (store_.on_postgresql()) return pg::OutboxBatches(store_.pg()).cancel_pending_of_chat(chat, reason);
  return store_.sqlite()
      .query("UPDATE outbox SET status = 'cancelled', last_error = ? "
             "WHERE channel = ? AND chat_id = ? AND status = 'pending' "
             "AND id IN (SELECT outbox_id FROM broadcast_deliveries)")
      .bind_all(reason, to_string(chat.channel), chat.id)
      .exec();
}

std::vector<std::pair<std::string, std::int64_t>> OutboxBatches::status_counts(std::int64_t batch) {
  if (store_.on_postgresql()) return pg::OutboxBatches(store_.pg()).status_counts(batch);
  auto q = store_.sqlite().query(
      "SELECT o.status, count(*) FROM broadcast_deliveries d JOIN outbox o ON o.id = d.outbox_id "
      "WHERE d.broadcast_id = ? GROUP BY o.status");
  q.bind(1, batch);
  std::vector<std::pair<std::string, std::int64_t>> out;
  while (q.step()) out.emplace_back(q.text(0), q.int64(1));
  return out;
}

void OutboxBatches::for_each_row(std::int64_t batch, const std::function<void(const Row&)>& visit) {
  if (store_.on_postgresql()) return pg::OutboxBatches(store_.pg()).for_each_row(batch, visit);
  auto q = store_.sqlite().query(
      "SELECT o.channel, o.chat_id, o.status, o.attempts, coalesce(o.sent_at, ''), "
      "coalesce(o.last_error, '') FROM broadcast_deliveries d JOIN outbox o ON o.id = d.outbox_id "
      "WHERE d.broadcast_id = ? ORDER BY d.outbox_id");
  q.bind(1, batch);
  Row row;
  while (q.step()) {
    row.channel = q.text(0);
    row.chat_id = q.text(1);
    row.status = q.text(2);
    row.attempts = q.integer(3);
    row.sent_at_ms = q.text(4);
    row.last_error = q.text(5);
    visit(row);
  }
}

std::int64_t OutboxBatches::pending_at(OutboxPriority priority) {
  if (store_.on_postgresql()) return pg::OutboxBatches(store_.pg()).pending_at(priority);
  auto q = store_.sqlite().query("SELECT count(*) FROM outbox WHERE status = 'pending' AND priority = ?");
  q.bind(1, static_cast<int>(priority));
  q.step();
  return q.int64(0);
}

}  // namespace hocvuso
