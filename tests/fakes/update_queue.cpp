// Update queue with Telegram's confirmation rule and a long poll woken by push (protocols.md A3).
#include "fakes/update_queue.hpp"

#include <algorithm>
#include <boost/asio/as_tuple.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>

namespace hocvuso::fakes {

namespace asio = boost::asio;

// A sleeping long poll: push() cancels its timer, on the timer's own executor.
struct UpdateQueue::Waiter {
  explicit Waiter(const asio::any_io_executor& ex) : timer(ex) {}
  asio::steady_timer timer;
};

UpdateQueue::UpdateQueue(std::chrono::milliseconds max_wait) : max_wait_(max_wait) {}

std::int64_t UpdateQueue::push(nlohmann::json update) {
  std::vector<std::shared_ptr<Waiter>> wake;
  std::int64_t id = 0;
  {
    std::lock_guard lock(mutex_);
    if (update.contains("update_id")) {
      id = update["update_id"].get<std::int64_t>();
      next_id_ = std::max(next_id_, id + 1);
    } else {
      id = next_id_++;
      update["update_id"] = id;
    }
    updates_.push_back(std::move(update));
    for (auto& weak : waiters_) {
      if (auto w = weak.lock()) wake.push_back(std::move(w));
    }
  }
  for (auto& w : wake) asio::post(w->timer.get_executor(), [w] { w->timer.cancel(); });
  return id;
}

std::vector<nlohmann::json> UpdateQueue::take(std::int64_t offset, int limit) {
  if (offset < 0) {
    while (static_cast<std::int64_t>(updates_.size()) > -offset) updates_.pop_front();
  } else {
    std::erase_if(updates_, [offset](const nlohmann::json& u) { return u["update_id"].get<std::int64_t>() < offset; });
  }
  const auto n = std::min<std::size_t>(updates_.size(), static_cast<std::size_t>(std::clamp(limit, 1, 100)));
  return {updates_.begin(), updates_.begin() + static_cast<std::ptrdiff_t>(n)};
}

asio::awaitable<std::vector<nlohmann::json>> UpdateQueue::poll(std::int64_t offset, int limit, int timeout_seconds) {
  const auto wait = std::min<std::chrono::milliseconds>(std::chrono::seconds(std::max(timeout_seconds, 0)), max_wait_);
  const auto deadline = std::chrono::steady_clock::now() + wait;
  auto waiter = std::make_shared<Waiter>(co_await asio::this_coro::executor);
  for (;;) {
    {
      std::lock_guard lock(mutex_);
      auto batch = take(offset, limit);
      if (!batch.empty() || std::chrono::steady_clock::now() >= deadline) {
        std::erase_if(waiters_, [&](const std::weak_ptr<Waiter>& w) { return w.expired() || w.lock() == waiter; });
        co_return batch;
      }
      // Registered under the lock that push() takes: a push from now on cancels this wait,
      // and its cancel is posted to this thread, so it runs only after async_wait has begun.
      if (std::none_of(waiters_.begin(), waiters_.end(), [&](const std::weak_ptr<Waiter>& w) { return w.lock() == waiter; })) {
        waiters_.push_back(waiter);
      }
    }
    waiter->timer.expires_at(deadline);
    co_await waiter->timer.async_wait(asio::as_tuple(asio::use_awaitable));
  }
}

std::size_t UpdateQueue::pending() const {
  std::lock_guard lock(mutex_);
  return updates_.size();
}

void UpdateQueue::clear() {
  std::lock_guard lock(mutex_);
  updates_.clear();
}

}  // namespace hocvuso::fakes
