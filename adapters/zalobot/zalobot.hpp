// Zalo Bot Platform adapter: webhook secret check, update parsing into the core
// model, sendMessage rendering and the Bot API calls hocvuso makes (protocols.md B5,
// "Zalo Bot Platform"; the envelope and retry rules are Telegram's, A3/A4). Sans-I/O.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>

#include "adapters/channel.hpp"
#include "bot/config/config.hpp"

namespace hocvuso::zalobot {

class ZaloBotAdapter final : public ChannelAdapter {
 public:
  explicit ZaloBotAdapter(const ZaloBotConfig& config);

  Channel channel() const override { return Channel::zalobot; }
  // X-Bot-Api-Secret-Token against the secret given to setWebhook (B5).
  std::optional<Rejection> verify(std::string_view body, const HeaderLookup& header, TimePoint now) const override;
  Result<ParsedUpdate> parse(std::string_view body) const override;
  // No inline keyboards on this platform: the sender renders numbered options (B5).
  bool shows_buttons(ChatType) const override { return false; }
  std::size_t max_text_units() const override { return 2000; }  // sendMessage text 1–2000 (B5)
  ApiRequest render(const Outgoing& message, ChatType type) const override;
  SendResult classify(const ApiResponse& response) const override;
  std::optional<ApiRequest> poll_request(std::int64_t offset, int timeout_seconds) const override;

  ApiRequest set_webhook(std::string_view url) const;
  ApiRequest delete_webhook() const;
  ApiRequest get_me() const;

 private:
  std::string token_;
  std::string secret_;
};

}  // namespace hocvuso::zalobot
