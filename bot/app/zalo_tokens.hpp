// Keeps the Zalo OA access token fresh (protocols.md B4): the pair lives in the
// store; a refresh is serialized, and the new pair is committed before it is used,
// because the old refresh token dies the moment Zalo answers. load() runs on the
// io_context while the sender's lane (another strand, another thread when `threads`
// > 1) authorizes and refreshes: the pair is behind a mutex, never held across a wait.
#pragma once

#include <boost/asio/awaitable.hpp>
#include <chrono>
#include <mutex>
#include <string>

#include "bot/core/api_call.hpp"
#include "bot/config/config.hpp"

namespace hocvuso {

class StoreWorker;
namespace http {
class Client;
}
namespace zalo {
class ZaloAdapter;
}

class ZaloTokens {
 public:
  static constexpr auto kRefreshEarly = std::chrono::hours(5);  // access tokens live 25 h

  ZaloTokens(StoreWorker& store, http::Client& client, const zalo::ZaloAdapter& adapter, ZaloConfig config);

  // Reads the stored pair, or seeds the store from the configuration on first start.
  // Should the store fail, the configured pair is used (and the error rethrown).
  boost::asio::awaitable<void> load();
  // Adds the `access_token` header, refreshing first when the token is near its end.
  // Waits for load() first: the stored pair outranks the configured one.
  boost::asio::awaitable<void> authorize(ApiRequest& request);
  // After Zalo said the token is invalid or expired. False: a person must re-authorize.
  boost::asio::awaitable<bool> refresh();

 private:
  StoreWorker& store_;
  http::Client& client_;
  const zalo::ZaloAdapter& adapter_;
  ZaloConfig config_;

  struct Pair {
    std::string access;
    std::string refresh;
    std::chrono::system_clock::time_point expires_at{};
  };
  Pair current() const;
  void set(Pair pair, bool loaded);
  bool loaded() const;
  // Claims the one refresh; false when another delivery is already refreshing.
  bool claim_refresh();
  void end_refresh();
  bool refreshing() const;

  mutable std::mutex mutex_;  // guards everything below
  Pair pair_;
  bool loaded_ = false;
  bool refreshing_ = false;
};

}  // namespace hocvuso
