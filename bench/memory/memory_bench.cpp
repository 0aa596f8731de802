// hocvuso_memory_bench: the resident memory of a real `hocvuso serve` process (a child of the bench, so
// the bench's own buffers are not counted) as a province's citizens write to it (issue 17 item 4):
//   idle     fresh database, nothing received (the baseline of the same run);
//   users    N distinct Telegram users each wrote /start once and got their reply from the fast fake API;
//   queued   N users wrote once while the API never answers: N replies wait in the outbox.
// Figures are /proc/<pid>/status VmRSS (now), VmHWM (peak) and RssAnon (heap and stacks, without the
// mapped binary), and the database's size. SQLite's cache is its default (cache_size -2000: at most
// about 2 MiB of pages per connection), stated in the output.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "bench/fake_api.hpp"
#include "bench/load.hpp"
#include "bench/options.hpp"
#include "bench/serve_process.hpp"
#include "bench/telegram_update.hpp"

namespace hocvuso::bench {
namespace {

using namespace std::chrono_literals;

struct Options {
  std::size_t users = 100000;
  int connections = 32;
  int rate = 2000;  // telegram.max_per_second while the users' replies drain
  std::filesystem::path hocvuso = std::filesystem::path(HOCVUSO_BINARY_DIR) / "hocvuso";
  std::filesystem::path content = std::filesystem::path(HOCVUSO_SOURCE_DIR) / "content";
  std::filesystem::path db_dir = std::filesystem::temp_directory_path();
  std::chrono::seconds limit{900};
};

constexpr const char* kUsage =
    "usage: hocvuso_memory_bench [--users N] [--connections C] [--rate R] [--hocvuso PATH] [--content DIR]\n"
    "                            [--db-dir DIR] [--limit SECONDS]";

Options parse(int argc, char** argv) {
  Options o;
  parse_options(argc, argv, kUsage, [&o](const std::string& a, const std::string& v) {
    if (a == "--users") o.users = std::stoul(v);
    else if (a == "--connections") o.connections = std::stoi(v);
    else if (a == "--rate") o.rate = std::stoi(v);
    else if (a == "--hocvuso") o.hocvuso = v;
    else if (a == "--content") o.content = v;
    else if (a == "--db-dir") o.db_dir = v;
    else if (a == "--limit") o.limit = std::chrono::seconds(std::stoi(v));
    else return false;
    return true;
  });
  if (o.users == 0) throw std::invalid_argument("--users must be positive");
  return o;
}

// A listening socket on 127.0.0.1 that never accepts: connections complete in the kernel's backlog and
// requests are never answered, as an API that hangs. Port 0 picks a free port.
class SilentListener {
 public:
  SilentListener() {
    fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t len = sizeof a;
    if (fd_ < 0 || ::bind(fd_, reinterpret_cast<sockaddr*>(&a), sizeof a) != 0 || ::listen(fd_, 4096) != 0 ||
        ::getsockname(fd_, reinterpret_cast<sockaddr*>(&a), &len) != 0) {
      throw std::runtime_error("cannot listen on 127.0.0.1");
    }
    port_ = ntohs(a.sin_port);
  }
  ~SilentListener() { ::close(fd_); }
  SilentListener(const SilentListener&) = delete;
  SilentListener& operator=(const SilentListener&) = delete;
  std::uint16_t port() const { return port_; }

