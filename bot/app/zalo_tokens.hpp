// Keeps the Zalo OA access token fresh (protocols.md B4): the pair lives in the
// store; a refresh is serialized, and the new pair is committed before it is used,
// because the old refresh token dies the moment Zalo answers.
#pragma once

#include <boost/asio/awaitable.hpp>
#include <chrono>
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
  boost::asio::awaitable<void> load();
  // Adds the `access_token` header, refreshing first when the token is near its end.
  boost::asio::awaitable<void> authorize(ApiRequest& request);
  // After Zalo said the token is invalid or expired. False: a person must re-authorize.
  boost::asio::awaitable<bool> refresh();

 private:
  StoreWorker& store_;
  http::Client& client_;
  const zalo::ZaloAdapter& adapter_;
  ZaloConfig config_;
  std::string access_;
  std::string refresh_;
  std::chrono::system_clock::time_point expires_at_{};
  bool refreshing_ = false;
};

}  // namespace hocvuso
