// Each configured channel wired: its adapter, its inbox lane (bot/inbox), its webhook route
// or polling loop, its sender lane; and the start-up calls that complete an adapter's
// configuration (Telegram's getMe, the stored Zalo tokens).
#include "bot/app/channels.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <atomic>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <nlohmann/json.hpp>

#include "adapters/telegram/telegram.hpp"
#include "adapters/zalo/zalo.hpp"
#include "adapters/zalobot/zalobot.hpp"
#include "bot/app/zalo_tokens.hpp"
#include "bot/http/client.hpp"
#include "bot/inbox/ingest.hpp"
#include "bot/inbox/lane.hpp"
#include "bot/inbox/ticks.hpp"
#include "bot/log/log.hpp"
#include "bot/outbox/sender.hpp"
#include "bot/outbox/shared_limits.hpp"

namespace hocvuso {

namespace asio = boost::asio;

namespace {

// The pool's default size already covers the sender's most deliveries in flight.
http::ClientOptions client_options(const Config& c) {
  http::ClientOptions o;
  o.ca_file = c.tls_ca_file;
  return o;
}

}  // namespace

struct Channels::Impl {
  Impl(asio::io_context& context, Runtime& c)
      : ioc(context), core(c), client(context, client_options(c.config)), sender(context, *c.store, client, c.metrics),
        ticks(context, services(), std::chrono::seconds(c.config.tick_seconds)) {}

  asio::io_context& ioc;
  Runtime& core;
  http::Client client;
  Sender sender;
  std::unique_ptr<telegram::TelegramAdapter> telegram;
  std::unique_ptr<zalo::ZaloAdapter> zalo;
  std::unique_ptr<zalobot::ZaloBotAdapter> zalobot;
  std::unique_ptr<ZaloTokens> zalo_tokens;
  std::vector<inbox::LanePtr> lanes;
  std::vector<inbox::LanePtr> pollers;  // lanes whose updates come by getUpdates
  std::atomic<bool> stopping{false};    // ends the polling loops
  inbox::Ticks ticks;

  inbox::Services services() { return {*core.store, *core.engine, core.metrics, client, sender}; }
  void add_lane(const ChannelAdapter& adapter, const std::string& api_base) {
    lanes.push_back(std::make_shared<inbox::InboxLane>(ioc, services(), adapter, api_base));
  }
};

namespace {

using ImplPtr = std::shared_ptr<Channels::Impl>;

// Learns the bot's @username so commands meant for other bots can be ignored (A2).
asio::awaitable<void> learn_telegram_username(ImplPtr impl) {
  const Result<ApiResponse> resp =
      co_await impl->client.request(impl->core.config.telegram.api_base, impl->telegram->get_me());
  auto doc = resp ? nlohmann::json::parse(resp->body, nullptr, false) : nlohmann::json();
  if (resp && resp->status == 200 && doc.is_object() && doc.value("ok", false)) {
    impl->telegram->set_username(doc["result"].value("username", std::string()));
    spdlog::info("telegram: bot is @{}", impl->telegram->username());
  } else {
    spdlog::warn("telegram: getMe failed (HTTP {} {}); commands to any bot are taken as ours",
                 resp ? resp->status : 0, resp ? std::string() : resp.problem().message);
  }
}

}  // namespace

Channels::Channels(asio::io_context& ioc, Runtime& core) : impl_(std::make_shared<Impl>(ioc, core)) {
  const Config& c = core.config;
  auto& m = core.metrics;
  m.describe("hocvuso_webhook_received_total", Metrics::Kind::counter, "platform updates recorded, by channel");
  m.describe("hocvuso_webhook_rejected_total", Metrics::Kind::counter, "webhook deliveries refused, by reason");
  m.describe("hocvuso_webhook_duplicates_total", Metrics::Kind::counter, "redelivered updates ignored");

  // On PostgreSQL several nodes may send for the bot: its rate limits are kept in the database
  // (bot/outbox/shared_limits.hpp). On SQLite one process keeps them in memory, as before.
  if (!c.database_url.empty()) {
    impl_->sender.share_limits(outbox::make_pg_shared_limits(), std::chrono::seconds(c.outbox_lease_seconds));
  }
  if (c.telegram.enabled()) {
    impl_->telegram = std::make_unique<telegram::TelegramAdapter>(c.telegram);
    impl_->add_lane(*impl_->telegram, c.telegram.api_base);
    impl_->sender.add({impl_->telegram.get(), c.telegram.api_base, static_cast<double>(c.telegram.max_per_second), {}, {}});
    if (c.telegram.mode == "polling") impl_->pollers.push_back(impl_->lanes.back());
  }
  if (c.zalo.enabled()) {
    impl_->zalo = std::make_unique<zalo::ZaloAdapter>(c.zalo);
    impl_->zalo_tokens = std::make_unique<ZaloTokens>(*core.store, impl_->client, *impl_->zalo, c.zalo);
    impl_->add_lane(*impl_->zalo, c.zalo.api_base);
    ZaloTokens* tokens = impl_->zalo_tokens.get();
    impl_->sender.add({impl_->zalo.get(), c.zalo.api_base, static_cast<double>(c.zalo.max_per_second),
                       [tokens](ApiRequest& r) { return tokens->authorize(r); },
                       [tokens](const ApiRequest& failed) { return tokens->refresh(failed); }});
  }
  if (c.zalobot.enabled()) {
    impl_->zalobot = std::make_unique<zalobot::ZaloBotAdapter>(c.zalobot);
    impl_->add_lane(*impl_->zalobot, c.zalobot.api_base);
    impl_->sender.add({impl_->zalobot.get(), c.zalobot.api_base, static_cast<double>(c.zalobot.max_per_second), {}, {}});
    if (c.zalobot.mode == "polling") impl_->pollers.push_back(impl_->lanes.back());
  }
}

Channels::~Channels() = default;

void Channels::add_routes(http::Router& router) {
  for (auto& lane : impl_->lanes) {
    if (std::find(impl_->pollers.begin(), impl_->pollers.end(), lane) != impl_->pollers.end()) continue;
    router.add("POST", "/webhook/" + lane->name(), [lane](http::Request r) { return inbox::webhook(lane, std::move(r)); });
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
  // Each loop keeps impl_ alive while it runs: the lanes use its client and sender.
  for (auto& lane : impl_->lanes) inbox::start(lane, impl_);
  for (auto& lane : impl_->pollers) {
    asio::co_spawn(lane->strand, inbox::run_polling(lane, impl_->stopping),
                   [impl = impl_](std::exception_ptr e) { log_failure("polling", e); });
  }
  impl_->sender.start();
  impl_->ticks.start(impl_);
}

void Channels::drain() {
  impl_->stopping = true;
  for (auto& lane : impl_->pollers) inbox::end_polling_turn(lane);
  impl_->ticks.stop();
  for (auto& lane : impl_->lanes) inbox::drain(lane);
}

bool Channels::inbox_drained() const {
  for (const auto& lane : impl_->lanes) {
    if (!lane->ended) return false;
  }
  return true;
}

void Channels::drain_sender() { impl_->sender.drain(); }

bool Channels::sender_drained() const { return impl_->sender.done(); }

bool Channels::sender_delivering() const { return impl_->sender.delivering(); }

std::chrono::milliseconds Channels::longest_send() const {
  return client_options(impl_->core.config).longest_exchange();
}

void Channels::stop() {
  for (auto& lane : impl_->lanes) inbox::stop(lane);
  impl_->sender.stop();
}

}  // namespace hocvuso
