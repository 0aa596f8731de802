// The runtime every hocvuso command shares, wired once: config, content, store
// thread, dispatcher with every feature registered, engine and metrics. (Named
// Runtime, not Core: bot/core/ is the platform-neutral model, a different thing.)
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "bot/app/content_spec.hpp"
#include "bot/config/config.hpp"
#include "bot/core/dispatcher.hpp"
#include "bot/engine/engine.hpp"
#include "bot/metrics/metrics.hpp"
#include "bot/store/worker.hpp"

namespace hocvuso {

struct Runtime {
  Config config;
  Metrics metrics;
  std::unique_ptr<Engine> engine;
  std::unique_ptr<StoreWorker> store;
};

// Throws ContentError or StoreError with a reason a person can act on.
std::unique_ptr<Runtime> make_runtime(const Config& config);

// Every feature's handlers, registered in one place.
std::shared_ptr<Dispatcher> make_dispatcher(const Config& config);

// Counts a message in and its replies out.
void count_messages(Metrics& metrics, const Incoming& in, const std::vector<OutboxItem>& replies);

}  // namespace hocvuso
