// The sender's lane and its shared state, for the two files that run a lane: sender.cpp (the
// deliveries) and shared_slots.cpp (the channel's slots when several nodes share the limits).
// Private to bot/outbox: it brings Asio in, so nothing outside includes it.
#pragma once

#include <atomic>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <deque>
#include <memory>
#include <random>
#include <set>
#include <string>
#include <vector>

#include "bot/outbox/rate_limit.hpp"
#include "bot/outbox/sender.hpp"
#include "bot/outbox/sender_seams.hpp"
#include "bot/outbox/shared_limits.hpp"
#include "bot/outbox/throttle.hpp"
#include "bot/store/store.hpp"
#include "bot/store/worker.hpp"

namespace hocvuso {

namespace asio = boost::asio;

struct Sender::Lane {
  Lane(asio::io_context& ioc, ChannelRoute r, outbox::SenderClock& c, std::shared_ptr<outbox::SharedLimits> s)
      : route(std::move(r)), clock(c), strand(asio::make_strand(ioc)), timer(strand),
        max_in_flight(outbox::in_flight_limit(route.max_per_second)), throttle(route.max_per_second),
        shared(std::move(s)), slots_timer(strand) {
    const auto overall = outbox::SlidingWindow::per_second(route.max_per_second);
    if (shared && overall.limited()) {
      throttle.share_overall(overall.window());
      slot_limit = static_cast<int>(overall.limit());
    }
    // How far back a chat's sends still count: its longest window (Telegram: a group's minute).
    for (const auto type : {ChatType::private_chat, ChatType::group}) {
      const auto pace = route.adapter->chat_rate(type);
      chat_memory = std::max(chat_memory, outbox::SlidingWindow::burst_per(pace.per_second, pace.burst).window());
    }
  }

  ChannelRoute route;
  // Every store job of this lane runs in order on one store thread (worker.hpp): a read of
  // the due heads must not pass the mark of a send before it, or the row goes out again.
  std::size_t store_key = StoreWorker::order_key("outbox:" + std::string(to_string(route.adapter->channel())));
  outbox::SenderClock& clock;
  asio::strand<asio::io_context::executor_type> strand;
  asio::steady_timer timer;
  // Everything below is touched only on `strand`.
  std::set<std::string> in_flight;  // chats with a delivery under way
  std::set<std::int64_t> in_flight_rows;  // their outbox rows: claims renewed by each read (shared)
  std::size_t max_in_flight;        // sized from the rate (outbox::in_flight_limit)
  // Queue heads read from the store, not yet started: most urgent first. Reading
  // them once per batch instead of once per delivery keeps the store thread free
  // (decoding the bodies is the cost). Refreshed when empty, when new work was
  // queued (wake), and at least every kIdlePoll, so a cancelled row leaves quickly.
  std::deque<Store::DueMessage> ready;
  std::chrono::steady_clock::time_point read_at{};
  bool new_work = true;
  // The channel's rate and each chat's pace; only chats that sent lately are kept
  // (forget_idle_chats), or a broadcast to a million chats would keep a million windows.
  outbox::LaneThrottle throttle;
  // Each lane's own generator for backoff jitter: lanes run on different threads.
  std::mt19937 rng{std::random_device{}()};
  std::chrono::steady_clock::time_point forgot_at{};
  // Several nodes (shared_limits.hpp); null: this process's own windows. The channel's slots
  // come and go in run_slots; `waiting` counts deliveries waiting for a send to be allowed.
  std::shared_ptr<outbox::SharedLimits> shared;
  asio::steady_timer slots_timer;
  int slot_limit = 0;  // 0: the overall limit is not shared (none configured, or one process)
  int waiting = 0;
  std::size_t slot_takes = 0;  // sends started since the last renewal
  int others_asking = 0;       // other nodes that asked for slots lately, as the last exchange said
  // Ready chats whose window here is as the cluster's sends say: read, and not started since.
  std::set<std::string> windows_current;
  std::chrono::steady_clock::time_point asked_at{}, gave_back_at{};
  std::chrono::steady_clock::duration chat_memory{};
  bool draining = false;
  bool stopped = false;
  std::atomic<bool> ended{false};
  std::atomic<bool> slots_ended{true};  // run_slots is not running (or never ran)

  Channel channel() const { return route.adapter->channel(); }
  std::string name() const { return std::string(to_string(channel())); }
};

struct Sender::Impl {
  Impl(asio::io_context& context, StoreWorker& s, outbox::SenderTransport& t, Metrics& m, outbox::SenderClock& c)
      : ioc(context), store(s), transport(t), metrics(m), clock(c) {}
  // Production: the client, wrapped, owned here.
  Impl(asio::io_context& context, StoreWorker& s, std::unique_ptr<outbox::SenderTransport> own, Metrics& m,
       outbox::SenderClock& c)
      : ioc(context), store(s), own_transport(std::move(own)), transport(*own_transport), metrics(m), clock(c) {}
  asio::io_context& ioc;
  StoreWorker& store;
  std::unique_ptr<outbox::SenderTransport> own_transport;  // declared before the reference bound to it
  outbox::SenderTransport& transport;
  Metrics& metrics;
  outbox::SenderClock& clock;
  std::shared_ptr<outbox::SharedLimits> shared;  // null: one process
  std::chrono::seconds lease{120};               // with `shared`: an outbox claim's length
  std::vector<std::shared_ptr<Lane>> lanes;
  // Deliveries started and not ended, all lanes: read by the shutdown on another thread.
  std::atomic<int> delivering{0};
};

namespace outbox {

using LanePtr = std::shared_ptr<Sender::Lane>;
using ImplPtr = std::shared_ptr<Sender::Impl>;

// The lane's share of the channel's overall slots while it runs (shared_slots.cpp); only when the
// lane's overall limit is shared (Lane::slot_limit > 0).
asio::awaitable<void> run_slots(ImplPtr impl, LanePtr lane);

// Each ready chat's window as the cluster's sends say, but for the chats in `known` (not read: the
// window kept here is current).
void seed_chat_windows(Sender::Lane& lane, const std::vector<ChatSend>& sends, const std::set<std::string>& known);

}  // namespace outbox
}  // namespace hocvuso
