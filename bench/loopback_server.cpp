// An http::Server bound to 127.0.0.1:0 and run by one thread of its own.
#include "bench/loopback_server.hpp"

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <optional>
#include <thread>

#include "bot/http/server.hpp"

namespace hocvuso::bench {

namespace asio = boost::asio;

struct LoopbackServer::Impl {
  explicit Impl(http::Router r) : router(std::move(r)) {}
  http::Router router;
  Metrics metrics;
  asio::io_context ioc{1};
  std::optional<asio::executor_work_guard<asio::io_context::executor_type>> work;
  std::unique_ptr<http::Server> server;
  std::uint16_t port = 0;
  std::thread thread;
};

LoopbackServer::LoopbackServer(http::Router router) : impl_(std::make_unique<Impl>(std::move(router))) {
  http::ServerOptions options;
  options.host = "127.0.0.1";
  options.port = 0;
  impl_->server = std::make_unique<http::Server>(impl_->ioc, options, impl_->router, impl_->metrics);
  impl_->port = impl_->server->start();
  impl_->work.emplace(impl_->ioc.get_executor());
  impl_->thread = std::thread([ioc = &impl_->ioc] { ioc->run(); });
}

LoopbackServer::~LoopbackServer() {
  impl_->server->stop();
  impl_->server->close_all();
  impl_->work.reset();
  impl_->ioc.stop();
  impl_->thread.join();
}

std::uint16_t LoopbackServer::port() const { return impl_->port; }

std::string LoopbackServer::base_url() const { return "http://127.0.0.1:" + std::to_string(impl_->port); }

double LoopbackServer::unmatched() const {
  return impl_->metrics.value("hocvuso_http_requests_total", {{"route", "unmatched"}, {"status", "404"}});
}

std::size_t LoopbackServer::connections() const {
  return static_cast<std::size_t>(impl_->metrics.value("hocvuso_http_connections_total", {}));
}

namespace {
boost::asio::awaitable<http::Response> answer_ok(http::Request) { co_return http::json_ok(R"({"ok":true})"); }
}  // namespace

http::Router ceiling_router(const std::string& path) {
  http::Router router;
  router.add("POST", path, &answer_ok);
  return router;
}

}  // namespace hocvuso::bench
