// A fast fake Telegram Bot API: answers sendMessage at once and records when each chat's reply arrived.
#pragma once

#include <atomic>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "bench/loopback_server.hpp"

namespace hocvuso::bench {

// Nanoseconds on the steady clock; every timestamp in the bench uses it.
std::int64_t now_ns();

class FakeApi {
 public:
  // Chats first_chat .. first_chat + chats - 1 are the bench's users.
  FakeApi(std::string token, std::int64_t first_chat, std::size_t chats);

  std::string base_url() const { return server_->base_url(); }

  // Forgets every arrival and count (between targets).
  void reset();
  // When the first reply to chat first_chat + k arrived; 0 when none has.
  std::int64_t arrival(std::size_t k) const { return arrivals_[k].load(std::memory_order_acquire); }
  std::size_t replies() const { return replies_.load(); }        // first replies to the bench's chats
  std::size_t duplicates() const { return duplicates_.load(); }  // second and later replies to a chat
  std::size_t strays() const { return strays_.load(); }          // sendMessage to no bench chat
  double other_calls() const { return server_->unmatched(); }    // any other path (404)

  // The sendMessage handler's work, on the server thread.
  http::Response on_send_message(const http::Request& request);

 private:
  std::int64_t first_chat_;
  std::vector<std::atomic<std::int64_t>> arrivals_;
  std::atomic<std::size_t> replies_{0};
  std::atomic<std::size_t> duplicates_{0};
  std::atomic<std::size_t> strays_{0};
  std::atomic<std::int64_t> message_id_{0};
  std::unique_ptr<LoopbackServer> server_;
};

}  // namespace hocvuso::bench
