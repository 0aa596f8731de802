// ReportStore conformance (issue 18): the same test bodies against SQLite and a real
// PostgreSQL 15 (tests/support/store_backends.hpp). A commune team's reports are created,
// confirmed, corrected and withdrawn, and after each step the per-period summary
// (report_sums, report_villages, report_submissions, kept in the same transaction) gives
// what a recount of the reports gives.
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <optional>
#include <thread>

#include "flows/reports/report_store.hpp"
#include "support/store_backends.hpp"

namespace hocvuso::reports {
namespace {

using namespace std::chrono_literals;

const TimePoint kNow = TimePoint(std::chrono::milliseconds(1764979200000));  // 2025-12-06 07:00 Vietnam
const ChatRef kGroup{Channel::telegram, "-1002003004001"};
const Period kQ4 = *Period::parse("2025-Q4");
const Period kNov = *Period::parse("2025-11");
const Period kYear = *Period::parse("2025");

Submission report(const Period& period, std::vector<ReportRow> rows, std::string commune = "03664",
                  std::string message_id = "") {
  Submission s;
  s.chat = kGroup;
  s.author_id = "5120034";
  s.message_id = std::move(message_id);
  s.province = "son-la";
  s.commune = std::move(commune);
  s.period = period;
  s.rows = std::move(rows);
  return s;
}

// "Bản Mòng: hướng dẫn 25 người, 2 buổi; Bản Hụn: 14 người"
const std::vector<ReportRow> kTwoVillages = {
    {"Bản Mòng", "ban mong", {{"huongdan", 25}, {"buoi", 2}}},
    {"Bản Hụn", "ban hun", {{"huongdan", 14}}},
};

template <class B>
class ReportStoreTest : public testing::BackendTest<B> {
 protected:
  ReportStore& reports() {
    // A ReportStore names the Store it belongs to (a summary reads tickets through it).
    // The tests get it from ReportStore::of on either Store; the factory below is only the
    // type `of` must make on PostgreSQL (store_backends.hpp), with a SQLite Store standing
    // in as the handle of that probe, never read through.
    return this->b().template repo<ReportStore>(&ReportStore::of, [this](pg::Db& db) {
      owner_.emplace(dir_ / "owner.db");
      return make_pg_report_store(*owner_, db);
    });
  }
  // The summary's confirmed submissions of the commune, as the dashboard reads them.
  std::int64_t summary_submissions() {
    return this->b().count("SELECT COALESCE(SUM(n), 0) FROM report_submissions WHERE commune = '03664'");
  }
  std::int64_t summary_rows() {
    return this->b().count("SELECT (SELECT count(*) FROM report_sums) + (SELECT count(*) FROM report_villages) + "
                           "(SELECT count(*) FROM report_submissions)");
  }

