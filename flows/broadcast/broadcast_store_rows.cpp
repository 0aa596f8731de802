// The row handling BroadcastStore's backends share (broadcast_store_rows.hpp).
#include "flows/broadcast/broadcast_store_rows.hpp"

#include <algorithm>
#include <nlohmann/json.hpp>

namespace hocvuso::broadcast::rows {

void add_count(RecipientCounts& counts, bool left_out, const std::string& channel, bool group, std::int64_t n) {
  auto& kinds = left_out ? counts.left_out : counts.by_kind;
  (group ? kinds.groups : kinds.private_chats) += n;
  if (left_out) return;
  auto& platform = counts.by_platform[channel];
  (group ? platform.groups : platform.private_chats) += n;
  counts.total += n;
}

void add_statuses(Progress& p, const std::vector<std::pair<std::string, std::int64_t>>& statuses) {
  for (const auto& [status, n] : statuses) {
    if (status == "pending" || status == "parked") p.pending += n;
    if (status == "sent") p.sent += n;
    if (status == "failed") p.failed += n;
    if (status == "blocked") p.blocked += n;
    if (status == "cancelled") p.cancelled += n;
  }
}

std::string created_detail(const NewBroadcast& b) {
  const nlohmann::json detail = {{"scope", b.target.scope}, {"province", b.target.province},
                                 {"communes", b.target.communes}, {"severity", b.severity},
                                 {"link", b.link},          {"text", b.text}};
  return detail.dump();
}

std::string cancelled_detail(int dropped) { return "{\"dropped\":" + std::to_string(dropped) + "}"; }

int fan_out_budget(int batch, int window, std::int64_t pending) {
  const std::int64_t free = window - pending;
  if (free <= 0 || 10 * free < window) return 0;
  return static_cast<int>(std::min<std::int64_t>(batch, free));
}

void write_csv_header(std::ostream& out) { out << "channel,chat_id,status,attempts,sent_at_ms,last_error\n"; }

void write_csv_row(std::ostream& out, const OutboxBatches::Row& row) {
  out << row.channel << ',' << row.chat_id << ',' << row.status << ',' << row.attempts << ',' << row.sent_at_ms << ','
      << csv_quoted(row.last_error) << '\n';
}

}  // namespace hocvuso::broadcast::rows
