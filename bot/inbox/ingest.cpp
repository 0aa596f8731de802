// Webhook deliveries and long polling (ingest.hpp).
#include "bot/inbox/ingest.hpp"

#include <spdlog/spdlog.h>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>

#include "adapters/botapi/envelope.hpp"
#include "bot/http/client.hpp"
#include "bot/inbox/poll_turn.hpp"
#include "bot/metrics/metrics.hpp"
#include "bot/store/inbox_queue.hpp"
#include "bot/store/on_store.hpp"

namespace hocvuso::inbox {

namespace asio = boost::asio;

namespace {

constexpr auto kNoThrow = asio::as_tuple(asio::use_awaitable);
constexpr int kPollTimeoutSeconds = 25;  // under the ~50 s servers cut long polls at (A3)
// How often a node that is not polling asks whether the turn is free: a dead holder's
// lease (kPollLease) is the longer wait.
constexpr auto kWaitForTurn = std::chrono::seconds(5);

// Store jobs are built by ordinary functions, never as lambdas inside a coroutine
// body: GCC 12 miscompiles captures held in coroutine frames.
auto job_record(Channel channel, std::string key, std::string body, TimePoint now, std::string chat_id) {
  return [channel, key, body, now, chat_id](Store& s) {
    return record_update_of_chat(s, channel, key, body, now, chat_id);
  };
}
// Not once the service is stopping: end_polling_turn's goodbye, queued after `stopping`
// was set, must stay the last word.
auto job_take_poll_turn(std::string lane, const std::atomic<bool>* stopping) {
  return [lane, stopping](Store& s) -> std::optional<std::int64_t> {
    if (*stopping) return std::nullopt;
    return take_poll_turn(s, lane, std::chrono::system_clock::now());
  };
}
auto job_give_up_poll_turn(std::string lane) {
  return [lane](Store& s) { give_up_poll_turn(s, lane); };
}
struct PolledRecord {
  std::string key;
  std::string body;
  std::string chat_id;
};
auto job_record_polled(Channel channel, std::vector<PolledRecord> records, std::int64_t next,
                       std::string offset_key) {
  return [channel, records, next, offset_key](Store& s) {
    const auto now = std::chrono::system_clock::now();
    for (const auto& r : records) record_update_of_chat(s, channel, r.key, r.body, now, r.chat_id);
    s.kv_set(offset_key, std::to_string(next));
  };
}

// The chat an update is from, so that nodes sharing a database process each chat's updates
// in order (inbox_queue.hpp); empty for an update about no chat.
std::string chat_of(const ParsedUpdate& update) {
  if (update.message) return update.message->chat.id;
  if (!update.events.empty()) return update.events.front().chat.id;
  return {};
}

asio::awaitable<void> sleep_on(LanePtr lane, std::chrono::seconds d) {
  asio::steady_timer t(lane->strand);
  t.expires_after(d);
  co_await t.async_wait(kNoThrow);
}

}  // namespace

asio::awaitable<http::Response> webhook(LanePtr lane, http::Request req) {
  const ChannelAdapter& adapter = lane->adapter;
  const Channel channel = adapter.channel();
  auto& metrics = lane->services.metrics;
  const auto now = std::chrono::system_clock::now();
  const auto header = [&req](std::string_view name) { return req.header(name); };
  if (auto rejection = adapter.verify(req.body, header, now)) {
    metrics.increment("hocvuso_webhook_rejected_total", {{"channel", lane->name()}, {"reason", rejection->reason}});
    spdlog::warn("{}: webhook refused: {}", lane->name(), rejection->reason);
    co_return http::json_error(rejection->status, rejection->reason, "webhook refused: " + rejection->reason);
  }
  // Parse at the door: a malformed body is the sender's error (400), not ours to retry.
  auto parsed = adapter.parse(req.body);
  if (!parsed) {
    // The adapters' parse problems all have the code "malformed": the reason word of the 400 and the metric.
    const Problem& problem = parsed.problem();
    metrics.increment("hocvuso_webhook_rejected_total", {{"channel", lane->name()}, {"reason", problem.code}});
    co_return http::json_error(400, problem.code, problem.message);
  }
  const std::string key = parsed->dedupe_key;
  std::string chat_id = chat_of(*parsed);
  if (key.empty()) co_return http::json_ok(R"({"ok":true})");  // a probe: nothing to keep
  // Left for the inbox lane before the row exists, so the lane never sees the row
  // without it; taken back if the row is not new.
  // Another delivery's parse under the same key is left alone (ParsedUpdates says why).
  const bool mine = lane->parsed.put(key, req.body, std::move(parsed).value());
  // Durable before acknowledged: once Telegram or Zalo has its 200, the update is ours.
  // A chat's updates are recorded in order on one store thread, so their inbox sequence
  // follows their arrival here; other chats' records go to the other threads.
  const std::size_t order = StoreWorker::order_key("record:" + lane->name() + ":" + chat_id);
  auto job = job_record(channel, key, req.body, now, std::move(chat_id));
  bool fresh = false;
  try {
    fresh = co_await on_store(lane->services.store, std::move(job), Sync::full, order);
  } catch (...) {
    if (mine) lane->parsed.drop(key);
    throw;
  }
  if (!fresh) {
    if (mine) lane->parsed.drop(key);
    metrics.increment("hocvuso_webhook_duplicates_total", {{"channel", lane->name()}});
    co_return http::json_ok(R"({"ok":true,"duplicate":true})");
  }
  metrics.increment("hocvuso_webhook_received_total", {{"channel", lane->name()}});
  lane->wake();
  co_return http::json_ok(R"({"ok":true})");
}

// getUpdates: record each update durably, then advance the offset (A3: confirm only
// what is kept). The inbox lane does the rest, as for a webhook delivery.
asio::awaitable<void> run_polling(LanePtr lane, const std::atomic<bool>& stopping) {
  const ChannelAdapter& adapter = lane->adapter;
  const Channel channel = adapter.channel();
  const std::string offset_key = lane->name() + ".poll_offset";
  // A store error (SQLITE_BUSY, a full disk, a lost server) must not end polling for
  // good: it is logged, and the same step is tried again after a pause that doubles up
  // to 30 s.
  auto backoff = std::chrono::seconds(1);
  bool waiting = false;  // for another node's turn (poll_turn.hpp)
  bool polled = false;   // this node has had its turn since it started
  while (!stopping) {
    // Before each poll: this node's turn renewed, and the offset as the last poll left it.
    std::optional<std::int64_t> turn;
    bool asked = false;
    try {
      auto take = job_take_poll_turn(lane->name(), &stopping);
      turn = co_await on_store(lane->services.store, std::move(take));
      asked = true;
    } catch (const std::exception& e) {
      spdlog::error("{}: cannot read the polling offset, again in {} s: {}", lane->name(), backoff.count(), e.what());
    }
    if (!asked) {
      co_await sleep_on(lane, backoff);
      backoff = std::min(backoff * 2, std::chrono::seconds(30));
      continue;
    }
    if (!turn) {
      if (stopping) break;
      if (!waiting) spdlog::info("{}: another node is long polling; this one takes over if it stops", lane->name());
      waiting = true;
      co_await sleep_on(lane, kWaitForTurn);
      continue;
    }
    if (waiting || !polled) spdlog::info("{}: long polling", lane->name());
    waiting = false;
    polled = true;
    const std::int64_t offset = *turn;
    const Result<ApiResponse> resp = co_await lane->services.client.request(lane->api_base, *adapter.poll_request(offset, kPollTimeoutSeconds),
                                                           std::chrono::seconds(kPollTimeoutSeconds + 5));
    auto batch = botapi::parse_updates(resp);
    if (!batch) {
      spdlog::warn("{}: polling failed, again in {} s: {}", lane->name(), backoff.count(), batch.problem().message);
      co_await sleep_on(lane, backoff);
      backoff = std::min(backoff * 2, std::chrono::seconds(30));
      continue;
    }
    backoff = std::chrono::seconds(1);
    auto& updates = *batch;
    if (updates.empty()) continue;
    std::vector<PolledRecord> records;
    std::int64_t next = offset;
    for (auto& u : updates) {
      auto parsed = adapter.parse(u.body);
      // An update we cannot parse is still kept (and reported by the inbox lane); the
      // Zalo Bot Platform gives no update_id, so its key comes from the body itself.
      std::string key = parsed
                            ? parsed->dedupe_key
                            : "unparsed:" + std::to_string(u.update_id != 0 ? static_cast<std::size_t>(u.update_id)
                                                                            : std::hash<std::string>{}(u.body));
      if (u.update_id != 0) next = std::max(next, u.update_id + 1);
      std::string chat_id = parsed ? chat_of(*parsed) : std::string();
      if (!key.empty()) records.push_back(PolledRecord{std::move(key), std::move(u.body), std::move(chat_id)});
    }
    bool stored = false;
    try {
      auto job = job_record_polled(channel, records, next, offset_key);
      co_await on_store(lane->services.store, std::move(job));
      stored = true;
    } catch (const std::exception& e) {
      spdlog::error("{}: polled updates not stored, fetched again in {} s: {}", lane->name(), backoff.count(),
                    e.what());
    }
    if (!stored) {
      // The offset did not move: the same updates come back on the next poll.
      co_await sleep_on(lane, backoff);
      backoff = std::min(backoff * 2, std::chrono::seconds(30));
      continue;
    }
    lane->services.metrics.increment("hocvuso_webhook_received_total", {{"channel", lane->name()}},
                                 static_cast<double>(records.size()));
    lane->wake();  // the same lane processes what it polled
  }
}

void end_polling_turn(LanePtr lane) {
  const std::string name = lane->name();
  lane->services.store.submit(job_give_up_poll_turn(name), [name](std::exception_ptr e) {
    if (!e) return;
    // The lease then runs out by itself (poll_turn.hpp's kPollLease).
    try {
      std::rethrow_exception(e);
    } catch (const std::exception& ex) {
      spdlog::warn("{}: the polling turn was not given up ({}); another node polls after its lease", name, ex.what());
    }
  });
}

}  // namespace hocvuso::inbox
