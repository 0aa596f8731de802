// Beast + Asio coroutine server behind the fakes: one coroutine per connection, a fresh parser per
// request, keep-alive, and the fault queue applied between reading a request and answering it.
#include "fakes/fake_server.hpp"

#include <algorithm>
#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl/context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/beast/http/write.hpp>
#include <boost/beast/ssl/ssl_stream.hpp>
#include <atomic>
#include <cctype>
#include <condition_variable>
#include <deque>
#include <exception>
#include <mutex>
#include <optional>
#include <thread>

namespace hocvuso::fakes {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
namespace ssl = boost::asio::ssl;
using tcp = asio::ip::tcp;

namespace {

// Boost 1.81 has no default completion token: errors come back as values.
constexpr auto kNoThrow = asio::as_tuple(asio::use_awaitable);

bool iequals(const std::string& a, const std::string& b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](unsigned char x, unsigned char y) {
           return std::tolower(x) == std::tolower(y);
         });
}

}  // namespace

std::string RecordedRequest::path() const { return target.substr(0, target.find('?')); }

std::string RecordedRequest::query() const {
  const auto q = target.find('?');
  return q == std::string::npos ? std::string{} : target.substr(q + 1);
}

std::string RecordedRequest::header(const std::string& name) const {
  for (const auto& [k, v] : headers)
    if (iequals(k, name)) return v;
  return {};
}

Fault Fault::respond(int status, std::string body, std::string path_contains) {
  Fault f;
  f.kind = Kind::respond;
  f.status = status;
  f.body = std::move(body);
  f.path_contains = std::move(path_contains);
  return f;
}

Fault Fault::delay_by(std::chrono::milliseconds delay, std::string path_contains) {
  Fault f;
  f.kind = Kind::delay;
  f.delay = delay;
  f.path_contains = std::move(path_contains);
  return f;
}

Fault Fault::drop(std::string path_contains) {
  Fault f;
  f.kind = Kind::drop;
  f.path_contains = std::move(path_contains);
  return f;
}

// Declaration order matters for teardown: the io_context goes before the data its
// coroutines were using, and the acceptor before the io_context.
struct FakeServer::Impl {
  Handler handler;
  Observer observer;

  mutable std::mutex mutex;
  mutable std::condition_variable arrived;
  std::vector<RecordedRequest> requests;
  std::deque<Fault> faults;
  std::atomic<std::size_t> connections{0};
  std::unique_ptr<ssl::context> tls;  // set: HTTPS

  asio::io_context ioc{1};
  tcp::acceptor acceptor{ioc};
  std::uint16_t port = 0;
  std::thread thread;

  std::optional<Fault> take_fault(const std::string& target) {
    std::lock_guard lock(mutex);
    for (auto it = faults.begin(); it != faults.end(); ++it) {
      if (it->path_contains.empty() || target.find(it->path_contains) != std::string::npos) {
        Fault f = std::move(*it);
        faults.erase(it);
        return f;
      }
    }
    return std::nullopt;
  }

  void record(RecordedRequest req) {
    {
      std::lock_guard lock(mutex);
      requests.push_back(std::move(req));
    }
    arrived.notify_all();
  }
};

