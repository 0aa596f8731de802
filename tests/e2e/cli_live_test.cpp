// Issue 13, item 1: every write command of the CLI, run against the database of a live
// `hocvuso serve` under webhook load, must not jam it. The real binary runs `serve`
// against the Telegram and Zalo OA fakes; it is stopped and started again first, so
// that the Zalo token pair is stored in kv and read at start-up (the case that
// jammed: a one-row read left its statement open, the WAL read snapshot stayed, and
// every BEGIN IMMEDIATE after a CLI commit failed with SQLITE_BUSY_SNAPSHOT).
// Expected: every webhook answered 2xx, every update answered once, nothing sent twice.
#include <gtest/gtest.h>
#include <signal.h>
#include <fcntl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <regex>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "support/child_process.hpp"
#include "support/e2e_helpers.hpp"
#include "support/fake_platforms.hpp"
#include "support/raw_http.hpp"
#include "support/temp_dir.hpp"
#include "support/test_backend.hpp"
#include "support/zalo_signing.hpp"


namespace hocvuso {
namespace {

using nlohmann::json;
using namespace std::chrono_literals;
using testing::FakePlatforms;

// The last non-empty line (where `tokens create` prints the token).
std::string last_line(std::string text) {
  while (!text.empty() && text.back() == '\n') text.pop_back();
  return text.substr(text.rfind('\n') + 1);
}

std::string read_file(const std::filesystem::path& p) {
  std::ifstream f(p, std::ios::binary);
  std::stringstream s;
  s << f.rdbuf();
  return s.str();
}

class CliAgainstLiveServeTest : public ::testing::Test {
 protected:
  void TearDown() override { stop_serve(SIGKILL); }

  std::filesystem::path db() const { return dir_ / "live.db"; }
  std::vector<std::string> env() const {
    const auto& p = platforms_;
    return {testing::database_env(db()),
            "HOCVUSO_CONTENT=" + (std::filesystem::path(HOCVUSO_SOURCE_DIR) / "content").string(),
            "HOCVUSO_LISTEN=127.0.0.1:0",
            "HOCVUSO_LOG_LEVEL=info",
            "HOCVUSO_SHUTDOWN_GRACE=3",
            "HOCVUSO_TICK_SECONDS=1",
            "HOCVUSO_TELEGRAM_TOKEN=" + p.telegram.token(),
            "HOCVUSO_TELEGRAM_WEBHOOK_SECRET=" + std::string(FakePlatforms::kTelegramSecret),
            "HOCVUSO_TELEGRAM_API_BASE=" + p.telegram.base_url(),
            "HOCVUSO_TELEGRAM_BOT_USERNAME=hocvuso_bot",
            "HOCVUSO_TELEGRAM_MAX_PER_SECOND=1000",
            "HOCVUSO_ZALO_APP_ID=" + std::string(FakePlatforms::kZaloAppId),
            "HOCVUSO_ZALO_APP_SECRET=" + std::string(FakePlatforms::kZaloAppSecret),
            "HOCVUSO_ZALO_OA_SECRET=" + std::string(FakePlatforms::kZaloOaSecret),
            "HOCVUSO_ZALO_ACCESS_TOKEN=fake-access-token-0",
            "HOCVUSO_ZALO_REFRESH_TOKEN=fake-refresh-token-0",
            "HOCVUSO_ZALO_API_BASE=" + p.zalo.base_url(),
            "HOCVUSO_ZALO_OAUTH_BASE=" + p.zalo.base_url(),
            "HOCVUSO_ZALO_MAX_PER_SECOND=1000"};
  }

  void start_serve() {
    const auto log = dir_ / "serve.log";
    const auto offset = std::filesystem::exists(log) ? std::filesystem::file_size(log) : 0;
    serve_ = testing::spawn_child({HOCVUSO_BINARY, "serve"}, env(), "/dev/null", dir_ / "serve.out", log);
    ASSERT_GT(serve_, 0);
    const std::regex listening(R"(listening on 127\.0\.0\.1:(\d+))");
    ASSERT_TRUE(testing::wait_until(
        [&] {
          const std::string text = read_file(log).substr(offset);
          std::smatch m;
          if (!std::regex_search(text, m, listening)) return false;
          port_ = static_cast<std::uint16_t>(std::stoi(m[1]));
          return true;
        },
        30s))
        << read_file(log);
  }
  void stop_serve(int sig = SIGTERM) {
    if (serve_ <= 0) return;
    ::kill(serve_, sig);
    int status = 0;
    ::waitpid(serve_, &status, 0);
    serve_ = 0;
    if (sig == SIGTERM) {
      EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << "serve did not stop cleanly";
    }
  }

