// Period keys, bounds and deadlines.
#include "flows/reports/period.hpp"

#include <charconv>

namespace hocvuso::reports {

namespace {

using namespace std::chrono;

int first_month(const Period& p) {
  switch (p.kind) {
    case PeriodKind::month: return p.index;
    case PeriodKind::quarter: return 3 * (p.index - 1) + 1;
    case PeriodKind::half: return 6 * (p.index - 1) + 1;
    case PeriodKind::year: return 1;
  }
  return 1;
}

int month_count(PeriodKind kind) {
  switch (kind) {
    case PeriodKind::month: return 1;
    case PeriodKind::quarter: return 3;
    case PeriodKind::half: return 6;
    case PeriodKind::year: return 12;
  }
  return 1;
}

std::optional<int> to_int(std::string_view s) {
  int v = 0;
  auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || ptr != s.data() + s.size() || s.empty()) return std::nullopt;
  return v;
}

}  // namespace

std::string Period::key() const {
  std::string y = std::to_string(year);
  switch (kind) {
    case PeriodKind::month: return y + (index < 10 ? "-0" : "-") + std::to_string(index);
    case PeriodKind::quarter: return y + "-Q" + std::to_string(index);
    case PeriodKind::half: return y + "-H" + std::to_string(index);
    case PeriodKind::year: return y;
  }
  return y;
}

std::string Period::label_vi() const {
  std::string y = std::to_string(year);
  switch (kind) {
    case PeriodKind::month: return "tháng " + std::to_string(index) + "/" + y;
    case PeriodKind::quarter: return "quý " + std::to_string(index) + "/" + y;
    case PeriodKind::half: return (index == 1 ? "6 tháng đầu năm " : "6 tháng cuối năm ") + y;
    case PeriodKind::year: return "năm " + y;
  }
  return y;
}

year_month_day Period::first_day() const {
  return year_month_day{std::chrono::year{this->year}, month{static_cast<unsigned>(first_month(*this))}, day{1}};
}

year_month_day Period::last_day() const {
  const unsigned m = static_cast<unsigned>(first_month(*this) + month_count(kind) - 1);
  return year_month_day{year_month_day_last{std::chrono::year{this->year}, month_day_last{month{m}}}};
}

bool Period::contains(const Period& other) const {
  return day_number(first_day()) <= day_number(other.first_day()) &&
         day_number(other.last_day()) <= day_number(last_day());
}

Period Period::previous() const {
  if (index > 1) return Period{kind, year, index - 1};
  return Period{kind, year - 1, 12 / month_count(kind)};
}

std::optional<Period> Period::parse(std::string_view key) {
  if (key.size() < 4) return std::nullopt;
  auto y = to_int(key.substr(0, 4));
  if (!y || *y < 2000 || *y > 2100) return std::nullopt;
  if (key.size() == 4) return Period{PeriodKind::year, *y, 1};
  if (key[4] != '-' || key.size() < 6) return std::nullopt;
  std::string_view rest = key.substr(5);
  PeriodKind kind = PeriodKind::month;
  int max = 12;
  if (rest[0] == 'Q' || rest[0] == 'q') {
    kind = PeriodKind::quarter;
    max = 4;
    rest.remove_prefix(1);
  } else if (rest[0] == 'H' || rest[0] == 'h') {
    kind = PeriodKind::half;
    max = 2;
    rest.remove_prefix(1);
  }
  auto i = to_int(rest);
  if (!i || *i < 1 || *i > max) return std::nullopt;
  return Period{kind, *y, *i};
}

Period Period::containing(PeriodKind kind, year_month_day d) {
  const int m = static_cast<int>(static_cast<unsigned>(d.month()));
  const int y = static_cast<int>(d.year());
  switch (kind) {
    case PeriodKind::month: return {kind, y, m};
    case PeriodKind::quarter: return {kind, y, (m - 1) / 3 + 1};
    case PeriodKind::half: return {kind, y, (m - 1) / 6 + 1};
    case PeriodKind::year: return {kind, y, 1};
  }
  return {kind, y, 1};
}

int day_number(year_month_day d) {
  return static_cast<int>(d.year()) * 10000 + static_cast<int>(static_cast<unsigned>(d.month())) * 100 +
         static_cast<int>(static_cast<unsigned>(d.day()));
}

year_month_day deadline(const Period& period, DeadlineRule rule) {
  year_month last{period.last_day().year(), period.last_day().month()};
  if (rule.next_month) last += std::chrono::months{1};
  if (rule.middle_month) {
    // The second of a quarter's three months; the one after the halfway point otherwise.
    last = year_month{period.first_day().year(), period.first_day().month()} +
           std::chrono::months{month_count(period.kind) / 2};
  }
  const unsigned last_day_of_month = static_cast<unsigned>(year_month_day_last{last.year(), month_day_last{last.month()}}.day());
  const unsigned d = std::min(static_cast<unsigned>(std::max(rule.day, 1)), last_day_of_month);
  return year_month_day{last.year(), last.month(), day{d}};
}

Period last_quarter(const Period& period) {
  return Period::containing(PeriodKind::quarter, period.last_day());
}

}  // namespace hocvuso::reports
