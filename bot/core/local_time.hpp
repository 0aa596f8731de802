// Local dates and hours in Vietnam (Asia/Ho_Chi_Minh): one zone, UTC+7, no daylight
// saving since 1975, so a fixed offset is exact and needs no tz database.
#pragma once

#include <chrono>
#include <string>

#include "bot/core/message.hpp"

namespace hocvuso {

inline constexpr std::chrono::hours kVietnamUtcOffset{7};

std::chrono::year_month_day local_date(TimePoint t);
// 0..23
int local_hour(TimePoint t);
// The instant at hour:minute local time on date d.
TimePoint local_time_point(std::chrono::year_month_day d, int hour = 0, int minute = 0);
// The instant local day d ends (the next day's midnight): the exclusive end of a range of days.
TimePoint local_day_end(std::chrono::year_month_day d);
// "23/11/2026", as Vietnamese write dates.
std::string format_date_vi(std::chrono::year_month_day d);
// "2026-11-23", for storage and exports.
std::string format_date_iso(std::chrono::year_month_day d);

}  // namespace hocvuso
