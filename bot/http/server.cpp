// Beast + Asio C++20-coroutine HTTP server. One coroutine per connection, a fresh
// parser per request, deadlines before every read and write.
#include "bot/http/server.hpp"

#include <spdlog/spdlog.h>

#include <atomic>
#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/error.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/beast/http/write.hpp>
#include <algorithm>
#include <cctype>
#include <cerrno>
#include <map>
#include <mutex>
#include <stdexcept>
#include <string_view>

#include "bot/log/log.hpp"
#include "bot/metrics/metrics.hpp"

namespace hocvuso::http {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
using tcp = asio::ip::tcp;

namespace {

// Boost 1.81 has no default completion token: errors come back as values.
constexpr auto kNoThrow = asio::as_tuple(asio::use_awaitable);

// What the server knows of one connection, shared with the session coroutine.
struct Connection {
  explicit Connection(tcp::socket socket) : stream(std::move(socket)) {}
  beast::tcp_stream stream;
  bool busy = false;  // a request is being handled; touched only on the connection's strand
};

Request to_plain(bhttp::request<bhttp::string_body>&& req) {
  Request out;
  out.method = std::string(req.method_string());
  out.target = std::string(req.target());
  for (const auto& field : req) out.headers.emplace_back(std::string(field.name_string()), std::string(field.value()));
  out.body = std::move(req.body());
  return out;
}

bool iequals(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y));
         });
}

// RFC 9112 §6.3: a request whose Transfer-Encoding is anything but exactly a final
// "chunked" (xchunked, "chunked, gzip", gzip alone), or that has both
// Transfer-Encoding and Content-Length, cannot be framed safely: the body would be
// read by length or as empty, and the rest parsed as a second request (smuggling).
// It gets a 400 and the connection is closed. Empty when the framing is sound.
std::string framing_error(const bhttp::request_parser<bhttp::string_body>& parser) {
  const auto& h = parser.get();
  const auto codings = h.equal_range(bhttp::field::transfer_encoding);
  if (codings.first == codings.second) return {};
  if (std::next(codings.first) != codings.second) return "more than one Transfer-Encoding header";
  std::string_view value = codings.first->value();
  while (!value.empty() && (value.front() == ' ' || value.front() == '\t')) value.remove_prefix(1);
  while (!value.empty() && (value.back() == ' ' || value.back() == '\t')) value.remove_suffix(1);
  if (!iequals(value, "chunked")) return "Transfer-Encoding other than chunked";
  if (h.count(bhttp::field::content_length) != 0) return "both Transfer-Encoding and Content-Length";
  if (h.version() < 11) return "Transfer-Encoding in an HTTP/1.0 request";
  return {};
}

// A HEAD request is served by the GET handler; only the headers go back.
bool is_head(const Request& r) { return r.method == "HEAD"; }

bhttp::response<bhttp::string_body> to_beast(Response&& res, unsigned version, bool keep_alive) {
  bhttp::response<bhttp::string_body> out{static_cast<bhttp::status>(res.status), version};
  out.set(bhttp::field::server, "hocvuso");
  out.set(bhttp::field::content_type, res.content_type);
  for (auto& [k, v] : res.headers) out.set(k, v);
  out.body() = std::move(res.body);
  out.keep_alive(keep_alive);
  out.prepare_payload();
  return out;
}

}  // namespace

struct Server::Impl : std::enable_shared_from_this<Server::Impl> {
  Impl(asio::io_context& context, ServerOptions opts, const Router& r, Metrics& m)
      : ioc(context), options(std::move(opts)), router(r), metrics(m), acceptor(asio::make_strand(context)) {}

  asio::io_context& ioc;
  ServerOptions options;
  const Router& router;
  Metrics& metrics;
  tcp::acceptor acceptor;
  std::atomic<bool> stopping{false};

  mutable std::mutex mutex;
  std::map<std::uint64_t, std::shared_ptr<Connection>> connections;
  std::uint64_t next_id = 0;

  void describe_metrics() {
    metrics.describe("hocvuso_http_requests_total", Metrics::Kind::counter, "HTTP requests by route and status");
    metrics.describe("hocvuso_http_request_duration_seconds", Metrics::Kind::histogram,
                     "HTTP request handling time by route");
    metrics.describe("hocvuso_http_connections_total", Metrics::Kind::counter, "accepted TCP connections");
  }

  std::uint64_t track(std::shared_ptr<Connection> c) {
    std::lock_guard lock(mutex);
    connections.emplace(next_id, std::move(c));
    return next_id++;
  }
  void untrack(std::uint64_t id) {
    std::lock_guard lock(mutex);
    connections.erase(id);
  }

