// Zalo's side of an OA webhook delivery, as ../shared/review/zalo.md section 1 reads
// docs.zaloplatforms.com "OA/webhook/tong-quan": the body is signed once
// (X-ZEvent-Signature, protocols.md B2) and, on anything but HTTP 200, the SAME body
// is sent again with an added `num_retry` header 30 s, 5, 15, 30 min and 1 h later;
// after the last failure the webhook is disabled. Header-only: the e2e tests link
// OpenSSL, the fakes library does not.
#pragma once

#include <array>
#include <chrono>
#include <cstdint>
#include <exception>
#include <string>
#include <vector>

#include "support/e2e_helpers.hpp"
#include "support/zalo_signing.hpp"

namespace hocvuso::fakes {

class ZaloWebhookSender {
 public:
  // Waits between one attempt and the next (the first retry comes 30 s after the event).
  static constexpr std::array<std::chrono::seconds, 5> kRetryDelays = {
      std::chrono::seconds(30), std::chrono::minutes(5), std::chrono::minutes(15), std::chrono::minutes(30),
      std::chrono::hours(1)};

  ZaloWebhookSender(std::string app_id, std::string oa_secret)
      : app_id_(std::move(app_id)), oa_secret_(std::move(oa_secret)) {}

  // How long after the event attempt `n` goes out (0: the first delivery).
  static std::chrono::seconds offset_of(int attempt) {
    std::chrono::seconds at{0};
    for (int i = 0; i < attempt && i < static_cast<int>(kRetryDelays.size()); ++i) at += kRetryDelays[i];
    return at;
  }

  // One attempt at http://127.0.0.1:<port>/webhook/zalo. Attempt 0 carries no num_retry
  // header; attempt n > 0 carries "num_retry: n". A refused connection answers status 0.
  testing::RawResponse attempt(std::uint16_t port, const std::string& body, const std::string& timestamp,
                               int n) {
    testing::Headers headers = {{"X-ZEvent-Signature", testing::zalo_mac(app_id_, body, timestamp, oa_secret_)}};
    if (n > 0) headers.emplace_back("num_retry", std::to_string(n));
    ++attempts_;
    try {
      auto r = testing::post_json(port, "/webhook/zalo", body, headers);
      if (r.status != 200) ++failures_;
      return r;
    } catch (const std::exception&) {  // the server is down: Zalo counts it as a failure
      ++failures_;
      return {};
    }
  }

  // Attempts failed so far (non-200 or no connection). Zalo disables the webhook after
  // kRetryDelays.size() + 1 of them in a row for one event.
  int failures() const { return failures_; }
  int attempts() const { return attempts_; }
  bool would_disable() const { return failures_ > static_cast<int>(kRetryDelays.size()); }

 private:
  std::string app_id_, oa_secret_;
  int attempts_ = 0, failures_ = 0;
};

}  // namespace hocvuso::fakes
