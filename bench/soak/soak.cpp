// The soak (bash bench/soak.sh): a real `hocvuso serve` child process against the
// Telegram and Zalo OA fakes (tests/fakes, in this process), held at a fixed rate of
// mixed traffic for N minutes: private messages on both platforms, a team report in a
// Telegram group every 10 s, a warning broadcast to the subscribers through the admin
// API every minute, and a CLI write against the live database every minute (a role
// granted or revoked; a new admin token every 10 minutes). Every minute it prints the
// server's RSS and open descriptors, the outbox depth (/metrics), the webhooks' p50
// and p99 latency and the errors. Exit 1 on any error, or when RSS grew more than 5%
// from the end of the warm-up (the first fifth of the run, at least a minute) to the end.
#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <nlohmann/json.hpp>
#include <regex>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "fakes/fake_telegram.hpp"
#include "fakes/fake_zalo.hpp"
#include "support/child_process.hpp"
#include "support/raw_http.hpp"
#include "support/zalo_signing.hpp"


namespace {

using nlohmann::json;
using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;
namespace fs = std::filesystem;

constexpr const char* kTelegramSecret = "soak-secret";
constexpr const char* kZaloAppId = "3608465248940903967";
constexpr const char* kZaloOaSecret = "soak-oa-secret";
constexpr const char* kZaloAppSecret = "soak-app-secret";

std::string read_file(const fs::path& p) {
  std::ifstream f(p, std::ios::binary);
  std::stringstream s;
  s << f.rdbuf();
  return s.str();
}

// /proc/<pid>/status VmRSS in MiB.
double rss_mib(pid_t pid) {
  std::ifstream f("/proc/" + std::to_string(pid) + "/status");
  std::string line;
  while (std::getline(f, line)) {
    if (line.starts_with("VmRSS:")) return std::stod(line.substr(6)) / 1024.0;
  }
  return 0;
}

std::size_t open_fds(pid_t pid) {
  std::error_code ec;
  std::size_t n = 0;
  for (auto it = fs::directory_iterator("/proc/" + std::to_string(pid) + "/fd", ec); !ec && it != fs::directory_iterator();
       it.increment(ec)) {
    ++n;
  }
  return n;
}

struct Minute {
  std::mutex mutex;
  std::vector<double> latencies_ms;
  std::size_t requests = 0;
  std::size_t errors = 0;
  std::string first_error;

  void record(double ms, bool ok, const std::string& what) {
    std::lock_guard lock(mutex);
    ++requests;
    latencies_ms.push_back(ms);
    if (!ok) {
      if (errors++ == 0) first_error = what;
    }
  }
};

double percentile(std::vector<double> v, double p) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  return v[std::min(v.size() - 1, static_cast<std::size_t>(p * static_cast<double>(v.size())))];
}

class Soak {
 public:
  Soak(fs::path dir, fs::path binary, fs::path content, int minutes, double rate)
      : dir_(std::move(dir)), binary_(std::move(binary)), content_(std::move(content)), minutes_(minutes),
        rate_(rate), zalo_([] {
          hocvuso::fakes::FakeZaloOptions o;
          o.app_id = kZaloAppId;
          o.app_secret = kZaloAppSecret;
          return o;
        }()) {}

