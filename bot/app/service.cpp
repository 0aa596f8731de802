// Threads, signals and the two-stage shutdown of `hocvuso serve`.
#include "bot/app/service.hpp"

#include <spdlog/spdlog.h>

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/signal_set.hpp>
#include <condition_variable>
#include <csignal>
#include <mutex>
#include <thread>

#include "bot/app/broadcast_fanout.hpp"
#include "bot/app/broadcast_routes.hpp"
#include "bot/app/dashboard_routes.hpp"
#include "bot/app/channels.hpp"
#include "bot/app/ops_routes.hpp"
#include "bot/app/serve_lock.hpp"
#include "bot/http/server.hpp"
#include "bot/store/cluster_jobs.hpp"
#include "bot/store/store_unavailable.hpp"

namespace hocvuso {

namespace asio = boost::asio;

struct Service::Impl {
  explicit Impl(const Config& config)
      : lock(config.db, config.database_url), core(make_runtime(config)), channels(ioc, *core), fanout(ioc, *core->store) {}

  ServeLock lock;  // first in, last out: held until the store is closed
  std::unique_ptr<Runtime> core;
  asio::io_context ioc;
  Channels channels;
  BroadcastFanout fanout;
  std::optional<asio::executor_work_guard<asio::io_context::executor_type>> work;
  http::Router router;
  std::unique_ptr<http::Server> server;
  std::vector<std::thread> threads;
  bool started = false;
  bool stopped = false;

