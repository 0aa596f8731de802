// Health, readiness and metrics handlers.
#include "bot/app/ops_routes.hpp"

#include <spdlog/spdlog.h>

#include <nlohmann/json.hpp>

#include "bot/store/on_store.hpp"

namespace hocvuso {

namespace {

using nlohmann::json;
namespace asio = boost::asio;

asio::awaitable<http::Response> healthz(http::Request) { co_return http::json_ok(R"({"status":"alive"})"); }

asio::awaitable<http::Response> readyz(Runtime* core, http::Request) {
  json checks = json::object();
  bool ready = true;
  try {
    co_await on_store(*core->store, [](Store& s) { s.ping(); });
    checks["store"] = "ok";
  } catch (const std::exception& e) {
    spdlog::warn("readiness: store unreachable: {}", e.what());
    // Say what is wrong (locked, disk full, I/O error): the operator acts on it.
    checks["store"] = std::string("unreachable: ") + e.what();
    ready = false;
  }
  const bool content_loaded = core->engine->content() != nullptr;
  checks["content"] = content_loaded ? "ok" : "not loaded";
  ready = ready && content_loaded;
  json body = {{"status", ready ? "ready" : "not ready"}, {"checks", checks}};
  co_return http::json_ok(body.dump(), ready ? 200 : 503);
}

asio::awaitable<http::Response> metrics(Runtime* core, http::Request) {
  try {
    auto depth_and_age = co_await on_store(*core->store, [](Store& s) {
      return std::make_pair(s.outbox_depth(), s.oldest_pending_age_ms(std::chrono::system_clock::now()));
    });
    core->metrics.set("hocvuso_outbox_pending", {}, static_cast<double>(depth_and_age.first));
    core->metrics.set("hocvuso_outbox_oldest_pending_seconds", {}, static_cast<double>(depth_and_age.second) / 1000.0);
  } catch (const std::exception& e) {
    spdlog::warn("metrics: outbox depth unavailable: {}", e.what());
  }
  co_return http::text(core->metrics.render(), "text/plain; version=0.0.4; charset=utf-8");
}

}  // namespace

void add_ops_routes(http::Router& router, Runtime& core) {
  Runtime* c = &core;
  router.add("GET", "/healthz", [](http::Request r) { return healthz(std::move(r)); });
  router.add("GET", "/readyz", [c](http::Request r) { return readyz(c, std::move(r)); });
  router.add("GET", "/metrics", [c](http::Request r) { return metrics(c, std::move(r)); });
}

}  // namespace hocvuso