 private:
  int fd_ = -1;
  std::uint16_t port_ = 0;
};

// A gauge's value in the Prometheus text of /metrics (the first series of that name); -1 when absent.
double metric(std::uint16_t port, const std::string& name) {
  const std::string text = http_get(port, "/metrics").value_or("");
  for (std::size_t pos = 0; (pos = text.find(name, pos)) != std::string::npos; pos += name.size()) {
    if (pos > 0 && text[pos - 1] != '\n') continue;
    const auto space = text.find(' ', pos);
    if (space == std::string::npos) break;
    return std::atof(text.c_str() + space + 1);
  }
  return -1;
}

struct Memory {
  long rss_kib = 0, hwm_kib = 0, anon_kib = 0;
};

Memory memory_of(pid_t pid) {
  std::ifstream in("/proc/" + std::to_string(pid) + "/status");
  Memory m;
  for (std::string line; std::getline(in, line);) {
    const auto value = [&line] { return std::atol(line.c_str() + line.find(':') + 1); };
    if (line.rfind("VmRSS:", 0) == 0) m.rss_kib = value();
    else if (line.rfind("VmHWM:", 0) == 0) m.hwm_kib = value();
    else if (line.rfind("RssAnon:", 0) == 0) m.anon_kib = value();
  }
  return m;
}

std::vector<std::string> env_for(const Options& o, const std::filesystem::path& db, const std::string& api) {
  return {"HOCVUSO_DB=" + db.string(),
          "HOCVUSO_CONTENT=" + o.content.string(),
          "HOCVUSO_LOG_LEVEL=warn",
          std::string("HOCVUSO_TELEGRAM_TOKEN=") + kTelegramToken,
          std::string("HOCVUSO_TELEGRAM_WEBHOOK_SECRET=") + kTelegramSecret,
          "HOCVUSO_TELEGRAM_API_BASE=" + api,
          "HOCVUSO_TELEGRAM_MAX_PER_SECOND=" + std::to_string(o.rate)};
}

void fresh(const std::filesystem::path& db) {
  for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(db.string() + suffix);
}

double mib(long kib) { return static_cast<double>(kib) / 1024.0; }

void print_row(const char* what, const Memory& m, const std::filesystem::path& db, const std::string& note) {
  std::uintmax_t size = 0;
  for (const char* suffix : {"", "-wal"}) {
    std::error_code ec;
    const auto part = std::filesystem::file_size(db.string() + suffix, ec);
    if (!ec) size += part;
  }
  std::printf("%-8s | %9.1f | %9.1f | %9.1f | %10.1f | %s\n", what, mib(m.rss_kib), mib(m.hwm_kib), mib(m.anon_kib),
              static_cast<double>(size) / (1024.0 * 1024.0), note.c_str());
  std::fflush(stdout);
}

std::vector<std::string> workload(std::size_t users) {
  std::vector<std::string> requests;
  requests.reserve(users);
  for (std::size_t k = 0; k < users; ++k) requests.push_back(telegram_start_request(k));
  return requests;
}

// Waits until done() or `limit`; false on the limit.
template <typename Done>
bool wait_until(Done done, std::chrono::seconds limit) {
  const auto deadline = std::chrono::steady_clock::now() + limit;
  while (!done()) {
    if (std::chrono::steady_clock::now() > deadline) return false;
    std::this_thread::sleep_for(200ms);
  }
  return true;
}

int run(int argc, char** argv) {
  const Options o = parse(argc, argv);
  std::printf("hocvuso memory benchmark: %zu distinct Telegram users, each one /start, over %d connections\n",
              o.users, o.connections);
  std::printf("serve: %s (a child process, 1 I/O thread); SQLite cache_size default (-2000 = about 2 MiB a "
              "connection); telegram.max_per_second=%d\n\n",
              o.hocvuso.c_str(), o.rate);
  std::printf("%-8s | %9s | %9s | %9s | %10s | %s\n", "phase", "RSS MiB", "peak MiB", "anon MiB", "db+wal MiB", "state");
  std::printf("---------+-----------+-----------+-----------+------------+------------------------------\n");
  const auto requests = workload(o.users);
  const auto db = o.db_dir / "hocvuso-memory-bench.db";

  {  // users: every reply reaches the fast fake API
    fresh(db);
    FakeApi fake(kTelegramToken, kFirstChat, o.users);
    ServeProcess serve(o.hocvuso, env_for(o, db, fake.base_url()), o.db_dir / "hocvuso-memory-bench-users.log", 60s);
    std::this_thread::sleep_for(1s);
    print_row("idle", memory_of(serve.pid()), db, "fresh database, nothing received");
    const LoadResult load = run_load(serve.port(), requests, o.connections, o.limit);
    const bool drained = wait_until([&] { return fake.replies() >= o.users; }, o.limit);
    std::this_thread::sleep_for(2s);
    print_row("users", memory_of(serve.pid()), db,
              std::to_string(load.ok) + " acknowledged, " + std::to_string(fake.replies()) + " replied" +
                  (drained ? "" : " (limit reached)") + ", " + std::to_string(load.errors) + " errors");
  }
  {  // queued: the API never answers, so every reply waits in the outbox
    fresh(db);
    SilentListener silent;
    ServeProcess serve(o.hocvuso, env_for(o, db, "http://127.0.0.1:" + std::to_string(silent.port())),
                o.db_dir / "hocvuso-memory-bench-queued.log", 60s);
    const LoadResult load = run_load(serve.port(), requests, o.connections, o.limit);
    double pending = 0;
    const bool queued = wait_until(
        [&] { return (pending = metric(serve.port(), "hocvuso_outbox_pending")) >= static_cast<double>(o.users); },
        o.limit);
    std::this_thread::sleep_for(2s);
    print_row("queued", memory_of(serve.pid()), db,
              std::to_string(load.ok) + " acknowledged, " + std::to_string(static_cast<long>(pending)) +
                  " waiting in the outbox" + (queued ? "" : " (limit reached)"));
  }
  fresh(db);
  return 0;
}

}  // namespace
}  // namespace hocvuso::bench

int main(int argc, char** argv) {
  try {
    return hocvuso::bench::run(argc, argv);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "hocvuso_memory_bench: %s\n", e.what());
    return 2;
  }
}
