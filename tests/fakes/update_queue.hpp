// The getUpdates queue shared by the Telegram and Zalo Bot fakes: offset confirmation and long polling.
#pragma once

#include <nlohmann/json.hpp>

#include <boost/asio/awaitable.hpp>
#include <chrono>
#include <cstdint>
#include <deque>
#include <memory>
#include <mutex>
#include <vector>

namespace hocvuso::fakes {

class UpdateQueue {
 public:
  // Long polls wait at most max_wait, whatever timeout the client asks for, so tests stay quick.
  explicit UpdateQueue(std::chrono::milliseconds max_wait = std::chrono::seconds(5));

  // Queues an update, setting "update_id" when absent (ids rise by one, A1); wakes long polls.
  std::int64_t push(nlohmann::json update);

  // One getUpdates call (A3): drops every update with update_id < offset (confirmed); a negative
  // offset keeps only the last -offset updates; then returns up to limit updates, waiting up to
  // timeout_seconds for the first one when there are none. Returned updates stay queued until
  // a later call confirms them.
  boost::asio::awaitable<std::vector<nlohmann::json>> poll(std::int64_t offset, int limit, int timeout_seconds);

  std::size_t pending() const;  // queued, not yet confirmed
  void clear();                 // drop_pending_updates

 private:
  struct Waiter;
  std::vector<nlohmann::json> take(std::int64_t offset, int limit);

  std::chrono::milliseconds max_wait_;
  mutable std::mutex mutex_;
  std::deque<nlohmann::json> updates_;
  std::int64_t next_id_ = 804512001;  // any positive start (A1); this one matches the protocols.md examples
  // Weak: a poll's coroutine owns its waiter, so the timer dies with the fake's
  // io_context, never after it.
  std::vector<std::weak_ptr<Waiter>> waiters_;
};

}  // namespace hocvuso::fakes
