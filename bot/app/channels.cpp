// Webhooks, inbox lanes, polling loops and the sender, for each configured channel.
#include "bot/app/channels.hpp"

#include <spdlog/spdlog.h>

#include <atomic>
#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <nlohmann/json.hpp>

#include "adapters/botapi/envelope.hpp"
#include "adapters/telegram/telegram.hpp"
#include "adapters/zalo/zalo.hpp"
#include "adapters/zalobot/zalobot.hpp"
#include "bot/app/pipeline.hpp"
#include "bot/app/zalo_tokens.hpp"
#include "bot/http/client.hpp"
#include "bot/log/log.hpp"
#include "bot/outbox/sender.hpp"
#include "bot/store/on_store.hpp"

namespace hocvuso {

namespace asio = boost::asio;

namespace {

constexpr auto kNoThrow = asio::as_tuple(asio::use_awaitable);
constexpr int kInboxBatch = 64;
constexpr int kPollTimeoutSeconds = 25;  // under the ~50 s servers cut long polls at (A3)

// Where a channel's recorded updates are processed, one batch at a time, in order.
struct InboxLane {
  InboxLane(asio::io_context& ioc, const ChannelAdapter& a, std::string base)
      : adapter(a), api_base(std::move(base)), strand(asio::make_strand(ioc)), timer(strand) {}
  const ChannelAdapter& adapter;
  std::string api_base;
  asio::strand<asio::io_context::executor_type> strand;
  asio::steady_timer timer;
  bool draining = false;  // strand only
  bool stopped = false;   // strand only
  std::atomic<bool> ended{false};
  ParsedUpdates parsed;   // the webhook's parses, for the store thread (any thread)

  std::string name() const { return std::string(to_string(adapter.channel())); }
  void wake() {
    asio::post(strand, [this] { timer.cancel(); });
  }
};

// The pool's default size already covers the sender's most deliveries in flight.
http::ClientOptions client_options(const Config& c) {
  http::ClientOptions o;
  o.ca_file = c.tls_ca_file;
  return o;
}

}  // namespace

struct Channels::Impl {
  Impl(asio::io_context& context, Core& c)
      : ioc(context), core(c), client(context, client_options(c.config)), sender(context, *c.store, client, c.metrics),
        tick_timer(asio::make_strand(context)) {}

  asio::io_context& ioc;
  Core& core;
  http::Client client;
  Sender sender;
  std::unique_ptr<telegram::TelegramAdapter> telegram;
  std::unique_ptr<zalo::ZaloAdapter> zalo;
  std::unique_ptr<zalobot::ZaloBotAdapter> zalobot;
  std::unique_ptr<ZaloTokens> zalo_tokens;
  std::vector<std::shared_ptr<InboxLane>> lanes;
  std::vector<std::shared_ptr<InboxLane>> pollers;  // lanes whose updates come by getUpdates
  std::atomic<bool> stopping{false};
  std::atomic<bool> sender_draining{false};
  asio::steady_timer tick_timer;  // on its own strand

