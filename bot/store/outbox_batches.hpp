// Outbox rows queued as one batch: today a broadcast's deliveries. A feature that fans
// one message out to many chats (flows/broadcast) queues, follows and cancels its rows
// here, so that no feature reads or writes the outbox table itself (issue 21).
//
// The shape: the store owns the join. A batch's rows are linked in the table
// broadcast_deliveries (outbox_id -> batch id), created by broadcast's migration part
// of version 5 (flows/broadcast/broadcast_schema_sqlite.cpp; a released part is never
// moved), and every statement on that link is here. Cancel, progress and unsubscribe
// each stay one statement over indexed tables, as before: a 100,000-recipient broadcast
// never becomes a list of outbox ids held in memory or bound as parameters.
// Store thread only, inside the caller's transaction.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "bot/core/message.hpp"
#include "bot/store/store.hpp"

namespace hocvuso {

class OutboxBatches {
 public:
  explicit OutboxBatches(Store& store) : store_(store) {}

  // Queues `message` as a row of `batch`; the outbox row's id.
  std::int64_t enqueue(std::int64_t batch, const Outgoing& message, OutboxPriority priority, TimePoint now);

  // Cancels the batch's rows still pending; `reason` becomes their last error. How many.
  int cancel_pending(std::int64_t batch, std::string_view reason);
  // Cancels the chat's pending rows of every batch; its other messages (replies) stay.
  int cancel_pending_of_chat(const ChatRef& chat, std::string_view reason);

  // How many of the batch's rows are in each outbox status (pending, parked, sent,
  // failed, blocked, cancelled); statuses with no row are left out.
  std::vector<std::pair<std::string, std::int64_t>> status_counts(std::int64_t batch);

  struct Row {
    std::string channel, chat_id, status;
    int attempts = 0;
    std::string sent_at_ms;  // empty until sent
    std::string last_error;
  };
  // The batch's rows in the order they were queued, one at a time (a batch can be
  // too big to hold in memory).
  void for_each_row(std::int64_t batch, const std::function<void(const Row&)>& visit);

  // Rows pending at `priority`, in a batch or not (the fan-out's window).
  std::int64_t pending_at(OutboxPriority priority);

 private:
  Store& store_;
};

}  // namespace hocvuso
