// HTTP/1.1 client over Beast, plain or TLS, with a small idle-connection pool per host.
#include "bot/http/client.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl/context.hpp>
#include <boost/asio/ssl/host_name_verification.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/beast/http/write.hpp>
#include <boost/beast/ssl/ssl_stream.hpp>
#include <atomic>
#include <map>
#include <mutex>
#include <stdexcept>
#include <string_view>

#include <sys/socket.h>
#include <cerrno>

namespace hocvuso::http {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
namespace ssl = boost::asio::ssl;
using tcp = asio::ip::tcp;

namespace {

constexpr auto kNoThrow = asio::as_tuple(asio::use_awaitable);

struct Connection {
  std::unique_ptr<beast::tcp_stream> plain;
  std::unique_ptr<beast::ssl_stream<beast::tcp_stream>> secure;
  beast::flat_buffer buffer;

  beast::tcp_stream& tcp_layer() { return secure ? beast::get_lowest_layer(*secure) : *plain; }
};

std::string pool_key(const Url& u) { return (u.tls ? "https://" : "http://") + u.host + ":" + u.port; }

}  // namespace

bool is_loopback_host(const std::string& host) {
  return host == "localhost" || host == "::1" || host.rfind("127.", 0) == 0;
}

// By hand, not with std::regex: it runs for every outbound request (a broadcast sends
// thousands a second). Accepts what the former pattern did:
// ^(https?)://(\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9.-]+)(?::(\d{1,5}))?(/[^?#\s]*)?$
bool parse_url(const std::string& url, Url& out) {
  std::string_view rest(url);
  bool tls = false;
  if (rest.starts_with("https://")) {
    tls = true;
    rest.remove_prefix(8);
  } else if (rest.starts_with("http://")) {
    rest.remove_prefix(7);
  } else {
    return false;
  }
  std::string host;
  if (!rest.empty() && rest.front() == '[') {
    const auto close = rest.find(']');
    if (close == std::string_view::npos || close == 1) return false;
    for (const char c : rest.substr(1, close - 1)) {
      const bool hex = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
      if (!hex && c != ':' && c != '.') return false;
    }
    host = std::string(rest.substr(1, close - 1));
    rest.remove_prefix(close + 1);
  } else {
    std::size_t n = 0;
    const auto host_char = [](char c) {
      return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' || c == '-';
    };
    while (n < rest.size() && host_char(rest[n])) ++n;
    if (n == 0) return false;
    host = std::string(rest.substr(0, n));
    rest.remove_prefix(n);
  }
  std::string port = tls ? "443" : "80";
  if (!rest.empty() && rest.front() == ':') {
    std::size_t n = 1;
    while (n < rest.size() && rest[n] >= '0' && rest[n] <= '9') ++n;
    if (n == 1 || n > 6) return false;
    port = std::string(rest.substr(1, n - 1));
    rest.remove_prefix(n);
  }
  std::string prefix;
  if (!rest.empty()) {
    if (rest.front() != '/') return false;
    for (const char c : rest) {
      if (c == '?' || c == '#' || c == ' ' || c == '\t' || c == '\n' || c == '\v' || c == '\f' || c == '\r') {
        return false;
      }
    }
    prefix = std::string(rest);
  }
  while (!prefix.empty() && prefix.back() == '/') prefix.pop_back();
  out.tls = tls;
  out.host = std::move(host);
  out.port = std::move(port);
  out.prefix = std::move(prefix);
  return true;
}

struct Client::Impl {
  Impl(asio::io_context& context, ClientOptions opts)
      : ioc(context), options(opts), tls(ssl::context::tls_client) {
    tls.set_default_verify_paths();
    if (!options.ca_file.empty()) {
      boost::system::error_code ec;
      tls.load_verify_file(options.ca_file, ec);
      if (ec) throw std::runtime_error("cannot read CA certificates from " + options.ca_file + ": " + ec.message());
    }
    tls.set_verify_mode(options.verify_peer ? ssl::verify_peer : ssl::verify_none);
  }