  std::shared_ptr<InboxLane> lane_of(Channel c) {
    for (auto& l : lanes) {
      if (l->adapter.channel() == c) return l;
    }
    return nullptr;
  }
};

namespace {

using ImplPtr = std::shared_ptr<Channels::Impl>;
using LanePtr = std::shared_ptr<InboxLane>;

// Store jobs are built by ordinary functions, never as lambdas inside a coroutine
// body: GCC 12 miscompiles captures held in coroutine frames.
auto job_process_inbox(const Engine* engine, const ChannelAdapter* adapter, ParsedUpdates* parsed) {
  return [engine, adapter, parsed](Store& s) { return process_inbox(s, *engine, *adapter, kInboxBatch, parsed); };
}
auto job_record(Channel channel, std::string key, std::string body, TimePoint now) {
  return [channel, key, body, now](Store& s) { return s.record_update(channel, key, body, now); };
}
auto job_read_offset(std::string key) {
  return [key](Store& s) { return std::stoll(s.kv_get(key).value_or("0")); };
}
auto job_record_polled(Channel channel, std::vector<std::pair<std::string, std::string>> records, std::int64_t next,
                       std::string offset_key) {
  return [channel, records, next, offset_key](Store& s) {
    const auto now = std::chrono::system_clock::now();
    for (const auto& [k, body] : records) s.record_update(channel, k, body, now);
    s.kv_set(offset_key, std::to_string(next));
  };
}

void send_acknowledgements(ImplPtr impl, const std::string& base, std::vector<ApiRequest> acks) {
  for (auto& ack : acks) {
    // Fire and forget: it only stops a spinner, and the message itself is in the outbox.
    asio::co_spawn(impl->ioc, impl->client.request(base, std::move(ack)), [](std::exception_ptr, ApiResponse r) {
      if (r.status != 200) spdlog::debug("acknowledgement not accepted: HTTP {} {}", r.status, r.transport_error);
    });
  }
}

asio::awaitable<void> run_inbox(ImplPtr impl, LanePtr lane) {
  const Engine* engine = impl->core.engine.get();
  const ChannelAdapter* adapter = &lane->adapter;
  while (!lane->stopped) {
    Processed p;
    try {
      auto job = job_process_inbox(engine, adapter, &lane->parsed);
      // Deferred: the updates are already durable in the inbox; lost results are redone.
      p = co_await on_store(*impl->core.store, std::move(job), Sync::deferred);
    } catch (const std::exception& e) {
      spdlog::error("{}: inbox processing failed, will retry: {}", lane->name(), e.what());
    }
    const Metrics::Labels label = {{"channel", lane->name()}};
    impl->core.metrics.increment("hocvuso_messages_received_total", label, p.messages);
    impl->core.metrics.increment("hocvuso_messages_sent_total", label, static_cast<double>(p.queued.size()));
    send_acknowledgements(impl, lane->api_base, std::move(p.acknowledgements));
    if (!p.queued.empty()) impl->sender.wake(adapter->channel());
    if (p.updates == kInboxBatch) continue;  // more may be waiting
    if (lane->draining && p.updates == 0) break;
    lane->timer.expires_after(std::chrono::seconds(1));
    co_await lane->timer.async_wait(kNoThrow);
  }
  lane->ended = true;
}

asio::awaitable<http::Response> webhook(ImplPtr impl, LanePtr lane, http::Request req) {
  const ChannelAdapter& adapter = lane->adapter;
  const Channel channel = adapter.channel();
  auto& metrics = impl->core.metrics;
  const auto now = std::chrono::system_clock::now();
  const auto header = [&req](std::string_view name) { return req.header(name); };
  if (auto rejection = adapter.verify(req.body, header, now)) {
    metrics.increment("hocvuso_webhook_rejected_total", {{"channel", lane->name()}, {"reason", rejection->reason}});
    spdlog::warn("{}: webhook refused: {}", lane->name(), rejection->reason);
    co_return http::json_error(rejection->status, rejection->reason, "webhook refused: " + rejection->reason);
  }
  // Parse at the door: a malformed body is the sender's error (400), not ours to retry.
  auto parsed = adapter.parse(req.body);
  if (auto* error = std::get_if<std::string>(&parsed)) {
    metrics.increment("hocvuso_webhook_rejected_total", {{"channel", lane->name()}, {"reason", "malformed"}});
    co_return http::json_error(400, "malformed", *error);
  }
  const std::string key = std::get<ParsedUpdate>(parsed).dedupe_key;
  if (key.empty()) co_return http::json_ok(R"({"ok":true})");  // a probe: nothing to keep
  // Left for the inbox lane before the row exists, so the lane never sees the row
  // without it; taken back if the row is not new.
  // Another delivery's parse under the same key is left alone (ParsedUpdates says why).
  const bool mine = lane->parsed.put(key, req.body, std::move(std::get<ParsedUpdate>(parsed)));
  // Durable before acknowledged: once Telegram or Zalo has its 200, the update is ours.
  auto job = job_record(channel, key, req.body, now);
  bool fresh = false;
  try {
    fresh = co_await on_store(*impl->core.store, std::move(job));
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

asio::awaitable<void> sleep_on(LanePtr lane, std::chrono::seconds d) {
  asio::steady_timer t(lane->strand);
  t.expires_after(d);
  co_await t.async_wait(kNoThrow);
}

// getUpdates: record each update durably, then advance the offset (A3: confirm only
// what is kept). The inbox lane does the rest, as for a webhook delivery.
asio::awaitable<void> run_polling(ImplPtr impl, LanePtr lane) {
  const ChannelAdapter& adapter = lane->adapter;
  const Channel channel = adapter.channel();
  const std::string offset_key = lane->name() + ".poll_offset";
  // A store error (SQLITE_BUSY, a full disk) must not end polling for good: it is
  // logged, and the same step is tried again after a pause that doubles up to 30 s.
  auto backoff = std::chrono::seconds(1);
  std::int64_t offset = 0;
  for (;;) {
    try {
      auto read_offset = job_read_offset(offset_key);
      offset = co_await on_store(*impl->core.store, std::move(read_offset));
      break;
    } catch (const std::exception& e) {
      spdlog::error("{}: cannot read the polling offset, again in {} s: {}", lane->name(), backoff.count(), e.what());
    }
    if (impl->stopping) co_return;
    co_await sleep_on(lane, backoff);
    backoff = std::min(backoff * 2, std::chrono::seconds(30));
  }
  backoff = std::chrono::seconds(1);
  spdlog::info("{}: long polling", lane->name());
  while (!impl->stopping) {
    const ApiResponse resp = co_await impl->client.request(lane->api_base, *adapter.poll_request(offset, kPollTimeoutSeconds),
                                                           std::chrono::seconds(kPollTimeoutSeconds + 5));
    auto batch = botapi::parse_updates(resp);
    if (auto* error = std::get_if<std::string>(&batch)) {
      spdlog::warn("{}: polling failed, again in {} s: {}", lane->name(), backoff.count(), *error);
      co_await sleep_on(lane, backoff);
      backoff = std::min(backoff * 2, std::chrono::seconds(30));
      continue;
    }
    backoff = std::chrono::seconds(1);
    auto& updates = std::get<std::vector<botapi::PolledUpdate>>(batch);
    if (updates.empty()) continue;
    std::vector<std::pair<std::string, std::string>> records;
    std::int64_t next = offset;
    for (auto& u : updates) {
      auto parsed = adapter.parse(u.body);
      // An update we cannot parse is still kept (and reported by the inbox lane); the
      // Zalo Bot Platform gives no update_id, so its key comes from the body itself.
      std::string key = std::holds_alternative<ParsedUpdate>(parsed)
                            ? std::get<ParsedUpdate>(parsed).dedupe_key
                            : "unparsed:" + std::to_string(u.update_id != 0 ? static_cast<std::size_t>(u.update_id)
                                                                            : std::hash<std::string>{}(u.body));
      if (u.update_id != 0) next = std::max(next, u.update_id + 1);
      if (!key.empty()) records.emplace_back(std::move(key), std::move(u.body));
    }
    bool stored = false;
    try {
      auto job = job_record_polled(channel, records, next, offset_key);
      co_await on_store(*impl->core.store, std::move(job));
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
    impl->core.metrics.increment("hocvuso_webhook_received_total", {{"channel", lane->name()}},
                                 static_cast<double>(records.size()));
    offset = next;
    if (auto inbox = impl->lane_of(channel)) inbox->wake();
  }
}

auto job_tick(const Engine* engine) {
  return [engine](Store& s) { return engine->tick(s, std::chrono::system_clock::now()); };
}

// Scheduled jobs (reminders, review questions): every tick_seconds, on the store thread.
asio::awaitable<void> run_ticks(ImplPtr impl) {
  auto& timer = impl->tick_timer;
  const auto period = std::chrono::seconds(impl->core.config.tick_seconds);
  while (!impl->stopping) {
    try {
      auto job = job_tick(impl->core.engine.get());
      const std::vector<OutboxItem> queued = co_await on_store(*impl->core.store, std::move(job));
      for (const auto& item : queued) impl->sender.wake(item.message.chat.channel);
    } catch (const std::exception& e) {
      spdlog::error("scheduled jobs failed, will retry: {}", e.what());
    }
    timer.expires_after(period);
    co_await timer.async_wait(kNoThrow);
  }
}

// Learns the bot's @username so commands meant for other bots can be ignored (A2).
asio::awaitable<void> learn_telegram_username(ImplPtr impl) {
  const ApiResponse resp =
      co_await impl->client.request(impl->core.config.telegram.api_base, impl->telegram->get_me());
  auto doc = nlohmann::json::parse(resp.body, nullptr, false);
  if (resp.status == 200 && doc.is_object() && doc.value("ok", false)) {
    impl->telegram->set_username(doc["result"].value("username", std::string()));
    spdlog::info("telegram: bot is @{}", impl->telegram->username());
  } else {
    spdlog::warn("telegram: getMe failed (HTTP {} {}); commands to any bot are taken as ours", resp.status,
                 resp.transport_error);
  }
}

}  // namespace

Channels::Channels(asio::io_context& ioc, Core& core) : impl_(std::make_shared<Impl>(ioc, core)) {
  const Config& c = core.config;
  auto& m = core.metrics;
  m.describe("hocvuso_webhook_received_total", Metrics::Kind::counter, "platform updates recorded, by channel");
  m.describe("hocvuso_webhook_rejected_total", Metrics::Kind::counter, "webhook deliveries refused, by reason");
  m.describe("hocvuso_webhook_duplicates_total", Metrics::Kind::counter, "redelivered updates ignored");

  if (c.telegram.enabled()) {
    impl_->telegram = std::make_unique<telegram::TelegramAdapter>(c.telegram);
    impl_->lanes.push_back(std::make_shared<InboxLane>(ioc, *impl_->telegram, c.telegram.api_base));
    impl_->sender.add({impl_->telegram.get(), c.telegram.api_base, static_cast<double>(c.telegram.max_per_second), {}, {}});
    if (c.telegram.mode == "polling") impl_->pollers.push_back(impl_->lanes.back());
  }
  if (c.zalo.enabled()) {
    impl_->zalo = std::make_unique<zalo::ZaloAdapter>(c.zalo);
    impl_->zalo_tokens = std::make_unique<ZaloTokens>(*core.store, impl_->client, *impl_->zalo, c.zalo);
    impl_->lanes.push_back(std::make_shared<InboxLane>(ioc, *impl_->zalo, c.zalo.api_base));
    ZaloTokens* tokens = impl_->zalo_tokens.get();
    impl_->sender.add({impl_->zalo.get(), c.zalo.api_base, static_cast<double>(c.zalo.max_per_second),
                       [tokens](ApiRequest& r) { return tokens->authorize(r); },
                       [tokens](const ApiRequest& failed) { return tokens->refresh(failed); }});
  }
  if (c.zalobot.enabled()) {
    impl_->zalobot = std::make_unique<zalobot::ZaloBotAdapter>(c.zalobot);
    impl_->lanes.push_back(std::make_shared<InboxLane>(ioc, *impl_->zalobot, c.zalobot.api_base));
    impl_->sender.add({impl_->zalobot.get(), c.zalobot.api_base, static_cast<double>(c.zalobot.max_per_second), {}, {}});
    if (c.zalobot.mode == "polling") impl_->pollers.push_back(impl_->lanes.back());
  }
}

Channels::~Channels() = default;

void Channels::add_routes(http::Router& router) {
  for (auto& lane : impl_->lanes) {
    if (std::find(impl_->pollers.begin(), impl_->pollers.end(), lane) != impl_->pollers.end()) continue;
    ImplPtr impl = impl_;
    router.add("POST", "/webhook/" + lane->name(), [impl, lane](http::Request r) { return webhook(impl, lane, std::move(r)); });
  }
}

void Channels::start() {
  if (impl_->zalo_tokens) {
    // Loaded before any send: the stored pair outranks the configured one.
    asio::co_spawn(impl_->ioc, impl_->zalo_tokens->load(),
                   [](std::exception_ptr e) { log_failure("zalo token load", e); });
  }
  if (impl_->telegram && impl_->telegram->username().empty()) {
    asio::co_spawn(impl_->ioc, learn_telegram_username(impl_), [](std::exception_ptr e) { log_failure("getMe", e); });
  }
  for (auto& lane : impl_->lanes) {
    asio::co_spawn(lane->strand, run_inbox(impl_, lane), [lane](std::exception_ptr e) {
      lane->ended = true;
      log_failure("inbox lane", e);
    });
  }
  for (auto& lane : impl_->pollers) {
    asio::co_spawn(lane->strand, run_polling(impl_, lane), [](std::exception_ptr e) { log_failure("polling", e); });
  }
  impl_->sender.start();
  asio::co_spawn(impl_->tick_timer.get_executor(), run_ticks(impl_),
                 [](std::exception_ptr e) { log_failure("scheduled jobs", e); });
}

void Channels::drain() {
  impl_->stopping = true;
  asio::post(impl_->tick_timer.get_executor(), [impl = impl_] { impl->tick_timer.cancel(); });
  for (auto& lane : impl_->lanes) {
    asio::post(lane->strand, [lane] {
      lane->draining = true;
      lane->timer.cancel();
    });
  }
}

bool Channels::done() const {
  for (const auto& lane : impl_->lanes) {
    if (!lane->ended) return false;
  }
  // The sender drains only once the inbox lanes have queued everything they will.
  if (!impl_->sender_draining.exchange(true)) impl_->sender.drain();
  return impl_->sender.done();
}

void Channels::stop() {
  for (auto& lane : impl_->lanes) {
    asio::post(lane->strand, [lane] {
      lane->stopped = true;
      lane->timer.cancel();
    });
  }
  impl_->sender.stop();
}

}  // namespace hocvuso
