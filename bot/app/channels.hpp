// The platform side of `hocvuso serve`: for each configured channel, its webhook
// route (or its polling loop), an inbox lane that processes recorded updates in
// order, and its lane in the one outbox sender.
#pragma once

#include <memory>

#include "bot/app/core.hpp"
#include "bot/http/router.hpp"

namespace boost::asio {
class io_context;
}

namespace hocvuso {

class Channels {
 public:
  Channels(boost::asio::io_context& ioc, Core& core);
  ~Channels();

  // POST /webhook/<channel> for channels in webhook mode.
  void add_routes(http::Router& router);
  // Replays updates recorded before a crash, starts polling, inbox lanes and the sender.
  void start();
  // Shutdown: finish what is recorded and queued (drain), then stop.
  void drain();
  bool done() const;
  void stop();

  struct Impl;

 private:
  std::shared_ptr<Impl> impl_;
};

}  // namespace hocvuso
