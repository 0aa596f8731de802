// Reporting periods (month, quarter, half-year, year) and their deadlines. Pure
// date arithmetic on local (Vietnam) calendar dates; no clock, no store.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

namespace hocvuso::reports {

enum class PeriodKind { month, quarter, half, year };

struct Period {
  PeriodKind kind = PeriodKind::quarter;
  int year = 0;
  int index = 1;  // month 1..12, quarter 1..4, half 1..2; 1 for a year

  // "2026-11", "2026-Q3", "2026-H1", "2026": the form of exports and storage.
  std::string key() const;
  // "tháng 11/2026", "quý 3/2026", "6 tháng đầu năm 2026", "năm 2026".
  std::string label_vi() const;
  std::chrono::year_month_day first_day() const;
  std::chrono::year_month_day last_day() const;
  // Whether other lies wholly inside this period (a month inside its quarter).
  bool contains(const Period& other) const;
  // The period of the same kind just before this one (quý 1/2026 → quý 4/2025).
  Period previous() const;

  static std::optional<Period> parse(std::string_view key);
  static Period containing(PeriodKind kind, std::chrono::year_month_day day);

  friend bool operator==(const Period&, const Period&) = default;
};

// 20261123: dates as sortable integers for storage and range queries.
int day_number(std::chrono::year_month_day d);

// When a period's reports are due: `day` of the period's last month, of the month
// after it (next_month), or of its middle month (middle_month: Lào Cai's "trước ngày
// 20 của tháng giữa quý"); clamped to the month's length.
struct DeadlineRule {
  int day = 8;
  bool next_month = false;
  bool middle_month = false;
};
std::chrono::year_month_day deadline(const Period& period, DeadlineRule rule);

// The quarter a period ends with: reports for it count as "reported" for a
// half-year or year (a team that reported only in Q1 has not reported for H1).
Period last_quarter(const Period& period);

}  // namespace hocvuso::reports
