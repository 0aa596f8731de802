// One table of keys drives the JSON file, the environment, validation and docs.
#include "bot/config/config.hpp"

#include <arpa/inet.h>
#include <libpq-fe.h>

#include <algorithm>
#include <charconv>
#include <cstdlib>
#include <fstream>
#include <nlohmann/json.hpp>
#include <regex>
#include <set>
#include <sstream>

#ifndef HOCVUSO_SOURCE_CONTENT_DIR
#define HOCVUSO_SOURCE_CONTENT_DIR "content"
#endif

namespace hocvuso {

namespace {

using nlohmann::json;

// How one key is read from a string (environment) or a JSON value (file).
struct Key {
  std::string name;  // dotted JSON path: "telegram.token"
  std::string env;
  std::string description;
  bool secret = false;
  std::function<void(Config&, const std::string&)> set;  // throws std::invalid_argument
  std::function<std::string(const Config&)> get;
};

int parse_int(const std::string& s, int lo, int hi) {
  int v = 0;
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || p != s.data() + s.size()) throw std::invalid_argument("not a whole number: \"" + s + "\"");
  if (v < lo || v > hi) {
    throw std::invalid_argument(std::to_string(v) + " is out of range " + std::to_string(lo) + ".." + std::to_string(hi));
  }
  return v;
}

void parse_listen(Config& c, const std::string& s) {
  // "host:port" or "[v6]:port"
  std::string host, port;
  if (!s.empty() && s.front() == '[') {
    auto close = s.find(']');
    if (close == std::string::npos || close + 1 >= s.size() || s[close + 1] != ':') {
      throw std::invalid_argument("expected [ipv6]:port, got \"" + s + "\"");
    }
    host = s.substr(1, close - 1);
    port = s.substr(close + 2);
  } else {
    auto colon = s.rfind(':');
    if (colon == std::string::npos || colon == 0) throw std::invalid_argument("expected host:port, got \"" + s + "\"");
    host = s.substr(0, colon);
    port = s.substr(colon + 1);
  }
  unsigned char addr[sizeof(in6_addr)];
  const bool v6 = s.front() == '[';
  if (::inet_pton(v6 ? AF_INET6 : AF_INET, host.c_str(), addr) != 1) {
    throw std::invalid_argument("host must be an IP address (127.0.0.1, 0.0.0.0, [::1]), got \"" + host + "\"");
  }
  c.listen_host = host;
  c.listen_port = static_cast<std::uint16_t>(parse_int(port, 0, 65535));
}

// A libpq connection URL, checked by libpq itself so that what passes here connects the
// way libpq reads it. The message never repeats the value: it may hold a password.
void parse_database_url(Config& c, const std::string& v) {
  if (!v.empty()) {
    if (!v.starts_with("postgresql://") && !v.starts_with("postgres://")) {
      throw std::invalid_argument("must start with postgresql:// (empty: SQLite at `db`)");
    }
    char* error = nullptr;
    PQconninfoOption* options = PQconninfoParse(v.c_str(), &error);
    if (options == nullptr) {
      PQfreemem(error);
      throw std::invalid_argument(
          "is not a valid PostgreSQL URL: expected postgresql://[user[:password]@][host][:port][/dbname][?param=value&…]"
          " with %-escapes for special characters");
    }
    // libpq checks a port only when it connects: check it now, so a typo stops start-up
    // with this message rather than a connection failure later.
    bool ports_ok = true;
    for (const PQconninfoOption* o = options; o->keyword != nullptr; ++o) {
      if (o->val == nullptr || std::string_view(o->keyword) != "port") continue;
      std::istringstream ports(o->val);
      std::string port;
      while (std::getline(ports, port, ',')) {
        int n = 0;
        auto [end, ec] = std::from_chars(port.data(), port.data() + port.size(), n);
        if (ec != std::errc() || end != port.data() + port.size() || n < 1 || n > 65535) ports_ok = false;
      }
    }
    PQconninfoFree(options);
    if (!ports_ok) throw std::invalid_argument("has a port that is not a number from 1 to 65535");
  }
  c.database_url = v;
}

void check_one_of(const std::string& v, const std::set<std::string>& allowed) {
  if (allowed.contains(v)) return;
  std::string list;
  for (const auto& a : allowed) list += (list.empty() ? "" : ", ") + a;
  throw std::invalid_argument("\"" + v + "\" is not one of: " + list);
}

void check_base_url(const std::string& v) {
  static const std::regex url(R"(^https?://[^/\s?#]+(/[^\s?#]*)?$)");
  if (!std::regex_match(v, url)) throw std::invalid_argument("not an http(s) base URL: \"" + v + "\"");
}

template <class Section>
Key section_key(std::string name, std::string env, std::string desc, bool secret, Section Config::*section,
                std::string Section::*field, bool is_url = false) {
  return {std::move(name), std::move(env), std::move(desc), secret,
          [section, field, is_url](Config& c, const std::string& v) {
            if (is_url) check_base_url(v);
            (c.*section).*field = v;
          },
          [section, field](const Config& c) { return (c.*section).*field; }};
}

template <class Section>
Key section_int_key(std::string name, std::string env, std::string desc, Section Config::*section,
                    int Section::*field, int lo, int hi) {
  return {std::move(name), std::move(env), std::move(desc), false,
          [section, field, lo, hi](Config& c, const std::string& v) { (c.*section).*field = parse_int(v, lo, hi); },
          [section, field](const Config& c) { return std::to_string((c.*section).*field); }};
}

template <class Section>
Key section_mode_key(std::string name, std::string env, Section Config::*section) {
  return {std::move(name), std::move(env), "webhook (platform posts to us) or polling (we ask; no public address needed)",
          false,
          [section](Config& c, const std::string& v) {
            check_one_of(v, {"webhook", "polling"});
            (c.*section).mode = v;
          },
          [section](const Config& c) { return (c.*section).mode; }};
}

Key int_key(std::string name, std::string env, std::string desc, int Config::*field, int lo, int hi) {
  return {std::move(name), std::move(env), std::move(desc), false,
          [field, lo, hi](Config& c, const std::string& v) { c.*field = parse_int(v, lo, hi); },
          [field](const Config& c) { return std::to_string(c.*field); }};
}

const std::vector<Key>& keys() {
  static const std::vector<Key> table = [] {
    std::vector<Key> k;
    k.push_back({"listen", "HOCVUSO_LISTEN", "address and port the HTTP server listens on", false, parse_listen,
                 [](const Config& c) { return c.listen(); }});
    k.push_back({"db", "HOCVUSO_DB", "SQLite database file (created with its directory)", false,
                 [](Config& c, const std::string& v) {
                   if (v.empty()) throw std::invalid_argument("must not be empty");
                   c.db = v;
                 },
                 [](const Config& c) { return c.db.string(); }});
    k.push_back({"database_url", "HOCVUSO_DATABASE_URL",
                 "postgresql://user:password@host:port/dbname selects PostgreSQL instead of the SQLite file `db`: "
                 "serve and every command run there; empty: SQLite", true, parse_database_url,
                 [](const Config& c) { return c.database_url; }});
    k.push_back({"content", "HOCVUSO_CONTENT", "content directory (lessons, FAQ, strings); default ./content, "
                 "else the one in the source tree", false,
                 [](Config& c, const std::string& v) { c.content = v; },
                 [](const Config& c) { return c.content.string(); }});
    k.push_back(int_key("threads", "HOCVUSO_THREADS", "I/O threads of the HTTP server", &Config::threads, 1, 64));
    k.push_back({"log_format", "HOCVUSO_LOG_FORMAT", "text (readable) or json (one object a line)", false,
                 [](Config& c, const std::string& v) {
                   check_one_of(v, {"text", "json"});
                   c.log_format = v;
                 },
                 [](const Config& c) { return c.log_format; }});
    k.push_back({"log_level", "HOCVUSO_LOG_LEVEL", "trace, debug, info, warn or error", false,
                 [](Config& c, const std::string& v) {
                   check_one_of(v, {"trace", "debug", "info", "warn", "error"});
                   c.log_level = v;
                 },
                 [](const Config& c) { return c.log_level; }});
    k.push_back({"body_limit", "HOCVUSO_BODY_LIMIT", "largest request body in bytes; larger gets 413", false,
                 [](Config& c, const std::string& v) {
                   c.body_limit = static_cast<std::size_t>(parse_int(v, 1024, 64 << 20));
                 },
                 [](const Config& c) { return std::to_string(c.body_limit); }});
    k.push_back(int_key("read_timeout_seconds", "HOCVUSO_READ_TIMEOUT", "time to receive a whole request",
                        &Config::read_timeout_seconds, 1, 3600));
    k.push_back(int_key("idle_timeout_seconds", "HOCVUSO_IDLE_TIMEOUT", "keep-alive connection idle limit",
                        &Config::idle_timeout_seconds, 1, 3600));
    k.push_back(int_key("tick_seconds", "HOCVUSO_TICK_SECONDS",
                        "how often scheduled jobs (reminders, review questions) look for due work",
                        &Config::tick_seconds, 1, 3600));
    k.push_back(int_key("outbox_lease_seconds", "HOCVUSO_OUTBOX_LEASE_SECONDS",
                        "PostgreSQL: how long a node's claim on an outbox row lasts unrenewed (a dead node's "
                        "messages wait this long for another node)",
                        &Config::outbox_lease_seconds, 10, 3600));
    k.push_back(int_key("store_threads", "HOCVUSO_STORE_THREADS",
                        "PostgreSQL: store threads of this node, each with its own connection (SQLite has one "
                        "writer and always one thread)",
                        &Config::store_threads, 1, 32));
    k.push_back(int_key("review_hour", "HOCVUSO_REVIEW_HOUR",
                        "local hour (Asia/Ho_Chi_Minh, 0-23) of the daily review question for those who opted in",
                        &Config::review_hour, 0, 23));
    k.push_back(int_key("broadcast_daily_limit", "HOCVUSO_BROADCAST_DAILY_LIMIT",
                        "scam warnings one officer may start per day (Vietnam time)", &Config::broadcast_daily_limit,
                        1, 100000));
    k.push_back(int_key("broadcast_require_approval", "HOCVUSO_BROADCAST_REQUIRE_APPROVAL",
                        "1: a province-wide or larger warning waits for a second officer's approval",
                        &Config::broadcast_require_approval, 0, 1));
    k.push_back(int_key("ticket_reannounce_minutes", "HOCVUSO_TICKET_REANNOUNCE_MINUTES",
                        "an unclaimed help ticket is posted in its team group again after this",
                        &Config::ticket_reannounce_minutes, 1, 10080));
    k.push_back(int_key("ticket_escalate_minutes", "HOCVUSO_TICKET_ESCALATE_MINUTES",
                        "an unclaimed help ticket is reported to the commune's officers after this",
                        &Config::ticket_escalate_minutes, 1, 43200));
    k.push_back(int_key("ticket_idle_close_hours", "HOCVUSO_TICKET_IDLE_CLOSE_HOURS",
                        "a help ticket with no relayed message for this long closes itself",
                        &Config::ticket_idle_close_hours, 1, 8760));
    k.push_back(int_key("ticket_retention_days", "HOCVUSO_TICKET_RETENTION_DAYS",
                        "relayed help-ticket texts are deleted this many days after the ticket closed",
                        &Config::ticket_retention_days, 0, 3650));
    k.push_back(int_key("shutdown_grace_seconds", "HOCVUSO_SHUTDOWN_GRACE",
                        "on SIGTERM, time allowed to finish in-flight work", &Config::shutdown_grace_seconds, 0, 600));
    k.push_back({"tls_ca_file", "HOCVUSO_TLS_CA_FILE",
                 "PEM file of CA certificates trusted for the platform APIs besides the system's (a private "
                 "proxy); empty: the system's only", false,
                 [](Config& c, const std::string& v) {
                   if (!v.empty() && !std::ifstream(v)) throw std::invalid_argument("cannot read " + v);
                   c.tls_ca_file = v;
                 },
                 [](const Config& c) { return c.tls_ca_file; }});
    k.push_back({"public_url", "HOCVUSO_PUBLIC_URL",
                 "the service's public address, on which dashboard sign-in links are built (https://… behind "
                 "nginx; session cookies are Secure when it is https); empty: http://<listen>", false,
                 [](Config& c, const std::string& v) {
                   static const std::regex url(R"(https?://[A-Za-z0-9.\-]+(:[0-9]{1,5})?(/[A-Za-z0-9._~/\-]*)?)");
                   if (!v.empty() && !std::regex_match(v, url)) {
                     throw std::invalid_argument("must be http(s)://host[:port][/path], e.g. https://hocvuso.example.vn");
                   }
                   c.public_url = v;
                 },
                 [](const Config& c) { return c.public_url; }});
    k.push_back({"ranking_frame_origins", "HOCVUSO_RANKING_FRAME_ORIGINS",
                 "origins allowed to embed the public ranking /xephang/ in a frame (CSP frame-ancestors), "
                 "space-separated, e.g. \"https://sonla.gov.vn https://www.sonla.gov.vn\"; empty: nowhere", false,
                 [](Config& c, const std::string& v) {
                   static const std::regex origin(R"(https?://[A-Za-z0-9.\-]+(:[0-9]{1,5})?)");
                   std::istringstream in(v);
                   std::string one;
                   while (in >> one) {
                     if (!std::regex_match(one, origin)) {
                       throw std::invalid_argument("'" + one + "' is not an origin (https://host[:port])");
                     }
                   }
                   c.ranking_frame_origins = v;
                 },
                 [](const Config& c) { return c.ranking_frame_origins; }});
    k.push_back(section_key("telegram.token", "HOCVUSO_TELEGRAM_TOKEN", "Telegram bot token; empty: Telegram off",
                            true, &Config::telegram, &TelegramConfig::token));
    k.push_back(section_key("telegram.webhook_secret", "HOCVUSO_TELEGRAM_WEBHOOK_SECRET",
                            "secret Telegram sends in X-Telegram-Bot-Api-Secret-Token", true, &Config::telegram,
                            &TelegramConfig::webhook_secret));
    k.push_back(section_key("telegram.api_base", "HOCVUSO_TELEGRAM_API_BASE", "Telegram Bot API base URL", false,
                            &Config::telegram, &TelegramConfig::api_base, true));
    k.push_back(section_mode_key("telegram.mode", "HOCVUSO_TELEGRAM_MODE", &Config::telegram));
    k.push_back(section_key("telegram.bot_username", "HOCVUSO_TELEGRAM_BOT_USERNAME",
                            "the bot's @username without @; empty: asked with getMe", false, &Config::telegram,
                            &TelegramConfig::bot_username));
    k.push_back(section_int_key("telegram.max_per_second", "HOCVUSO_TELEGRAM_MAX_PER_SECOND",
                                "overall Telegram send rate", &Config::telegram, &TelegramConfig::max_per_second, 1,
                                100000));
    k.push_back(section_key("zalo.app_id", "HOCVUSO_ZALO_APP_ID", "Zalo app id; empty: Zalo OA off", false,
                            &Config::zalo, &ZaloConfig::app_id));
    k.push_back(section_key("zalo.app_secret", "HOCVUSO_ZALO_APP_SECRET", "Zalo app secret (token refresh)", true,
                            &Config::zalo, &ZaloConfig::app_secret));
    k.push_back(section_key("zalo.oa_secret", "HOCVUSO_ZALO_OA_SECRET", "Zalo OA secret key (webhook signatures)",
                            true, &Config::zalo, &ZaloConfig::oa_secret));
    k.push_back(section_key("zalo.access_token", "HOCVUSO_ZALO_ACCESS_TOKEN", "initial OA access token", true,
                            &Config::zalo, &ZaloConfig::access_token));
    k.push_back(section_key("zalo.refresh_token", "HOCVUSO_ZALO_REFRESH_TOKEN", "initial OA refresh token", true,
                            &Config::zalo, &ZaloConfig::refresh_token));
    k.push_back(section_key("zalo.api_base", "HOCVUSO_ZALO_API_BASE", "Zalo Open API base URL", false,
                            &Config::zalo, &ZaloConfig::api_base, true));
    k.push_back(section_key("zalo.oauth_base", "HOCVUSO_ZALO_OAUTH_BASE", "Zalo OAuth base URL", false,
                            &Config::zalo, &ZaloConfig::oauth_base, true));
    k.push_back(section_int_key("zalo.signature_window_seconds", "HOCVUSO_ZALO_SIGNATURE_WINDOW",
                                "first webhook deliveries older or newer than this are refused (at least 7200: "
                                "Zalo retries up to ~2 h late; retries with num_retry are always accepted)",
                                &Config::zalo, &ZaloConfig::signature_window_seconds, 7200, 86400));
    k.push_back(section_int_key("zalo.max_per_second", "HOCVUSO_ZALO_MAX_PER_SECOND", "overall Zalo OA send rate",
                                &Config::zalo, &ZaloConfig::max_per_second, 1, 100000));
    k.push_back(section_key("zalobot.token", "HOCVUSO_ZALOBOT_TOKEN", "Zalo Bot Platform token; empty: off", true,
                            &Config::zalobot, &ZaloBotConfig::token));
    k.push_back(section_key("zalobot.webhook_secret", "HOCVUSO_ZALOBOT_WEBHOOK_SECRET",
                            "secret sent in X-Bot-Api-Secret-Token", true, &Config::zalobot,
                            &ZaloBotConfig::webhook_secret));
    k.push_back(section_key("zalobot.api_base", "HOCVUSO_ZALOBOT_API_BASE", "Zalo Bot Platform API base URL", false,
                            &Config::zalobot, &ZaloBotConfig::api_base, true));
    k.push_back(section_mode_key("zalobot.mode", "HOCVUSO_ZALOBOT_MODE", &Config::zalobot));
    k.push_back(section_int_key("zalobot.max_per_second", "HOCVUSO_ZALOBOT_MAX_PER_SECOND",
                                "overall Zalo Bot Platform send rate", &Config::zalobot, &ZaloBotConfig::max_per_second,
                                1, 100000));
    return k;
  }();
  return table;
}

std::string json_scalar_to_string(const std::string& key, const json& v) {
  if (v.is_string()) return v.get<std::string>();
  if (v.is_number_integer()) return std::to_string(v.get<long long>());
  throw ConfigError(key, std::string("expected a string or a whole number, got ") + v.type_name());
}

void apply_json(Config& c, const json& obj, const std::string& prefix) {
  for (const auto& [name, value] : obj.items()) {
    const std::string key = prefix.empty() ? name : prefix + "." + name;
    if (name.starts_with("_")) continue;  // "_comment"
    if (value.is_object()) {
      const bool known_section = std::any_of(keys().begin(), keys().end(),
                                             [&](const Key& k) { return k.name.starts_with(key + "."); });
      if (!known_section) throw ConfigError(key, "unknown section (see `hocvuso config keys`)");
      apply_json(c, value, key);
      continue;
    }
    auto it = std::find_if(keys().begin(), keys().end(), [&](const Key& k) { return k.name == key; });
    if (it == keys().end()) throw ConfigError(key, "unknown key (see `hocvuso config keys`)");
    try {
      it->set(c, json_scalar_to_string(key, value));
    } catch (const std::invalid_argument& e) {
      throw ConfigError(key, e.what());
    }
  }
}

void validate(const Config& c) {
  const auto& tg = c.telegram;
  if (!tg.webhook_secret.empty()) {
    // Telegram's rule for secret_token: 1-256 of A-Z a-z 0-9 _ -
    static const std::regex secret(R"(^[A-Za-z0-9_-]{1,256}$)");
    if (!std::regex_match(tg.webhook_secret, secret)) {
      throw ConfigError("telegram.webhook_secret", "must be 1-256 characters of A-Z, a-z, 0-9, _ and -");
    }
  }
  if (tg.enabled() && tg.mode == "webhook" && tg.webhook_secret.empty()) {
    throw ConfigError("telegram.webhook_secret", "required in webhook mode: without it anyone could post updates");
  }
  if (c.zalo.enabled() && c.zalo.oa_secret.empty()) {
    throw ConfigError("zalo.oa_secret", "required when zalo.app_id is set (webhook signatures cannot be checked)");
  }
  const auto& zb = c.zalobot;
  if (zb.enabled() && zb.mode == "webhook" && (zb.webhook_secret.size() < 8 || zb.webhook_secret.size() > 256)) {
    throw ConfigError("zalobot.webhook_secret", "required in webhook mode, 8-256 characters");
  }
}

}  // namespace

