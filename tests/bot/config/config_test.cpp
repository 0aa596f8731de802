// Tests load_config: defaults, JSON file, environment overrides and validation (bot/config/config.hpp).
#include "bot/config/config.hpp"

#include <gtest/gtest.h>

#include <fstream>
#include <functional>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <vector>

#include "support/temp_dir.hpp"

namespace hocvuso {
namespace {

using hocvuso::testing::TempDir;

EnvLookup env_of(std::map<std::string, std::string> vars) {
  return [vars = std::move(vars)](const std::string& name) -> std::optional<std::string> {
    auto it = vars.find(name);
    if (it == vars.end()) return std::nullopt;
    return it->second;
  };
}

const EnvLookup kNoEnv = env_of({});

TEST(Config, Defaults) {
  const Config c = load_config("", kNoEnv);
  EXPECT_EQ(c.listen_host, "127.0.0.1");
  EXPECT_EQ(c.listen_port, 8080);
  EXPECT_EQ(c.listen(), "127.0.0.1:8080");
  EXPECT_EQ(c.db, std::filesystem::path("data/hocvuso.db"));
  EXPECT_FALSE(c.content.empty());  // resolved: ./content or the source tree's
  EXPECT_EQ(c.content.filename(), "content");
  EXPECT_EQ(c.threads, 1);
  EXPECT_EQ(c.log_format, "text");
  EXPECT_EQ(c.log_level, "info");
  EXPECT_EQ(c.body_limit, 1u << 20);
  EXPECT_EQ(c.read_timeout_seconds, 30);
  EXPECT_EQ(c.idle_timeout_seconds, 60);
  EXPECT_EQ(c.shutdown_grace_seconds, 10);
  EXPECT_FALSE(c.telegram.enabled());
  EXPECT_EQ(c.telegram.api_base, "https://api.telegram.org");
  EXPECT_FALSE(c.zalo.enabled());
  EXPECT_EQ(c.zalo.api_base, "https://openapi.zalo.me");
  EXPECT_EQ(c.zalo.oauth_base, "https://oauth.zaloapp.com");
}

TEST(Config, FileValues) {
  TempDir tmp;
  const auto file = tmp.write("hocvuso.json", R"({
    "_comment": "ignored",
    "listen": "0.0.0.0:9090",
    "db": "/var/lib/hocvuso/x.db",
    "content": "/srv/content",
    "threads": 4,
    "log_format": "json",
    "log_level": "debug",
    "body_limit": "2048",
    "shutdown_grace_seconds": 0,
    "telegram": {"token": "123:abc", "webhook_secret": "s3cr-et_X", "api_base": "http://127.0.0.1:9999/tg"},
    "zalo": {"app_id": "42", "oa_secret": "oa", "access_token": "at", "refresh_token": "rt"}
  })");
  const Config c = load_config(file, kNoEnv);
  EXPECT_EQ(c.listen_host, "0.0.0.0");
  EXPECT_EQ(c.listen_port, 9090);
  EXPECT_EQ(c.db, std::filesystem::path("/var/lib/hocvuso/x.db"));
  EXPECT_EQ(c.content, std::filesystem::path("/srv/content"));
  EXPECT_EQ(c.threads, 4);
  EXPECT_EQ(c.log_format, "json");
  EXPECT_EQ(c.log_level, "debug");
  EXPECT_EQ(c.body_limit, 2048u);
  EXPECT_EQ(c.shutdown_grace_seconds, 0);
  EXPECT_TRUE(c.telegram.enabled());
  EXPECT_EQ(c.telegram.token, "123:abc");
  EXPECT_EQ(c.telegram.webhook_secret, "s3cr-et_X");
  EXPECT_EQ(c.telegram.api_base, "http://127.0.0.1:9999/tg");
  EXPECT_TRUE(c.zalo.enabled());
  EXPECT_EQ(c.zalo.app_id, "42");
  EXPECT_EQ(c.zalo.oa_secret, "oa");
  EXPECT_EQ(c.zalo.access_token, "at");
  EXPECT_EQ(c.zalo.refresh_token, "rt");
}

TEST(Config, EnvironmentOverridesFile) {
  TempDir tmp;
  const auto file = tmp.write("hocvuso.json", R"({"listen": "0.0.0.0:9090", "threads": 4, "log_format": "json",
                                                   "telegram": {"token": "from-file", "webhook_secret": "s3cret"}})");
  const Config c = load_config(file, env_of({{"HOCVUSO_LISTEN", "127.0.0.1:7000"},
                                             {"HOCVUSO_THREADS", "8"},
                                             {"HOCVUSO_TELEGRAM_TOKEN", "from-env"},
                                             {"HOCVUSO_DB", "/tmp/env.db"}}));
  EXPECT_EQ(c.listen(), "127.0.0.1:7000");
  EXPECT_EQ(c.threads, 8);
  EXPECT_EQ(c.log_format, "json");  // not overridden: the file's value stays
  EXPECT_EQ(c.telegram.token, "from-env");
  EXPECT_EQ(c.db, std::filesystem::path("/tmp/env.db"));
}

