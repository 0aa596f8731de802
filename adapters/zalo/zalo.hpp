// The Zalo Official Account adapter: checks and parses OA webhooks, renders replies
// as Open API v3 calls, reads Zalo's answers, and builds the OAuth v4 token refresh
// (protocols.md section B). Sans-I/O like every adapter.
//
// Calls from render() and refresh_request() carry no token: OA access tokens rotate
// (B4), so the sender adds the header `access_token: <current token>` to every
// render() call just before sending, and keeps the refresh token itself.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

#include "adapters/channel.hpp"
#include "bot/config/config.hpp"

namespace hocvuso::zalo {

class ZaloAdapter final : public ChannelAdapter {
 public:
  explicit ZaloAdapter(const ZaloConfig& config);

  Channel channel() const override { return Channel::zalo; }
  std::optional<Rejection> verify(std::string_view body, const HeaderLookup& header,
                                  TimePoint now) const override;
  Result<ParsedUpdate> parse(std::string_view body) const override;
  bool shows_buttons(ChatType type) const override { return type == ChatType::private_chat; }
  std::size_t max_text_units() const override { return 2000; }  // CS text limit (B3)
  std::size_t max_buttons_per_message() const override;           // 4 (zalo.cpp)
  std::string continuation_text() const override;
  ApiRequest render(const Outgoing& message, ChatType type) const override;
  SendResult classify(const ApiResponse& response) const override;

  // POST to the OAuth base (ZaloConfig::oauth_base) that trades a refresh token for
  // a new pair. The old refresh token dies at once: store the new pair first (B4).
  ApiRequest refresh_request(std::string_view refresh_token) const;

 private:
  std::string app_id_;
  std::string app_secret_;
  std::string oa_secret_;
  std::chrono::seconds signature_window_;
};

struct TokenPair {
  std::string access_token;
  std::string refresh_token;
  std::chrono::seconds expires_in{0};
};

// The answer to refresh_request(): the new pair, or why there is none (never a token):
// a Problem no_answer, bad_answer, refused or http_status.
Result<TokenPair> parse_refresh(const Result<ApiResponse>& answer);

}  // namespace hocvuso::zalo
