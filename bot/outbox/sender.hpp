// The one sender: delivers every outbox row through its channel's adapter and the
// HTTPS client, keeping per-chat order, the platforms' rate limits, retries with
// backoff and jitter, and marking a row sent only after the platform accepted it.
#pragma once

#include <chrono>
#include <boost/asio/awaitable.hpp>
#include <functional>
#include <memory>
#include <string>

#include "adapters/channel.hpp"

namespace boost::asio {
class io_context;
}

namespace hocvuso {

class StoreWorker;
class Metrics;
namespace http {
class Client;
}
namespace outbox {
class SenderClock;
class SenderTransport;
class SharedLimits;
}

struct ChannelRoute {
  const ChannelAdapter* adapter = nullptr;
  std::string api_base;
  double max_per_second = 30;
  // Adds credentials that rotate (Zalo's access_token header). Optional.
  std::function<boost::asio::awaitable<void>(ApiRequest&)> authorize;
  // After Verdict::refresh_token on `failed` (the request as sent, credentials and all):
  // makes sure a newer token is current; false: there is none. Optional.
  std::function<boost::asio::awaitable<bool>(const ApiRequest& failed)> refresh;
};

class Sender {
 public:
  static constexpr int kMaxInFlight = 64;    // chats served at once per channel, at most (outbox::in_flight_limit)
  static constexpr int kReadAhead = 512;     // queue heads read from the store at once

  Sender(boost::asio::io_context& ioc, StoreWorker& store, http::Client& client, Metrics& metrics);
  // With the time and the transport given (sender_seams.hpp): the tests' clock and recording transport.
  // Both must outlive the sender and every coroutine it started.
  Sender(boost::asio::io_context& ioc, StoreWorker& store, outbox::SenderTransport& transport, Metrics& metrics,
         outbox::SenderClock& clock);
  ~Sender();

  // Several nodes send for this bot from one database: the platform's limits are kept there
  // (shared_limits.hpp) rather than in this process alone. Before add(). Without it (one
  // process, SQLite) the sender asks nothing of the database for its limits.
  // `lease`: how long a claim on an outbox row lasts (outbox_lease_seconds): heads whose read
  // took more than half of it are not sent, since another node may take them meanwhile.
  void share_limits(std::shared_ptr<outbox::SharedLimits> limits,
                    std::chrono::seconds lease = std::chrono::seconds(120));
  void add(ChannelRoute route);
  void start();
  // New rows for the channel are queued: look now rather than at the next poll.
  void wake(Channel channel);
  // Stage one of shutdown: keep delivering what is due, take nothing new once the
  // queue is empty. done() tells when every lane has ended.
  void drain();
  bool done() const;
  // Stage two: start nothing more; rows not yet started stay pending for the next start.
  void stop();
  // A delivery is under way (its request sent, its answer or its mark awaited): after stop(),
  // the shutdown lets these end, so that a row the platform accepted is marked sent and not
  // sent again by the next start or another node.
  bool delivering() const;

  // Named in sender.cpp's coroutines only.
  struct Lane;
  struct Impl;

 private:
  std::shared_ptr<Impl> impl_;
};

}  // namespace hocvuso