 private:
  testing::TempDir dir_;
  std::optional<Store> owner_;
};
TYPED_TEST_SUITE(ReportStoreTest, testing::Backends, testing::BackendNames);

long long value(const Total& t, const std::string& id) {
  auto it = t.values.find(id);
  return it == t.values.end() ? -1 : it->second;
}

TYPED_TEST(ReportStoreTest, ASubmissionIsNumberedAndReadBackRowByRow) {
  auto& reports = this->reports();
  const auto first = reports.create(report(kQ4, kTwoVillages, "03664", "881"), kNow);
  const auto second = reports.create(report(kNov, {{"", "", {{"huongdan", 7}}}}, "03700"), kNow + 1min);
  EXPECT_EQ(first, 1);
  EXPECT_EQ(second, 2);
  auto s = reports.find(first);
  ASSERT_TRUE(s);
  EXPECT_EQ(s->number, 1);
  EXPECT_EQ(s->chat, kGroup);
  EXPECT_EQ(s->author_id, "5120034");
  EXPECT_EQ(s->message_id, "881");
  EXPECT_EQ(s->province, "son-la");
  EXPECT_EQ(s->commune, "03664");
  EXPECT_EQ(s->period, kQ4);
  EXPECT_EQ(s->status, "pending");
  ASSERT_EQ(s->rows.size(), 2u);
  EXPECT_EQ(s->rows[0].village, "Bản Mòng");
  EXPECT_EQ(s->rows[0].village_key, "ban mong");
  EXPECT_EQ(s->rows[0].figures, (Figures{{"huongdan", 25}, {"buoi", 2}}));
  EXPECT_EQ(s->rows[1].village, "Bản Hụn");
  EXPECT_FALSE(reports.find(99));
  EXPECT_EQ(reports.latest(kGroup, "5120034"), 2);
  EXPECT_FALSE(reports.latest(kGroup, "5120035"));
  EXPECT_EQ(reports.by_message(kGroup, "881"), 1);
  EXPECT_FALSE(reports.by_message(kGroup, ""));
  EXPECT_FALSE(reports.by_message(ChatRef{Channel::zalo, kGroup.id}, "881"));
  EXPECT_EQ(reports.audit(1), (std::vector<std::pair<std::string, std::string>>{{"created", "5120034"}}));
  EXPECT_EQ(this->summary_rows(), 0);  // pending reports do not count
}

TYPED_TEST(ReportStoreTest, ConfirmedReportsAddUpFromTheSummaryAndByVillage) {
  auto& reports = this->reports();
  const auto a = reports.create(report(kQ4, kTwoVillages), kNow);
  const auto b = reports.create(report(kNov, {{"Bản Mòng", "ban mong", {{"huongdan", 5}, {"tailieu", 0}}}}), kNow);
  const auto c = reports.create(report(kQ4, {{"", "", {{"huongdan", 40}}}}, "03700"), kNow);
  reports.create(report(kQ4, {{"Bản Pá", "ban pa", {{"huongdan", 1000}}}}), kNow);  // left pending
  reports.set_status(a, "confirmed", Channel::telegram, "5120035", kNow + 1h);
  reports.set_status(b, "confirmed", Channel::telegram, "5120035", kNow + 1h);
  reports.set_status(c, "confirmed", Channel::telegram, "5120035", kNow + 1h);
  EXPECT_EQ(this->summary_submissions(), 2);

  const auto communes = reports.totals("son-la", kQ4, false);
  ASSERT_EQ(communes.size(), 2u);
  EXPECT_EQ(communes[0].commune, "03664");
  EXPECT_EQ(value(communes[0], "huongdan"), 25 + 14 + 5);
  EXPECT_EQ(value(communes[0], "buoi"), 2);
  EXPECT_EQ(value(communes[0], "tailieu"), 0);  // named with 0: shown as 0
  EXPECT_EQ(communes[1].commune, "03700");
  EXPECT_EQ(value(communes[1], "huongdan"), 40);
  // One commune; a month inside the quarter sees only the month's report.
  EXPECT_EQ(reports.totals("son-la", kQ4, false, "03700").size(), 1u);
  const auto nov = reports.totals("son-la", kNov, false);
  ASSERT_EQ(nov.size(), 1u);
  EXPECT_EQ(value(nov[0], "huongdan"), 5);
  EXPECT_TRUE(reports.totals("lao-cai", kQ4, false).empty());
  EXPECT_EQ(value(reports.totals("son-la", kYear, false, "03664").at(0), "huongdan"), 44);

  const auto villages = reports.totals("son-la", kQ4, true, "03664");
  ASSERT_EQ(villages.size(), 2u);
  EXPECT_EQ(villages[0].village_key, "ban hun");
  EXPECT_EQ(villages[0].village, "Bản Hụn");
  EXPECT_EQ(value(villages[0], "huongdan"), 14);
  EXPECT_EQ(villages[1].village_key, "ban mong");
  EXPECT_EQ(value(villages[1], "huongdan"), 30);
  EXPECT_EQ(reports.totals("son-la", kQ4, true).size(), 3u);

  // Who reported: for the quarter, and for the year only reports ending in its last quarter.
  EXPECT_EQ(reports.reported("son-la", "03664", kQ4), (std::set<std::string>{"ban hun", "ban mong"}));
  EXPECT_EQ(reports.reported("son-la", "03700", kQ4), (std::set<std::string>{""}));
  EXPECT_EQ(reports.reported("son-la", "03664", kYear), (std::set<std::string>{"ban hun", "ban mong"}));
  EXPECT_TRUE(reports.reported("son-la", "03664", *Period::parse("2025-Q3")).empty());
}

TYPED_TEST(ReportStoreTest, ACorrectionAndAWithdrawalLeaveTheSummaryAsARecountWouldFindIt) {
  auto& reports = this->reports();
  const auto a = reports.create(report(kQ4, kTwoVillages, "03664", "881"), kNow);
  reports.set_status(a, "confirmed", Channel::telegram, "5120035", kNow + 1h);
  // "Sửa: Bản Mòng 30 người" — the edit replaces both rows with one; the feature passes
  // the status it found (reports.cpp reads the submission, then changes its rows).
  auto fixed = *reports.find(a);
  fixed.rows = {{"Bản Mòng", "ban mong", {{"huongdan", 30}}}};
  reports.correct(fixed, Channel::telegram, "5120034", kNow + 2h);
  auto s = reports.find(a);
  ASSERT_TRUE(s);
  EXPECT_EQ(s->status, "confirmed");
  ASSERT_EQ(s->rows.size(), 1u);
  auto totals = reports.totals("son-la", kQ4, false);
  ASSERT_EQ(totals.size(), 1u);
  EXPECT_EQ(value(totals[0], "huongdan"), 30);
  EXPECT_EQ(value(totals[0], "buoi"), -1);  // no longer named by any confirmed row
  EXPECT_EQ(reports.reported("son-la", "03664", kQ4), (std::set<std::string>{"ban mong"}));
  EXPECT_EQ(this->summary_submissions(), 1);

  reports.set_status(a, "withdrawn", Channel::telegram, "5120034", kNow + 3h);
  EXPECT_TRUE(reports.totals("son-la", kQ4, false).empty());
  EXPECT_TRUE(reports.totals("son-la", kQ4, true).empty());
  EXPECT_TRUE(reports.reported("son-la", "03664", kQ4).empty());
  EXPECT_EQ(this->summary_rows(), 0);  // rows whose count fell to 0 are deleted
  EXPECT_FALSE(reports.latest(kGroup, "5120034"));
  EXPECT_FALSE(reports.by_message(kGroup, "881"));
  EXPECT_EQ(reports.audit(a), (std::vector<std::pair<std::string, std::string>>{{"created", "5120034"},
                                                                              {"confirmed", "5120035"},
                                                                              {"corrected", "5120034"},
                                                                              {"withdrawn", "5120034"}}));
  EXPECT_EQ(this->b().count("SELECT count(*) FROM report_audit WHERE action = 'corrected' AND before LIKE "
                            "'%huongdan=25;buoi=2%' AND after LIKE '%huongdan=30%'"),
            1);
}

TYPED_TEST(ReportStoreTest, TargetsAreSetPerPeriodAndReplaced) {
  auto& reports = this->reports();
  reports.set_target("son-la", Target{"03664", "", "", "huongdan", 200}, kQ4, "telegram:5120035", kNow);
  reports.set_target("son-la", Target{"03664", "ban mong", "Bản Mòng", "huongdan", 60}, kQ4, "cli", kNow);
  reports.set_target("son-la", Target{"03664", "", "", "buoi", 6}, kQ4, "cli", kNow);
  reports.set_target("son-la", Target{"03700", "", "", "huongdan", 150}, kQ4, "cli", kNow);
  reports.set_target("son-la", Target{"03664", "", "", "huongdan", 240}, kQ4, "cli", kNow + 1h);  // replaced
  reports.set_target("son-la", Target{"03664", "", "", "huongdan", 80}, kNov, "cli", kNow);
  const auto q4 = reports.targets("son-la", kQ4, "03664");
  ASSERT_EQ(q4.size(), 3u);
  EXPECT_EQ(q4[0].village_key, "");
  EXPECT_EQ(q4[0].indicator, "buoi");
  EXPECT_EQ(q4[1].indicator, "huongdan");
  EXPECT_EQ(q4[1].value, 240);
  EXPECT_EQ(q4[2].village_key, "ban mong");
  EXPECT_EQ(q4[2].village, "Bản Mòng");
  EXPECT_EQ(reports.targets("son-la", kQ4).size(), 4u);
  EXPECT_EQ(reports.targets("son-la", kNov).size(), 1u);
  EXPECT_TRUE(reports.targets("lao-cai", kQ4).empty());
}

TYPED_TEST(ReportStoreTest, AReminderIsMarkedOncePerGroupPeriodAndDeadline) {
  auto& reports = this->reports();
  EXPECT_FALSE(reports.reminder_sent(kGroup, kQ4, "2026-01-08"));
  reports.mark_reminder(kGroup, kQ4, "2026-01-08", kNow);
  reports.mark_reminder(kGroup, kQ4, "2026-01-08", kNow + 1h);
  EXPECT_TRUE(reports.reminder_sent(kGroup, kQ4, "2026-01-08"));
  EXPECT_FALSE(reports.reminder_sent(kGroup, kQ4, "2026-01-05"));
  EXPECT_FALSE(reports.reminder_sent(kGroup, kNov, "2026-01-08"));
  EXPECT_EQ(this->b().count("SELECT sent_at FROM report_reminders"), 1764979200000);
}

// PostgreSQL only: several store threads (or nodes) on one database.
class ReportStorePgRace : public ::testing::Test {
 protected:
  void SetUp() override {
    auto* cluster = testing::PgCluster::shared();
    if (cluster == nullptr) GTEST_SKIP() << testing::PgCluster::why_not();
    url_ = cluster->create_database();
    pg::Db db(url_);
    pg::migrate(db);
    owner_.emplace(dir_ / "owner.db");
  }
  std::string url_;
  testing::TempDir dir_;
  std::optional<Store> owner_;  // the handle a ReportStore names (see ReportStoreTest)
};

TEST_F(ReportStorePgRace, TeamsReportingAtOnceGetNumbersNoOneElseGot) {
  constexpr int kNodes = 3, kEach = 20;
  std::vector<std::thread> nodes;
  for (int n = 0; n < kNodes; ++n) {
    nodes.emplace_back([&, n] {
      pg::Db db(url_);
      auto reports = make_pg_report_store(*owner_, db);
      for (int i = 0; i < kEach; ++i) {
        pg::Transaction tx(db);
        reports->create(report(kQ4, {{"", "", {{"huongdan", i}}}}, "0" + std::to_string(3600 + n)), kNow);
        tx.commit();
      }
    });
  }
  for (auto& t : nodes) t.join();
  pg::Db db(url_);
  auto q = db.query("SELECT count(DISTINCT submission), max(submission) FROM reports");
  ASSERT_TRUE(q.step());
  EXPECT_EQ(q.integer(0), kNodes * kEach);
  EXPECT_EQ(q.integer(1), kNodes * kEach);  // nothing rolled back: no gap either
}

TEST_F(ReportStorePgRace, TwoOfficersConfirmingTheSameReportAtOnceCountItOnce) {
  std::vector<std::int64_t> numbers;
  {
    pg::Db db(url_);
    auto reports = make_pg_report_store(*owner_, db);
    for (int i = 0; i < 8; ++i) numbers.push_back(reports->create(report(kQ4, kTwoVillages), kNow));
  }
  for (const auto number : numbers) {
    std::vector<std::thread> officers;
    for (const char* officer : {"5120035", "5120036"}) {
      officers.emplace_back([&, number, officer] {
        pg::Db db(url_);
        auto reports = make_pg_report_store(*owner_, db);
        pg::Transaction tx(db);
        reports->set_status(number, "confirmed", Channel::telegram, officer, kNow + 1h);
        tx.commit();
      });
    }
    for (auto& t : officers) t.join();
  }
  pg::Db db(url_);
  auto reports = make_pg_report_store(*owner_, db);
  const auto totals = reports->totals("son-la", kQ4, false);
  ASSERT_EQ(totals.size(), 1u);
  EXPECT_EQ(value(totals[0], "huongdan"), 8 * (25 + 14));
  EXPECT_EQ(value(totals[0], "buoi"), 8 * 2);
  auto q = db.query("SELECT SUM(n) FROM report_submissions");
  ASSERT_TRUE(q.step());
  EXPECT_EQ(q.integer(0), 8);
}

}  // namespace
}  // namespace hocvuso::reports