  asio::io_context& ioc;
  ClientOptions options;
  ssl::context tls;
  std::atomic<std::uint64_t> opened{0};
  std::mutex mutex;
  std::map<std::string, std::vector<std::unique_ptr<Connection>>> idle;

  // An idle connection the server has closed (or sent anything on) is dropped
  // here, before a request is written to it: a request, once written, is never
  // sent again by the client, because the platform may have acted on it.
  std::unique_ptr<Connection> take(const std::string& key) {
    std::lock_guard lock(mutex);
    auto& list = idle[key];
    while (!list.empty()) {
      auto c = std::move(list.back());
      list.pop_back();
      char byte;
      const auto n = ::recv(c->tcp_layer().socket().native_handle(), &byte, 1, MSG_PEEK | MSG_DONTWAIT);
      if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) return c;  // quiet and open
    }
    return nullptr;
  }

  void give_back(const std::string& key, std::unique_ptr<Connection> c) {
    std::lock_guard lock(mutex);
    auto& list = idle[key];
    if (list.size() < options.max_idle_per_host) list.push_back(std::move(c));
  }
};

namespace {

// Resolve (bounded by a timer: getaddrinfo has no deadline of its own), connect, and
// for https the TLS handshake with SNI and host-name verification.
// A Problem (code resolve_failed, connect_failed, tls_failed or timeout) when there is no connection.
asio::awaitable<Result<std::unique_ptr<Connection>>> open_connection(std::shared_ptr<Client::Impl> impl, Url url) {
  auto ex = co_await asio::this_coro::executor;
  tcp::resolver resolver(ex);
  asio::steady_timer guard(ex);
  guard.expires_after(impl->options.resolve_timeout);
  guard.async_wait([&resolver](const boost::system::error_code& ec) {
    if (!ec) resolver.cancel();
  });
  auto [rec, endpoints] = co_await resolver.async_resolve(url.host, url.port, kNoThrow);
  guard.cancel();
  if (rec) {
    const bool timed_out = rec == asio::error::operation_aborted;
    co_return Problem{timed_out ? "timeout" : "resolve_failed",
                      "resolve " + url.host + ": " + (timed_out ? "timed out" : rec.message())};
  }

  auto conn = std::make_unique<Connection>();
  if (url.tls) {
    conn->secure = std::make_unique<beast::ssl_stream<beast::tcp_stream>>(ex, impl->tls);
  } else {
    conn->plain = std::make_unique<beast::tcp_stream>(ex);
  }
  auto& tcp_layer = conn->tcp_layer();
  tcp_layer.expires_after(impl->options.connect_timeout);
  auto [cec, ep] = co_await tcp_layer.async_connect(endpoints, kNoThrow);
  if (cec) {
    co_return Problem{cec == beast::error::timeout ? "timeout" : "connect_failed",
                      "connect " + url.host + ":" + url.port + ": " + cec.message()};
  }
  impl->opened.fetch_add(1, std::memory_order_relaxed);
  if (url.tls) {
    if (!SSL_set_tlsext_host_name(conn->secure->native_handle(), url.host.c_str())) {
      co_return Problem{"tls_failed", "TLS: cannot set SNI for " + url.host};
    }
    if (impl->options.verify_peer) conn->secure->set_verify_callback(ssl::host_name_verification(url.host));
    tcp_layer.expires_after(impl->options.handshake_timeout);
    auto [hec] = co_await conn->secure->async_handshake(ssl::stream_base::client, kNoThrow);
    if (hec) {
      co_return Problem{hec == beast::error::timeout ? "timeout" : "tls_failed",
                        "TLS handshake with " + url.host + ": " + hec.message()};
    }
  }
  co_return conn;
}

template <class Stream>
asio::awaitable<beast::error_code> send_and_receive(Stream& stream, beast::tcp_stream& tcp_layer,
                                                    beast::flat_buffer& buffer,
                                                    bhttp::request<bhttp::string_body>& req,
                                                    bhttp::response_parser<bhttp::string_body>& parser,
                                                    std::chrono::milliseconds deadline, bool& wrote) {
  tcp_layer.expires_after(deadline);
  auto [wec, wn] = co_await bhttp::async_write(stream, req, kNoThrow);
  if (wec) co_return wec;
  wrote = true;
  auto [rec, rn] = co_await bhttp::async_read(stream, buffer, parser, kNoThrow);
  co_return rec;
}

asio::awaitable<Result<ApiResponse>> exchange(std::shared_ptr<Client::Impl> impl, Url url, ApiRequest request,
                                              std::chrono::milliseconds extra) {
  const std::string key = pool_key(url);
  bhttp::request<bhttp::string_body> req{request.method == "GET" ? bhttp::verb::get : bhttp::verb::post,
                                         url.prefix + request.path, 11};
  req.set(bhttp::field::host, url.host);
  req.set(bhttp::field::user_agent, "hocvuso");
  for (const auto& [k, v] : request.headers) req.set(k, v);
  if (request.method != "GET") {
    req.set(bhttp::field::content_type, request.content_type);
    req.body() = request.body;
  }
  req.keep_alive(true);
  req.prepare_payload();

  auto conn = impl->take(key);
  bool reused = conn != nullptr;
  for (;;) {
    if (!conn) {
      auto opened = co_await open_connection(impl, url);
      if (!opened) co_return opened.problem();
      conn = std::move(opened).value();
    }
    bhttp::response_parser<bhttp::string_body> parser;
    parser.body_limit(impl->options.max_response_bytes);
    bool wrote = false;
    const auto deadline = impl->options.request_timeout + extra;
    beast::error_code ec =
        conn->secure
            ? co_await send_and_receive(*conn->secure, conn->tcp_layer(), conn->buffer, req, parser, deadline, wrote)
            : co_await send_and_receive(*conn->plain, conn->tcp_layer(), conn->buffer, req, parser, deadline, wrote);
    if (ec) {
      // A pooled connection that fails while the request is being written never got
      // it: try once on a fresh one. Once written, the platform may have acted, so the
      // outbox decides about retrying, with its backoff.
      const bool stale = reused && !wrote;
      if (stale) {
        conn.reset();
        reused = false;
        continue;
      }
      const bool timed_out = ec == beast::error::timeout;
      co_return Problem{timed_out ? "timeout" : "io_error",
                        request.api_method + ": " + (timed_out ? std::string("timed out") : ec.message())};
    }
    auto res = parser.release();
    ApiResponse out;
    out.status = res.result_int();
    out.body = std::move(res.body());
    if (res.keep_alive()) impl->give_back(key, std::move(conn));
    co_return out;
  }
}

}  // namespace

Client::Client(asio::io_context& ioc, ClientOptions options) : impl_(std::make_shared<Impl>(ioc, options)) {}
Client::~Client() = default;

std::uint64_t Client::connections_opened() const { return impl_->opened.load(std::memory_order_relaxed); }

asio::awaitable<Result<ApiResponse>> Client::request(std::string base, ApiRequest request,
                                                     std::chrono::milliseconds extra_timeout) {
  Url url;
  if (!parse_url(base, url)) co_return Problem{"bad_url", "not an http(s) URL: " + base};
  if (!url.tls && !is_loopback_host(url.host)) {
    // Tokens travel in paths and headers: plain HTTP only where nothing leaves the machine.
    co_return Problem{"plain_http_refused", "plain http is allowed only to loopback, not to " + url.host};
  }
  // Each exchange runs on its own strand, so its timers and I/O never race on a
  // multi-threaded io_context.
  co_return co_await asio::co_spawn(asio::make_strand(impl_->ioc),
                                    exchange(impl_, std::move(url), std::move(request), extra_timeout),
                                    asio::use_awaitable);
}

}  // namespace hocvuso::http