  // One CLI command against the live database; its stdout, and its exit status checked.
  std::string cli(const std::vector<std::string>& args, const std::string& input = "") {
    std::vector<std::string> argv = {HOCVUSO_BINARY};
    argv.insert(argv.end(), args.begin(), args.end());
    const auto in = dir_ / "cli.in";
    std::ofstream(in, std::ios::binary | std::ios::trunc) << input;
    const auto started = std::chrono::steady_clock::now();
    std::vector<std::string> e = env();
    std::replace(e.begin(), e.end(), std::string("HOCVUSO_LOG_LEVEL=info"), std::string("HOCVUSO_LOG_LEVEL=warn"));
    const pid_t pid = testing::spawn_child(argv, e, in, dir_ / "cli.out", dir_ / "cli.err");
    EXPECT_GT(pid, 0);
    int status = 0;
    ::waitpid(pid, &status, 0);
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    std::string what;
    for (const auto& a : args) what += a + " ";
    EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0)
        << what << "failed: " << read_file(dir_ / "cli.err");
    std::cout << "[ cli      ] " << what << "(" << static_cast<int>(seconds * 1000) << " ms)\n";
    ++cli_commands_;
    return read_file(dir_ / "cli.out");
  }

  json telegram_text(std::int64_t user, const std::string& text) {
    const json from = {{"id", user}, {"is_bot", false}, {"first_name", "Bà Lan"}};
    json m = {{"message_id", ++message_id_}, {"from", from}, {"chat", {{"id", user}, {"first_name", "Lan"}, {"type", "private"}}},
              {"date", 1765000000}, {"text", text}};
    if (text[0] == '/') m["entities"] = json::array({{{"offset", 0}, {"length", text.size()}, {"type", "bot_command"}}});
    return {{"update_id", ++update_id_}, {"message", m}};
  }
  int post_telegram(std::int64_t user, const std::string& text) try {
    return testing::post_json(port_, "/webhook/telegram", telegram_text(user, text).dump(),
                              {{"X-Telegram-Bot-Api-Secret-Token", FakePlatforms::kTelegramSecret}})
        .status;
  } catch (const std::exception& e) {
    std::cout << "telegram post failed: " << e.what() << "\n" << read_file(dir_ / "serve.log").substr(0, 3000) << "\n";
    return 0;  // no answer
  }
  int post_zalo(const std::string& user, const std::string& text) try {
    const std::string ts = testing::now_ms();
    const json body = {{"app_id", FakePlatforms::kZaloAppId},
                       {"user_id_by_app", "5521772797175877301"},
                       {"event_name", "user_send_text"},
                       {"sender", {{"id", user}}},
                       {"recipient", {{"id", "3886132808798806451"}}},
                       {"message", {{"msg_id", "cli-live-" + std::to_string(++message_id_)}, {"text", text}}},
                       {"timestamp", ts}};
    const std::string raw = body.dump();
    return testing::post_json(
               port_, "/webhook/zalo", raw,
               {{"X-ZEvent-Signature",
                 testing::zalo_mac(FakePlatforms::kZaloAppId, raw, ts, FakePlatforms::kZaloOaSecret)}})
        .status;
  } catch (const std::exception& e) {
    std::cout << "zalo post failed: " << e.what() << "\n" << read_file(dir_ / "serve.log").substr(0, 6000) << "\n";
    return 0;  // no answer
  }

