#include "bot/core/local_time.hpp"

#include <gtest/gtest.h>

using namespace hocvuso;
using namespace std::chrono;

TEST(LocalTime, VietnamIsSevenHoursAheadOfUtc) {
  // 2026-06-07 17:30 UTC is 08/06 00:30 in Hà Nội: the 08/6 deadline day has begun.
  const TimePoint t = sys_days{2026y / June / 7} + 17h + 30min;
  EXPECT_EQ(local_date(t), 2026y / June / 8);
  EXPECT_EQ(local_hour(t), 0);
  EXPECT_EQ(local_time_point(2026y / June / 8, 0, 30), t);
}

TEST(LocalTime, FormatsDates) {
  EXPECT_EQ(format_date_vi(2026y / December / 8), "08/12/2026");
  EXPECT_EQ(format_date_iso(2026y / December / 8), "2026-12-08");
}

TEST(LocalTime, NewYearInVietnamIsStillTheOldYearInUtc) {
  const TimePoint t = local_time_point(2027y / January / 1, 6);
  EXPECT_EQ(local_date(t), 2027y / January / 1);
  EXPECT_EQ(local_date(t - 7h), 2026y / December / 31);
  EXPECT_EQ(local_hour(t), 6);
}

TEST(LocalTime, DayEndIsTheNextLocalMidnight) {
  EXPECT_EQ(local_day_end(2026y / December / 31), local_time_point(2027y / January / 1));
  EXPECT_EQ(local_day_end(2026y / December / 31), sys_days{2026y / December / 31} + 17h);  // 00:00 +07 in UTC
}
