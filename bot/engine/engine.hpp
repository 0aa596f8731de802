// Turns one incoming message into stored effects: the person and chat recorded, the
// conversation state advanced, and every reply written to the outbox. Runs on the
// store thread inside the worker's transaction, so all of it commits or none does.
#pragma once

#include <atomic>
#include <memory>
#include <vector>

#include "bot/content/content.hpp"
#include "bot/core/dispatcher.hpp"
#include "bot/store/store.hpp"

namespace hocvuso {

class Engine {
 public:
  Engine(std::shared_ptr<const Dispatcher> dispatcher, std::shared_ptr<const Content> content);

  std::vector<OutboxItem> handle(Store& store, const Incoming& in, TimePoint now) const;

  // Runs every periodic job registered with the dispatcher (on the store thread) and
  // queues what they send as notices. On a database shared by several nodes, only inside
  // a transaction and on one node at a time (the others' ticks meanwhile do nothing).
  std::vector<OutboxItem> tick(Store& store, TimePoint now) const;

  // Runs the dispatcher's event handlers for one chat event (bot added to a group,
  // group renamed) and queues what they send as replies.
  std::vector<OutboxItem> handle_event(Store& store, const ChatEvent& event, TimePoint now) const;

  // Swaps content in a running service (SIGHUP); conversations keep their state.
  void set_content(std::shared_ptr<const Content> content);
  std::shared_ptr<const Content> content() const { return content_.load(); }

 private:
  std::shared_ptr<const Dispatcher> dispatcher_;
  std::atomic<std::shared_ptr<const Content>> content_;
};

}  // namespace hocvuso
