// Fixed-offset local time for Vietnam.
#include "bot/core/local_time.hpp"

#include <cstdio>

namespace hocvuso {

namespace {
std::chrono::sys_seconds shifted(TimePoint t) {
  return std::chrono::floor<std::chrono::seconds>(t) + kVietnamUtcOffset;
}
}  // namespace

std::chrono::year_month_day local_date(TimePoint t) {
  return std::chrono::year_month_day{std::chrono::floor<std::chrono::days>(shifted(t))};
}

int local_hour(TimePoint t) {
  const auto s = shifted(t);
  return static_cast<int>(std::chrono::floor<std::chrono::hours>(s - std::chrono::floor<std::chrono::days>(s)).count());
}

TimePoint local_time_point(std::chrono::year_month_day d, int hour, int minute) {
  const std::chrono::sys_days day{d};
  return TimePoint(day + std::chrono::hours(hour) + std::chrono::minutes(minute) - kVietnamUtcOffset);
}

TimePoint local_day_end(std::chrono::year_month_day d) {
  return local_time_point(std::chrono::year_month_day{std::chrono::sys_days{d} + std::chrono::days(1)});
}

std::string format_date_vi(std::chrono::year_month_day d) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%02u/%02u/%04d", static_cast<unsigned>(d.day()), static_cast<unsigned>(d.month()),
                static_cast<int>(d.year()));
  return buf;
}

std::string format_date_iso(std::chrono::year_month_day d) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02u", static_cast<int>(d.year()), static_cast<unsigned>(d.month()),
                static_cast<unsigned>(d.day()));
  return buf;
}

}  // namespace hocvuso