TEST(Config, EnvironmentOnly) {
  const Config c = load_config("", env_of({{"HOCVUSO_ZALO_APP_ID", "1"},
                                           {"HOCVUSO_ZALO_OA_SECRET", "s"},
                                           {"HOCVUSO_ZALO_API_BASE", "https://zalo.example/v3"},
                                           {"HOCVUSO_CONTENT", "/c"}}));
  EXPECT_TRUE(c.zalo.enabled());
  EXPECT_EQ(c.zalo.api_base, "https://zalo.example/v3");
  EXPECT_EQ(c.content, std::filesystem::path("/c"));
}

TEST(Config, Ipv6Listen) {
  const Config c = load_config("", env_of({{"HOCVUSO_LISTEN", "[::1]:9000"}}));
  EXPECT_EQ(c.listen_host, "::1");
  EXPECT_EQ(c.listen_port, 9000);
  EXPECT_EQ(c.listen(), "[::1]:9000");
}

struct BadCase {
  std::string name;
  std::string json;                           // file contents; empty: no file
  std::map<std::string, std::string> env;
  std::string key;                            // ConfigError::key()
  std::string reason_part;                    // a substring of ConfigError::reason()
};

TEST(Config, InvalidValuesNameKeyAndReason) {
  const std::vector<BadCase> cases = {
      {"threads=0", R"({"threads": 0})", {}, "threads", "out of range 1..64"},
      {"threads not a number", R"({"threads": "many"})", {}, "threads", "not a whole number"},
      {"threads bool", R"({"threads": true})", {}, "threads", "expected a string or a whole number"},
      {"env threads=0", "", {{"HOCVUSO_THREADS", "0"}}, "HOCVUSO_THREADS", "out of range"},
      {"listen nohost", R"({"listen": "nohost"})", {}, "listen", "expected host:port"},
      {"listen hostname", R"({"listen": "localhost:80"})", {}, "listen", "host must be an IP address"},
      {"listen port too big", R"({"listen": "127.0.0.1:99999"})", {}, "listen", "99999 is out of range 0..65535"},
      {"listen port not a number", R"({"listen": "127.0.0.1:http"})", {}, "listen", "not a whole number"},
      {"listen v6 without port", "", {{"HOCVUSO_LISTEN", "[::1]"}}, "HOCVUSO_LISTEN", "expected [ipv6]:port"},
      {"log_format xml", R"({"log_format": "xml"})", {}, "log_format", "\"xml\" is not one of: json, text"},
      {"log_level", R"({"log_level": "verbose"})", {}, "log_level", "is not one of"},
      {"unknown key", R"({"foo": 1})", {}, "foo", "unknown key"},
      {"unknown nested key", R"({"telegram": {"bogus": "x"}})", {}, "telegram.bogus", "unknown key"},
      {"section as scalar", R"({"telegram": "x"})", {}, "telegram", "unknown key"},
      {"bad api_base", R"({"telegram": {"api_base": "ftp://x"}})", {}, "telegram.api_base", "not an http(s) base URL"},
      {"api_base with query", "", {{"HOCVUSO_ZALO_OAUTH_BASE", "https://x/?a=1"}}, "HOCVUSO_ZALO_OAUTH_BASE",
       "not an http(s) base URL"},
      {"webhook secret with space", R"({"telegram": {"webhook_secret": "a b"}})", {}, "telegram.webhook_secret",
       "A-Z, a-z, 0-9"},
      {"zalo app_id without oa_secret", R"({"zalo": {"app_id": "1"}})", {}, "zalo.oa_secret", "required"},
      {"db empty", R"({"db": ""})", {}, "db", "must not be empty"},
      {"not JSON", "{ not json", {}, "--config", "is not valid JSON"},
      {"JSON but not an object", "[1, 2]", {}, "--config", "must hold a JSON object"},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.name);
    TempDir tmp;
    std::filesystem::path file;
    if (!c.json.empty()) file = tmp.write("hocvuso.json", c.json);
    try {
      load_config(file, env_of(c.env));
      ADD_FAILURE() << "no ConfigError";
    } catch (const ConfigError& e) {
      EXPECT_EQ(e.key(), c.key);
      EXPECT_NE(e.reason().find(c.reason_part), std::string::npos) << e.reason();
      EXPECT_EQ(std::string(e.what()), "config key '" + c.key + "': " + e.reason());
    }
  }
}

TEST(Config, MissingFile) {
  TempDir tmp;
  try {
    load_config(tmp / "nope.json", kNoEnv);
    ADD_FAILURE() << "no ConfigError";
  } catch (const ConfigError& e) {
    EXPECT_EQ(e.key(), "--config");
    EXPECT_NE(e.reason().find("cannot read"), std::string::npos) << e.reason();
    EXPECT_NE(e.reason().find("nope.json"), std::string::npos) << e.reason();
  }
}

TEST(Config, BoundaryValuesAccepted) {
  const Config c = load_config("", env_of({{"HOCVUSO_THREADS", "64"}, {"HOCVUSO_LISTEN", "0.0.0.0:0"}}));
  EXPECT_EQ(c.threads, 64);
  EXPECT_EQ(c.listen_port, 0);
  const Config c2 = load_config("", env_of({{"HOCVUSO_LISTEN", "127.0.0.1:65535"}}));
  EXPECT_EQ(c2.listen_port, 65535);
}

