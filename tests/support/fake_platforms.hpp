// The three platform fakes that the cross-platform end-to-end tests run side by side,
// the credentials they are made with, and a service config that points at all three.
#pragma once

#include <gtest/gtest.h>

#include <filesystem>

#include "bot/config/config.hpp"
#include "fakes/fake_telegram.hpp"
#include "fakes/fake_zalo.hpp"
#include "fakes/fake_zalobot.hpp"

namespace hocvuso::testing {

struct FakePlatforms {
  static constexpr const char* kZaloAppId = "3608465248940903967";
  static constexpr const char* kZaloOaSecret = "oa-secret";
  static constexpr const char* kZaloAppSecret = "app-secret";
  static constexpr const char* kZaloBotToken = "bot123:secret";
  static constexpr const char* kZaloBotSecret = "zb-secret-123";
  static constexpr const char* kTelegramSecret = "s3cret";

  static fakes::FakeZaloOptions zalo_options() {
    fakes::FakeZaloOptions o;
    o.app_id = kZaloAppId;
    o.app_secret = kZaloAppSecret;
    return o;
  }
  static fakes::FakeZaloBotOptions bot_options() {
    fakes::FakeZaloBotOptions o;
    o.token = kZaloBotToken;
    o.bot_id = "bot123";
    return o;
  }

  // Zalo OA and the Zalo Bot Platform at their fakes, Telegram too when asked; the
  // shipped content, any free port, a short shutdown grace.
  Config config(const std::filesystem::path& db, bool with_telegram) const {
    Config c;
    c.listen_port = 0;
    c.db = db;
    c.content = std::filesystem::path(HOCVUSO_SOURCE_DIR) / "content";
    c.shutdown_grace_seconds = 2;
    c.log_level = "warn";
    c.zalo.app_id = kZaloAppId;
    c.zalo.oa_secret = kZaloOaSecret;
    c.zalo.app_secret = kZaloAppSecret;
    c.zalo.access_token = "fake-access-token-0";
    c.zalo.refresh_token = "fake-refresh-token-0";
    c.zalo.api_base = zalo.base_url();
    c.zalo.oauth_base = zalo.base_url();
    c.zalo.max_per_second = 1000;
    c.zalobot.token = kZaloBotToken;
    c.zalobot.webhook_secret = kZaloBotSecret;
    c.zalobot.api_base = bot.base_url();
    c.zalobot.max_per_second = 1000;
    if (with_telegram) {
      c.telegram.token = telegram.token();
      c.telegram.webhook_secret = kTelegramSecret;
      c.telegram.api_base = telegram.base_url();
      c.telegram.bot_username = "hocvuso_bot";
      c.telegram.max_per_second = 1000;
    }
    return c;
  }

  // Whatever a platform would have refused (too many buttons, a numeric chat_id, a malformed
  // reply_markup...) fails the test.
  ~FakePlatforms() {
    for (const auto& v : zalo.spec_violations()) ADD_FAILURE() << "Zalo OA would refuse: " << v;
    for (const auto& v : bot.spec_violations()) ADD_FAILURE() << "Zalo Bot Platform would refuse: " << v;
    for (const auto& v : telegram.spec_violations()) ADD_FAILURE() << "Telegram would refuse: " << v;
  }

  fakes::FakeZalo zalo{zalo_options()};
  fakes::FakeZaloBot bot{bot_options()};
  fakes::FakeTelegram telegram;
};

}  // namespace hocvuso::testing
