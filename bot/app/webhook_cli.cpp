// Telegram webhook management from the command line.
#include "bot/app/webhook_cli.hpp"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/use_future.hpp>
#include <iostream>
#include <nlohmann/json.hpp>

#include "adapters/telegram/telegram.hpp"
#include "bot/http/client.hpp"

namespace hocvuso {

int run_telegram_command(const Config& config, const std::string& action, const std::string& url) {
  if (!config.telegram.enabled()) {
    std::cerr << "hocvuso: set HOCVUSO_TELEGRAM_TOKEN (or telegram.token) first\n";
    return 2;
  }
  telegram::TelegramAdapter adapter(config.telegram);
  ApiRequest request;
  if (action == "set-webhook") {
    if (config.telegram.webhook_secret.empty()) {
      std::cerr << "hocvuso: set HOCVUSO_TELEGRAM_WEBHOOK_SECRET first: the webhook is refused without it\n";
      return 2;
    }
    request = adapter.set_webhook(url);
  } else if (action == "delete-webhook") {
    request = adapter.delete_webhook();
  } else {
    request = adapter.get_me();
  }
  boost::asio::io_context ioc;
  http::Client client(ioc);
  auto future = boost::asio::co_spawn(ioc, client.request(config.telegram.api_base, request), boost::asio::use_future);
  ioc.run();
  const Result<ApiResponse> answer = future.get();
  if (!answer) {
    std::cerr << "hocvuso: " << request.api_method << " failed: " << answer.problem().message << '\n';
    return 1;
  }
  const ApiResponse& resp = *answer;
  auto doc = nlohmann::json::parse(resp.body, nullptr, false);
  const bool ok = doc.is_object() && doc.value("ok", false);
  std::cout << request.api_method << ": " << (ok ? "ok" : "refused") << " (HTTP " << resp.status << ")";
  if (doc.is_object() && doc.contains("description")) std::cout << ": " << doc["description"].get<std::string>();
  if (ok && action == "get-me") std::cout << ": @" << doc["result"].value("username", std::string());
  std::cout << '\n';
  return ok ? 0 : 1;
}

}  // namespace hocvuso
