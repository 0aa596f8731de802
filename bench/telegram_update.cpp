#include "bench/telegram_update.hpp"

#include "bench/load.hpp"

namespace hocvuso::bench {

std::string telegram_start_request(std::size_t k) {
  const std::string chat = std::to_string(kFirstChat + static_cast<std::int64_t>(k));
  const std::string id = std::to_string(kFirstUpdate + static_cast<std::int64_t>(k));
  const std::string body =
      R"({"update_id":)" + id + R"(,"message":{"message_id":)" + std::to_string(k + 1) + R"(,"from":{"id":)" + chat +
      R"(,"is_bot":false,"first_name":"Người dùng","last_name":")" + std::to_string(k) +
      R"(","language_code":"vi"},"chat":{"id":)" + chat + R"(,"first_name":"Người dùng","last_name":")" +
      std::to_string(k) + R"(","type":"private"},"date":1700000000,"text":"/start","entities":[{"offset":0,"length":6,"type":"bot_command"}]}})";
  return raw_post(kTelegramPath, body, std::string("X-Telegram-Bot-Api-Secret-Token: ") + kTelegramSecret + "\r\n");
}

}  // namespace hocvuso::bench
