// Reading a team's report from a chat message written the way people write:
// "#baocao Bản Mòng: hướng dẫn 25 người, 2 buổi, kích hoạt VNeID 10",
// "/baocao huongdan=25 buoi=2", "bao cao ban Mong thang 11: HD 25 nguoi dan,
// to chuc hai lop". Pure: text, indicators and today's date in, a parse out.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "flows/reports/period.hpp"
#include "flows/reports/report_content.hpp"

namespace hocvuso::reports {

struct ReportPart {
  std::string village;      // as written, words capitalised ("Bản Mòng"); empty: the whole commune
  std::string village_key;  // folded ("ban mong"), to add up reports of one village
  std::vector<std::pair<std::string, long long>> values;  // indicator id -> number, in message order
};

struct ParsedReport {
  std::optional<Period> period;  // when the message names one
  std::vector<ReportPart> parts;
  std::vector<std::string> unread;     // pieces of the message that gave nothing, as written
  std::vector<std::string> no_number;  // indicators named without a number (ids)

  bool has_values() const;
};

ParsedReport parse_report(std::string_view text, const ReportContent& content,
                          std::chrono::year_month_day today);

// "#baocao …", "#bao cao …", "báo cáo …", "bao cao …" at the start of a message.
bool looks_like_report(std::string_view text);

}  // namespace hocvuso::reports