// Octets are range-checked: an impossible address fails at start-up, naming the key.
TEST(Config, ListenRejectsOutOfRangeIpv4Octets) {
  EXPECT_THROW(load_config("", env_of({{"HOCVUSO_LISTEN", "999.1.1.1:80"}})), ConfigError);
  EXPECT_THROW(load_config("", env_of({{"HOCVUSO_LISTEN", "256.0.0.1:80"}})), ConfigError);
}

// A misspelt section name ("telegarm") is refused, not silently ignored.
TEST(Config, UnknownEmptySectionIsRefused) {
  TempDir tmp;
  const auto file = tmp.write("hocvuso.json", R"({"telegarm": {}})");
  EXPECT_THROW(load_config(file, kNoEnv), ConfigError);
}

TEST(ConfigKeys, ListsEveryDocumentedEnvVar) {
  const std::vector<ConfigKeyDoc> docs = config_keys();
  std::set<std::string> envs;
  for (const auto& d : docs) {
    EXPECT_TRUE(envs.insert(d.env).second) << "duplicate " << d.env;
    EXPECT_FALSE(d.key.empty());
    EXPECT_FALSE(d.description.empty()) << d.key;
  }
  for (const char* want :
       {"HOCVUSO_LISTEN", "HOCVUSO_DB", "HOCVUSO_CONTENT", "HOCVUSO_THREADS", "HOCVUSO_LOG_FORMAT",
        "HOCVUSO_TELEGRAM_TOKEN", "HOCVUSO_TELEGRAM_WEBHOOK_SECRET", "HOCVUSO_TELEGRAM_API_BASE",
        "HOCVUSO_ZALO_APP_ID", "HOCVUSO_ZALO_OA_SECRET", "HOCVUSO_ZALO_ACCESS_TOKEN", "HOCVUSO_ZALO_REFRESH_TOKEN",
        "HOCVUSO_ZALO_API_BASE", "HOCVUSO_ZALO_OAUTH_BASE"}) {
    EXPECT_TRUE(envs.contains(want)) << want;
  }
}

TEST(ConfigKeys, DefaultsAndSecrets) {
  std::map<std::string, ConfigKeyDoc> by_key;
  for (const auto& d : config_keys()) by_key.emplace(d.key, d);
  EXPECT_EQ(by_key.at("listen").default_value, "127.0.0.1:8080");
  EXPECT_EQ(by_key.at("threads").default_value, "1");
  EXPECT_EQ(by_key.at("telegram.api_base").default_value, "https://api.telegram.org");
  for (const char* secret : {"telegram.token", "telegram.webhook_secret", "zalo.oa_secret", "zalo.access_token",
                             "zalo.refresh_token"}) {
    EXPECT_TRUE(by_key.at(secret).secret) << secret;
  }
  for (const char* open : {"listen", "db", "zalo.app_id", "telegram.api_base"}) {
    EXPECT_FALSE(by_key.at(open).secret) << open;
  }
}

// A private proxy's CA: the file must be readable when the config is loaded, not at the first send.
TEST(ConfigKeys, TlsCaFileMustBeReadable) {
  TempDir tmp;
  const auto ca = tmp.write("ca.pem", "-----BEGIN CERTIFICATE-----\n");
  const auto with = [](std::string v) {
    return [v](const std::string& name) { return name == "HOCVUSO_TLS_CA_FILE" ? std::optional(v) : std::nullopt; };
  };
  EXPECT_EQ(load_config({}, with(ca.string())).tls_ca_file, ca.string());
  EXPECT_THROW(load_config({}, with((tmp.path() / "missing.pem").string())), ConfigError);
  EXPECT_EQ(load_config({}, kNoEnv).tls_ca_file, "");
}

}  // namespace
}  // namespace hocvuso

// deploy/hocvuso.example.json documents every key and loads as it is.
TEST(Config, ExampleFileHasEveryKeyAndLoads) {
  const std::filesystem::path example = std::filesystem::path(HOCVUSO_SOURCE_DIR) / "deploy/hocvuso.example.json";
  std::ifstream in(example);
  ASSERT_TRUE(in) << example;
  const auto doc = nlohmann::json::parse(in);
  std::set<std::string> in_file;
  std::function<void(const nlohmann::json&, const std::string&)> walk = [&](const nlohmann::json& o,
                                                                            const std::string& prefix) {
    for (const auto& [k, v] : o.items()) {
      if (k.starts_with("_")) continue;
      if (v.is_object()) {
        walk(v, prefix + k + ".");
      } else {
        in_file.insert(prefix + k);
      }
    }
  };
  walk(doc, "");
  std::set<std::string> all;
  for (const auto& k : hocvuso::config_keys()) all.insert(k.key);
  EXPECT_EQ(in_file, all);
  EXPECT_NO_THROW(hocvuso::load_config(example, [](const std::string&) { return std::optional<std::string>(); }));
}
