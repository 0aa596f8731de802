// Pieces the Xã and Hỗ trợ pages share: ages and durations in Vietnamese words, the
// ticket figures and the table of tickets still waiting (no citizen, no text).
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "bot/core/message.hpp"
#include "flows/dashboard/html.hpp"
#include "flows/dashboard/page_store.hpp"
#include "flows/tickets/ticket_store.hpp"

namespace hocvuso::dashboard {

// "12 phút", "3 giờ", "2 ngày": how long, rounded down, for a glance.
std::string duration_vi(std::chrono::seconds d);
// "23/11/2026 14:05", Vietnam time.
std::string date_time_vi(TimePoint t);
// A platform as officers call it: "Telegram", "Zalo OA", "Zalo Bot", "thử nghiệm" (the console).
std::string platform_vi(Channel c);

// One table row of figures (opened, claimed, resolved, median first answer, ratings),
// headed by `label` (a commune's name or "Cả tỉnh").
Html ticket_figures_head();
Html ticket_figures_row(const std::string& label, const tickets::Figures& f);

// Rows a page lists at most, so that it stays under 100 KB (a note says how many more).
inline constexpr int kTicketsShown = 50;

// The waiting tickets, unclaimed first, with their age at `now`; `commune_name`
// turns a commune id into its name (empty: no commune column).
// `total`: how many are waiting in all (more than the list when it was cut).
Html waiting_tickets_table(const std::vector<WaitingTicket>& list, int total, TimePoint now,
                           const std::function<std::string(const std::string&)>& commune_name);

}  // namespace hocvuso::dashboard
