// A small HTTP/1.1 server on 127.0.0.1:0, on its own thread, that records every request and injects faults.
#pragma once

#include <boost/asio/awaitable.hpp>

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace hocvuso::fakes {

struct RecordedRequest {
  std::string method;  // HTTP verb
  std::string target;  // path and query as sent
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;
  std::chrono::steady_clock::time_point time;  // when the whole request had been read
  // Its connection: the order it was accepted in (1 for the first), when, and how many
  // requests it had carried before this one (a failing test tells a late read by them).
  std::size_t connection = 0;
  std::chrono::steady_clock::time_point accepted;
  std::size_t earlier_on_connection = 0;

  std::string path() const;   // target without the query
  std::string query() const;  // after '?', or ""
  std::string header(const std::string& name) const;  // case-insensitive; "" when absent
};

struct FakeResponse {
  int status = 200;
  std::string body;
  std::string content_type = "application/json";
};

// One injected fault. Queued faults are consumed in FIFO order, each by the first request
// whose target contains path_contains (empty: any request).
struct Fault {
  enum class Kind { respond, delay, drop };
  Kind kind = Kind::respond;
  int status = 500;
  std::string body;
  std::chrono::milliseconds delay{0};
  std::string path_contains;

  // Answer with this status and body instead of the handler (e.g. 429 with the real fixture body).
  static Fault respond(int status, std::string body, std::string path_contains = {});
  // Hold the answer back this long (a timer: other connections go on), then run the handler.
  static Fault delay_by(std::chrono::milliseconds delay, std::string path_contains = {});
  // Read the request, then close the connection without answering.
  static Fault drop(std::string path_contains = {});
};

// Serve HTTPS with this certificate (PEM; e.g. from tests/support/test_ca.hpp) instead of plain HTTP.
struct FakeServerTls {
  std::string cert_chain_pem;
  std::string key_pem;
};

class FakeServer {
 public:
  // Produces the answer for every request that no fault took. Runs on the server thread;
  // it may co_await (timers, long polls) without holding up other connections.
  using Handler = std::function<boost::asio::awaitable<FakeResponse>(RecordedRequest)>;
  // Sees every request, faulted or not, before faults apply (e.g. to spec-check it).
  using Observer = std::function<void(const RecordedRequest&)>;

  explicit FakeServer(Handler handler, Observer observer = {}, std::optional<FakeServerTls> tls = {});
  ~FakeServer();  // stops the io_context and joins the thread
  FakeServer(const FakeServer&) = delete;
  FakeServer& operator=(const FakeServer&) = delete;

  std::uint16_t port() const;
  std::string base_url() const;  // "http://127.0.0.1:<port>", or https:// when serving TLS
  // TCP connections accepted so far: a client that reuses its connections opens few.
  std::size_t connection_count() const;

  void add_fault(Fault fault);
  std::size_t pending_faults() const;

  std::vector<RecordedRequest> requests() const;
  std::size_t request_count() const;
  // Waits until at least n requests have arrived or the timeout passes; true when they have.
  bool wait_for_requests(std::size_t n, std::chrono::milliseconds timeout) const;
  void clear_requests();

  struct Impl;  // public only so the session coroutines in fake_server.cpp can name it

 private:
  std::unique_ptr<Impl> impl_;
};

}  // namespace hocvuso::fakes