std::string Config::listen() const {
  bool v6 = listen_host.find(':') != std::string::npos;
  return (v6 ? "[" + listen_host + "]" : listen_host) + ":" + std::to_string(listen_port);
}

std::string Config::public_base() const {
  std::string base = public_url.empty() ? "http://" + listen() : public_url;
  while (!base.empty() && base.back() == '/') base.pop_back();
  return base;
}

ConfigError::ConfigError(std::string key, std::string reason)
    : std::runtime_error("config key '" + key + "': " + reason), key_(std::move(key)), reason_(std::move(reason)) {}

EnvLookup process_environment() {
  return [](const std::string& name) -> std::optional<std::string> {
    const char* v = std::getenv(name.c_str());
    if (v == nullptr) return std::nullopt;
    return std::string(v);
  };
}

Config load_config(const std::filesystem::path& file, const EnvLookup& env) {
  Config c;
  if (!file.empty()) {
    std::ifstream in(file, std::ios::binary);
    if (!in) throw ConfigError("--config", "cannot read " + file.string());
    std::stringstream ss;
    ss << in.rdbuf();
    json doc;
    try {
      doc = json::parse(ss.str());
    } catch (const json::parse_error& e) {
      throw ConfigError("--config", file.string() + " is not valid JSON: " + e.what());
    }
    if (!doc.is_object()) throw ConfigError("--config", file.string() + " must hold a JSON object");
    apply_json(c, doc, "");
  }
  for (const auto& k : keys()) {
    if (auto v = env(k.env)) {
      try {
        k.set(c, *v);
      } catch (const std::invalid_argument& e) {
        throw ConfigError(k.env, e.what());
      }
    }
  }
  if (c.content.empty()) {
    std::error_code ec;
    c.content = std::filesystem::is_directory("content", ec) ? std::filesystem::path("content")
                                                               : std::filesystem::path(HOCVUSO_SOURCE_CONTENT_DIR);
  }
  validate(c);
  return c;
}

std::vector<ConfigKeyDoc> config_keys() {
  Config defaults;
  std::vector<ConfigKeyDoc> out;
  for (const auto& k : keys()) out.push_back({k.name, k.env, k.get(defaults), k.description, k.secret});
  return out;
}

}  // namespace hocvuso
