// hocvuso_ingest_bench: signed Telegram updates posted over loopback to a bare Beast server (the ceiling), to
// hocvuso (dedupe and durable outbox on) and to grammY and Telegraf webhook bots, all replying to one fake API.
// With --backend postgres (issue 18 item 5): N `hocvuso serve` nodes on one PostgreSQL database, the load spread
// over them, beside one `hocvuso serve` on SQLite in the same run, with the CPU and round trips per update.
#include <sys/statfs.h>
#include <sys/utsname.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <functional>
#include <iostream>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "bench/disk_probe.hpp"
#include "bench/fake_api.hpp"
#include "bench/load.hpp"
#include "bench/loopback_server.hpp"
#include "bench/options.hpp"
#include "bench/peer_process.hpp"
#include "bench/pg_server.hpp"
#include "bench/proc_cpu.hpp"
#include "bench/report.hpp"
#include "bench/serve_process.hpp"
#include "bench/telegram_update.hpp"
#include "bot/app/service.hpp"
#include "bot/log/log.hpp"
#include "tests/support/test_ca.hpp"

namespace hocvuso::bench {
namespace {

constexpr const char* kToken = kTelegramToken;
constexpr const char* kSecret = kTelegramSecret;
constexpr const char* kPath = kTelegramPath;

struct Options {
  std::size_t updates = 20000;  // measured, per target
  std::size_t warmup = 2000;    // before each measured run, other chats
  int connections = 32;
  int threads = 1;  // hocvuso's HTTP I/O threads (its default)
  std::string only = "ceiling,hocvuso,hocvuso-tls,grammY,Telegraf";
  std::string backend = "sqlite";  // postgres: the targets sqlite-serve and postgres instead (unless --only)
  int nodes = 1;                   // hocvuso serve processes on the PostgreSQL database
  int store_threads = 0;           // each node's store_threads on PostgreSQL; 0: the service's default
  int rate = 100000;               // telegram.max_per_second of the serve targets (2000 with --backend postgres)
  int pg_top = 0;                  // print the PostgreSQL statements run most often
  bool analyze = true;             // ANALYZE the PostgreSQL database after the warm-up
  std::filesystem::path hocvuso = std::filesystem::path(HOCVUSO_BINARY_DIR) / "hocvuso";
  std::string node = "node";
  std::filesystem::path peers_dir = HOCVUSO_BENCH_PEERS_DIR;
  std::filesystem::path content = std::filesystem::path(HOCVUSO_SOURCE_DIR) / "content";
  std::filesystem::path db_dir = std::filesystem::temp_directory_path();
  std::chrono::seconds limit{120};  // per load run and per wait for replies
};

constexpr const char* kUsage =
    "usage: hocvuso_ingest_bench [--updates N] [--warmup N] [--connections C] [--threads T]\n"
    "                            [--only ceiling,hocvuso,hocvuso-tls,grammY,Telegraf] [--node PATH] [--peers-dir DIR]\n"
    "                            [--content DIR] [--db-dir DIR] [--backend sqlite|postgres] [--nodes 1|2|3]\n"
    "                            [--store-threads N]\n"
    "                            [--hocvuso PATH] [--rate R] [--pg-top N] [--pg-analyze on|off]\n"
    "--backend postgres runs the targets sqlite-serve (one `hocvuso serve` on SQLite) and postgres (--nodes\n"
    "`hocvuso serve` processes on one PostgreSQL 15 database the bench starts), the load spread over the nodes,\n"
    "and prints their CPU and database statements per update; --only may name them beside the others.";

Options parse(int argc, char** argv) {
  Options o;
  parse_options(argc, argv, kUsage, [&o](const std::string& a, const std::string& v) {
    if (a == "--updates") o.updates = std::stoul(v);
    else if (a == "--warmup") o.warmup = std::stoul(v);
    else if (a == "--connections") o.connections = std::stoi(v);
    else if (a == "--threads") o.threads = std::stoi(v);
    else if (a == "--only") o.only = v;
    else if (a == "--node") o.node = v;
    else if (a == "--peers-dir") o.peers_dir = v;
    else if (a == "--content") o.content = v;
    else if (a == "--db-dir") o.db_dir = v;
    else if (a == "--backend") o.backend = v;
    else if (a == "--nodes") o.nodes = std::stoi(v);
    else if (a == "--store-threads") o.store_threads = std::stoi(v);
    else if (a == "--hocvuso") o.hocvuso = v;
    else if (a == "--rate") o.rate = std::stoi(v);
    else if (a == "--pg-top") o.pg_top = std::stoi(v);
    else if (a == "--pg-analyze") o.analyze = v != "off";
    else return false;
    return true;
  });
  if (o.updates == 0 || o.connections < 1) throw std::invalid_argument("--updates and --connections must be positive");
  if (o.backend != "sqlite" && o.backend != "postgres") throw std::invalid_argument("--backend is sqlite or postgres");
  if (o.nodes < 1 || o.nodes > 16) throw std::invalid_argument("--nodes must be 1 to 16");
  const auto given = [&](const char* name) {
    for (int i = 1; i < argc; ++i) {
      if (std::string(argv[i]) == name) return true;
    }
    return false;
  };
  if (o.backend == "postgres") {
    // Under two minutes for three nodes on two cores.
    if (!given("--only")) o.only = "sqlite-serve,postgres";
    if (!given("--updates")) o.updates = 5000;
    if (!given("--warmup")) o.warmup = 500;
    // Shared rate limits cost PostgreSQL a row per slot (rate_slots): at 100000 a node takes them all
    // and renews them each second, which starves it (bench/README.md). 2000 is above what either
    // backend reaches here with the workload's distinct chats.
    if (!given("--rate")) o.rate = 2000;
  }
  return o;
}

bool wanted(const Options& o, const std::string& name) { return ("," + o.only + ",").find("," + name + ",") != std::string::npos; }

// ---- the workload -------------------------------------------------------------------------------------------

struct Workload {
  std::vector<std::string> warmup;    // chats 0 .. W-1
  std::vector<std::string> measured;  // chats W .. W+N-1
};

Workload make_workload(const Options& o) {
  Workload w;
  for (std::size_t k = 0; k < o.warmup; ++k) w.warmup.push_back(telegram_start_request(k));
  for (std::size_t k = 0; k < o.updates; ++k) w.measured.push_back(telegram_start_request(o.warmup + k));
  return w;
}

// ---- measuring one target ---------------------------------------------------------------------------------

// Waits until `expected` first replies have arrived, or nothing new came for 10 s, or the limit passed.
void wait_for_replies(const FakeApi& fake, std::size_t expected, std::chrono::seconds limit) {
  const auto deadline = std::chrono::steady_clock::now() + limit;
  auto last_progress = std::chrono::steady_clock::now();
  std::size_t seen = fake.replies();
  while (seen < expected && std::chrono::steady_clock::now() < deadline &&
         std::chrono::steady_clock::now() - last_progress < std::chrono::seconds(10)) {
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
    if (const auto now = fake.replies(); now != seen) {
      seen = now;
      last_progress = std::chrono::steady_clock::now();
    }
  }
}

void ingest_figures(Row& row, const LoadResult& load) {
  std::vector<std::int64_t> ingest;
  for (std::size_t i = 0; i < load.acked_ns.size(); ++i) {
    if (load.acked_ns[i] != 0) ingest.push_back(load.acked_ns[i] - load.sent_ns[i]);
  }
  row.updates = load.sent_ns.size();
  row.errors = load.errors;
  row.ingest = percentiles(std::move(ingest));
  const double seconds = static_cast<double>(load.end_ns - load.begin_ns) / 1e9;
  row.ingest_per_s = seconds > 0 ? static_cast<double>(load.ok) / seconds : 0;
  if (!load.first_error.empty()) std::printf("  first error: %s\n", load.first_error.c_str());
}

// End to end: update k's POST written -> the first sendMessage to its chat read by the fake.
void e2e_figures(Row& row, const LoadResult& load, const FakeApi& fake, std::size_t first_chat_index) {
  std::vector<std::int64_t> e2e;
  std::int64_t last = load.begin_ns;
  for (std::size_t i = 0; i < load.sent_ns.size(); ++i) {
    const std::int64_t arrived = fake.arrival(first_chat_index + i);
    if (arrived == 0) {
      if (load.acked_ns[i] != 0) ++row.missing;
      continue;
    }
    e2e.push_back(arrived - load.sent_ns[i]);
    last = std::max(last, arrived);
  }
  const double seconds = static_cast<double>(last - load.begin_ns) / 1e9;
  row.e2e_per_s = seconds > 0 ? static_cast<double>(e2e.size()) / seconds : 0;
  row.e2e = percentiles(std::move(e2e));
  row.duplicates = fake.duplicates();
  row.strays = fake.strays() + static_cast<std::size_t>(fake.other_calls());
}

// Called just before the measured run's first POST and just after its last reply (or the wait's end):
// a target run as processes reads their CPU and the database's counts there.
struct MeasuredWindow {
  std::function<void()> begin;
  std::function<void(Row&)> end;
};

// Warm-up, then the measured run; with a fake, also waits for and accounts the replies. With several
// ports (nodes), the connections are spread over them round robin.
Row measure(const std::string& name, const std::vector<std::uint16_t>& ports, const Workload& w, const Options& o,
            FakeApi* fake, const MeasuredWindow& window = {}) {
  std::printf("[%s] warm-up: %zu updates, then %zu measured over %d connections", name.c_str(), w.warmup.size(),
              w.measured.size(), o.connections);
  if (ports.size() > 1) std::printf(" spread over %zu nodes", ports.size());
  std::printf("\n");
  std::fflush(stdout);
  if (fake != nullptr) fake->reset();
  run_load(ports, w.warmup, o.connections, o.limit);
  if (fake != nullptr) wait_for_replies(*fake, w.warmup.size(), o.limit);
  const std::size_t connections_before = fake != nullptr ? fake->connections() : 0;
  if (window.begin) window.begin();
  const LoadResult load = run_load(ports, w.measured, o.connections, o.limit);
  Row row;
  row.name = name;
  ingest_figures(row, load);
  if (fake != nullptr) {
    wait_for_replies(*fake, w.warmup.size() + w.measured.size(), o.limit);
    if (window.end) window.end(row);
    e2e_figures(row, load, *fake, w.warmup.size());
    const std::size_t replies = fake->replies() > w.warmup.size() ? fake->replies() - w.warmup.size() : 0;
    if (replies > 0) {
      row.new_connections_per_1000 =
          1000.0 * static_cast<double>(fake->connections() - connections_before) / static_cast<double>(replies);
    }
  }
  return row;
}

// ---- the targets ------------------------------------------------------------------------------------------

Row run_ceiling(const Workload& w, const Options& o) {
  LoopbackServer ceiling(ceiling_router(kPath));
  return measure("ceiling", {ceiling.port()}, w, o, nullptr);
}

Config hocvuso_config(const Options& o, const FakeApi& fake, const std::filesystem::path& dir,
                      const std::string& ca_file) {
  Config c;
  c.listen_port = 0;
  c.db = dir / "bench.db";
  c.content = o.content;
  c.threads = o.threads;
  c.log_level = "warn";
  c.shutdown_grace_seconds = 5;
  c.telegram.token = kToken;
  c.telegram.webhook_secret = kSecret;
  c.telegram.api_base = fake.base_url();
  c.telegram.bot_username = "bench_bot";  // no getMe at start
  c.telegram.max_per_second = 100000;
  c.tls_ca_file = ca_file;  // the TLS variant's private CA
  return c;
}

// A redelivery of an update already recorded must get 200 and no second reply. With several nodes it goes
// to the last one, and the first measured update went to the first (connection 0's node).
void check_dedupe(const std::string& name, std::uint16_t port, const Workload& w, const FakeApi& fake) {
  const std::size_t before = fake.duplicates() + fake.replies();
  const LoadResult again = run_load(port, {w.measured.front()}, 1, std::chrono::seconds(10));
  std::this_thread::sleep_for(std::chrono::milliseconds(500));
  const bool no_second = fake.duplicates() + fake.replies() == before;
  std::printf("[%s] dedupe check: a redelivered update_id got %s and %s\n", name.c_str(),
              again.ok == 1 ? "200" : "an error (CHECK FAILED)",
              no_second ? "no second reply (ok)" : "a second reply or a late first one (CHECK FAILED)");
}

// `ca_pem` non-empty: the fake speaks TLS with a certificate from this CA, trusted through tls_ca_file.
Row run_hocvuso(const std::string& name, const Workload& w, const Options& o, FakeApi& fake,
                const std::string& ca_pem = "") {
  const auto dir = o.db_dir / ("hocvuso-bench-" + std::to_string(::getpid()));
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  std::string ca_file;
  if (!ca_pem.empty()) {
    ca_file = (dir / "bench-ca.pem").string();
    std::ofstream(ca_file) << ca_pem;
  }
  Row row;
  {
    Service service(hocvuso_config(o, fake, dir, ca_file));
    const std::uint16_t port = service.start();
    row = measure(name, {port}, w, o, &fake);
    check_dedupe(name, port, w, fake);
    service.shutdown();
  }
  std::filesystem::remove_all(dir);
  return row;
}

Row skipped(const std::string& name, const std::string& why) {
  Row r;
  r.name = name;
  r.skipped = why;
  return r;
}

Row run_peer(const std::string& name, const std::string& script, const Workload& w, const Options& o, FakeApi& fake) {
  const auto path = o.peers_dir / script;
  if (!std::filesystem::exists(o.peers_dir / "node_modules")) {
    return skipped(name, "not installed (" + (o.peers_dir / "node_modules").string() + " missing: run bash bench/run.sh)");
  }
  try {
    PeerProcess peer(o.node, path.string(),
                     {"BENCH_TOKEN=" + std::string(kToken), "BENCH_SECRET=" + std::string(kSecret),
                      "BENCH_API_ROOT=" + fake.base_url(), "NODE_ENV=production"},
                     std::chrono::seconds(20));
    return measure(name, {peer.port()}, w, o, &fake);
  } catch (const std::exception& e) {
    return skipped(name, e.what());
  }
}

// ---- hocvuso serve processes: one on SQLite, or N nodes on one PostgreSQL database ---------------------------

// The in-process target's settings, as HOCVUSO_* variables for `hocvuso serve`.
std::vector<std::string> serve_env(const Options& o, const FakeApi& fake) {
  return {"HOCVUSO_CONTENT=" + o.content.string(),
          "HOCVUSO_THREADS=" + std::to_string(o.threads),
          "HOCVUSO_LOG_LEVEL=warn",
          "HOCVUSO_SHUTDOWN_GRACE=5",
          "HOCVUSO_TELEGRAM_TOKEN=" + std::string(kToken),
          "HOCVUSO_TELEGRAM_WEBHOOK_SECRET=" + std::string(kSecret),
          "HOCVUSO_TELEGRAM_API_BASE=" + fake.base_url(),
          "HOCVUSO_TELEGRAM_BOT_USERNAME=bench_bot",
          "HOCVUSO_TELEGRAM_MAX_PER_SECOND=" + std::to_string(o.rate)};
}

// `pg` null: one node on a SQLite file in --db-dir. Else o.nodes nodes on a fresh database of `pg`,
// started one after the other (the first migrates it).
Row run_serve(const std::string& name, const Workload& w, const Options& o, FakeApi& fake, const PgServer* pg) {
  const auto dir = o.db_dir / ("hocvuso-bench-serve-" + std::to_string(::getpid()));
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  static int databases = 0;
  const std::string database = "bench" + std::to_string(++databases);
  std::vector<std::string> env = serve_env(o, fake);
  if (pg != nullptr) {
    pg->create_database(database);
    env.push_back("HOCVUSO_DATABASE_URL=" + pg->url(database));
    if (o.store_threads > 0) env.push_back("HOCVUSO_STORE_THREADS=" + std::to_string(o.store_threads));
  } else {
    env.push_back("HOCVUSO_DB=" + (dir / "bench.db").string());
  }
  const int count = pg != nullptr ? o.nodes : 1;
  Row row;
  try {
    std::vector<std::unique_ptr<ServeProcess>> nodes;
    std::vector<std::uint16_t> ports;
    for (int i = 0; i < count; ++i) {
      nodes.push_back(std::make_unique<ServeProcess>(o.hocvuso, env, dir / ("node" + std::to_string(i) + ".log"),
                                                     std::chrono::seconds(120)));
      ports.push_back(nodes.back()->port());
    }
    const auto hocvuso_cpu = [&nodes] {
      double ms = 0;
      for (const auto& n : nodes) ms += cpu_ms(n->pid());
      return ms;
    };
    double hocvuso0 = 0, db0 = 0, self0 = 0;
    PgServer::Statements statements0;
    std::int64_t begin_ns = 0;
    MeasuredWindow window;
    window.begin = [&] {
      // After the warm-up the tables hold rows; without statistics the planner takes them for
      // empty, and plans that read a whole channel look cheap (bench/README.md).
      if (pg != nullptr && o.analyze) pg->analyze(database);
      if (pg != nullptr) statements0 = pg->statements(database);
      hocvuso0 = hocvuso_cpu();
      db0 = pg != nullptr ? server_cpu_ms(pg->postmaster()) : 0;
      self0 = self_cpu_ms();
      begin_ns = now_ns();
    };
    window.end = [&](Row& r) {
      Cost c;
      c.seconds = static_cast<double>(now_ns() - begin_ns) / 1e9;
      c.nodes = count;
      c.hocvuso_cpu_ms = hocvuso_cpu() - hocvuso0;
      c.bench_cpu_ms = self_cpu_ms() - self0;
      if (pg != nullptr) {
        c.db_cpu_ms = server_cpu_ms(pg->postmaster()) - db0;
        const auto s = pg->statements(database);
        c.statements = static_cast<double>(s.calls - statements0.calls);
        c.commits = static_cast<double>(s.commits - statements0.commits);
      }
      r.cost = c;
    };
    row = measure(name, ports, w, o, &fake, window);
    check_dedupe(name, ports.back(), w, fake);
    if (pg != nullptr && o.pg_top > 0) {
      std::printf("[%s] statements run most often, warm-up included (calls, total ms, rows, statement):\n",
                  name.c_str());
      for (const auto& t : pg->top_statements(database, o.pg_top)) {
        std::printf("  %8lld %10.1f %8lld  %.150s\n", static_cast<long long>(t.calls), t.total_ms,
                    static_cast<long long>(t.rows), t.query.c_str());
      }
    }
  } catch (const std::exception& e) {
    row = skipped(name, e.what());
  }
  std::filesystem::remove_all(dir);
  return row;
}

// ---- the report -------------------------------------------------------------------------------------------

std::string first_line_with(const std::string& file, const std::string& key) {
  std::ifstream in(file);
  for (std::string line; std::getline(in, line);) {
    if (line.rfind(key, 0) == 0) return line.substr(line.find(':') + 2);
  }
  return "?";
}

std::string node_version(const std::string& node) {
  std::string out;
  if (FILE* p = ::popen((node + " --version 2>/dev/null").c_str(), "r")) {
    char buf[64] = {};
    if (std::fgets(buf, sizeof buf, p) != nullptr) out = buf;
    ::pclose(p);
  }
  if (!out.empty() && out.back() == '\n') out.pop_back();
  return out.empty() ? "not found" : out;
}

void print_header(const Options& o) {
  utsname u{};
  ::uname(&u);
  char date[64];
  const std::time_t t = std::time(nullptr);
  std::strftime(date, sizeof date, "%Y-%m-%d %H:%M %Z", std::localtime(&t));
  struct statfs fs {};
  ::statfs(o.db_dir.c_str(), &fs);
  double load1 = 0, load5 = 0, load15 = 0;
  std::ifstream("/proc/loadavg") >> load1 >> load5 >> load15;
  std::printf("hocvuso webhook ingest benchmark, %s\n", date);
  std::printf("machine load average at the start: %.2f %.2f %.2f (1, 5, 15 min)\n", load1, load5, load15);
  std::printf("machine: nproc=%u, %s, %s %s; node %s\n", std::thread::hardware_concurrency(),
              first_line_with("/proc/cpuinfo", "model name").c_str(), u.sysname, u.release, node_version(o.node).c_str());
  std::printf("load: %zu measured updates per target after %zu warm-up, %d keep-alive connections (closed loop), "
              "each update a distinct /start from a distinct private chat\n", o.updates, o.warmup, o.connections);
  if (wanted(o, "hocvuso") || wanted(o, "hocvuso-tls") || wanted(o, "sqlite-serve")) {
    std::printf("hocvuso: dedupe ON (inbox row per update_id) and durable outbox ON (SQLite WAL, synchronous=FULL, "
                "fsync per group commit), always; %d HTTP I/O thread(s); db in %s%s\n",
                o.threads, o.db_dir.c_str(), fs.f_type == 0x01021994 ? " (tmpfs!)" : "");
  }
  if (wanted(o, "hocvuso-tls")) {
    std::printf("hocvuso-tls: the same, with the fake API behind HTTPS (a certificate from a private CA made at start, "
                "trusted through tls_ca_file), as production talks to the platforms\n");
  }
  if (o.backend == "postgres") {
    std::printf("serve targets: `hocvuso serve` child processes (%s), configured as the hocvuso row but "
                "telegram.max_per_second = %d; sqlite-serve: one node on a SQLite file in %s; postgres: %d node(s) on "
                "one database of a PostgreSQL server the bench starts (fsync and synchronous_commit on), the load's "
                "connections spread over the nodes round robin\n",
                o.hocvuso.c_str(), o.rate, o.db_dir.c_str(), o.nodes);
  }
  std::printf("latency: ingest = POST written -> its 200 read; end to end = POST written -> the reply's sendMessage "
              "read by the fake API (one in-process Beast server shared by all targets)\n\n");
  std::fflush(stdout);
}

int run(int argc, char** argv) {
  const Options o = parse(argc, argv);
  setup_logging("text", "warn");
  print_header(o);
  const Workload w = make_workload(o);
  FakeApi fake(kToken, kFirstChat, o.warmup + o.updates);
  std::vector<Row> rows;
  if (wanted(o, "ceiling")) rows.push_back(run_ceiling(w, o));
  if (wanted(o, "hocvuso")) rows.push_back(run_hocvuso("hocvuso", w, o, fake));
  if (wanted(o, "hocvuso-tls")) {
    // The same run against the fake over HTTPS, its certificate from a CA made now (tests/support/test_ca.hpp).
    const auto ca = testing::TestCa::make("hocvuso bench CA");
    FakeApi tls_fake(kToken, kFirstChat, o.warmup + o.updates, FakeApi::Tls{ca.server_cert_pem, ca.server_key_pem});
    rows.push_back(run_hocvuso("hocvuso-tls", w, o, tls_fake, ca.ca_cert_pem));
  }
  if (wanted(o, "sqlite-serve")) rows.push_back(run_serve("sqlite x1", w, o, fake, nullptr));
  if (wanted(o, "postgres")) {
    try {
      const PgServer pg;
      std::printf("[postgres] %s\n", pg.version().c_str());
      rows.push_back(run_serve("pg x" + std::to_string(o.nodes), w, o, fake, &pg));
    } catch (const std::exception& e) {
      rows.push_back(skipped("pg x" + std::to_string(o.nodes), e.what()));
    }
  }
  if (wanted(o, "grammY")) rows.push_back(run_peer("grammY", "grammy_bot.js", w, o, fake));
  if (wanted(o, "Telegraf")) rows.push_back(run_peer("Telegraf", "telegraf_bot.js", w, o, fake));
  print_report(rows);
  const DiskProbe disk = probe_durable_commit(o.db_dir);
  std::printf("\ndisk floor, measured now in %s: one durable SQLite commit (WAL, synchronous=FULL) takes %.2f ms "
              "(p50; p90 %.2f ms).\nhocvuso acknowledges an update only after its commit, so with %d requests in "
              "flight it can answer at most %.0f updates/s here (group commit: every waiting update shares one "
              "fsync).\n",
              o.db_dir.c_str(), disk.commit_ms_p50, disk.commit_ms_p90, o.connections,
              o.connections * 1000.0 / disk.commit_ms_p50);
  return 0;
}

}  // namespace
}  // namespace hocvuso::bench

int main(int argc, char** argv) {
  try {
    return hocvuso::bench::run(argc, argv);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "hocvuso_ingest_bench: %s\n", e.what());
    return 2;
  }
}
