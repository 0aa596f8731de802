// A new outbox row on PostgreSQL, for the two statements that write one: a reply
// (CoreStore::enqueue) and a batch row with its link (OutboxBatches::enqueue). Both
// use HOCVUSO_PG_OUTBOX_INSERT (a literal: pg::Db prepares a statement once per text
// pointer) and bind its six parameters with bind_outbox_row, so the columns cannot
// drift apart.
#pragma once

#include "bot/core/message.hpp"
#include "bot/store/outbox_body.hpp"
#include "bot/store/pg_db.hpp"
#include "bot/store/store.hpp"

namespace hocvuso::pg {

#define HOCVUSO_PG_OUTBOX_INSERT                                                                               \
  "INSERT INTO outbox (channel, chat_id, body, priority, created_at, tag) VALUES ($1, $2, $3, $4, $5, $6) " \
  "RETURNING id"

inline void bind_outbox_row(Query& q, const Outgoing& message, OutboxPriority priority, TimePoint now) {
  q.bind_all(to_string(message.chat.channel), message.chat.id, encode_outgoing(message), static_cast<int>(priority),
             now);
  if (message.tag) {
    q.bind(6, *message.tag);
  } else {
    q.bind_null(6);  // NULL: most rows have no tag, and the index skips them
  }
}

}  // namespace hocvuso::pg
