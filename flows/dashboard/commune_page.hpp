// The Xã page (/dashboard/xa/<code>): one commune's linked chats, targets of the
// period (a form when the viewer may edit them), figures per village, submissions
// with their audit trail, member activity and tickets. A pure function of what the
// route read on the store thread (bot/app/dashboard_routes.cpp).
#pragma once

#include <map>
#include <string>
#include <vector>

#include "flows/dashboard/html.hpp"
#include "flows/dashboard/page_store.hpp"
#include "flows/dashboard/pages.hpp"
#include "flows/reports/report_content.hpp"
#include "flows/reports/summary.hpp"
#include "flows/tickets/ticket_store.hpp"

namespace hocvuso::dashboard {

// Rows the page lists at most, so that it stays under 100 KB (a note says how many more).
inline constexpr int kSubmissionsShown = 15;
inline constexpr int kMembersShown = 50;

struct CommuneInput {
  std::string province_id, province_name, code, name;  // name: "xã Thuận Châu"
  const reports::Summary* summary = nullptr;  // by village, this commune only
  const reports::ReportContent* content = nullptr;
  std::vector<PeriodChoice> periods;
  std::map<std::string, long long> targets;  // the commune's own targets (not its villages'), by indicator
  bool editable = false;
  std::string csrf;
  std::string notice;  // after a change: what was saved, or why not
  std::vector<LinkedChat> chats;
  std::vector<SubmissionView> submissions;  // the newest kSubmissionsShown
  SubmissionCounts submission_counts;     // all of them
  std::vector<MemberActivity> activity;
  std::vector<WaitingTicket> waiting;
  WaitingCounts waiting_counts;
  tickets::Figures ticket_figures;
  TimePoint now{};
};
Html commune_body(const CommuneInput& in);

// Words of the report audit ("created" -> "gửi") and statuses ("pending" -> "chờ xác nhận").
std::string audit_action_vi(std::string_view action);
std::string report_status_vi(std::string_view status);

}  // namespace hocvuso::dashboard
