// hocvuso_broadcast_bench: one scam-warning broadcast through the real Service (fan-out -> outbox -> sender)
// to the bench's fast fake Telegram API, beside the fake's raw request rate from a plain load loop.
// Figures: delivery rate with the send limit off, the achieved rate under a configured
// telegram.max_per_second, and the process's peak RSS (VmHWM) while delivering to N recipients.
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "bench/fake_api.hpp"
#include "bench/load.hpp"
#include "bench/options.hpp"
#include "bot/app/service.hpp"
#include "bot/log/log.hpp"
#include "bot/store/store.hpp"
#include "flows/broadcast/broadcast_store.hpp"

namespace hocvuso::bench {
namespace {

constexpr const char* kToken = "123456789:bench-AAbbCCddEEffGGhhIIjjKKllMMnnOOppQQ";
constexpr std::int64_t kFirstChat = 620000000;
constexpr int kLimitOff = 100000;  // the highest telegram.max_per_second the config accepts

struct Options {
  std::size_t recipients = 100000;     // the unlimited run, and the size the peak RSS is read at
  std::size_t rate_recipients = 10000;  // the limited run
  int rate = 1000;                      // telegram.max_per_second of the limited run
  std::size_t baseline = 50000;         // raw sendMessage requests of the baseline loop
  std::filesystem::path db_dir = std::filesystem::temp_directory_path();
  std::chrono::seconds limit{600};
};

constexpr const char* kUsage =
    "usage: hocvuso_broadcast_bench [--recipients N] [--rate-recipients N] [--rate PER_S] [--baseline N]\n"
    "                               [--db-dir DIR]";

Options parse(int argc, char** argv) {
  Options o;
  parse_options(argc, argv, kUsage, [&o](const std::string& a, const std::string& v) {
    if (a == "--recipients") o.recipients = std::stoul(v);
    else if (a == "--rate-recipients") o.rate_recipients = std::stoul(v);
    else if (a == "--rate") o.rate = std::stoi(v);
    else if (a == "--baseline") o.baseline = std::stoul(v);
    else if (a == "--db-dir") o.db_dir = v;
    else return false;
    return true;
  });
  if (o.recipients == 0 || o.rate_recipients < 2 || o.rate < 1 || o.baseline == 0) {
    throw std::invalid_argument("sizes and --rate must be positive");
  }
  return o;
}

// Peak resident set size of this process so far, in MiB (VmHWM of /proc/self/status).
double peak_rss_mib() {
  std::ifstream in("/proc/self/status");
  for (std::string line; std::getline(in, line);) {
    if (line.rfind("VmHWM:", 0) == 0) return std::stod(line.substr(6)) / 1024.0;
  }
  return 0;
}

std::uint16_t port_of(const std::string& base_url) {
  return static_cast<std::uint16_t>(std::stoi(base_url.substr(base_url.rfind(':') + 1)));
}

// Baseline: the fake's raw sendMessage rate, driven by the bench's closed-loop load generator.
double baseline_rate(const Options& o, FakeApi& fake) {
  const std::string path = "/bot" + std::string(kToken) + "/sendMessage";
  std::vector<std::string> requests;
  requests.reserve(o.baseline);
  for (std::size_t k = 0; k < o.baseline; ++k) {
    const std::string body = R"({"chat_id":)" + std::to_string(kFirstChat + static_cast<std::int64_t>(k)) +
                             R"(,"text":"Cảnh báo lừa đảo"})";
    requests.push_back(raw_post(path, body));
  }
  fake.reset();
  const LoadResult load = run_load(port_of(fake.base_url()), requests, 32, o.limit);
  fake.reset();
  const double seconds = static_cast<double>(load.end_ns - load.begin_ns) / 1e9;
  return seconds > 0 ? static_cast<double>(load.ok) / seconds : 0;
}

// Private Telegram chats kFirstChat .. + n - 1, all subscribed, written before the service starts.
void seed(const std::filesystem::path& db, std::size_t n) {
  Store store(db);
  auto& bs = broadcast::BroadcastStore::of(store);
  const auto now = std::chrono::system_clock::now();
  constexpr std::size_t kPerTransaction = 50000;
  for (std::size_t from = 0; from < n; from += kPerTransaction) {
    store.begin();
    for (std::size_t k = from; k < std::min(n, from + kPerTransaction); ++k) {
      const ChatRef chat{Channel::telegram, std::to_string(kFirstChat + static_cast<std::int64_t>(k))};
      store.touch_chat(chat, ChatType::private_chat, "", now);
      bs.set_subscription(chat, true, "", "", now);
    }
    store.commit();
  }
}

Config service_config(const FakeApi& fake, const std::filesystem::path& dir, int rate) {
  Config c;
  c.listen_port = 0;
  c.db = dir / "broadcast.db";
  c.content = std::filesystem::path(HOCVUSO_SOURCE_DIR) / "content";
  c.log_level = "warn";
  c.shutdown_grace_seconds = 5;
  c.telegram.token = kToken;
  c.telegram.webhook_secret = "bench_secret_0123456789";
  c.telegram.api_base = fake.base_url();
  c.telegram.bot_username = "bench_bot";  // no getMe at start
  c.telegram.max_per_second = rate;
  return c;
}

struct Run {
  std::size_t delivered = 0, duplicates = 0, strays = 0;
  double seconds = 0;            // broadcast created -> last message read by the fake
  double steady_per_s = 0;       // from two seconds after the first arrival to the last
  double rss_before_mib = 0;     // VmHWM with the chats seeded and the service started
  double rss_after_mib = 0;      // VmHWM when every message has arrived
};

// Waits until n first messages arrived, or nothing new came for 10 s, or the limit passed.
void wait_for(const FakeApi& fake, std::size_t n, std::chrono::seconds limit) {
  const auto deadline = std::chrono::steady_clock::now() + limit;
  auto last_progress = std::chrono::steady_clock::now();
  std::size_t seen = fake.replies();
  while (seen < n && std::chrono::steady_clock::now() < deadline &&
         std::chrono::steady_clock::now() - last_progress < std::chrono::seconds(10)) {
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
    if (const auto now = fake.replies(); now != seen) {
      seen = now;
      last_progress = std::chrono::steady_clock::now();
    }
  }
}

// One broadcast to `n` seeded subscribers at `rate` messages/s, through a fresh Service.
Run broadcast_run(const Options& o, FakeApi& fake, std::size_t n, int rate) {
  const auto dir = o.db_dir / ("hocvuso-broadcast-bench-" + std::to_string(::getpid()));
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  const Config config = service_config(fake, dir, rate);
  std::printf("  seeding %zu subscribed chats...\n", n);
  std::fflush(stdout);
  seed(config.db, n);
  fake.reset();
  Run run;
  {
    Service service(config);
    service.start();
    run.rss_before_mib = peak_rss_mib();
    const std::int64_t begin = now_ns();
    service.core().store->call([](Store& s) {
      broadcast::NewBroadcast b;
      b.author = "bench";
      b.text = "Cảnh báo: giả danh công an gọi điện đòi mã OTP. Không cung cấp mã OTP cho ai.";
      b.severity = "warning";
      b.target.scope = "subscribers";
      return broadcast::BroadcastStore::of(s).create(b, std::chrono::system_clock::now());
    });
    wait_for(fake, n, o.limit);
    std::vector<std::int64_t> arrivals;
    for (std::size_t k = 0; k < n; ++k) {
      if (const std::int64_t t = fake.arrival(k); t != 0) arrivals.push_back(t);
    }
    std::sort(arrivals.begin(), arrivals.end());
    run.rss_after_mib = peak_rss_mib();
    const std::int64_t last = arrivals.empty() ? begin : arrivals.back();
    run.seconds = static_cast<double>(last - begin) / 1e9;
    // The sender's first second may differ from the rest (it sends nothing in it: rate_limit.hpp);
    // the steady rate is read from the first arrival two seconds in to the last.
    const auto steady_from = std::lower_bound(arrivals.begin(), arrivals.end(),
                                              arrivals.empty() ? 0 : arrivals.front() + 2'000'000'000);
    if (arrivals.end() - steady_from >= 2) {
      run.steady_per_s = static_cast<double>(arrivals.end() - steady_from - 1) /
                         (static_cast<double>(last - *steady_from) / 1e9);
    }
    run.delivered = fake.replies();
    run.duplicates = fake.duplicates();
    run.strays = fake.strays() + static_cast<std::size_t>(fake.other_calls());
    service.shutdown();
  }
  std::filesystem::remove_all(dir);
  return run;
}

void print_run(const char* name, const Run& r, std::size_t n) {
  std::printf("  %s: %zu/%zu delivered in %.2f s (from creating the broadcast), duplicates %zu, stray %zu\n", name,
              r.delivered, n, r.seconds, r.duplicates, r.strays);
}

int run(int argc, char** argv) {
  const Options o = parse(argc, argv);
  setup_logging("text", "warn");
  std::printf("hocvuso broadcast benchmark: nproc=%u, db in %s\n", std::thread::hardware_concurrency(),
              o.db_dir.c_str());
  FakeApi fake(kToken, kFirstChat, std::max({o.recipients, o.rate_recipients, o.baseline}));

  std::printf("[baseline] %zu raw sendMessage requests to the fake, 32 keep-alive connections, closed loop\n",
              o.baseline);
  std::fflush(stdout);
  const double raw = baseline_rate(o, fake);
  const double rss_idle = peak_rss_mib();

  std::printf("[unlimited] telegram.max_per_second = %d (the config's maximum: limit off)\n", kLimitOff);
  const Run fast = broadcast_run(o, fake, o.recipients, kLimitOff);
  print_run("unlimited", fast, o.recipients);

  std::printf("[limited] telegram.max_per_second = %d\n", o.rate);
  const Run limited = broadcast_run(o, fake, o.rate_recipients, o.rate);
  print_run("limited", limited, o.rate_recipients);

  const double engine = fast.seconds > 0 ? static_cast<double>(fast.delivered) / fast.seconds : 0;
  const double off = (limited.steady_per_s - o.rate) / o.rate * 100.0;
  std::printf("\nfigure                                  | hocvuso        | baseline\n");
  std::printf("----------------------------------------+----------------+------------------------------------\n");
  std::printf("engine throughput, limit off (msg/s)    | %14.0f | %.0f (fake's raw rate, plain loop)   target >= 10000: %s\n",
              engine, raw, engine >= 10000 ? "met" : "MISSED");
  const std::string rate_label = "achieved rate, limit " + std::to_string(o.rate) + "/s (msg/s)";
  std::printf("%-40s| %14.1f | %d configured (%+.2f%%)   target within 2%%: %s\n", rate_label.c_str(),
              limited.steady_per_s, o.rate, off, std::abs(off) <= 2.0 ? "met" : "MISSED");
  std::printf("  (steady rate: from 2 s after the first arrival to the last; over the whole run, burst included: "
              "%.1f msg/s)\n", limited.seconds > 0 ? static_cast<double>(limited.delivered) / limited.seconds : 0);
  const std::string rss_label = "peak RSS delivering " + std::to_string(o.recipients) + " (MiB)";
  std::printf("%-40s| %14.1f | %.1f before any broadcast (VmHWM after the baseline loop)\n", rss_label.c_str(),
              fast.rss_after_mib, rss_idle);
  std::printf("  (VmHWM with the %zu chats seeded and the service started, before the broadcast: %.1f MiB)\n",
              o.recipients, fast.rss_before_mib);
  const bool exact = fast.delivered == o.recipients && limited.delivered == o.rate_recipients &&
                     fast.duplicates + limited.duplicates + fast.strays + limited.strays == 0;
  std::printf("every recipient exactly once: %s\n", exact ? "yes" : "NO");
  return exact ? 0 : 1;
}

}  // namespace
}  // namespace hocvuso::bench

int main(int argc, char** argv) {
  try {
    return hocvuso::bench::run(argc, argv);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "hocvuso_broadcast_bench: %s\n", e.what());
    return 2;
  }
}