  // Closes idle connections (or all, when force). Runs the check on each
  // connection's own strand, where `busy` is written.
  void close_connections(bool force) {
    std::lock_guard lock(mutex);
    for (auto& [id, c] : connections) {
      asio::post(c->stream.get_executor(), [c = c, force] {
        if (force || !c->busy) {
          beast::error_code ignored;
          c->stream.socket().shutdown(tcp::socket::shutdown_both, ignored);
          c->stream.close();
        }
      });
    }
  }

  void record(const std::string& route, int status, double seconds) {
    metrics.increment("hocvuso_http_requests_total", {{"route", route}, {"status", std::to_string(status)}});
    metrics.observe("hocvuso_http_request_duration_seconds", {{"route", route}}, seconds);
  }
};

namespace {

asio::awaitable<void> write_response(Connection& c, bhttp::response<bhttp::string_body> res,
                                     std::chrono::seconds timeout, bool& ok) {
  c.stream.expires_after(timeout);
  auto [ec, n] = co_await bhttp::async_write(c.stream, res, kNoThrow);
  ok = !ec;
}

asio::awaitable<void> run_session(std::shared_ptr<Server::Impl> server, std::shared_ptr<Connection> conn,
                                  std::uint64_t id) {
  beast::flat_buffer buffer;
  bool first = true;
  for (;;) {
    // Fresh parser per request (beast #2715): limits and state never leak across requests.
    bhttp::request_parser<bhttp::string_body> parser;
    parser.body_limit(server->options.body_limit);
    parser.header_limit(16 * 1024);

    // Idle wait for the next request on a kept-alive connection, then the read deadline.
    conn->stream.expires_after(first ? server->options.read_timeout : server->options.idle_timeout);
    auto [hec, hn] = co_await bhttp::async_read_header(conn->stream, buffer, parser, kNoThrow);
    first = false;
    const bool late = server->stopping;  // the headers came after stop()
    const auto started = std::chrono::steady_clock::now();
    const auto elapsed = [&] {
      return std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    };
    if (!hec && parser.get().version() != 10 && parser.get().version() != 11) {
      // HTTP/2.0 prefaces, HTTP/9.9: not answered as if they were HTTP/1.1.
      server->record("unmatched", 505, elapsed());
      bool ok = false;
      co_await write_response(*conn, to_beast(json_error(505, "http_version_not_supported", "only HTTP/1.0 and HTTP/1.1"),
                                              11, false),
                              server->options.write_timeout, ok);
      break;
    }
    if (!hec) {
      if (const std::string bad = framing_error(parser); !bad.empty()) {
        server->record("unmatched", 400, elapsed());
        bool ok = false;
        co_await write_response(*conn, to_beast(json_error(400, "bad_request", "malformed HTTP request: " + bad), 11, false),
                                server->options.write_timeout, ok);
        break;
      }
      // The body is always read, even when stopping: a request is never routed
      // without the body it came with.
      conn->busy = true;
      conn->stream.expires_after(server->options.read_timeout);
      auto [bec, bn] = co_await bhttp::async_read(conn->stream, buffer, parser, kNoThrow);
      hec = bec;
    }

    if (hec) {
      // A closed or timed-out connection gets no answer; a bad request gets a JSON 4xx.
      Response err;
      if (hec == bhttp::error::body_limit) {
        err = json_error(413, "payload_too_large",
                         "request body exceeds " + std::to_string(server->options.body_limit) + " bytes");
      } else if (hec == bhttp::error::header_limit) {
        err = json_error(431, "headers_too_large", "request headers exceed 16384 bytes");
      } else if (hec.category() == bhttp::make_error_code(bhttp::error::bad_target).category() &&
                 hec != bhttp::error::end_of_stream && hec != bhttp::error::partial_message) {
        err = json_error(400, "bad_request", "malformed HTTP request: " + hec.message());
      } else {
        break;  // end of stream, timeout, reset, or shutdown: nothing to answer
      }
      server->record("unmatched", err.status, elapsed());
      bool ok = false;
      co_await write_response(*conn, to_beast(std::move(err), 11, false), server->options.write_timeout, ok);
      break;
    }

    auto req = parser.release();
    const unsigned version = req.version();
    const bool keep_alive = req.keep_alive() && !server->stopping;
    Request plain = to_plain(std::move(req));
    const bool head = is_head(plain);
    auto match = server->router.match(head ? std::string_view("GET") : std::string_view(plain.method), plain.path());
    if (head && match.status == 405) match = server->router.match(plain.method, plain.path());
    Response res;
    if (late) {
      // Arrived after stop(): not taken on. A platform retries a 503 later, so
      // nothing is acknowledged that was not kept.
      res = json_error(503, "shutting_down", "the service is shutting down; retry later");
      match.route = "unmatched";
    } else if (match.handler == nullptr) {
      res = match.status == 405
                ? json_error(405, "method_not_allowed", plain.method + " is not allowed on " + match.route)
                : json_error(404, "not_found", "no such endpoint");
      if (match.status == 405) res.headers.emplace_back("Allow", match.allow);
    } else {
      try {
        res = co_await (*match.handler)(std::move(plain));
      } catch (const std::exception& e) {
        spdlog::error("handler for {} failed: {}", match.route, e.what());
        const auto& classify = server->options.expected_failure;
        if (auto problem = classify ? classify(e) : std::nullopt) {
          res = json_error(503, problem->code, problem->message);
          res.headers.emplace_back("Retry-After", "5");
        } else {
          res = json_error(500, "internal_error", "internal error");
        }
      }
    }
    server->record(match.route, res.status, elapsed());

    bool ok = false;
    const bool keep = keep_alive && !server->stopping;
    auto out = to_beast(std::move(res), version, keep);
    if (head) {
      // The length the GET would have had, and no body (RFC 9110 §9.3.2).
      const auto length = out.body().size();
      out.body().clear();
      out.content_length(length);
    }
    co_await write_response(*conn, std::move(out), server->options.write_timeout, ok);
    conn->busy = false;
    if (!ok || !keep) break;
  }
  beast::error_code ignored;
  conn->stream.socket().shutdown(tcp::socket::shutdown_send, ignored);
  conn->stream.close();
  server->untrack(id);
}

// Out of descriptors (EMFILE, ENFILE) or kernel memory: accepting again at once fails
// again at once, so the loop would spin a core and flood the log. It pauses instead,
// and logs once per interval with the number of failures, until descriptors free up.
bool out_of_resources(const boost::system::error_code& ec) {
  return ec == asio::error::no_descriptors || ec.value() == ENFILE || ec == asio::error::no_buffer_space ||
         ec == asio::error::no_memory;
}

asio::awaitable<void> accept_loop(std::shared_ptr<Server::Impl> server) {
  constexpr auto kLogInterval = std::chrono::seconds(10);
  asio::steady_timer pause(server->acceptor.get_executor());
  std::chrono::steady_clock::time_point last_log{};
  std::uint64_t failures = 0;
  for (;;) {
    auto [ec, socket] = co_await server->acceptor.async_accept(asio::make_strand(server->ioc), kNoThrow);
    if (ec) {
      if (server->stopping || ec == asio::error::operation_aborted) co_return;
      ++failures;
      const auto now = std::chrono::steady_clock::now();
      if (now - last_log >= kLogInterval) {
        spdlog::warn("accept failed: {} ({} failure(s) since the last report); pausing before the next accept",
                     ec.message(), failures);
        last_log = now;
        failures = 0;
      }
      pause.expires_after(out_of_resources(ec) ? std::chrono::milliseconds(100) : std::chrono::milliseconds(5));
      co_await pause.async_wait(kNoThrow);
      continue;
    }
    server->metrics.increment("hocvuso_http_connections_total");
    auto conn = std::make_shared<Connection>(tcp::socket(std::move(socket)));
    const auto id = server->track(conn);
    asio::co_spawn(conn->stream.get_executor(), run_session(server, conn, id),
                   [](std::exception_ptr e) { log_failure("connection", e); });
  }
}

}  // namespace

