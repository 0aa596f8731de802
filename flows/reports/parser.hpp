// Reading a team's report from a chat message written the way people write:
// "#baocao Bản Mòng: hướng dẫn 25 người, 2 buổi, kích hoạt VNeID 10",
// "/baocao huongdan=25 buoi=2", "bao cao ban Mong thang 11: HD 25 nguoi dan,
// to chuc hai lop". Pure: text, indicators and today's date in, a parse out.
//
// Certain or asked: every figure comes with the words it was read from; a piece of
// the message (between , ; . and line breaks) that the reader can take only in part
// (a number it cannot tie to one indicator, a vague or ambiguous amount, the same
// indicator twice) gives no figure at all and is returned as unread.
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
  std::vector<std::string> sources;  // per value, the words it was read from ("hướng dẫn mười hai người")
};

// A period the message names that cannot be used: one that does not exist ("quý 5",
// "tháng 13"), one that has not begun ("quý 1/2027" in 2026), or two different ones.
struct PeriodProblem {
  enum class Kind { not_exist, future, two_periods };
  Kind kind = Kind::not_exist;
  std::string written;  // as written ("quý 5")
};

struct ParsedReport {
  // The period the message names; also set (with period_problem) for one that has not
  // begun, since targets may be set ahead.
  std::optional<Period> period;
  std::optional<PeriodProblem> period_problem;
  std::vector<ReportPart> parts;
  std::vector<std::string> unread;     // pieces of the message that gave nothing, as written
  std::vector<std::string> no_number;  // indicators named without a number (ids)
  // Indicators named with words that make them another figure (ids; "cài vneid"):
  // the reply says what the indicator counts.
  std::vector<std::string> other_figure;
  bool approximate = false;  // an unread piece gave a figure as "khoảng", "hơn", "gần" …
  bool planned = false;      // an unread piece was a plan ("kế hoạch", "dự kiến" …)
  bool cumulative = false;   // an unread piece was a running total ("lũy kế", "cộng dồn")
  bool negated = false;      // an unread piece said "chưa", "không" ("10 người chưa kích hoạt")
  // Runs of words the reader took for nothing, as written ("Lóng Sập" in
  // "/chitieu quý 4 Lóng Sập huongdan=80"): a commune's name, for those who look.
  std::vector<std::string> other_words;

  bool has_values() const;
  std::size_t village_count() const;  // parts that name a village
};

// What the figures are: work done (a report, its correction) or targets (/chitieu, where
// "kế hoạch", "chỉ tiêu" belong; in a report they mark figures not yet done).
enum class Reading { done, targets };

ParsedReport parse_report(std::string_view text, const ReportContent& content,
                          std::chrono::year_month_day today, Reading reading = Reading::done);

// "#baocao …", "#bao cao …", "báo cáo …", "bao cao …" at the start of a message.
bool looks_like_report(std::string_view text);

}  // namespace hocvuso::reports
