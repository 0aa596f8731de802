// Long polling on one node at a time (issue 18): a platform hands each update to whichever
// getUpdates asks first (Telegram answers a second poller 409 Conflict), and the offset is
// one number per bot. So the nodes sharing a database take turns through a lease named for
// the channel, renewed before each poll; the holder's offset is in the store, where the
// node that takes over after it dies reads it. On SQLite (one node) the turn is always ours.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "bot/core/message.hpp"

namespace hocvuso {
class Store;
}

namespace hocvuso::inbox {

// Longer than a poll (25 s) plus its answer's deadline and the store job that records
// what it got: a live holder renews well before its lease ends. It is also how long the
// others wait when the holder dies without releasing it (kill -9, power loss).
constexpr auto kPollLease = std::chrono::seconds(60);

// The store job before each poll of channel `lane` (its name: "telegram", "zalobot"):
// takes or renews this node's turn and gives the offset to poll from (the one the last
// poll recorded, `<lane>.poll_offset`, whichever node made it); nullopt when another node
// is polling. A holder that stalls past its lease may poll once more beside its
// successor: what both record is one inbox row each (the update's key dedupes it).
std::optional<std::int64_t> take_poll_turn(Store& store, std::string_view lane, TimePoint now);

// Shutdown: another node may poll at once instead of after kPollLease.
void give_up_poll_turn(Store& store, std::string_view lane);

}  // namespace hocvuso::inbox
