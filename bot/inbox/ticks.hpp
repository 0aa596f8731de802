// Scheduled jobs (reminders, review questions, ticket escalation): the other way work
// reaches the engine besides an update. Every `period`, Engine::tick runs on the store
// thread and the sender is woken for what it queued.
#pragma once

#include <chrono>
#include <memory>

#include "bot/inbox/lane.hpp"

namespace hocvuso::inbox {

class Ticks {
 public:
  Ticks(boost::asio::io_context& ioc, Services services, std::chrono::seconds period);
  ~Ticks();

  // `owner` (what `services` refers to) is kept alive until the loop ends.
  void start(std::shared_ptr<const void> owner);
  // No tick after this one; a tick under way finishes.
  void stop();

  struct State;

 private:
  std::shared_ptr<State> state_;
};

}  // namespace hocvuso::inbox
