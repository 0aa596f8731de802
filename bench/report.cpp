// Plain-text table on stdout; ratios computed from the rows named "ceiling", "hocvuso", "grammY", "Telegraf".
#include "bench/report.hpp"

#include <algorithm>
#include <cstdio>

namespace hocvuso::bench {

namespace {

double at(const std::vector<std::int64_t>& sorted, double q) {
  const auto i = static_cast<std::size_t>(q * static_cast<double>(sorted.size() - 1) + 0.5);
  return static_cast<double>(sorted[std::min(i, sorted.size() - 1)]) / 1e6;
}

const Row* find(const std::vector<Row>& rows, const std::string& name) {
  for (const auto& r : rows) {
    if (r.name == name && r.skipped.empty()) return &r;
  }
  return nullptr;
}

void print_row(const Row& r) {
  if (!r.skipped.empty()) {
    std::printf("%-11s | not run: %s\n", r.name.c_str(), r.skipped.c_str());
    return;
  }
  std::printf("%-11s | %9.0f | %8.2f | %8.2f |", r.name.c_str(), r.ingest_per_s, r.ingest.p50_ms, r.ingest.p99_ms);
  if (r.e2e) {
    std::printf(" %9.0f | %8.2f | %8.2f |", *r.e2e_per_s, r.e2e->p50_ms, r.e2e->p99_ms);
  } else {
    std::printf(" %9s | %8s | %8s |", "-", "-", "-");
  }
  std::printf(" %6zu | %7zu | %5zu | %6zu\n", r.errors, r.missing, r.duplicates, r.strays);
}

// Prints "what: a / b = x (target t: met|MISSED)".
void print_ratio(const char* what, double a, double b, double target) {
  const double ratio = b > 0 ? a / b : 0;
  std::printf("  %-44s %8.3f x   (target >= %.2f x: %s)\n", what, ratio, target, ratio >= target ? "met" : "MISSED");
}

// Issue 17's targets, end to end and in the same run: replies/s at least 2.0x the faster
// peer's and 25% of the ceiling, and a p99 no worse than the faster peer's. Ingest is
// printed beside them for reading, without a target.
void print_ratios(const std::vector<Row>& rows) {
  const Row* h = find(rows, "hocvuso");
  const Row* ceiling = find(rows, "ceiling");
  const Row* g = find(rows, "grammY");
  const Row* t = find(rows, "Telegraf");
  if (h == nullptr) return;
  std::printf("\nhocvuso against the targets (issue 17):\n");
  if (ceiling != nullptr) {
    print_ratio("end-to-end replies/s, hocvuso / ceiling", *h->e2e_per_s, ceiling->ingest_per_s, 0.25);
  }
  const Row* faster_ingest = (g && t) ? (g->ingest_per_s >= t->ingest_per_s ? g : t) : (g ? g : t);
  const Row* faster_e2e = (g && t) ? (*g->e2e_per_s >= *t->e2e_per_s ? g : t) : (g ? g : t);
  if (faster_ingest != nullptr) {
    const std::string b = "end-to-end replies/s, hocvuso / " + faster_e2e->name;
    print_ratio(b.c_str(), *h->e2e_per_s, *faster_e2e->e2e_per_s, 2.0);
    const double p99 = faster_e2e->e2e->p99_ms > 0 ? h->e2e->p99_ms / faster_e2e->e2e->p99_ms : 0.0;
    const std::string c = "end-to-end p99, hocvuso / " + faster_e2e->name;
    std::printf("  %-44s %8.3f x   (target <= 1.00 x: %s)\n", c.c_str(), p99, p99 <= 1.0 ? "met" : "MISSED");
    const std::string a = "ingest updates/s, hocvuso / " + faster_ingest->name;
    std::printf("  %-44s %8.3f x   (for reading; no target)\n", a.c_str(),
                faster_ingest->ingest_per_s > 0 ? h->ingest_per_s / faster_ingest->ingest_per_s : 0.0);
  } else {
    std::printf("  no peer ran: no ratio to a peer\n");
  }
}

// Connection reuse (issue 17): TCP connections the fake API accepted during the measured run.
void print_connections(const std::vector<Row>& rows) {
  std::printf("\nnew connections to the fake API per 1,000 replies, measured run (target for hocvuso <= 1):\n");
  for (const auto& r : rows) {
    if (!r.skipped.empty() || !r.new_connections_per_1000) continue;
    const bool ours = r.name.rfind("hocvuso", 0) == 0;
    std::printf("  %-11s %8.2f%s\n", r.name.c_str(), *r.new_connections_per_1000,
                ours ? (*r.new_connections_per_1000 <= 1.0 ? "   (met)" : "   (MISSED)") : "");
  }
}

void print_optional(std::optional<double> v, const char* format) {
  if (v) {
    std::printf(format, *v);
  } else {
    std::printf(" | %10s", "-");
  }
}

// CPU and round trips per update for the targets run as processes: on two shared cores, updates/s
// moves with whatever else runs, while what one update costs does not as much.
void print_costs(const std::vector<Row>& rows) {
  bool any = false;
  for (const auto& r : rows) any = any || (r.skipped.empty() && r.cost);
  if (!any) return;
  std::printf("\ncost per update over the measured run (CPU from /proc/<pid>/stat; statements from pg_stat_statements,\n"
              "each one round trip to the server; cores = all the CPU below over the run's wall time):\n");
  std::printf("%-11s | %5s | %10s | %10s | %10s | %10s | %10s | %10s | %5s\n", "target", "nodes", "hocvuso", "postgres",
              "both", "bench", "statements", "commits", "cores");
  std::printf("%-11s | %5s | %10s | %10s | %10s | %10s | %10s | %10s | %5s\n", "", "", "CPU ms", "CPU ms", "CPU ms",
              "CPU ms", "", "", "used");
  std::printf("%s\n", std::string(104, '-').c_str());
  for (const auto& r : rows) {
    if (!r.skipped.empty() || !r.cost) continue;
    const Cost& c = *r.cost;
    const double n = static_cast<double>(r.updates);
    std::printf("%-11s | %5d | %10.3f", r.name.c_str(), c.nodes, c.hocvuso_cpu_ms / n);
    print_optional(c.db_cpu_ms ? std::optional<double>(*c.db_cpu_ms / n) : std::nullopt, " | %10.3f");
    std::printf(" | %10.3f | %10.3f", (c.hocvuso_cpu_ms + c.db_cpu_ms.value_or(0)) / n, c.bench_cpu_ms / n);
    print_optional(c.statements ? std::optional<double>(*c.statements / n) : std::nullopt, " | %10.2f");
    print_optional(c.commits ? std::optional<double>(*c.commits / n) : std::nullopt, " | %10.2f");
    const double all = c.hocvuso_cpu_ms + c.db_cpu_ms.value_or(0) + c.bench_cpu_ms;
    std::printf(" | %5.2f\n", c.seconds > 0 ? all / 1000.0 / c.seconds : 0.0);
  }
}

}  // namespace

Latency percentiles(std::vector<std::int64_t> durations_ns) {
  if (durations_ns.empty()) return {};
  std::sort(durations_ns.begin(), durations_ns.end());
  return {at(durations_ns, 0.50), at(durations_ns, 0.99)};
}

void print_report(const std::vector<Row>& rows) {
  std::printf("\n%-11s | %9s | %8s | %8s | %9s | %8s | %8s | %6s | %7s | %5s | %6s\n", "target", "updates/s", "ing p50",
              "ing p99", "e2e /s", "e2e p50", "e2e p99", "errors", "missing", "dupes", "stray");
  std::printf("%-11s | %9s | %8s | %8s | %9s | %8s | %8s | %6s | %7s | %5s | %6s\n", "", "(200s)", "ms", "ms",
              "(replies)", "ms", "ms", "", "", "", "");
  std::printf("%s\n", std::string(112, '-').c_str());
  for (const auto& r : rows) print_row(r);
  print_ratios(rows);
  print_connections(rows);
  print_costs(rows);
}

}  // namespace hocvuso::bench
