// Reports by message (#baocao, /baocao), confirmation and corrections (/suabaocao,
// /huybaocao), the template (/maubaocao), targets (/chitieu), the period's totals
// (/tongket), the province's ranking (/xephang), and deadline reminders (on_tick).
#pragma once

#include <string>
#include <vector>

#include "bot/core/dispatcher.hpp"

namespace hocvuso::reports {

void register_reports(Dispatcher& dispatcher);
std::vector<std::string> reports_string_keys();

// The reminders due at `now`, queued into ctx; each (group, period, deadline) once.
void send_reminders(JobContext& ctx);

}  // namespace hocvuso::reports