Server::Server(asio::io_context& ioc, ServerOptions options, const Router& router, Metrics& metrics)
    : impl_(std::make_shared<Impl>(ioc, std::move(options), router, metrics)) {
  impl_->describe_metrics();
}

Server::~Server() = default;

std::uint16_t Server::start() {
  tcp::endpoint endpoint(asio::ip::make_address(impl_->options.host), impl_->options.port);
  auto& a = impl_->acceptor;
  try {
    a.open(endpoint.protocol());
    a.set_option(asio::socket_base::reuse_address(true));
    a.bind(endpoint);
    a.listen(asio::socket_base::max_listen_connections);
  } catch (const boost::system::system_error& e) {
    // One plain sentence for the operator, not Boost's source location.
    throw std::runtime_error("cannot listen on " + impl_->options.host + ":" + std::to_string(impl_->options.port) +
                             ": " + e.code().message() +
                             (e.code() == asio::error::address_in_use ? " (another process is using this port)" : ""));
  }
  const auto port = a.local_endpoint().port();
  asio::co_spawn(a.get_executor(), accept_loop(impl_), asio::detached);
  return port;
}

void Server::stop() {
  impl_->stopping = true;
  asio::post(impl_->acceptor.get_executor(), [impl = impl_] {
    beast::error_code ignored;
    impl->acceptor.close(ignored);
  });
  impl_->close_connections(false);
}

std::size_t Server::open_connections() const {
  std::lock_guard lock(impl_->mutex);
  return impl_->connections.size();
}

void Server::close_all() { impl_->close_connections(true); }

}  // namespace hocvuso::http
