// Keeps the Zalo OA access token fresh (protocols.md B4): the pair lives in the
// store; a refresh is serialized, and the new pair is committed before it is used,
// because the old refresh token dies the moment Zalo answers. load() runs on the
// io_context while the sender's lane (another strand, another thread when `threads`
// > 1) authorizes and refreshes: the pair is behind a mutex, never held across a wait.
// Several nodes on one database (issue 18) share the stored pair: before refreshing, a
// node reads it, and when another node has already replaced the token it holds it takes
// the stored pair instead; otherwise it takes the cluster lease "zalo.refresh"
// (cluster_jobs.hpp), or waits for the node that has it. The new pair and the lease's end
// commit together, so the refresh token is spent by one node at a time.
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

  static constexpr auto kLoadRetryMax = std::chrono::seconds(30);

  // Reads the stored pair, or seeds the store from the configuration on first start.
  // Should the store fail, it tries again (first_wait, doubling up to kLoadRetryMax):
  // the configured pair may be spent, so it is never used in the stored one's place.
  boost::asio::awaitable<void> load(std::chrono::milliseconds first_wait = std::chrono::milliseconds(500));
  // Adds the `access_token` header, refreshing first when the token is near its end,
  // and waiting for a refresh under way (the token it would add is about to die).
  // Waits for load() first: the stored pair outranks the configured one.
  boost::asio::awaitable<void> authorize(ApiRequest& request);
  // After Zalo refused `failed` as sent with an invalid or expired token. A new pair
  // revokes the old access token and spends the single-use refresh token, so a refresh
  // happens only when the token `failed` carried is still the current one; if another
  // delivery has already replaced it, the new one is simply used. False: there is no
  // working token, and a person must re-authorize.
  boost::asio::awaitable<bool> refresh(const ApiRequest& failed);

  // The access token now in use (tests).
  std::string access_token() const { return current().access; }

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
  boost::asio::awaitable<void> wait_while_refreshing();
  boost::asio::awaitable<bool> refresh_now();

  mutable std::mutex mutex_;  // guards everything below
  Pair pair_;
  bool loaded_ = false;
  bool refreshing_ = false;
};

}  // namespace hocvuso
