// A fast fake Telegram Bot API: answers sendMessage at once and records when each chat's reply arrived.
#pragma once

#include <atomic>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "bench/loopback_server.hpp"
#include "bench/tls_server.hpp"

namespace hocvuso::bench {

// Nanoseconds on the steady clock; every timestamp in the bench uses it.
std::int64_t now_ns();

class FakeApi {
 public:
  struct Tls {
    std::string cert_pem, key_pem;
  };
  // Chats first_chat .. first_chat + chats - 1 are the bench's users. With `tls`, HTTPS (bench/tls_server.hpp).
  FakeApi(std::string token, std::int64_t first_chat, std::size_t chats, std::optional<Tls> tls = {});

  std::string base_url() const { return tls_server_ ? tls_server_->base_url() : server_->base_url(); }
  // TCP connections the fake accepted since the last reset: a client that reuses them opens few.
  std::size_t connections() const { return accepted() - connections_at_reset_; }

  // Forgets every arrival and count (between targets).
  void reset();
  // When the first reply to chat first_chat + k arrived; 0 when none has.
  std::int64_t arrival(std::size_t k) const { return arrivals_[k].load(std::memory_order_acquire); }
  std::size_t replies() const { return replies_.load(); }        // first replies to the bench's chats
  std::size_t duplicates() const { return duplicates_.load(); }  // second and later replies to a chat
  std::size_t strays() const { return strays_.load(); }          // sendMessage to no bench chat
  double other_calls() const {  // any other path (404)
    return tls_server_ ? static_cast<double>(tls_unmatched_.load()) : server_->unmatched();
  }

  // The sendMessage handler's work, on the server thread.
  http::Response on_send_message(const http::Request& request);

 private:
  std::int64_t first_chat_;
  std::vector<std::atomic<std::int64_t>> arrivals_;
  std::atomic<std::size_t> replies_{0};
  std::atomic<std::size_t> duplicates_{0};
  std::atomic<std::size_t> strays_{0};
  std::atomic<std::int64_t> message_id_{0};
  std::atomic<std::size_t> tls_unmatched_{0};
  std::size_t connections_at_reset_ = 0;
  std::size_t accepted() const;
  std::unique_ptr<LoopbackServer> server_;  // plain HTTP, or
  std::unique_ptr<TlsServer> tls_server_;   // HTTPS
};

}  // namespace hocvuso::bench
