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
boost::asio::awaitable<void> run_polling(LanePtr lane, const std::atomic<bool>& stopping);

}  // namespace hocvuso::inbox
