// A Telegram adapter's test config and a citizen's text message as a raw Bot API update,
// for tests that put updates into the inbox and process them (tests/bot/inbox).
#pragma once

#include <nlohmann/json.hpp>
#include <string>

#include "adapters/telegram/telegram.hpp"

namespace hocvuso::testing {

inline TelegramConfig telegram_test_config() {
  TelegramConfig c;
  c.token = "7700000001:AAFakeTokenForTestsOnly_0123456789";
  c.webhook_secret = "s3cret";
  c.bot_username = "hocvuso_bot";
  return c;
}

// A private message `text` from the citizen whose chat (and user) id is `chat`.
inline std::string telegram_text_update(int update_id, const std::string& chat, const std::string& text) {
  nlohmann::json u = {{"update_id", update_id},
                      {"message",
                       {{"message_id", update_id},
                        {"from", {{"id", std::stoll(chat)}, {"is_bot", false}, {"first_name", "Lan"}}},
                        {"chat", {{"id", std::stoll(chat)}, {"type", "private"}}},
                        {"date", 1764979200},
                        {"text", text}}}};
  return u.dump();
}

}  // namespace hocvuso::testing
