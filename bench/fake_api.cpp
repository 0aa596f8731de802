// The fake Bot API's one method, sendMessage, answered with a Message like Telegram's.
#include "bench/fake_api.hpp"

#include <chrono>
#include <nlohmann/json.hpp>

namespace hocvuso::bench {

std::int64_t now_ns() {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

namespace {

boost::asio::awaitable<http::Response> send_message(FakeApi* api, http::Request request) {
  co_return api->on_send_message(request);
}

// chat_id may come as a number or as a string of digits; 0 when absent or unreadable.
std::int64_t chat_id_of(const std::string& body) {
  const auto doc = nlohmann::json::parse(body, nullptr, /*allow_exceptions=*/false);
  if (!doc.is_object() || !doc.contains("chat_id")) return 0;
  const auto& id = doc["chat_id"];
  if (id.is_number_integer()) return id.get<std::int64_t>();
  if (id.is_string()) return std::strtoll(id.get<std::string>().c_str(), nullptr, 10);
  return 0;
}

std::string sent_message(std::int64_t message_id, std::int64_t chat) {
  const auto id = std::to_string(message_id), c = std::to_string(chat);
  return R"({"ok":true,"result":{"message_id":)" + id +
         R"(,"from":{"id":7700000001,"is_bot":true,"first_name":"Bench","username":"bench_bot"},"chat":{"id":)" + c +
         R"(,"first_name":"Bench","type":"private"},"date":1700000000,"text":"ok"}})";
}

}  // namespace

FakeApi::FakeApi(std::string token, std::int64_t first_chat, std::size_t chats, std::optional<Tls> tls)
    : first_chat_(first_chat), arrivals_(chats) {
  if (tls) {
    tls_server_ = std::make_unique<TlsServer>(
        tls->cert_pem, tls->key_pem, [this, path = "/bot" + token + "/sendMessage"](const http::Request& request) {
          if (request.method == "POST" && request.path() == path) return on_send_message(request);
          ++tls_unmatched_;
          return http::json_error(404, "not_found", "no such method");
        });
    return;
  }
  http::Router router;
  router.add("POST", "/bot" + token + "/sendMessage",
             [api = this](http::Request request) { return send_message(api, std::move(request)); });
  server_ = std::make_unique<LoopbackServer>(std::move(router));
}

std::size_t FakeApi::accepted() const { return tls_server_ ? tls_server_->connections() : server_->connections(); }

void FakeApi::reset() {
  connections_at_reset_ = accepted();
  tls_unmatched_ = 0;
  for (auto& a : arrivals_) a.store(0);
  replies_ = 0;
  duplicates_ = 0;
  strays_ = 0;
}

http::Response FakeApi::on_send_message(const http::Request& request) {
  const std::int64_t now = now_ns();
  const std::int64_t chat = chat_id_of(request.body);
  const std::int64_t k = chat - first_chat_;
  if (k < 0 || k >= static_cast<std::int64_t>(arrivals_.size())) {
    ++strays_;
  } else if (std::int64_t none = 0; arrivals_[static_cast<std::size_t>(k)].compare_exchange_strong(none, now)) {
    ++replies_;
  } else {
    ++duplicates_;
  }
  return http::json_ok(sent_message(++message_id_, chat));
}

}  // namespace hocvuso::bench