  testing::TempDir dir_;
  FakePlatforms platforms_;
  pid_t serve_ = 0;
  std::uint16_t port_ = 0;
  std::int64_t update_id_ = 900000;
  std::int64_t message_id_ = 0;
  int cli_commands_ = 0;
};

TEST_F(CliAgainstLiveServeTest, EveryCliWriteUnderWebhookLoadLeavesServeAnsweringAndSendsNothingTwice) {
  // First start: the configured Zalo pair goes into kv. Then a restart reads it back.
  start_serve();
  ASSERT_EQ(post_telegram(1, "/start"), 200);
  ASSERT_EQ(post_zalo("2468458835296197922", "/start"), 200);
  ASSERT_TRUE(platforms_.telegram.wait_for_calls("sendMessage", 1, 20s));
  ASSERT_TRUE(platforms_.zalo.wait_for_calls("/v3.0/oa/message/cs", 1, 20s));
  // Two who want warnings: the broadcast below reaches them.
  ASSERT_EQ(post_telegram(3, "/canhbao bat"), 200);
  ASSERT_EQ(post_zalo("5521772797175877301", "/canhbao bat"), 200);
  ASSERT_TRUE(platforms_.telegram.wait_for_calls("sendMessage", 2, 20s));
  ASSERT_TRUE(platforms_.zalo.wait_for_calls("/v3.0/oa/message/cs", 2, 20s));
  stop_serve();
  ASSERT_EQ(testing::sql_one(db(), "SELECT value FROM kv WHERE key = 'zalo.access_token'"), "fake-access-token-0");
  start_serve();
  ASSERT_EQ(post_zalo("2468458835296197922", "/help"), 200);  // reads the stored pair, as after every restart

  // Webhook load from both platforms: each update from a person of its own, so each
  // must be answered exactly once.
  std::atomic<bool> loading{true};
  std::atomic<int> posted{0}, refused{0};
  std::map<int, int> statuses;  // load thread only until joined
  std::vector<std::int64_t> tg_users;
  std::vector<std::string> zalo_users;
  std::thread load([&] {
    for (int i = 0; loading; ++i) {
      int status = 0;
      if (i % 2 == 0) {
        const std::int64_t user = 7000000 + i;
        tg_users.push_back(user);
        status = post_telegram(user, "/help");
      } else {
        const std::string user = "99000000000000" + std::to_string(10000 + i);
        zalo_users.push_back(user);
        status = post_zalo(user, "/help");
      }
      ++posted;
      ++statuses[status];
      if (status < 200 || status > 299) ++refused;
      std::this_thread::sleep_for(5ms);
    }
  });

  // Every command that writes to the database, as an operator runs them on a live service
  // (the read-only ones, such as `tokens list` or `report`, open the same store and are
  // left out to keep the test short; `broadcasts export` stands for them).
  const std::string admin_token_out = cli({"tokens", "create", "--role", "admin"});
  cli({"tokens", "create", "--role", "officer", "--province", "Sơn La"});
  cli({"tokens", "revoke", "2"});
  cli({"users", "grant", "--channel", "telegram", "--user", "4242", "--role", "admin"});
  cli({"users", "grant", "--channel", "zalo", "--user", "4243", "--role", "officer", "--province", "son-la",
       "--commune", "Thuận Châu"});
  cli({"users", "grant", "--channel", "telegram", "--user", "4244", "--role", "leader", "--commune", "Thuận Châu"});
  cli({"users", "revoke", "--channel", "telegram", "--user", "4244", "--role", "leader", "--commune", "Thuận Châu"});
  cli({"report", "set-target", "--period", "2026-Q4", "--commune", "Thuận Châu", "--values", "huongdan=100 buoi=10"});
  cli({"chat", "--jsonl"}, "{\"user\":\"c1\",\"name\":\"Bà Lan\",\"text\":\"/start\"}\n"
                           "{\"user\":\"c1\",\"text\":\"/help\"}\n"
                           "{\"user\":\"c2\",\"text\":\"mất căn cước thì làm sao\"}\n");
  cli({"faq", "--jsonl"}, "{\"q\":\"quen mat khau vneid\"}\n{\"q\":\"xyz không có trong hỏi đáp\"}\n");

  // A warning to everyone through the admin API with the token just made: the fan-out
  // and its deliveries run while the CLI writes too.
  const std::string token = last_line(admin_token_out);
  const auto created = testing::post_json(port_, "/api/v1/broadcasts",
                                          R"({"text":"Cảnh báo: có kẻ giả danh công an gọi điện đòi mã OTP.","severity":"warning","target":{"scope":"all"}})",
                                          {{"Authorization", "Bearer " + token}});
  EXPECT_EQ(created.status, 202) << created.body;
  cli({"tokens", "create", "--role", "admin"});
  cli({"users", "grant", "--channel", "zalo", "--user", "4245", "--role", "admin"});
  cli({"broadcasts", "export", "1"});

  // A little more load after the last command, then settle.
  std::this_thread::sleep_for(1s);
  loading = false;
  load.join();
  ASSERT_TRUE(testing::wait_until(
      [&] {
        return testing::sql_one(db(), "SELECT count(*) FROM outbox WHERE status = 'pending'") == "0" &&
               testing::sql_one(db(), "SELECT count(*) FROM inbox WHERE processed_at IS NULL") == "0" &&
               testing::sql_one(db(), "SELECT count(*) FROM broadcasts WHERE status = 'running'") == "0";
      },
      60s));

  std::string seen;
  for (const auto& [status, n] : statuses) seen += std::to_string(status) + "x" + std::to_string(n) + " ";
  std::cout << "[ figures  ] " << posted << " webhook posts during " << cli_commands_ << " CLI commands: " << seen
            << "\n";
  EXPECT_GT(posted.load(), 40);
  EXPECT_EQ(refused.load(), 0) << seen;

  // Each load update answered once; no (chat, text) delivered twice on either platform.
  std::map<std::pair<std::string, std::string>, int> tg_seen, zalo_seen;
  for (const auto& m : platforms_.telegram.delivered_messages()) {
    ++tg_seen[{testing::id_string(m["chat"]["id"]), m.value("text", std::string())}];
  }
  for (const auto& m : platforms_.zalo.delivered_cs_messages()) {
    ++zalo_seen[{testing::id_string(m["recipient"]["user_id"]), m["message"].value("text", std::string())}];
  }
  for (const auto& [who, n] : tg_seen) EXPECT_EQ(n, 1) << "telegram chat " << who.first << " got twice: " << who.second;
  for (const auto& [who, n] : zalo_seen) EXPECT_EQ(n, 1) << "zalo user " << who.first << " got twice: " << who.second;
  std::map<std::string, int> tg_per_chat, zalo_per_user;
  for (const auto& [who, n] : tg_seen) tg_per_chat[who.first] += n;
  for (const auto& [who, n] : zalo_seen) zalo_per_user[who.first] += n;
  for (auto u : tg_users) EXPECT_GE(tg_per_chat[std::to_string(u)], 1) << "telegram user " << u << " got no answer";
  for (const auto& u : zalo_users) EXPECT_GE(zalo_per_user[u], 1) << "zalo user " << u << " got no answer";
  const std::string warning = "có kẻ giả danh công an";
  const auto got_warning = [&](const auto& delivered, const std::string& who) {
    int n = 0;
    for (const auto& [key, count] : delivered) n += key.first == who && key.second.find(warning) != std::string::npos ? count : 0;
    return n;
  };
  EXPECT_EQ(got_warning(tg_seen, "3"), 1) << "the subscribed Telegram user";
  EXPECT_EQ(got_warning(zalo_seen, "5521772797175877301"), 1) << "the subscribed Zalo user";
  // What the service recorded as sent is what the platforms delivered.
  EXPECT_EQ(testing::sql_one(db(), "SELECT count(*) FROM outbox WHERE channel = 'telegram' AND status = 'sent'"),
            std::to_string(platforms_.telegram.delivered_messages().size()));

  testing::RawConnection ready(port_);
  ready.send("GET /readyz HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");
  const auto readiness = ready.read_response();
  EXPECT_EQ(readiness.status, 200) << readiness.body;
  const std::string log = read_file(dir_ / "serve.log");
  EXPECT_EQ(log.find("database is locked"), std::string::npos) << log.substr(0, 4000);
  EXPECT_EQ(log.find("internal error"), std::string::npos);
  stop_serve();
}

}  // namespace
}  // namespace hocvuso
