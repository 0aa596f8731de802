// Figures of one target (rates, latency percentiles, failures) and the table that compares them.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace hocvuso::bench {

struct Latency {
  double p50_ms = 0;
  double p99_ms = 0;
};

// Percentiles of the given durations (nanoseconds); zeros when empty.
Latency percentiles(std::vector<std::int64_t> durations_ns);

// What a target run as separate processes (`hocvuso serve` nodes, PostgreSQL) cost per measured update,
// over the measured run (its first POST to its last reply at the fake). CPU from /proc/<pid>/stat.
struct Cost {
  int nodes = 1;
  double seconds = 0;                // the measured run's length
  double hocvuso_cpu_ms = 0;         // every hocvuso serve process of the target
  std::optional<double> db_cpu_ms;   // the PostgreSQL server's processes
  double bench_cpu_ms = 0;           // the bench process: the load generator and the fake API
  std::optional<double> statements;  // statements the nodes ran (pg_stat_statements calls), each a round trip
  std::optional<double> commits;     // of them COMMITs: the transactions
};

struct Row {
  std::string name;
  std::string skipped;  // non-empty: the target could not run, and why
  std::size_t updates = 0;
  double ingest_per_s = 0;  // 200s per second, first POST to last 200
  Latency ingest;           // POST written -> its 200 read
  std::optional<double> e2e_per_s;  // replies per second, first POST to last reply at the fake
  std::optional<Latency> e2e;       // POST written -> its reply's sendMessage at the fake
  std::size_t errors = 0;           // non-200 answers, resets, time-outs
  std::size_t missing = 0;          // updates answered 200 whose reply never reached the fake
  std::size_t duplicates = 0;       // extra sendMessage calls to a chat
  std::size_t strays = 0;           // sendMessage to unknown chats, or calls to other methods
  std::optional<double> new_connections_per_1000;  // connections the fake accepted in the measured run, per 1,000 replies
  std::optional<Cost> cost;                        // per update; for targets run as processes
};

// The table, then hocvuso's ratios to the ceiling and to the faster peer, against the targets.
void print_report(const std::vector<Row>& rows);

}  // namespace hocvuso::bench
