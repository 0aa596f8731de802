// The reports' per-period summary (migration 12: report_sums, report_villages,
// report_submissions) against a recount of the reports themselves, after generated
// sequences of report changes: create (pending or confirmed), confirm, withdraw, back to
// pending, correct (new figures, villages, period or commune). Also the migration's
// rebuild path on a database that already holds reports.
#include <SQLiteCpp/SQLiteCpp.h>
#include <gtest/gtest.h>

#include <random>

#include "bot/store/migrations.hpp"
#include "bot/store/store.hpp"
#include "flows/dashboard/dashboard_store.hpp"
#include "flows/reports/report_store.hpp"
#include "support/temp_dir.hpp"

namespace hocvuso::reports {
namespace {

using hocvuso::testing::TempDir;

const std::vector<std::string> kCommunes = {"03664", "03808", "03721", "03700"};
const std::vector<std::string> kPeriods = {"2026-01", "2026-02", "2026-04", "2026-Q1", "2026-Q2", "2026-Q3",
                                           "2026-H1", "2026", "2025-Q4", "2025-12"};
const std::vector<std::string> kIndicators = {"huongdan", "buoi", "vneid", "dvc"};

// What the summary must equal: the reports read one by one, as before migration 12.
struct Recount {
  std::map<std::string, Counts> totals;                  // commune -> figures
  std::map<std::string, std::set<std::string>> villages;  // commune -> village keys
  std::map<std::string, int> submissions;                 // commune -> confirmed submissions
};

Recount recount(SQLite::Database& db, const Period& p) {
  Recount r;
  SQLite::Statement q(db, "SELECT commune, village_key, figures, submission FROM reports WHERE province = 'son-la' "
                          "AND status = 'confirmed' AND period_start >= ? AND period_end <= ?");
  q.bind(1, day_number(p.first_day()));
  q.bind(2, day_number(p.last_day()));
  std::map<std::string, std::set<long long>> subs;
  while (q.executeStep()) {
    const std::string commune = q.getColumn(0).getString();
    auto& t = r.totals[commune];
    decode_figures(q.getColumn(2).getString(), [&t](std::string_view id, long long v) { t[std::string(id)] += v; });
    subs[commune].insert(q.getColumn(3).getInt64());
  }
  for (const auto& [c, s] : subs) r.submissions[c] = static_cast<int>(s.size());
  SQLite::Statement v(db, "SELECT DISTINCT commune, village_key FROM reports WHERE province = 'son-la' AND "
                          "status = 'confirmed' AND period_start >= ? AND period_end <= ? AND period_end >= ?");
  v.bind(1, day_number(p.first_day()));
  v.bind(2, day_number(p.last_day()));
  v.bind(3, day_number(last_quarter(p).first_day()));
  while (v.executeStep()) r.villages[v.getColumn(0).getString()].insert(v.getColumn(1).getString());
  return r;
}

Submission random_submission(std::mt19937& rng, std::int64_t number) {
  auto pick = [&rng](const auto& list) { return list[rng() % list.size()]; };
  Submission s;
  s.number = number;
  s.chat = ChatRef{Channel::telegram, "g" + std::to_string(rng() % 5)};
  s.author_id = "u" + std::to_string(rng() % 7);
  s.province = "son-la";
  s.commune = pick(kCommunes);
  s.period = *Period::parse(pick(kPeriods));
  s.status = rng() % 2 == 0 ? "pending" : "confirmed";
  const int villages = 1 + static_cast<int>(rng() % 3);
  for (int v = 0; v < villages; ++v) {
    ReportRow row;
    const int key = static_cast<int>(rng() % 4);  // 0: commune-wide
    row.village_key = key == 0 ? "" : "ban " + std::to_string(key);
    row.village = key == 0 ? "" : "Bản " + std::to_string(key);
    for (const auto& id : kIndicators) {
      if (rng() % 3 != 0) row.figures.emplace_back(id, static_cast<long long>(rng() % 50));  // 0 happens too
    }
    s.rows.push_back(std::move(row));
  }
  return s;
}

void expect_summary_is_recount(Store& store, const std::string& when) {
  auto& rs = ReportStore::of(store);
  for (const auto& key : kPeriods) {
    const Period p = *Period::parse(key);
    const Recount want = recount(store.database(), p);
    std::map<std::string, Counts> got;
    for (auto& t : rs.totals("son-la", p, false)) {
      EXPECT_TRUE(t.village_key.empty() && t.village.empty());
      EXPECT_FALSE(got.contains(t.commune)) << "one total per commune";
      got[t.commune] = t.values;
    }
    EXPECT_EQ(got, want.totals) << when << ", period " << key;
    const auto counts = dashboard::DashboardStore::of(store).commune_counts("son-la", day_number(p.first_day()),
                                                                           day_number(p.last_day()));
    std::map<std::string, int> submissions;
    for (const auto& [c, n] : counts) {
      if (n.confirmed > 0) submissions[c] = n.confirmed;
    }
    EXPECT_EQ(submissions, want.submissions) << when << ", period " << key;
    for (const auto& c : kCommunes) {
      const auto w = want.villages.find(c);
      EXPECT_EQ(rs.reported("son-la", c, p), w == want.villages.end() ? std::set<std::string>{} : w->second)
          << when << ", period " << key << ", commune " << c;
      // One commune asked alone gives the same as its share of the province.
      const auto one = rs.totals("son-la", p, false, c);
      const auto wc = want.totals.find(c);
      if (wc == want.totals.end()) {
        EXPECT_TRUE(one.empty());
      } else {
        ASSERT_EQ(one.size(), 1u);
        EXPECT_EQ(one.front().values, wc->second);
      }
    }
  }
}

// Every row of the three tables, to compare the kept summary with a rebuilt one.
std::vector<std::string> summary_rows(SQLite::Database& db) {
  std::vector<std::string> out;
  for (const char* sql : {"SELECT * FROM report_sums ORDER BY 1, 2, 3, 4, 5",
                          "SELECT * FROM report_villages ORDER BY 1, 2, 3, 4, 5",
                          "SELECT * FROM report_submissions ORDER BY 1, 2, 3, 4"}) {
    SQLite::Statement q(db, sql);
    while (q.executeStep()) {
      std::string row = sql;
      for (int i = 0; i < q.getColumnCount(); ++i) row += "|" + q.getColumn(i).getString();
      out.push_back(row);
    }
  }
  return out;
}

class ReportSummary : public ::testing::TestWithParam<unsigned> {};

TEST_P(ReportSummary, EqualsARecountAfterRandomChanges) {
  TempDir dir;
  Store store(dir.path() / "summary.db");
  auto& rs = ReportStore::of(store);
  std::mt19937 rng(GetParam());
  const TimePoint now{};
  std::vector<std::int64_t> numbers;
  // Changes in transactions of 25, as the store thread makes them (and fast: no sync per change).
  store.begin();
  for (int step = 0; step < 200; ++step) {
    const unsigned op = numbers.empty() ? 0 : rng() % 6;
    const std::string what = "step " + std::to_string(step) + " op " + std::to_string(op);
    if (op <= 1) {
      numbers.push_back(rs.create(random_submission(rng, 0), now));
    } else {
      const std::int64_t n = numbers[rng() % numbers.size()];
      if (op == 2) rs.set_status(n, "confirmed", Channel::telegram, "lead", now);
      if (op == 3) rs.set_status(n, "withdrawn", Channel::telegram, "lead", now);
      if (op == 4) rs.set_status(n, "pending", Channel::telegram, "lead", now);
      if (op == 5) {
        // A correction keeps the number and status; figures, villages, period, even the commune change.
        Submission after = random_submission(rng, n);
        after.status = rs.find(n)->status;
        rs.correct(after, Channel::telegram, "lead", now);
      }
    }
    if (step % 25 == 24) {
      store.commit();
      expect_summary_is_recount(store, what);
      store.begin();
    }
    if (::testing::Test::HasFailure()) return;
  }
  store.commit();
  expect_summary_is_recount(store, "at the end");
  SQLite::Statement confirmed(store.database(), "SELECT count(*) FROM reports WHERE status = 'confirmed'");
  ASSERT_TRUE(confirmed.executeStep());
  EXPECT_GT(confirmed.getColumn(0).getInt(), 20) << "the sequence confirmed enough to mean something";

  // The migration's rebuild, on the same reports, gives the same tables as the kept summary.
  const auto kept = summary_rows(store.database());
  EXPECT_FALSE(kept.empty());
  {
    // Another connection, as the migration would run: the store's own keeps its statements
    // on these tables prepared (sqlite_db.hpp), which a DROP on it would refuse.
    SQLite::Database db(dir.path() / "summary.db", SQLite::OPEN_READWRITE);
    db.exec("DROP TABLE report_sums; DROP TABLE report_villages; DROP TABLE report_submissions");
    const auto& list = migrations();
    const auto v12 = std::find_if(list.begin(), list.end(), [](const Migration& m) { return m.version == 12; });
    ASSERT_NE(v12, list.end());
    db.exec(v12->sql);
    EXPECT_EQ(summary_rows(db), kept);
  }
  expect_summary_is_recount(store, "after the rebuild");
}

INSTANTIATE_TEST_SUITE_P(Seeds, ReportSummary, ::testing::Values(1u, 7u, 42u, 2026u, 31337u));

}  // namespace
}  // namespace hocvuso::reports
