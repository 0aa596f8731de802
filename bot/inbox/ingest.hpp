// How an update enters: a webhook delivery or a long poll (getUpdates). Either way it
// is verified, parsed at the door, recorded durably, and only then acknowledged; the
// inbox lane (lane.hpp) does the rest.
#pragma once

#include <atomic>
#include <boost/asio/awaitable.hpp>

#include "bot/http/message.hpp"
#include "bot/inbox/lane.hpp"

namespace hocvuso::inbox {

// POST /webhook/<channel>: 200 once the update is recorded (or was already), 401/403
// when verification fails, 400 for a body that cannot be parsed.
boost::asio::awaitable<http::Response> webhook(LanePtr lane, http::Request req);

// getUpdates until `stopping`: each batch is recorded, then the offset advances (A3:
// confirm only what is kept). Store and network errors are retried with backoff.
// With several nodes on one database, one of them polls a channel at a time and the others
// wait for its turn (poll_turn.hpp).
boost::asio::awaitable<void> run_polling(LanePtr lane, const std::atomic<bool>& stopping);

// Shutdown, once `stopping` is set: gives this node's polling turn up at once, so another
// node polls without waiting for the lease (a poll under way still ends by itself).
void end_polling_turn(LanePtr lane);

}  // namespace hocvuso::inbox