namespace {

RecordedRequest to_recorded(bhttp::request<bhttp::string_body>&& req) {
  RecordedRequest out;
  out.method = std::string(req.method_string());
  out.target = std::string(req.target());
  for (const auto& field : req) out.headers.emplace_back(std::string(field.name_string()), std::string(field.value()));
  out.body = std::move(req.body());
  out.time = std::chrono::steady_clock::now();
  return out;
}

asio::awaitable<FakeResponse> answer(FakeServer::Impl* server, RecordedRequest req) {
  try {
    co_return co_await server->handler(std::move(req));
  } catch (const std::exception&) {
    co_return FakeResponse{500, std::string(R"({"fake_error":"handler threw"})")};
  }
}

// One connection's requests, on a plain or a TLS stream.
// Which connection a request came on (RecordedRequest::connection, accepted, earlier_on_connection).
struct ConnectionTag {
  std::size_t number = 0;
  std::chrono::steady_clock::time_point accepted;
  std::size_t served = 0;
};

template <class Stream>
asio::awaitable<void> serve_requests(FakeServer::Impl* server, Stream& stream, ConnectionTag tag) {
  beast::flat_buffer buffer;
  auto& tcp_layer = beast::get_lowest_layer(stream);
  for (;;) {
    // Fresh parser per request (beast #2715): no state leaks from one request to the next.
    bhttp::request_parser<bhttp::string_body> parser;
    parser.body_limit(16 * 1024 * 1024);
    tcp_layer.expires_after(std::chrono::seconds(60));
    auto [rec, rn] = co_await bhttp::async_read(stream, buffer, parser, kNoThrow);
    if (rec) break;  // closed, timed out or malformed: a fake has nothing to say

    auto req = parser.release();
    const unsigned version = req.version();
    const bool keep_alive = req.keep_alive();
    RecordedRequest recorded = to_recorded(std::move(req));
    recorded.connection = tag.number;
    recorded.accepted = tag.accepted;
    recorded.earlier_on_connection = tag.served++;
    if (server->observer) server->observer(recorded);
    server->record(recorded);

    const auto fault = server->take_fault(recorded.target);
    if (fault && fault->kind == Fault::Kind::drop) break;
    if (fault && fault->kind == Fault::Kind::delay) {
      asio::steady_timer timer(tcp_layer.get_executor(), fault->delay);
      co_await timer.async_wait(kNoThrow);
    }
    // No co_await inside a conditional expression: GCC 12 miscompiles it.
    FakeResponse res;
    if (fault && fault->kind == Fault::Kind::respond) {
      res = FakeResponse{fault->status, fault->body};
    } else {
      res = co_await answer(server, std::move(recorded));
    }

    bhttp::response<bhttp::string_body> out{static_cast<bhttp::status>(res.status), version};
    out.set(bhttp::field::server, "hocvuso-fake");
    out.set(bhttp::field::content_type, res.content_type);
    out.body() = std::move(res.body);
    out.keep_alive(keep_alive);
    out.prepare_payload();
    tcp_layer.expires_after(std::chrono::seconds(30));
    auto [wec, wn] = co_await bhttp::async_write(stream, out, kNoThrow);
    if (wec || !keep_alive) break;
  }
}

asio::awaitable<void> run_session(FakeServer::Impl* server, tcp::socket socket, ConnectionTag tag) {
  beast::tcp_stream plain(std::move(socket));
  if (server->tls) {
    beast::ssl_stream<beast::tcp_stream> secure(std::move(plain), *server->tls);
    beast::get_lowest_layer(secure).expires_after(std::chrono::seconds(10));
    auto [hec] = co_await secure.async_handshake(ssl::stream_base::server, kNoThrow);
    if (!hec) co_await serve_requests(server, secure, tag);
    beast::error_code ignored;
    beast::get_lowest_layer(secure).socket().shutdown(tcp::socket::shutdown_both, ignored);
    beast::get_lowest_layer(secure).close();
    co_return;
  }
  co_await serve_requests(server, plain, tag);
  beast::error_code ignored;
  plain.socket().shutdown(tcp::socket::shutdown_both, ignored);
  plain.close();
}

void ignore_ending(std::exception_ptr) {}  // a broken connection is the client's business, not a test failure

asio::awaitable<void> accept_loop(FakeServer::Impl* server) {
  for (;;) {
    auto [ec, socket] = co_await server->acceptor.async_accept(kNoThrow);
    if (ec) {
      if (ec == asio::error::operation_aborted || !server->acceptor.is_open()) co_return;
      continue;
    }
    const ConnectionTag tag{++server->connections, std::chrono::steady_clock::now(), 0};
    asio::co_spawn(server->ioc, run_session(server, std::move(socket), tag), ignore_ending);
  }
}

}  // namespace

FakeServer::FakeServer(Handler handler, Observer observer, std::optional<FakeServerTls> tls)
    : impl_(std::make_unique<Impl>()) {
  impl_->handler = std::move(handler);
  impl_->observer = std::move(observer);
  if (tls) {
    impl_->tls = std::make_unique<ssl::context>(ssl::context::tls_server);
    impl_->tls->use_certificate_chain(asio::buffer(tls->cert_chain_pem));
    impl_->tls->use_private_key(asio::buffer(tls->key_pem), ssl::context::pem);
  }
  const tcp::endpoint endpoint(asio::ip::make_address("127.0.0.1"), 0);
  impl_->acceptor.open(endpoint.protocol());
  impl_->acceptor.bind(endpoint);
  impl_->acceptor.listen(asio::socket_base::max_listen_connections);
  impl_->port = impl_->acceptor.local_endpoint().port();
  asio::co_spawn(impl_->ioc, accept_loop(impl_.get()), ignore_ending);
  impl_->thread = std::thread([impl = impl_.get()] { impl->ioc.run(); });
}

FakeServer::~FakeServer() {
  impl_->ioc.stop();
  impl_->thread.join();
}

std::uint16_t FakeServer::port() const { return impl_->port; }

std::string FakeServer::base_url() const {
  return (impl_->tls ? "https://127.0.0.1:" : "http://127.0.0.1:") + std::to_string(impl_->port);
}

std::size_t FakeServer::connection_count() const { return impl_->connections.load(); }

void FakeServer::add_fault(Fault fault) {
  std::lock_guard lock(impl_->mutex);
  impl_->faults.push_back(std::move(fault));
}

std::size_t FakeServer::pending_faults() const {
  std::lock_guard lock(impl_->mutex);
  return impl_->faults.size();
}

std::vector<RecordedRequest> FakeServer::requests() const {
  std::lock_guard lock(impl_->mutex);
  return impl_->requests;
}

std::size_t FakeServer::request_count() const {
  std::lock_guard lock(impl_->mutex);
  return impl_->requests.size();
}

bool FakeServer::wait_for_requests(std::size_t n, std::chrono::milliseconds timeout) const {
  std::unique_lock lock(impl_->mutex);
  return impl_->arrived.wait_for(lock, timeout, [&] { return impl_->requests.size() >= n; });
}

void FakeServer::clear_requests() {
  std::lock_guard lock(impl_->mutex);
  impl_->requests.clear();
}

}  // namespace hocvuso::fakes
