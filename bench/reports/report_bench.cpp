// Aggregating stored team reports into a province's quarterly CSV: N confirmed
// reports (default 1,000,000) of Sơn La's communes and villages in 2026-Q3, then
// `hocvuso report --period 2026-Q3 --format csv` as the CLI computes it
// (summarize + to_csv, from the per-period summary since migration 12), best of several
// runs. Beside it, the floor of the old way: reading the same rows with one SELECT and
// nothing else.
//
//   build-bench/hocvuso_report_bench [--reports N] [--runs R]
#include <SQLiteCpp/SQLiteCpp.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <iostream>
#include <string>
#include <vector>

#include "bench/options.hpp"
#include "bench/reports/report_rows.hpp"
#include "bot/app/runtime.hpp"
#include "bot/content/content.hpp"
#include "bot/store/migrations.hpp"
#include "bot/store/store.hpp"
#include "flows/groups/places.hpp"
#include "flows/reports/report_content.hpp"
#include "flows/reports/summary.hpp"

namespace {

using namespace hocvuso;
using Clock = std::chrono::steady_clock;
using bench::ms_since;
using bench::rebuild_summary;


}  // namespace

int main(int argc, char** argv) {
  long n = 1'000'000;
  int runs = 5;
  try {
    bench::parse_options(argc, argv, "usage: hocvuso_report_bench [--reports N] [--runs N]",
                         [&](const std::string& a, const std::string& v) {
                           if (a == "--reports") n = std::stol(v);
                           else if (a == "--runs") runs = std::stoi(v);
                           else return false;
                           return true;
                         });
  } catch (const std::invalid_argument& e) {
    std::fprintf(stderr, "hocvuso_report_bench: %s\n", e.what());
    return 2;
  }
  const auto dir = std::filesystem::temp_directory_path() / ("hocvuso-report-bench-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  {
    const auto content = load_content(std::filesystem::path(HOCVUSO_SOURCE_DIR) / "content", content_spec());
    const auto& places = content.get<groups::Places>();
    const auto& indicators = content.get<reports::ReportContent>();
    const auto& province = *places.province("son-la");
    auto t0 = Clock::now();
    {
      Store filling(dir / "bench.db");
      bench::fill_reports(filling.database(), province, n);
    }
    std::printf("stored %ld confirmed reports of %s (%zu communes, 8 villages each) in %.0f ms\n", n,
                province.name.c_str(), province.communes.size(), ms_since(t0));
    std::printf("migration 12 rebuilt the per-period summary in %.0f ms\n", rebuild_summary(dir / "bench.db"));
    Store store(dir / "bench.db");

    const reports::SummaryQuery query{"son-la", *reports::Period::parse("2026-Q3"), "", false};
    std::vector<double> ours, floor;
    std::size_t csv_bytes = 0;
    for (int r = 0; r < runs; ++r) {
      t0 = Clock::now();
      auto& rs = reports::ReportStore::of(store);
      const std::string csv = reports::to_csv(reports::summarize(rs, places, indicators, query), indicators);
      ours.push_back(ms_since(t0));
      csv_bytes = csv.size();

      t0 = Clock::now();
      SQLite::Statement q(store.database(),
                          "SELECT commune, village_key, village, figures FROM reports WHERE province = 'son-la' AND "
                          "status = 'confirmed' AND period_start >= 20260701 AND period_end <= 20260930");
      std::size_t bytes = 0;
      while (q.executeStep()) bytes += static_cast<std::size_t>(q.getColumn(3).getBytes());
      floor.push_back(ms_since(t0));
      if (bytes == 0) std::printf("no rows read\n");
    }
    std::sort(ours.begin(), ours.end());
    std::sort(floor.begin(), floor.end());
    std::printf("quarterly CSV (2026-Q3, %zu bytes): best %.0f ms, median %.0f ms over %d runs (target < 1000 ms)\n",
                csv_bytes, ours.front(), ours[ours.size() / 2], runs);
    std::printf("floor, reading the same rows only:  best %.0f ms, median %.0f ms\n", floor.front(),
                floor[floor.size() / 2]);
  }
  std::filesystem::remove_all(dir);
  return 0;
}
