// The dashboard's province overview on a big database (issue 22): N confirmed reports
// (default 1,000,000) of one province's communes and villages in 2026-Q3, written
// straight into the reports table as an older database holds them; the per-period
// summary rebuilt from them by migration 12's own SQL; then, in one run:
//   - GET /dashboard/tongquan for the province and quarter from a real `hocvuso serve`
//     (Service) over loopback, signed in as a province officer: the whole server side
//     (HTTP, session, summary, reported communes, counts, HTML) and the client's read;
//   - `hocvuso report --period 2026-Q3 --format csv` as the CLI computes it
//     (summarize + to_csv) on the same data;
//   - the recount the summary replaces: every report row of the period read and added
//     up (ReportStore::totals by village, which still reads the reports).
// Best and median of several runs.
//
//   build/hocvuso_overview_bench [--reports N] [--province son-la|thanh-hoa|…] [--runs R]
#include <SQLiteCpp/SQLiteCpp.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <string>
#include <vector>

#include "bench/options.hpp"
#include "bench/reports/report_rows.hpp"
#include "bot/app/runtime.hpp"
#include "bot/app/service.hpp"
#include "bot/content/content.hpp"
#include "bot/crypto/digest.hpp"
#include "bot/store/migrations.hpp"
#include "bot/store/store.hpp"
#include "flows/dashboard/dashboard_store.hpp"
#include "flows/dashboard/sign_in.hpp"
#include "flows/groups/places.hpp"
#include "flows/reports/report_content.hpp"
#include "flows/reports/summary.hpp"
#include "flows/roles/roles.hpp"
#include "support/raw_http.hpp"

namespace {

using namespace hocvuso;
using Clock = std::chrono::steady_clock;
using bench::ms_since;
using bench::rebuild_summary;


struct Stats {
  std::vector<double> ms;
  void add(double v) { ms.push_back(v); }
  double best() { std::sort(ms.begin(), ms.end()); return ms.front(); }
  double median() { std::sort(ms.begin(), ms.end()); return ms[ms.size() / 2]; }
};

}  // namespace

int main(int argc, char** argv) {
  long n = 1'000'000;
  int runs = 7;
  std::string province_id = "son-la";
  try {
    bench::parse_options(argc, argv, "usage: hocvuso_overview_bench [--reports N] [--province ID] [--runs N]",
                         [&](const std::string& a, const std::string& v) {
                           if (a == "--reports") n = std::stol(v);
                           else if (a == "--runs") runs = std::max(1, std::stoi(v));
                           else if (a == "--province") province_id = v;
                           else return false;
                           return true;
                         });
  } catch (const std::invalid_argument& e) {
    std::fprintf(stderr, "hocvuso_overview_bench: %s\n", e.what());
    return 2;
  }
  const auto dir = std::filesystem::temp_directory_path() / ("hocvuso-overview-bench-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  const auto content_dir = std::filesystem::path(HOCVUSO_SOURCE_DIR) / "content";
  const auto content = load_content(content_dir, content_spec());
  const auto& places = content.get<groups::Places>();
  const auto* province = places.province(province_id);
  if (province == nullptr) {
    std::fprintf(stderr, "hocvuso_overview_bench: no province %s in content/places\n", province_id.c_str());
    return 2;
  }
  const auto period = *reports::Period::parse("2026-Q3");
  const std::string secret = crypto::random_hex(dashboard::kSecretBytes);
  {
    {
      Store store(dir / "bench.db");
      const auto t0 = Clock::now();
      bench::fill_reports(store.database(), *province, n);
      bench::fill_earlier_quarters(store.database(), *province, 5);
      std::printf("stored %ld confirmed reports of %s (%zu communes, 8 villages each) in %.0f ms, and one a village "
                  "for each of the 5 quarters before (the overview's line of past periods)\n",
                  n, province->name.c_str(), province->communes.size(), ms_since(t0));
    }
    std::printf("migration 12 rebuilt the per-period summary from them in %.0f ms\n", rebuild_summary(dir / "bench.db"));
    Store store(dir / "bench.db");
    const auto now = std::chrono::system_clock::now();
    roles::RoleStore::of(store).grant(
        roles::Grant{Channel::console, "bench", roles::Role::officer, roles::Scope{province->id, ""}}, now);
    dashboard::DashboardStore::of(store).add_session(crypto::sha256_hex(secret), {Channel::console, "bench"}, now);
  }

  Stats page, report, recount;
  std::size_t page_bytes = 0, csv_bytes = 0;
  {
    Config c;
    c.listen_port = 0;
    c.db = dir / "bench.db";
    c.content = content_dir;
    c.log_level = "warn";
    c.shutdown_grace_seconds = 1;
    Service service(c);
    const auto port = service.start();
    const std::string request = "GET /dashboard/tongquan?province=" + province->id + "&period=" + period.key() +
                                " HTTP/1.1\r\nHost: 127.0.0.1\r\nCookie: hocvuso_session=" + secret +
                                "\r\nConnection: close\r\n\r\n";
    for (int r = 0; r <= runs; ++r) {
      const auto t0 = Clock::now();
      hocvuso::testing::RawConnection conn(port, 30);
      conn.send(request);
      const auto response = conn.read_response();
      const double ms = ms_since(t0);
      if (response.status != 200) {
        std::fprintf(stderr, "overview answered %d\n", response.status);
        return 1;
      }
      page_bytes = response.body.size();
      if (r > 0) page.add(ms);  // the first request warms the caches
    }
    service.shutdown();
  }
  {
    Store store(dir / "bench.db");
    const auto& indicators = content.get<reports::ReportContent>();
    auto& rs = reports::ReportStore::of(store);
    const reports::SummaryQuery query{province->id, period, "", false};
    for (int r = 0; r <= runs; ++r) {
      auto t0 = Clock::now();
      const std::string csv = reports::to_csv(reports::summarize(rs, places, indicators, query), indicators);
      if (r > 0) report.add(ms_since(t0));
      csv_bytes = csv.size();
      t0 = Clock::now();
      const auto by_village = rs.totals(province->id, period, true);
      if (r > 0) recount.add(ms_since(t0));
      if (by_village.empty()) std::printf("no rows added up\n");
    }
  }
  std::printf("%s, %s, %ld reports (%d runs; best / median):\n", province->name.c_str(), period.key().c_str(), n, runs);
  std::printf("  overview page GET /dashboard/tongquan (%zu communes, %zu bytes): %.1f / %.1f ms (target < 50 ms)\n",
              province->communes.size(), page_bytes, page.best(), page.median());
  std::printf("  hocvuso report --format csv (%zu bytes):                 %.1f / %.1f ms\n", csv_bytes, report.best(),
              report.median());
  std::printf("  recount of every report row (what the summary replaces): %.1f / %.1f ms\n", recount.best(),
              recount.median());
  std::filesystem::remove_all(dir);
  return 0;
}
