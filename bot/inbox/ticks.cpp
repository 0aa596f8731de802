// The scheduled jobs' timer (ticks.hpp).
#include "bot/inbox/ticks.hpp"

#include <spdlog/spdlog.h>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/use_awaitable.hpp>

#include "bot/engine/engine.hpp"
#include "bot/log/log.hpp"
#include "bot/outbox/sender.hpp"
#include "bot/store/on_store.hpp"

namespace hocvuso::inbox {

namespace asio = boost::asio;

struct Ticks::State {
  State(asio::io_context& ioc, Services s, std::chrono::seconds p)
      : services(s), period(p), timer(asio::make_strand(ioc)) {}
  Services services;
  std::chrono::seconds period;
  asio::steady_timer timer;  // on its own strand
  std::atomic<bool> stopping{false};
};

namespace {

constexpr auto kNoThrow = asio::as_tuple(asio::use_awaitable);

// Built by an ordinary function, not a lambda in the coroutine (GCC 12, on_store.hpp).
auto job_tick(const Engine* engine) {
  return [engine](Store& s) { return engine->tick(s, std::chrono::system_clock::now()); };
}

asio::awaitable<void> run_ticks(std::shared_ptr<Ticks::State> state) {
  auto& timer = state->timer;
  while (!state->stopping) {
    try {
      auto job = job_tick(&state->services.engine);
      const std::vector<OutboxItem> queued = co_await on_store(state->services.store, std::move(job));
      for (const auto& item : queued) state->services.sender.wake(item.message.chat.channel);
    } catch (const std::exception& e) {
      spdlog::error("scheduled jobs failed, will retry: {}", e.what());
    }
    timer.expires_after(state->period);
    co_await timer.async_wait(kNoThrow);
  }
}

}  // namespace

Ticks::Ticks(asio::io_context& ioc, Services services, std::chrono::seconds period)
    : state_(std::make_shared<State>(ioc, services, period)) {}

Ticks::~Ticks() = default;

void Ticks::start(std::shared_ptr<const void> owner) {
  asio::co_spawn(state_->timer.get_executor(), run_ticks(state_),
                 [owner](std::exception_ptr e) { log_failure("scheduled jobs", e); });
}

void Ticks::stop() {
  state_->stopping = true;
  asio::post(state_->timer.get_executor(), [state = state_] { state->timer.cancel(); });
}

}  // namespace hocvuso::inbox
