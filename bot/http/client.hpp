// The one HTTP(S) client all channels share (Beast + OpenSSL): connections reused
// per host, a deadline on every step (resolve, connect, TLS handshake, request),
// certificates verified by default, plain HTTP only to loopback (the test fakes).
#pragma once

#include <boost/asio/awaitable.hpp>
#include <chrono>
#include <cstdint>
#include <memory>
#include <string>

#include "bot/core/api_call.hpp"
#include "bot/core/result.hpp"

namespace boost::asio {
class io_context;
}

namespace hocvuso::http {

struct ClientOptions {
  std::chrono::milliseconds resolve_timeout{10'000};
  std::chrono::milliseconds connect_timeout{10'000};
  std::chrono::milliseconds handshake_timeout{10'000};
  std::chrono::milliseconds request_timeout{30'000};  // write + whole answer; long polls add their own
  // As many idle connections as can be in flight to one host (the sender's most
  // deliveries at once, plus acknowledgements and a long poll): every exchange past
  // the pool's size would otherwise open a connection (and a TLS handshake) again.
  std::size_t max_idle_per_host = 80;
  std::size_t max_response_bytes = 8 << 20;
  bool verify_peer = true;
  // A PEM file of CA certificates trusted besides the system's: a private proxy in
  // front of the APIs, or the tests' own CA. Empty: the system's store only.
  std::string ca_file;

  // The longest one exchange can last before it ends by itself, answered or timed out
  // (a fresh connection: resolve, connect, TLS handshake, then the request).
  std::chrono::milliseconds longest_exchange() const {
    return resolve_timeout + connect_timeout + handshake_timeout + request_timeout;
  }
};

class Client {
 public:
  // Throws std::runtime_error when options.ca_file cannot be read as PEM certificates.
  Client(boost::asio::io_context& ioc, ClientOptions options = {});
  ~Client();
  Client(const Client&) = delete;
  Client& operator=(const Client&) = delete;

  // base: "https://api.telegram.org" or "http://127.0.0.1:8081/prefix". Never throws
  // for network trouble: an HTTP answer (any status) is the value; no answer is a
  // Problem whose code is bad_url, plain_http_refused, resolve_failed, connect_failed,
  // tls_failed, timeout or io_error, and whose message says where it failed.
  // `extra_timeout` lengthens the request deadline (long polling).
  boost::asio::awaitable<Result<ApiResponse>> request(std::string base, ApiRequest request,
                                                      std::chrono::milliseconds extra_timeout = {});

  // Connections opened since the start (TCP connect, and the TLS handshake for https).
  std::uint64_t connections_opened() const;

  struct Impl;

 private:
  std::shared_ptr<Impl> impl_;
};

// Splits "https://host:port/prefix" into its parts; false when it is not such a URL.
struct Url {
  bool tls = true;
  std::string host;
  std::string port;
  std::string prefix;  // "" or "/prefix" (no trailing slash)
};
bool parse_url(const std::string& url, Url& out);
bool is_loopback_host(const std::string& host);

}  // namespace hocvuso::http
