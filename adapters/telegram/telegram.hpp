// Telegram Bot API adapter: webhook secret check, Update parsing into the core
// model, sendMessage rendering, and the Bot API calls hocvuso makes
// (protocols.md section A). Pure translation: no sockets here.
#pragma once

#include <atomic>
#include <memory>
#include <string>
#include <vector>

#include "adapters/channel.hpp"
#include "bot/config/config.hpp"

namespace hocvuso::telegram {

// Update kinds hocvuso asks Telegram for (setWebhook / getUpdates allowed_updates).
const std::vector<std::string>& allowed_updates();

class TelegramAdapter final : public ChannelAdapter {
 public:
  explicit TelegramAdapter(const TelegramConfig& config);

  Channel channel() const override { return Channel::telegram; }
  std::optional<Rejection> verify(std::string_view body, const HeaderLookup& header, TimePoint now) const override;
  Result<ParsedUpdate> parse(std::string_view body) const override;
  bool shows_buttons(ChatType) const override { return true; }
  std::size_t max_text_units() const override { return 4096; }  // A4
  ApiRequest render(const Outgoing& message, ChatType type) const override;
  SendResult classify(const ApiResponse& response) const override;
  std::size_t max_payload_bytes() const override { return kMaxCallbackBytes; }
  // About 1 message a second per chat, short bursts pass; 20 a minute per group (A4). The sender counts
  // `burst` in any burst / per_second seconds, one window a chat: 3 in 3 s for a private chat. A group
  // keeps both rules, the chat's and the group's, with 3 in any 10 s: never 4 in 3 s, at most 18 in a
  // minute (3 in 9 s would let 21 into some minute; 20 in a minute alone would burst 20 at once).
  ChatRate chat_rate(ChatType type) const override {
    return type == ChatType::group ? ChatRate{0.3, 3} : ChatRate{1.0, 3};
  }

  // The bot's @username (from config or getMe): commands addressed to another bot
  // ("/start@OtherBot") are ignored. Empty: not known yet, every command is ours.
  void set_username(std::string username);
  std::string username() const;

  std::optional<ApiRequest> poll_request(std::int64_t offset, int timeout_seconds) const override {
    return get_updates(offset, timeout_seconds);
  }

  ApiRequest get_me() const;
  ApiRequest set_webhook(std::string_view url) const;
  ApiRequest delete_webhook() const;
  ApiRequest get_updates(std::int64_t offset, int timeout_seconds) const;
  ApiRequest answer_callback(std::string_view callback_query_id) const;

  // Callback data holds at most 64 bytes (A4); the sender swaps longer payloads for
  // a stored reference, looked up again when the button is pressed.
  static constexpr std::size_t kMaxCallbackBytes = 64;

 private:
  std::string token_;
  std::string secret_;
  std::atomic<std::shared_ptr<const std::string>> username_;
};

}  // namespace hocvuso::telegram