  int run() {
    fs::create_directories(dir_);
    if (!start_serve()) return 2;
    token_ = create_token();
    if (token_.empty()) {
      std::fprintf(stderr, "soak: `hocvuso tokens create` gave no token\n");
      return 2;
    }
    // Fifty citizens subscribe to warnings: every broadcast reaches them.
    for (int i = 0; i < 50; ++i) post_telegram(7000000 + i, "/canhbao bat", false);

    std::atomic<bool> running{true};
    std::vector<std::thread> load;
    for (int lane = 0; lane < 2; ++lane) load.emplace_back([&, lane] { traffic(lane, running); });

    const auto began = Clock::now();
    const int warmup = std::max(1, minutes_ / 5);
    double rss_after_warmup = 0, rss_end = 0;
    std::size_t total_errors = 0, total_requests = 0;
    std::printf("minute  rss_mib  fds  outbox  requests  p50_ms  p99_ms  errors\n");
    for (int m = 1; m <= minutes_; ++m) {
      // Once a minute: a warning to the subscribers and a CLI write against the live database.
      broadcast(m);
      cli_write(m);
      while (Clock::now() < began + std::chrono::minutes(m)) std::this_thread::sleep_for(100ms);
      std::vector<double> lat;
      std::size_t req = 0, err = 0;
      std::string first;
      {
        std::lock_guard lock(minute_.mutex);
        lat.swap(minute_.latencies_ms);
        req = std::exchange(minute_.requests, 0);
        err = std::exchange(minute_.errors, 0);
        first = std::exchange(minute_.first_error, std::string());
      }
      err += side_errors_.exchange(0);
      const double rss = rss_mib(serve_);
      if (m == warmup) rss_after_warmup = rss;
      rss_end = rss;
      total_errors += err;
      total_requests += req;
      std::printf("%6d  %7.1f  %3zu  %6lld  %8zu  %6.1f  %6.1f  %6zu%s%s\n", m, rss, open_fds(serve_), outbox_depth(),
                  req, percentile(lat, 0.5), percentile(lat, 0.99), err, first.empty() ? "" : "  first: ",
                  first.c_str());
      std::fflush(stdout);
      if (::waitpid(serve_, nullptr, WNOHANG) != 0) {
        std::printf("serve exited during the soak\n");
        ++total_errors;
        break;
      }
    }
    running = false;
    for (auto& t : load) t.join();
    const double growth = rss_after_warmup > 0 ? (rss_end - rss_after_warmup) / rss_after_warmup : 0;
    std::printf("%zu requests, %zu errors; RSS %.1f MiB after the warm-up (minute %d), %.1f MiB at the end (%+.1f%%); "
                "platforms got %zu Telegram and %zu Zalo messages\n",
                total_requests, total_errors, rss_after_warmup, warmup, rss_end, growth * 100,
                telegram_.delivered_messages().size(), zalo_.delivered_cs_messages().size());
    stop_serve();
    if (total_errors > 0) return 1;
    if (minutes_ > warmup && growth > 0.05) {
      std::printf("RSS grew more than 5%% after the warm-up\n");
      return 1;
    }
    return 0;
  }

 private:
  // `serve` logs at info (for its "listening on" line and nothing per message); the CLI at warn.
  std::vector<std::string> env(const std::string& log_level = "warn") const {
    return {"HOCVUSO_DB=" + (dir_ / "soak.db").string(),
            "HOCVUSO_CONTENT=" + content_.string(),
            "HOCVUSO_LISTEN=127.0.0.1:0",
            "HOCVUSO_LOG_LEVEL=" + log_level,
            "HOCVUSO_TELEGRAM_TOKEN=" + telegram_.token(),
            "HOCVUSO_TELEGRAM_WEBHOOK_SECRET=" + std::string(kTelegramSecret),
            "HOCVUSO_TELEGRAM_API_BASE=" + telegram_.base_url(),
            "HOCVUSO_TELEGRAM_BOT_USERNAME=hocvuso_bot",
            "HOCVUSO_TELEGRAM_MAX_PER_SECOND=1000",
            "HOCVUSO_ZALO_APP_ID=" + std::string(kZaloAppId),
            "HOCVUSO_ZALO_APP_SECRET=" + std::string(kZaloAppSecret),
            "HOCVUSO_ZALO_OA_SECRET=" + std::string(kZaloOaSecret),
            "HOCVUSO_ZALO_ACCESS_TOKEN=fake-access-token-0",
            "HOCVUSO_ZALO_REFRESH_TOKEN=fake-refresh-token-0",
            "HOCVUSO_ZALO_API_BASE=" + zalo_.base_url(),
            "HOCVUSO_ZALO_OAUTH_BASE=" + zalo_.base_url(),
            "HOCVUSO_ZALO_MAX_PER_SECOND=1000"};
  }

