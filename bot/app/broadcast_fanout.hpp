// The background job that turns running broadcasts into outbox rows, a bounded batch
// per store transaction (BroadcastStore::fan_out), as fast as the outbox drains.
#pragma once

#include <boost/asio/io_context.hpp>
#include <memory>

#include "bot/store/worker.hpp"

namespace hocvuso {

class BroadcastFanout {
 public:
  static constexpr int kBatch = 1000;   // recipients per transaction
  static constexpr int kWindow = 5000;  // broadcast rows allowed to wait in the outbox

  BroadcastFanout(boost::asio::io_context& ioc, StoreWorker& store);
  ~BroadcastFanout();
  void start();
  void stop();  // no new batch after this; safe to call twice

  struct State;

 private:
  std::shared_ptr<State> state_;
};

}  // namespace hocvuso
