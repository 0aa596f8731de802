// Typed configuration, built once at start-up from a JSON file and the environment
// (environment wins). Every error names the key and the reason.
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

namespace hocvuso {

struct TelegramConfig {
  std::string token;           // empty: Telegram off
  std::string webhook_secret;  // X-Telegram-Bot-Api-Secret-Token
  std::string api_base = "https://api.telegram.org";
  std::string mode = "webhook";  // webhook | polling
  std::string bot_username;      // empty: asked with getMe at start
  int max_per_second = 30;       // overall send rate (protocols.md A4)
  bool enabled() const { return !token.empty(); }
};

struct ZaloConfig {
  std::string app_id;
  std::string app_secret;  // OAuth `secret_key` header, for refreshing tokens
  std::string oa_secret;   // OA secret key: webhook signatures (protocols.md B2)
  std::string access_token;
  std::string refresh_token;
  std::string api_base = "https://openapi.zalo.me";
  std::string oauth_base = "https://oauth.zaloapp.com";
  // First deliveries further than this from now are refused. At least 2 h: Zalo's
  // retries come up to ~1 h 50 min after the event (a `num_retry` one is never stale).
  int signature_window_seconds = 7200;
  int max_per_second = 10;
  bool enabled() const { return !app_id.empty(); }
};

// The Zalo Bot Platform (2025): a Telegram-like API for private chats. Its bots cannot
// be added to Zalo groups (getMe: can_join_groups false); teams without a bot in their
// group use the private team path (README "Which Zalo set-up gives what").
struct ZaloBotConfig {
  std::string token;  // "bot_id:secret"; empty: off
  std::string webhook_secret;
  std::string api_base = "https://bot-api.zaloplatforms.com";
  std::string mode = "webhook";  // webhook | polling
  int max_per_second = 10;
  bool enabled() const { return !token.empty(); }
};

struct Config {
  std::string listen_host = "127.0.0.1";
  std::uint16_t listen_port = 8080;
  std::filesystem::path db = "data/hocvuso.db";
  // postgresql://…: run on PostgreSQL (issue 18; `serve` refuses until every store has moved);
  // empty: SQLite at `db`, the default.
  std::string database_url;
  std::filesystem::path content;  // empty until resolved: ./content, else the source tree's
  int threads = 1;
  std::string log_format = "text";  // text | json
  std::string log_level = "info";
  std::size_t body_limit = 1 << 20;
  int read_timeout_seconds = 30;
  int idle_timeout_seconds = 60;
  int shutdown_grace_seconds = 10;
  int tick_seconds = 30;
  // PostgreSQL with several nodes: how long an outbox row a node claimed stays its own
  // without a renewal (renewed each second while it runs), so how long the messages of a
  // node that died wait before another node sends them.
  int outbox_lease_seconds = 120;
  int store_threads = 4;
  int review_hour = 19;  // local hour (Asia/Ho_Chi_Minh) of the daily review question
  int broadcast_daily_limit = 20;  // warnings one officer (token or chat user) may start per local day
  int broadcast_require_approval = 0;  // 1: province-wide or larger needs a second officer's approval
  // Help tickets (flows/tickets).
  int ticket_reannounce_minutes = 30;  // an unclaimed ticket is posted in its group again
  int ticket_escalate_minutes = 120;   // ... and reported to the commune's officers
  int ticket_idle_close_hours = 48;    // a ticket with no relayed message for this long closes itself
  int ticket_retention_days = 30;      // relayed texts are deleted this long after the ticket closed
  // PEM CA certificates the HTTPS client trusts besides the system's (a private proxy
  // in front of the platform APIs); empty: the system's store only.
  std::string tls_ca_file;
  // The web dashboard (issue 22): the address sign-in links are built on (empty:
  // http://<listen>), and the origins that may frame the public ranking /xephang/
  // (space-separated; empty: none).
  std::string public_url;
  std::string ranking_frame_origins;
  TelegramConfig telegram;
  ZaloConfig zalo;
  ZaloBotConfig zalobot;

  std::string listen() const;
  // public_url without a trailing slash, or http://<listen> when it is not set.
  std::string public_base() const;
};

class ConfigError : public std::runtime_error {
 public:
  ConfigError(std::string key, std::string reason);
  const std::string& key() const { return key_; }
  const std::string& reason() const { return reason_; }

 private:
  std::string key_;
  std::string reason_;
};

// Looks up an environment variable; tests pass their own.
using EnvLookup = std::function<std::optional<std::string>(const std::string&)>;
EnvLookup process_environment();

// `file` empty: defaults and environment only.
Config load_config(const std::filesystem::path& file, const EnvLookup& env);

struct ConfigKeyDoc {
  std::string key;
  std::string env;
  std::string default_value;
  std::string description;
  bool secret;
};
// Every key, for `hocvuso config keys` and the README.
std::vector<ConfigKeyDoc> config_keys();

}  // namespace hocvuso