  // The signal that ends run_until_signal().
  std::mutex mutex;
  std::condition_variable signalled;
  int stop_signal = 0;
};

Service::Service(const Config& config) : impl_(std::make_unique<Impl>(config)) {
  add_ops_routes(impl_->router, *impl_->core);
  add_broadcast_routes(impl_->router, *impl_->core);
  add_dashboard_routes(impl_->router, *impl_->core);
  impl_->channels.add_routes(impl_->router);
}

Service::~Service() { shutdown(); }

Runtime& Service::core() { return *impl_->core; }

std::uint16_t Service::start() {
  auto& i = *impl_;
  const auto& c = i.core->config;
  http::ServerOptions opts;
  opts.host = c.listen_host;
  opts.port = c.listen_port;
  opts.body_limit = c.body_limit;
  opts.read_timeout = std::chrono::seconds(c.read_timeout_seconds);
  opts.idle_timeout = std::chrono::seconds(c.idle_timeout_seconds);
  opts.expected_failure = store_problem;
  i.server = std::make_unique<http::Server>(i.ioc, opts, i.router, i.core->metrics);
  const auto port = i.server->start();
  i.work.emplace(i.ioc.get_executor());
  i.channels.start();
  i.fanout.start();
  for (int t = 0; t < c.threads; ++t) i.threads.emplace_back([&ioc = i.ioc] { ioc.run(); });
  i.started = true;
  spdlog::info("listening on {}:{} with {} I/O thread(s); telegram {}, zalo {}, zalobot {}", c.listen_host, port,
               c.threads, c.telegram.enabled() ? c.telegram.mode : "off", c.zalo.enabled() ? "on" : "off",
               c.zalobot.enabled() ? c.zalobot.mode : "off");
  return port;
}

bool Service::reload_content() {
  try {
    auto content = std::make_shared<const Content>(load_content(impl_->core->config.content, content_spec()));
    impl_->core->engine->set_content(std::move(content));
    spdlog::info("content reloaded from {}", impl_->core->config.content.string());
    return true;
  } catch (const std::exception& e) {
    spdlog::error("content reload refused, keeping the current content: {}", e.what());
    return false;
  }
}

namespace {
void wait_for_signal(asio::signal_set& signals, Service& service, Service::Impl& impl);
}

void Service::run_until_signal() {
  auto& i = *impl_;
  asio::signal_set signals(i.ioc, SIGTERM, SIGINT, SIGHUP);
  wait_for_signal(signals, *this, i);

  std::unique_lock lock(i.mutex);
  i.signalled.wait(lock, [&] { return i.stop_signal != 0; });
  const int sig = i.stop_signal;
  lock.unlock();
  spdlog::info("signal {} received: shutting down (grace {} s)", sig, i.core->config.shutdown_grace_seconds);
  shutdown();
}

namespace {
void wait_for_signal(asio::signal_set& signals, Service& service, Service::Impl& impl) {
  signals.async_wait([&signals, &service, &impl](const boost::system::error_code& ec, int sig) {
    if (ec) return;
    if (sig == SIGHUP) {
      service.reload_content();
      wait_for_signal(signals, service, impl);
      return;
    }
    std::lock_guard lock(impl.mutex);
    if (impl.stop_signal != 0) {
      // A second SIGTERM/SIGINT while draining: stop waiting. Everything acknowledged
      // is already committed, so exiting now loses nothing.
      spdlog::warn("second signal: exiting without waiting for in-flight work");
      std::_Exit(1);
    }
    impl.stop_signal = sig;
    impl.signalled.notify_all();
    wait_for_signal(signals, service, impl);
  });
}
}  // namespace

void Service::shutdown() {
  auto& i = *impl_;
  if (i.stopped) return;
  i.stopped = true;
  if (i.started) {
    i.fanout.stop();  // what is queued drains below; the rest waits, by its cursor, for the next start
    i.server->stop();
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(i.core->config.shutdown_grace_seconds);
    while (i.server->open_connections() > 0 && std::chrono::steady_clock::now() < deadline) {
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    if (const auto left = i.server->open_connections(); left > 0) {
      spdlog::warn("grace period over: closing {} connection(s) still busy", left);
      i.server->close_all();
    }
    // Then what is recorded gets processed and what is queued gets sent, in the same grace.
    i.channels.drain();
    while (!i.channels.inbox_drained() && std::chrono::steady_clock::now() < deadline) {
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    // The sender drains only once the inbox lanes have queued everything they will.
    const bool inbox_drained = i.channels.inbox_drained();
    if (inbox_drained) i.channels.drain_sender();
    while (inbox_drained && !i.channels.sender_drained() && std::chrono::steady_clock::now() < deadline) {
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    if (!inbox_drained || !i.channels.sender_drained()) {
      spdlog::warn("grace period over: undelivered messages stay queued for the next start");
    }
    i.channels.stop();
    // Nothing new starts; a send the platform is answering now ends and is marked, else the
    // next start (on several nodes, another node at once) sends it again. It ends by itself
    // within the client's timeouts, answered or timed out (rescheduled, and stored either
    // way), so the wait is that long: cut at 2 s, a stop gave up sends a slow platform had
    // already taken (the cluster test, on a loaded machine, saw 47 chats warned twice when
    // the fake answered 1-3 s late). A second SIGTERM still exits at once. A long text's
    // later pieces wait for the next start (parts_sent).
    const auto sends_end = std::chrono::steady_clock::now() + i.channels.longest_send();
    while (i.channels.sender_delivering() && std::chrono::steady_clock::now() < sends_end) {
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    if (i.channels.sender_delivering()) {
      spdlog::warn("sends still under way at the end of their timeouts: they go out again after the restart");
    }
    const auto hard = std::chrono::steady_clock::now() + std::chrono::seconds(2);
    i.work.reset();
    // Sessions end by themselves once closed; stop() only cuts what is left.
    while (i.server->open_connections() > 0 && std::chrono::steady_clock::now() < hard) {
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    i.ioc.stop();
    for (auto& t : i.threads) t.join();
    i.threads.clear();
    // Nothing sends any more: on PostgreSQL the rows this node claimed go to the other
    // nodes now, not a lease later (a rolling restart must not hold their chats up).
    // After every job still queued on every store thread: a lane's last read of due heads,
    // on another thread, would otherwise claim rows after this gave them up.
    i.core->store->drain();
    try {
      i.core->store->call([](Store& s) { give_up_outbox_leases(s); });
    } catch (const std::exception& e) {
      spdlog::warn("could not give up this node's outbox leases (they run out by themselves): {}", e.what());
    }
  }
  i.core->store->stop();
  spdlog::info("stopped");
}

}  // namespace hocvuso
