// The inbox lane's loop (lane.hpp).
#include "bot/inbox/lane.hpp"

#include <spdlog/spdlog.h>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <utility>

#include "bot/engine/engine.hpp"
#include "bot/http/client.hpp"
#include "bot/inbox/process.hpp"
#include "bot/log/log.hpp"
#include "bot/metrics/metrics.hpp"
#include "bot/outbox/sender.hpp"
#include "bot/store/on_store.hpp"

namespace hocvuso::inbox {

namespace asio = boost::asio;

namespace {

constexpr auto kNoThrow = asio::as_tuple(asio::use_awaitable);
constexpr int kInboxBatch = 64;

// Store jobs are built by ordinary functions, never as lambdas inside a coroutine
// body: GCC 12 miscompiles captures held in coroutine frames.
auto job_process_inbox(const Engine* engine, const ChannelAdapter* adapter, ParsedUpdates* parsed) {
  return [engine, adapter, parsed](Store& s) { return process_inbox(s, *engine, *adapter, kInboxBatch, parsed); };
}

void send_acknowledgements(LanePtr lane, std::vector<ApiRequest> acks) {
  auto& client = lane->services.client;
  for (auto& ack : acks) {
    // Fire and forget: it only stops a spinner, and the message itself is in the outbox.
    asio::co_spawn(lane->strand.get_inner_executor(), client.request(lane->api_base, std::move(ack)),
                   [](std::exception_ptr, Result<ApiResponse> r) {
                     if (!r || r->status != 200) {
                       spdlog::debug("acknowledgement not accepted: HTTP {} {}", r ? r->status : 0,
                                     r ? std::string() : r.problem().message);
                     }
                   });
  }
}

asio::awaitable<void> run_inbox(LanePtr lane) {
  const Engine* engine = &lane->services.engine;
  const ChannelAdapter* adapter = &lane->adapter;
  while (!lane->stopped) {
    Processed p;
    try {
      auto job = job_process_inbox(engine, adapter, &lane->parsed);
      // Deferred: the updates are already durable in the inbox; lost results are redone.
      p = co_await on_store(lane->services.store, std::move(job), Sync::deferred, lane->processing_key);
    } catch (const std::exception& e) {
      spdlog::error("{}: inbox processing failed, will retry: {}", lane->name(), e.what());
    }
    const Metrics::Labels label = {{"channel", lane->name()}};
    lane->services.metrics.increment("hocvuso_messages_received_total", label, p.messages);
    lane->services.metrics.increment("hocvuso_messages_sent_total", label, static_cast<double>(p.queued.size()));
    send_acknowledgements(lane, std::move(p.acknowledgements));
    if (!p.queued.empty()) lane->services.sender.wake(adapter->channel());
    if (p.updates == kInboxBatch) continue;  // more may be waiting
    if (lane->draining && p.updates == 0) break;
    if (std::exchange(lane->woken, false)) {
      // Woken while the job was queued or running: a row recorded after the job read the
      // inbox would otherwise wait for the next second's look (a second message sent
      // right after the first got its reply a second late).
      continue;
    }
    lane->timer.expires_after(std::chrono::seconds(1));
    co_await lane->timer.async_wait(kNoThrow);
    lane->woken = false;
  }
  lane->ended = true;
}

}  // namespace

void start(LanePtr lane, std::shared_ptr<const void> owner) {
  asio::co_spawn(lane->strand, run_inbox(lane), [lane, owner](std::exception_ptr e) {
    lane->ended = true;
    log_failure("inbox lane", e);
  });
}

void drain(LanePtr lane) {
  asio::post(lane->strand, [lane] {
    lane->draining = true;
    lane->timer.cancel();
  });
}

void stop(LanePtr lane) {
  asio::post(lane->strand, [lane] {
    lane->stopped = true;
    lane->timer.cancel();
  });
}

}  // namespace hocvuso::inbox
