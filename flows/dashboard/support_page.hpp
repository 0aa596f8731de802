// The Hỗ trợ page (/dashboard/hotro): tickets by commune within the viewer's scope,
// the oldest unclaimed first, and the figures of the period per commune. Never a
// citizen's name, id, phone number or text: the age, commune, state and the member
// who took it (display name).
#pragma once

#include <functional>
#include <string>
#include <utility>
#include <vector>

#include "flows/dashboard/html.hpp"
#include "flows/dashboard/page_store.hpp"
#include "flows/dashboard/pages.hpp"
#include "flows/reports/period.hpp"
#include "flows/tickets/ticket_store.hpp"

namespace hocvuso::dashboard {

struct SupportInput {
  std::string province_id, province_name;
  reports::Period period;
  std::vector<PeriodChoice> periods;
  std::vector<std::pair<std::string, tickets::Figures>> figures;  // commune name, its figures; by name
  std::vector<WaitingTicket> waiting;  // at most kTicketsShown
  WaitingCounts waiting_counts;       // all of them
  std::function<std::string(const std::string&)> commune_name;
  TimePoint now{};
};
Html support_body(const SupportInput& in);

}  // namespace hocvuso::dashboard
