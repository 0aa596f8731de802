// content/reports/: the indicators a team reports (names and the words people use
// for them) and the deadlines per province. See content/reports/README.md.
#pragma once

#include <filesystem>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "bot/content/content.hpp"
#include "flows/reports/period.hpp"

namespace hocvuso::reports {

struct Indicator {
  std::string id;    // ASCII, the column key and the `/baocao id=25` name
  std::string name;  // Vietnamese, for replies and export headers
  std::vector<std::vector<std::string>> aliases;  // folded words, the id included
  // Folded phrases that, right before an alias ("cài vneid": installing is not
  // activating) or right after it ("vneid mức 1"), make it another figure: its piece is
  // left unread and the leader is asked, rather than a wrong figure counted.
  std::vector<std::vector<std::string>> unsure_before = {}, unsure_after = {};
  std::string unsure_note = {};  // what it counts, said when such words were met
  // Words right after a figure that show it counts something else ("hướng dẫn 10 hộ":
  // households, not people): its piece is left unread.
  std::vector<std::vector<std::string>> other_units = {};
};

struct ReportContent {
  std::vector<Indicator> indicators;
  int reminder_days = 3;  // reminders start this many days before a deadline
  std::map<PeriodKind, DeadlineRule> default_deadlines;
  std::map<std::string, std::map<PeriodKind, DeadlineRule>> province_deadlines;

  const Indicator* find(std::string_view id) const;
  // The period kinds with a deadline (month has none unless a file sets one).
  std::optional<DeadlineRule> deadline_rule(const std::string& province, PeriodKind kind) const;
};

std::shared_ptr<ReportContent> load_report_content(const std::filesystem::path& dir, const Strings& strings,
                                                   std::vector<ContentProblem>& problems);

}  // namespace hocvuso::reports
