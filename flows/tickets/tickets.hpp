// "Nhờ Tổ CNSCĐ hỗ trợ": a citizen's question becomes a ticket posted in their
// commune's team group; a member takes it, and the bot relays messages both ways
// across platforms until either side ends it (/xong) or it goes idle; the citizen
// rates the help. See README.md "Help tickets".
#pragma once

#include <string>
#include <vector>

#include "bot/core/dispatcher.hpp"
#include "flows/groups/group_store.hpp"

namespace hocvuso::tickets {

struct TicketOptions {
  int reannounce_minutes = 30;  // an unclaimed ticket is posted again after this
  int escalate_minutes = 120;   // ... and reported to the commune's officers after this
  int idle_close_hours = 48;    // a ticket without a relayed message for this long closes itself
  int retention_days = 30;      // relayed texts are deleted this long after the ticket closed
};

// The report indicator that resolved tickets add to (content/reports/indicators.json).
inline constexpr const char* kResolvedIndicator = "phananh";

void register_tickets(Dispatcher& dispatcher, TicketOptions options);
std::vector<std::string> tickets_string_keys();

// The group's help figures for /hoatdong (groups::ActivitySection).
std::string activity_section(Context& ctx, const groups::GroupLink& commune, TimePoint from, TimePoint to);

}  // namespace hocvuso::tickets
