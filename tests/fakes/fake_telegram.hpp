// A fake Telegram Bot API server (protocols.md A1-A5) for end-to-end tests: real HTTP, recorded calls, faults.
#pragma once

#include <nlohmann/json.hpp>

#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "fakes/fake_server.hpp"
#include "fakes/telegram_limits.hpp"

namespace hocvuso::fakes {

struct FakeTelegramOptions {
  std::string token = "7700000001:AAFakeTokenForTestsOnly_0123456789";
  std::int64_t bot_id = 7700000001;
  std::string bot_first_name = "Học vụ số";
  std::string bot_username = "hocvuso_bot";
  bool can_join_groups = true;
  bool can_read_all_group_messages = false;  // true = privacy mode off (A2)
  bool supports_inline_queries = false;
  bool enforce_limits = false;  // answer 429 past the A4 rates
  TelegramLimitsOptions limits;
  // > 0: sendMessage answers 429 once this many were accepted in the last second (an exact sliding window,
  // unlike the token buckets above), and a group's once 20 were accepted in the last minute.
  int sliding_window_per_second = 0;
  std::optional<FakeServerTls> tls;  // set: serve HTTPS with this certificate
  TelegramLimits::Clock clock;  // for the limits; steady_clock when empty
  std::chrono::milliseconds max_long_poll = std::chrono::seconds(5);  // cap on getUpdates timeout
  std::string spec_path;  // Bot API method table; BotApiSpec::default_path() when empty
};

// One call as the fake saw it, whether or not an injected fault answered it.
struct TelegramCall {
  std::string method;  // canonical spelling when the method exists ("sendMessage"), else as sent
  nlohmann::json params;
  std::chrono::steady_clock::time_point time;
};

struct TelegramWebhook {
  std::string url;  // "" when none is set
  std::string secret_token;
  nlohmann::json allowed_updates;  // null until a call sets it; kept when a later call leaves it out (A1)
  int max_connections = 40;
  int set_calls = 0;
  int delete_calls = 0;
};

class FakeTelegram {
 public:
  explicit FakeTelegram(FakeTelegramOptions options = {});
  ~FakeTelegram();
  FakeTelegram(const FakeTelegram&) = delete;
  FakeTelegram& operator=(const FakeTelegram&) = delete;

  std::uint16_t port() const;
  std::string base_url() const;  // "http://127.0.0.1:<port>"; calls go to <base_url>/bot<token>/<method>
  const std::string& token() const;
  FakeServer& server();  // faults (add_fault) and raw requests

  // Updates for getUpdates; update_id is assigned when absent. Returns the update_id.
  std::int64_t push_update(nlohmann::json update);
  std::size_t pending_updates() const;

  // Chat states that change how sends to a chat are answered (A4).
  void block_chat(std::int64_t chat_id);                      // 403 bot was blocked by the user
  void forget_chat(std::int64_t chat_id);                     // 400 chat not found
  void migrate_chat(std::int64_t chat_id, std::int64_t to);  // 400 upgraded, parameters.migrate_to_chat_id
  void reset_chat(std::int64_t chat_id);                      // back to normal

  TelegramWebhook webhook() const;

  // Every call, in arrival order (faulted ones included).
  std::vector<TelegramCall> calls() const;
  std::vector<TelegramCall> calls(const std::string& method) const;  // method compared case-insensitively
  std::size_t call_count(const std::string& method) const;
  // Parameters of every sendMessage call in arrival order (faulted and rejected ones included).
  std::vector<nlohmann::json> sent_messages() const;
  // The Message objects the fake answered ok to sendMessage with: what users would have seen.
  std::vector<nlohmann::json> delivered_messages() const;
  // Problems found by BotApiSpec::check_call, plus requests that are not /bot<token>/<method>.
  std::vector<std::string> spec_violations() const;
  // 429 answers given because a rate limit (token bucket or sliding window) was reached.
  std::size_t rate_refusals() const;
  // Waits until at least n calls of method have arrived; true when they have.
  bool wait_for_calls(const std::string& method, std::size_t n, std::chrono::milliseconds timeout) const;

  struct State;  // public only so the handler coroutines in fake_telegram.cpp can name it

 private:
  std::unique_ptr<State> state_;
  std::unique_ptr<FakeServer> server_;  // last: stopped before the state its coroutines use
};

}  // namespace hocvuso::fakes
