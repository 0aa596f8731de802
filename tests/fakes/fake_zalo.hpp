// A fake Zalo OA Open API with its OAuth v4 token endpoint on one server (protocols.md B3-B5), recording every call.
#pragma once

#include <nlohmann/json.hpp>

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "fakes/fake_server.hpp"

namespace hocvuso::fakes {

struct FakeZaloOptions {
  std::string app_id = "3608465248940903967";
  std::string app_secret = "fake-app-secret-key";  // the secret_key header of /v4/oa/access_token (B4)
  std::string access_token = "fake-access-token-0";
  std::string refresh_token = "fake-refresh-token-0";
  // A new pair revokes the old access token at once (../shared/review/zalo.md "OAuth
  // refresh": a mirror of the official page, and seen live). Off only to model the
  // other reading, where the old token lives out its 25 h.
  bool refresh_revokes_old_access_token = true;
  // What a revoked token is answered with: -216 ("invalid", the error table) or -124
  // ("Access token invalid", reported live on /v3.0/oa/message/cs). Unverified which.
  int revoked_token_error = -216;
};

// One call as the fake saw it, whether or not an injected fault answered it.
struct ZaloCall {
  std::string path;    // e.g. "/v3.0/oa/message/cs"
  std::string access_token;  // the access_token header, "" when absent
  nlohmann::json body;  // JSON body, or the form fields as a JSON object for the OAuth endpoint
  std::chrono::steady_clock::time_point time;
};

class FakeZalo {
 public:
  explicit FakeZalo(FakeZaloOptions options = {});
  ~FakeZalo();
  FakeZalo(const FakeZalo&) = delete;
  FakeZalo& operator=(const FakeZalo&) = delete;

  std::uint16_t port() const;
  std::string base_url() const;  // serves both the API base and the OAuth base
  FakeServer& server();          // faults (add_fault) and raw requests

  // Tokens the fake currently accepts.
  std::string access_token() const;
  std::string refresh_token() const;
  int refresh_count() const;  // successful refreshes

  // The current access token stops working: -216 "invalid", -220 "expired" (B3 error
  // table) or -124 "Access token invalid" (seen live).
  void expire_access_token(int error_code = -216);
  // Sends to this user answer -230: no interaction in the last 7 days (B3 "Send windows").
  void set_outside_window(const std::string& user_id, bool outside = true);

  // Every call in arrival order, faulted ones included.
  std::vector<ZaloCall> calls() const;
  std::vector<ZaloCall> calls(const std::string& path) const;
  // Bodies of /v3.0/oa/message/cs and /v3.0/oa/group/message calls that were answered error 0.
  std::vector<nlohmann::json> delivered_cs_messages() const;
  std::vector<nlohmann::json> delivered_group_messages() const;
  bool wait_for_calls(const std::string& path, std::size_t n, std::chrono::milliseconds timeout) const;
  // Requests Zalo would refuse that the fake saw (more than 4 buttons, a title over 35
  // characters, a numeric id...): each was answered -201, and a test should fail on any.
  std::vector<std::string> spec_violations() const;

  struct State;  // public only so the handler coroutine in fake_zalo.cpp can name it

 private:
  std::unique_ptr<State> state_;
  std::unique_ptr<FakeServer> server_;  // last: stopped before the state its coroutines use
};

}  // namespace hocvuso::fakes
