// The platform side of `hocvuso serve`, wired: for each configured channel its
// adapter, its webhook route (or its polling loop) and inbox lane from bot/inbox, and
// its lane in the one outbox sender (bot/outbox); the scheduled jobs' timer.
#pragma once

#include <chrono>
#include <memory>

#include "bot/app/runtime.hpp"
#include "bot/http/router.hpp"

namespace boost::asio {
class io_context;
}

namespace hocvuso {

class Channels {
 public:
  Channels(boost::asio::io_context& ioc, Runtime& core);
  ~Channels();

  // POST /webhook/<channel> for channels in webhook mode.
  void add_routes(http::Router& router);
  // Replays updates recorded before a crash, starts polling, inbox lanes and the sender.
  void start();
  // Shutdown, in this order: drain() stops polling and ticks and lets the inbox lanes
  // process what is recorded; once inbox_drained(), drain_sender() lets the sender
  // deliver what they queued; sender_drained() tells when it is done; stop() ends
  // whatever is left (rows not yet sent stay queued for the next start).
  void drain();
  bool inbox_drained() const;
  void drain_sender();
  bool sender_drained() const;
  void stop();
  // After stop(): deliveries already under way (Sender::delivering), and how long one can
  // last at most: its request ends by then by itself, answered or timed out.
  bool sender_delivering() const;
  std::chrono::milliseconds longest_send() const;

  struct Impl;

 private:
  std::shared_ptr<Impl> impl_;
};

}  // namespace hocvuso
