// The reports both report benches fill (bench/reports/report_bench.cpp for `hocvuso
// report`, overview_bench.cpp for the dashboard's overview), so their figures are of the
// same data.
#pragma once

#include <SQLiteCpp/SQLiteCpp.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <stdexcept>
#include <string>

#include "bot/store/migrations.hpp"
#include "flows/groups/places.hpp"

namespace hocvuso::bench {

inline double ms_since(std::chrono::steady_clock::time_point t0) {
  return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
}

// Deterministic rows, the same every run: 8 villages a commune, the quarter's three
// months and the quarter itself as report periods, written straight into the reports
// table as a database from before migration 12 holds them.
// A confirmed report row: submission, chat, author, province, commune, village, village
// key, period key, start, end, figures.
inline SQLite::Statement insert_report(SQLite::Database& db) {
  return SQLite::Statement(db,
                           "INSERT INTO reports (submission, channel, chat_id, author_id, province, commune, village, "
                           "village_key, period, period_start, period_end, figures, status, created_at, updated_at) "
                           "VALUES (?, 'telegram', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'confirmed', 0, 0)");
}

inline void fill_reports(SQLite::Database& db, const groups::Province& province, long n) {
  SQLite::Transaction tx(db);
  SQLite::Statement q = insert_report(db);
  const char* periods[][3] = {{"2026-07", "20260701", "20260731"},
                              {"2026-08", "20260801", "20260831"},
                              {"2026-09", "20260901", "20260930"},
                              {"2026-Q3", "20260701", "20260930"}};
  unsigned seed = 12345;
  auto next = [&seed] { return seed = seed * 1103515245u + 12345u, (seed >> 16) & 0x7fff; };
  const std::size_t communes = province.communes.size();
  for (long i = 0; i < n; ++i) {
    const auto& c = province.communes[static_cast<std::size_t>(i) % communes];
    const int village = static_cast<int>(next() % 8);
    const auto& p = periods[next() % 4];
    std::string figures = "huongdan=" + std::to_string(next() % 40) + ";buoi=" + std::to_string(next() % 4) +
                          ";vneid=" + std::to_string(next() % 15);
    if (i % 3 == 0) figures += ";dvc=" + std::to_string(next() % 10);
    q.reset();
    q.bind(1, static_cast<std::int64_t>(i + 1));
    std::string chat = "g-";
    chat += c.id;
    std::string author = "u";
    author += std::to_string(i % 997);
    q.bind(2, chat);
    q.bind(3, author);
    q.bind(4, province.id);
    q.bind(5, c.id);
    q.bind(6, "Bản " + std::to_string(village + 1));
    q.bind(7, "ban " + std::to_string(village + 1));
    q.bind(8, p[0]);
    q.bind(9, std::stoi(p[1]));
    q.bind(10, std::stoi(p[2]));
    q.bind(11, figures);
    q.exec();
  }
  tx.commit();
}

// The quarters before 2026-Q3 (2026-Q2, Q1, 2025-Q4, …): one quarterly report per village
// each, so the overview's line of past periods reads summary rows as a province holds them.
inline void fill_earlier_quarters(SQLite::Database& db, const groups::Province& province, int quarters) {
  SQLite::Transaction tx(db);
  SQLite::Statement q = insert_report(db);
  std::int64_t submission = 1'000'000'000;
  int year = 2026, quarter = 3;
  for (int k = 0; k < quarters; ++k) {
    if (--quarter == 0) quarter = 4, --year;
    const int first_month = 3 * (quarter - 1) + 1;
    const int start = year * 10000 + first_month * 100 + 1;
    const int last_day[] = {31, 30, 30, 31};  // of March, June, September, December
    const int end = year * 10000 + (first_month + 2) * 100 + last_day[quarter - 1];
    for (const auto& c : province.communes) {
      for (int village = 1; village <= 8; ++village) {
        q.reset();
        q.bind(1, ++submission);
        q.bind(2, "g-" + c.id);
        q.bind(3, "u1");
        q.bind(4, province.id);
        q.bind(5, c.id);
        q.bind(6, "Bản " + std::to_string(village));
        q.bind(7, "ban " + std::to_string(village));
        q.bind(8, std::to_string(year) + "-Q" + std::to_string(quarter));
        q.bind(9, start);
        q.bind(10, end);
        q.bind(11, "huongdan=" + std::to_string(20 + k * 3 + village) + ";buoi=2;vneid=" + std::to_string(5 + k));
        q.exec();
      }
    }
  }
  tx.commit();
}

// Migration 12's rebuild on the filled rows (its tables are dropped first: the store
// already created them, empty), on a connection of its own as the migration has.
inline double rebuild_summary(const std::filesystem::path& file) {
  SQLite::Database db(file, SQLite::OPEN_READWRITE);
  const auto t0 = std::chrono::steady_clock::now();
  db.exec("DROP TABLE report_sums; DROP TABLE report_villages; DROP TABLE report_submissions");
  const auto& list = migrations();
  const auto v12 = std::find_if(list.begin(), list.end(), [](const Migration& m) { return m.version == 12; });
  if (v12 == list.end()) throw std::runtime_error("no migration 12");
  SQLite::Transaction tx(db);
  db.exec(v12->sql);
  tx.commit();
  return ms_since(t0);
}

}  // namespace hocvuso::bench
