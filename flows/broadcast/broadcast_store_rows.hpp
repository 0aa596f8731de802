// What BroadcastStore's two backends (broadcast_store_sqlite.cpp, broadcast_store_pg.cpp)
// do alike with the rows their SQL returns, kept once here so that the two cannot drift
// apart: a token row, the recipient counts, progress from the outbox statuses, the audit
// detail of a new broadcast, the fan-out's budget and the export's CSV. No SQL here.
// Included by the two backend files only.
#pragma once

#include <cstdint>
#include <ostream>
#include <string>
#include <utility>
#include <vector>

#include "bot/store/outbox_batches.hpp"
#include "flows/broadcast/broadcast_store.hpp"

namespace hocvuso::broadcast::rows {

// The columns of a token row, in this order: id, role, province, commune, created_at,
// revoked_at. `Query` is sqlite::Query or pg::Query (the same column reads).
template <class Query>
TokenInfo token(const Query& q) {
  TokenInfo t;
  t.id = q.int64(0);
  t.scope.role = role_from_string(q.text(1)).value_or(Role::officer);
  t.scope.province = q.text(2);
  t.scope.commune = q.text(3);
  t.created_at_ms = q.int64(4);
  t.revoked = !q.null(5);
  return t;
}

// Adds one row of a count by kind (channel, group or private, how many) to `counts`;
// `left_out` rows count only as left out.
void add_count(RecipientCounts& counts, bool left_out, const std::string& channel, bool group, std::int64_t n);

// Adds the batch's outbox rows per status (OutboxBatches::status_counts) to `p`.
void add_statuses(Progress& p, const std::vector<std::pair<std::string, std::int64_t>>& statuses);

// The audit detail of a new broadcast: its target, severity, link and text as JSON.
std::string created_detail(const NewBroadcast& b);
// The audit detail of a cancel: how many waiting rows it dropped.
std::string cancelled_detail(int dropped);

// How many rows a fan-out may queue now, with `pending` broadcast rows waiting: none
// until at least a tenth of `window` is free again (a trickle of small top-ups would
// each count the waiting rows again, and that count is most of a top-up's cost), and
// at most `batch`.
int fan_out_budget(int batch, int window, std::int64_t pending);

// The export: the header, then one line per outbox row.
void write_csv_header(std::ostream& out);
void write_csv_row(std::ostream& out, const OutboxBatches::Row& row);

}  // namespace hocvuso::broadcast::rows
