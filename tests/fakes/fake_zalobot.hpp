// A fake Zalo Bot Platform (the Telegram-like bot API of protocols.md B5, last paragraph), recording every call.
#pragma once

#include <nlohmann/json.hpp>

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "fakes/fake_server.hpp"

namespace hocvuso::fakes {

struct FakeZaloBotOptions {
  std::string token = "1459232241454765289:fake-zalo-bot-secret";  // bot_id:secret (B5)
  std::string bot_id = "1459232241454765289";
  std::string account_name = "bot.hocvuso";
  // The official getMe sample shows false, and OpenClaw's docs say Bot Creator bots
  // "could not be added to a group at all" (../shared/review/zalo.md, "Groups").
  bool can_join_groups = false;
  std::chrono::milliseconds max_long_poll = std::chrono::seconds(5);  // cap on getUpdates timeout
};

// One call as the fake saw it, whether or not an injected fault answered it.
struct ZaloBotCall {
  std::string method;
  nlohmann::json params;
  std::chrono::steady_clock::time_point time;
};

class FakeZaloBot {
 public:
  explicit FakeZaloBot(FakeZaloBotOptions options = {});
  ~FakeZaloBot();
  FakeZaloBot(const FakeZaloBot&) = delete;
  FakeZaloBot& operator=(const FakeZaloBot&) = delete;

  std::uint16_t port() const;
  std::string base_url() const;  // calls go to <base_url>/bot<token>/<method>
  const std::string& token() const;
  FakeServer& server();  // faults (add_fault) and raw requests

  // Queues an update; returns the fake's own sequence number for it. getUpdates hands out
  // ONE update per answer, as the platform does, without update_id (B5), and an empty
  // long poll answers HTTP 200 {"ok":false,"error_code":408,"description":"Request timeout"}.
  std::int64_t push_update(nlohmann::json update);
  // Queues a "message.text.received" update in the platform's shape; date in ms.
  std::int64_t push_text(const std::string& chat_id, const std::string& from_id, const std::string& display_name,
                         const std::string& text, bool group = false);
  std::size_t pending_updates() const;

  std::string webhook_url() const;
  std::string webhook_secret() const;

  std::vector<ZaloBotCall> calls() const;
  std::vector<ZaloBotCall> calls(const std::string& method) const;
  std::vector<nlohmann::json> sent_messages() const;  // sendMessage parameters, arrival order
  bool wait_for_calls(const std::string& method, std::size_t n, std::chrono::milliseconds timeout) const;
  // Requests the platform would refuse (a numeric chat_id...): answered 400; a test should fail on any.
  std::vector<std::string> spec_violations() const;

  struct State;  // public only so the handler coroutines in fake_zalobot.cpp can name it

 private:
  std::unique_ptr<State> state_;
  std::unique_ptr<FakeServer> server_;  // last: stopped before the state its coroutines use
};

}  // namespace hocvuso::fakes
