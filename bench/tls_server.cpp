// One coroutine per connection: TLS handshake, then requests read and answered in turn until either side closes.
#include "bench/tls_server.hpp"

#include <atomic>
#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl/context.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/beast/http/write.hpp>
#include <boost/beast/ssl/ssl_stream.hpp>
#include <thread>

namespace hocvuso::bench {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
namespace ssl = boost::asio::ssl;
using tcp = asio::ip::tcp;

namespace {
constexpr auto kNoThrow = asio::as_tuple(asio::use_awaitable);
}  // namespace

struct TlsServer::Impl {
  Handler handler;
  ssl::context tls{ssl::context::tls_server};
  asio::io_context ioc{1};
  tcp::acceptor acceptor{ioc};
  std::uint16_t port = 0;
  std::atomic<std::size_t> connections{0};
  std::thread thread;
};

namespace {

http::Request to_request(bhttp::request<bhttp::string_body>&& req) {
  http::Request out;
  out.method = std::string(req.method_string());
  out.target = std::string(req.target());
  for (const auto& field : req) out.headers.emplace_back(std::string(field.name_string()), std::string(field.value()));
  out.body = std::move(req.body());
  return out;
}

asio::awaitable<void> session(TlsServer::Impl* server, tcp::socket socket) {
  beast::ssl_stream<beast::tcp_stream> stream(beast::tcp_stream(std::move(socket)), server->tls);
  beast::get_lowest_layer(stream).expires_after(std::chrono::seconds(10));
  auto [hec] = co_await stream.async_handshake(ssl::stream_base::server, kNoThrow);
  if (hec) co_return;
  beast::flat_buffer buffer;
  for (;;) {
    bhttp::request_parser<bhttp::string_body> parser;
    parser.body_limit(1 << 20);
    beast::get_lowest_layer(stream).expires_after(std::chrono::seconds(60));
    auto [rec, rn] = co_await bhttp::async_read(stream, buffer, parser, kNoThrow);
    if (rec) break;
    auto req = parser.release();
    const bool keep_alive = req.keep_alive();
    const http::Response answer = server->handler(to_request(std::move(req)));
    bhttp::response<bhttp::string_body> out{static_cast<bhttp::status>(answer.status), 11};
    out.set(bhttp::field::content_type, answer.content_type);
    out.body() = answer.body;
    out.keep_alive(keep_alive);
    out.prepare_payload();
    auto [wec, wn] = co_await bhttp::async_write(stream, out, kNoThrow);
    if (wec || !keep_alive) break;
  }
  beast::error_code ignored;
  beast::get_lowest_layer(stream).socket().shutdown(tcp::socket::shutdown_both, ignored);
}

asio::awaitable<void> accept_loop(TlsServer::Impl* server) {
  for (;;) {
    auto [ec, socket] = co_await server->acceptor.async_accept(kNoThrow);
    if (ec) {
      if (!server->acceptor.is_open()) co_return;
      continue;
    }
    ++server->connections;
    asio::co_spawn(server->ioc, session(server, std::move(socket)), asio::detached);
  }
}

}  // namespace

TlsServer::TlsServer(const std::string& cert_pem, const std::string& key_pem, Handler handler)
    : impl_(std::make_unique<Impl>()) {
  impl_->handler = std::move(handler);
  impl_->tls.use_certificate_chain(asio::buffer(cert_pem));
  impl_->tls.use_private_key(asio::buffer(key_pem), ssl::context::pem);
  const tcp::endpoint endpoint(asio::ip::make_address("127.0.0.1"), 0);
  impl_->acceptor.open(endpoint.protocol());
  impl_->acceptor.set_option(asio::socket_base::reuse_address(true));
  impl_->acceptor.bind(endpoint);
  impl_->acceptor.listen(asio::socket_base::max_listen_connections);
  impl_->port = impl_->acceptor.local_endpoint().port();
  asio::co_spawn(impl_->ioc, accept_loop(impl_.get()), asio::detached);
  impl_->thread = std::thread([ioc = &impl_->ioc] { ioc->run(); });
}

TlsServer::~TlsServer() {
  impl_->ioc.stop();
  impl_->thread.join();
}

std::string TlsServer::base_url() const { return "https://127.0.0.1:" + std::to_string(impl_->port); }

std::size_t TlsServer::connections() const { return impl_->connections.load(); }

}  // namespace hocvuso::bench
