// Fan-out loop: queue a batch, and when there is nothing to queue (no running
// broadcast, or the outbox window is full) look again shortly.
#include "bot/app/broadcast_fanout.hpp"

#include <spdlog/spdlog.h>

#include <atomic>
#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>

#include "bot/store/cluster_jobs.hpp"
#include "bot/store/on_store.hpp"
#include "flows/broadcast/broadcast_store.hpp"

namespace hocvuso {

namespace asio = boost::asio;

struct BroadcastFanout::State {
  State(asio::io_context& ioc, StoreWorker& s) : store(s), timer(asio::make_strand(ioc)) {}
  StoreWorker& store;
  asio::steady_timer timer;  // on its own strand
  std::atomic<bool> stopping{false};
};

namespace {

constexpr auto kIdle = std::chrono::milliseconds(200);

auto job_fan_out() {
  return [](Store& s) {
    // Several nodes on one database: one tops up at a time, the others skip the round at
    // once. Waiting for the broadcast's row lock instead (fan_out's FOR UPDATE, which stays
    // for correctness) held a node's whole store thread, every reply and delivery mark
    // queued behind it, for as long as another node's top-up transaction lasted: seconds,
    // with three nodes, in the cluster test.
    if (!take_cluster_turn(s, "broadcast fan-out")) return 0;
    return broadcast::BroadcastStore::of(s).fan_out(BroadcastFanout::kBatch, BroadcastFanout::kWindow,
                                                std::chrono::system_clock::now());
  };
}

asio::awaitable<void> run_fan_out(std::shared_ptr<BroadcastFanout::State> st) {
  while (!st->stopping) {
    int queued = 0;
    try {
      auto job = job_fan_out();
      // Deferred: the rows and the cursor that covers them commit together, so a power
      // loss can only undo both, and the next top-up queues the same recipients again.
      queued = co_await on_store(st->store, std::move(job), Sync::deferred);
    } catch (const std::exception& e) {
      spdlog::error("broadcast fan-out failed, will retry: {}", e.what());
    }
    if (queued > 0) continue;
    st->timer.expires_after(kIdle);
    co_await st->timer.async_wait(asio::as_tuple(asio::use_awaitable));
  }
}

}  // namespace

BroadcastFanout::BroadcastFanout(asio::io_context& ioc, StoreWorker& store)
    : state_(std::make_shared<State>(ioc, store)) {}

BroadcastFanout::~BroadcastFanout() { stop(); }

void BroadcastFanout::start() {
  asio::co_spawn(state_->timer.get_executor(), run_fan_out(state_), [](std::exception_ptr e) {
    if (!e) return;
    try {
      std::rethrow_exception(e);
    } catch (const std::exception& ex) {
      spdlog::error("broadcast fan-out stopped: {}", ex.what());
    }
  });
}

void BroadcastFanout::stop() {
  if (state_->stopping.exchange(true)) return;
  asio::post(state_->timer.get_executor(), [st = state_] { st->timer.cancel(); });
}

}  // namespace hocvuso
