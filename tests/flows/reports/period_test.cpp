// Period keys, bounds and deadlines across month, quarter and year boundaries,
// and the seeds' dates: six-monthly before 08/6, yearly before 08/12.
#include "flows/reports/period.hpp"

#include <gtest/gtest.h>

#include "support/reports_support.hpp"

namespace hocvuso::reports {
namespace {

using namespace std::chrono;

year_month_day ymd(int y, unsigned m, unsigned d) { return year_month_day{year{y}, month{m}, day{d}}; }

TEST(ReportPeriod, KeysRoundTripWithTheirBounds) {
  struct Row {
    const char* key;
    int first, last;
  };
  for (const Row& r : {Row{"2026-Q3", 20260701, 20260930}, Row{"2026-H1", 20260101, 20260630},
                       Row{"2026-H2", 20260701, 20261231}, Row{"2026", 20260101, 20261231},
                       Row{"2026-11", 20261101, 20261130}, Row{"2026-02", 20260201, 20260228},
                       Row{"2028-02", 20280201, 20280229}, Row{"2026-Q1", 20260101, 20260331},
                       Row{"2026-Q4", 20261001, 20261231}, Row{"2026-12", 20261201, 20261231}}) {
    auto p = Period::parse(r.key);
    ASSERT_TRUE(p) << r.key;
    EXPECT_EQ(p->key(), r.key);
    EXPECT_EQ(day_number(p->first_day()), r.first) << r.key;
    EXPECT_EQ(day_number(p->last_day()), r.last) << r.key;
  }
  EXPECT_EQ(Period::parse("2026-q2")->key(), "2026-Q2");
  for (const char* bad : {"2026-Q5", "2026-Q0", "2026-13", "2026-00", "2026-H3", "26-Q1", "2026Q1", "", "abcd",
                          "2026-", "2026-Qx", "1999", "2026-1x"}) {
    EXPECT_FALSE(Period::parse(bad)) << bad;
  }
}

TEST(ReportPeriod, ContainingAcrossBoundaries) {
  EXPECT_EQ(Period::containing(PeriodKind::quarter, ymd(2026, 3, 31)).key(), "2026-Q1");
  EXPECT_EQ(Period::containing(PeriodKind::quarter, ymd(2026, 4, 1)).key(), "2026-Q2");
  EXPECT_EQ(Period::containing(PeriodKind::half, ymd(2026, 6, 30)).key(), "2026-H1");
  EXPECT_EQ(Period::containing(PeriodKind::half, ymd(2026, 7, 1)).key(), "2026-H2");
  EXPECT_EQ(Period::containing(PeriodKind::year, ymd(2026, 12, 31)).key(), "2026");
  EXPECT_EQ(Period::containing(PeriodKind::quarter, ymd(2027, 1, 1)).key(), "2027-Q1");
  EXPECT_EQ(Period::containing(PeriodKind::month, ymd(2026, 1, 31)).key(), "2026-01");
  EXPECT_EQ(Period::containing(PeriodKind::month, ymd(2026, 2, 1)).key(), "2026-02");
}

TEST(ReportPeriod, PreviousStaysOfItsKindAcrossTheYear) {
  for (auto [from, to] : {std::pair{"2026-Q1", "2025-Q4"}, std::pair{"2026-Q3", "2026-Q2"},
                          std::pair{"2026-01", "2025-12"}, std::pair{"2026-12", "2026-11"},
                          std::pair{"2026-H1", "2025-H2"}, std::pair{"2026-H2", "2026-H1"},
                          std::pair{"2026", "2025"}}) {
    EXPECT_EQ(Period::parse(from)->previous().key(), to) << from;
  }
}

TEST(ReportPeriod, ContainsAndLastQuarter) {
  EXPECT_TRUE(Period::parse("2026")->contains(*Period::parse("2026-11")));
  EXPECT_TRUE(Period::parse("2026-H2")->contains(*Period::parse("2026-Q3")));
  EXPECT_FALSE(Period::parse("2026-H1")->contains(*Period::parse("2026-Q3")));
  EXPECT_FALSE(Period::parse("2026-Q4")->contains(*Period::parse("2026")));
  EXPECT_FALSE(Period::parse("2027")->contains(*Period::parse("2026-12")));
  EXPECT_EQ(last_quarter(*Period::parse("2026-H1")).key(), "2026-Q2");
  EXPECT_EQ(last_quarter(*Period::parse("2026")).key(), "2026-Q4");
  EXPECT_EQ(last_quarter(*Period::parse("2026-11")).key(), "2026-Q4");
}

TEST(ReportPeriod, SeedDeadlinesAndBoundaries) {
  const DeadlineRule day8{8, false};
  EXPECT_EQ(day_number(deadline(*Period::parse("2026-H1"), day8)), 20260608);  // before 08/6
  EXPECT_EQ(day_number(deadline(*Period::parse("2026"), day8)), 20261208);     // before 08/12
  EXPECT_EQ(day_number(deadline(*Period::parse("2026-Q3"), day8)), 20260908);
  // A deadline in the month after the period crosses into the next year.
  EXPECT_EQ(day_number(deadline(*Period::parse("2026-Q4"), DeadlineRule{5, true})), 20270105);
  EXPECT_EQ(day_number(deadline(*Period::parse("2026-12"), DeadlineRule{10, true})), 20270110);
  // Day 31 in a short month is its last day.
  EXPECT_EQ(day_number(deadline(*Period::parse("2026-02"), DeadlineRule{31, false})), 20260228);
  EXPECT_EQ(day_number(deadline(*Period::parse("2028-02"), DeadlineRule{30, false})), 20280229);
  EXPECT_EQ(day_number(deadline(*Period::parse("2026-Q1"), DeadlineRule{31, true})), 20260430);
}

// Lào Cai: "Hằng quý … trước ngày 20 của tháng giữa quý" (content/reports/deadlines.json).
TEST(ReportPeriod, MiddleMonthDeadlines) {
  const DeadlineRule middle{20, false, true};
  EXPECT_EQ(day_number(deadline(*Period::parse("2026-Q1"), middle)), 20260220);
  EXPECT_EQ(day_number(deadline(*Period::parse("2026-Q4"), middle)), 20261120);
  const auto content = test::report_content();
  const auto lao_cai = content->deadline_rule("lao-cai", PeriodKind::quarter);
  ASSERT_TRUE(lao_cai.has_value());
  EXPECT_EQ(day_number(deadline(*Period::parse("2026-Q3"), *lao_cai)), 20260820);
  // Sơn La keeps the defaults: day 8 of the quarter's last month.
  const auto son_la = content->deadline_rule("son-la", PeriodKind::quarter);
  ASSERT_TRUE(son_la.has_value());
  EXPECT_EQ(day_number(deadline(*Period::parse("2026-Q3"), *son_la)), 20260908);
  // Half-years and years in Lào Cai fall back to the defaults too.
  EXPECT_EQ(day_number(deadline(*Period::parse("2026-H1"), *content->deadline_rule("lao-cai", PeriodKind::half))),
            20260608);
}

TEST(ReportPeriod, VietnameseLabels) {
  EXPECT_EQ(Period::parse("2026-11")->label_vi(), "tháng 11/2026");
  EXPECT_EQ(Period::parse("2026-Q3")->label_vi(), "quý 3/2026");
  EXPECT_EQ(Period::parse("2026-H1")->label_vi(), "6 tháng đầu năm 2026");
  EXPECT_EQ(Period::parse("2026-H2")->label_vi(), "6 tháng cuối năm 2026");
  EXPECT_EQ(Period::parse("2026")->label_vi(), "năm 2026");
}

}  // namespace
}  // namespace hocvuso::reports