  bool start_serve() {
    serve_ = hocvuso::testing::spawn_child({binary_.string(), "serve"}, env("info"), "/dev/null", dir_ / "serve.out", dir_ / "serve.log");
    const std::regex listening(R"(listening on 127\.0\.0\.1:(\d+))");
    for (int i = 0; i < 600; ++i) {
      std::smatch m;
      const std::string log = read_file(dir_ / "serve.log");
      if (std::regex_search(log, m, listening)) {
        port_ = static_cast<std::uint16_t>(std::stoi(m[1]));
        return true;
      }
      std::this_thread::sleep_for(50ms);
    }
    std::fprintf(stderr, "soak: serve did not start:\n%s\n", read_file(dir_ / "serve.log").c_str());
    return false;
  }
  void stop_serve() {
    if (serve_ <= 0) return;
    ::kill(serve_, SIGTERM);
    ::waitpid(serve_, nullptr, 0);
    serve_ = -1;
  }

  // A CLI command against the live database; its stdout.
  std::string cli(const std::vector<std::string>& args) {
    std::vector<std::string> argv = {binary_.string()};
    argv.insert(argv.end(), args.begin(), args.end());
    const fs::path out = dir_ / "cli.out";
    const pid_t pid = hocvuso::testing::spawn_child(argv, env(), "/dev/null", out, dir_ / "cli.log");
    int status = 0;
    ::waitpid(pid, &status, 0);
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
      ++side_errors_;
      std::fprintf(stderr, "soak: `hocvuso %s` failed (see %s)\n", args.front().c_str(), (dir_ / "cli.log").c_str());
    }
    return read_file(out);
  }
  std::string create_token() {
    std::string out = cli({"tokens", "create", "--role", "admin"});
    while (!out.empty() && out.back() == '\n') out.pop_back();
    return out.substr(out.rfind('\n') + 1);
  }
  void cli_write(int minute) {
    if (minute % 10 == 0) token_ = create_token();  // 20 broadcasts a day per token
    cli({"users", minute % 2 ? "grant" : "revoke", "--channel", "telegram", "--user", "4242", "--role", "leader",
         "--commune", "Thuận Châu"});
  }
  void broadcast(int minute) {
    const std::string body = json{{"text", "Cảnh báo phút " + std::to_string(minute) +
                                               ": có kẻ giả danh công an gọi điện đòi mã OTP."},
                                  {"severity", "warning"},
                                  {"target", {{"scope", "subscribers"}}}}
                                 .dump();
    const auto r = post("/api/v1/broadcasts", body, {{"Authorization", "Bearer " + token_}});
    if (r.status != 202) {
      ++side_errors_;
      std::fprintf(stderr, "soak: broadcast refused: %d %s\n", r.status, r.body.c_str());
    }
  }

  hocvuso::testing::RawResponse post(const std::string& path, const std::string& body,
                                     const std::vector<std::pair<std::string, std::string>>& headers) {
    std::string request = "POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n" +
                          "Content-Type: application/json\r\nContent-Length: " + std::to_string(body.size()) + "\r\n";
    for (const auto& [name, value] : headers) request += name + ": " + value + "\r\n";
    hocvuso::testing::RawConnection c(port_);
    c.send(request + "\r\n" + body);
    return c.read_response();
  }

  void post_telegram(std::int64_t chat, const std::string& text, bool group, std::int64_t from = 0) {
    const std::int64_t id = ++update_id_;
    const json person = {{"id", from != 0 ? from : chat}, {"is_bot", false}, {"first_name", "Bà Lan"}};
    const json chat_obj = group ? json{{"id", chat}, {"title", "Tổ CNSCĐ-Chiềng An"}, {"type", "group"}}
                                : json{{"id", chat}, {"first_name", "Lan"}, {"type", "private"}};
    json m = {{"message_id", id}, {"from", person}, {"chat", chat_obj}, {"date", 1765000000}, {"text", text}};
    if (text[0] == '/') {
      const auto end = text.find(' ');
      m["entities"] = json::array(
          {{{"offset", 0}, {"length", end == std::string::npos ? text.size() : end}, {"type", "bot_command"}}});
    }
    timed("/webhook/telegram", json{{"update_id", id}, {"message", m}}.dump(),
          {{"X-Telegram-Bot-Api-Secret-Token", kTelegramSecret}});
  }
  void post_zalo(const std::string& user, const std::string& text) {
    const std::string ts = hocvuso::testing::now_ms();
    const std::string body = json{{"app_id", kZaloAppId},
                                  {"event_name", "user_send_text"},
                                  {"sender", {{"id", user}}},
                                  {"recipient", {{"id", "3886132808798806451"}}},
                                  {"message", {{"msg_id", "soak-" + std::to_string(++update_id_)}, {"text", text}}},
                                  {"timestamp", ts}}
                                 .dump();
    timed("/webhook/zalo", body,
          {{"X-ZEvent-Signature", hocvuso::testing::zalo_mac(kZaloAppId, body, ts, kZaloOaSecret)}});
  }
  void timed(const std::string& path, const std::string& body,
             const std::vector<std::pair<std::string, std::string>>& headers) {
    const auto t0 = Clock::now();
    bool ok = false;
    std::string what;
    try {
      const auto r = post(path, body, headers);
      ok = r.status == 200;
      if (!ok) what = path + " " + std::to_string(r.status) + " " + r.body.substr(0, 200);
    } catch (const std::exception& e) {
      what = path + ": " + e.what();
    }
    minute_.record(std::chrono::duration<double, std::milli>(Clock::now() - t0).count(), ok, what);
  }

  // One lane per platform at half the rate; Telegram's lane also sends the group's reports.
  void traffic(int lane, const std::atomic<bool>& running) {
    static const char* kTexts[] = {"/start", "/help", "quen mat khau vneid thi lam sao", "1", "/menu",
                                   "cho hỏi cài VNeID thế nào", "cảm ơn cháu"};
    const auto period = std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(2.0 / rate_));
    auto next = Clock::now();
    for (std::uint64_t i = 0; running; ++i) {
      const char* text = kTexts[i % std::size(kTexts)];
      if (lane == 0) {
        if (i % static_cast<std::uint64_t>(std::max(1.0, rate_ * 5)) == 0) {
          post_telegram(-1001000000, "/baocao Bản Mòng: hướng dẫn " + std::to_string(10 + i % 40) + " người, 2 buổi",
                        true, 7100000);
        } else {
          post_telegram(7200000 + static_cast<std::int64_t>(i % 2000), text, false);
        }
      } else {
        post_zalo("246845883529" + std::to_string(6000000 + i % 1000), text);
      }
      next += period;
      std::this_thread::sleep_until(next);
    }
  }

  long long outbox_depth() {
    try {
      hocvuso::testing::RawConnection c(port_);
      c.send("GET /metrics HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");
      const auto r = c.read_response();
      std::smatch m;
      static const std::regex pending(R"(\nhocvuso_outbox_pending(?:\{\})? ([0-9.e+]+))");
      if (std::regex_search(r.body, m, pending)) return std::llround(std::stod(m[1]));
    } catch (const std::exception&) {
    }
    return -1;
  }

  fs::path dir_, binary_, content_;
  int minutes_;
  double rate_;
  hocvuso::fakes::FakeTelegram telegram_;
  hocvuso::fakes::FakeZalo zalo_;
  pid_t serve_ = -1;
  std::uint16_t port_ = 0;
  std::string token_;
  std::atomic<std::int64_t> update_id_{0};
  std::atomic<std::size_t> side_errors_{0};
  Minute minute_;
};

}  // namespace

int main(int argc, char** argv) {
  int minutes = 30;
  double rate = 20;  // webhook updates a second, both platforms together
  fs::path dir = fs::temp_directory_path() / ("hocvuso-soak-" + std::to_string(::getpid()));
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string a = argv[i];
    if (a == "--minutes") minutes = std::atoi(argv[i + 1]);
    else if (a == "--rate") rate = std::atof(argv[i + 1]);
    else if (a == "--dir") dir = argv[i + 1];
    else {
      std::fprintf(stderr, "usage: hocvuso_soak [--minutes N] [--rate updates/s] [--dir DIR]\n");
      return 2;
    }
  }
  if (minutes < 1 || rate <= 0) {
    std::fprintf(stderr, "--minutes must be at least 1 and --rate above 0\n");
    return 2;
  }
  std::printf("soak: %d minute(s) at %.0f updates/s (Telegram and Zalo OA), a report every 10 s, a broadcast and "
              "a CLI write every minute; data in %s\n",
              minutes, rate, dir.c_str());
  Soak soak(dir, fs::path(HOCVUSO_BINARY_DIR) / "hocvuso", fs::path(HOCVUSO_SOURCE_DIR) / "content", minutes, rate);
  return soak.run();
}
