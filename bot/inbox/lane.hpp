// A channel's inbox lane: where its recorded updates are processed, one batch at a
// time, in arrival order, on the lane's own strand. The webhook (ingest.hpp) and the
// polling loop record updates and wake the lane; the lane runs process_inbox
// (process.hpp) on the store thread, sends the acknowledgements and wakes the sender.
#pragma once

#include <atomic>
#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <memory>
#include <string>

#include "adapters/channel.hpp"
#include "bot/inbox/parsed_updates.hpp"
#include "bot/store/worker.hpp"

namespace hocvuso {

class Engine;
class Metrics;
class Sender;
class StoreWorker;
namespace http {
class Client;
}

namespace inbox {

// What every stage of an update uses, owned by the composition root (bot/app).
struct Services {
  StoreWorker& store;
  const Engine& engine;
  Metrics& metrics;
  http::Client& client;  // acknowledgements and getUpdates
  Sender& sender;        // woken when replies are queued
};

struct InboxLane {
  InboxLane(boost::asio::io_context& ioc, Services s, const ChannelAdapter& a, std::string base)
      : services(s), adapter(a), api_base(std::move(base)), strand(boost::asio::make_strand(ioc)), timer(strand) {}
  Services services;
  const ChannelAdapter& adapter;
  std::string api_base;
  boost::asio::strand<boost::asio::io_context::executor_type> strand;
  boost::asio::steady_timer timer;
  bool draining = false;  // strand only
  bool stopped = false;   // strand only
  bool woken = false;     // strand only: wake() was called since the loop last looked
  std::atomic<bool> ended{false};
  ParsedUpdates parsed;   // the webhook's parses, for the store thread (any thread)
  // The channel's processing runs in order on one store thread, one batch at a time; the
  // other channels' batches, the webhooks and the sending run on the others (worker.hpp).
  const std::size_t processing_key = StoreWorker::order_key("inbox:" + name());

  std::string name() const { return std::string(to_string(adapter.channel())); }
  // New rows were recorded: look now rather than at the next poll.
  void wake() {
    boost::asio::post(strand, [this] {
      woken = true;
      timer.cancel();
    });
  }
};

using LanePtr = std::shared_ptr<InboxLane>;

// Replays what is recorded (updates kept before a crash included), then waits for wake().
// `owner` (what `services` refers to) is kept alive until the lane ends.
void start(LanePtr lane, std::shared_ptr<const void> owner);
// Shutdown, stage one: process what is recorded, then end (ended becomes true).
void drain(LanePtr lane);
// Stage two: end at once; unprocessed rows stay for the next start.
void stop(LanePtr lane);

}  // namespace inbox
}  // namespace hocvuso
