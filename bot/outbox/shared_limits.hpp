// What the sender asks when several nodes send for one bot from one PostgreSQL database
// (issue 18): the platform's limits hold for the bot, so they must hold across the nodes together.
//  - The channel's overall rate: `limit` slots kept in the database (one row each), each used by
//    one request at a time and free again `window` after its answer (rate_limit.hpp's rule). A
//    node takes what is free and uses its slots locally (slot_share.hpp), so most sends cost no
//    round trip. It renews them each second; while other nodes ask for slots it keeps no more
//    than an equal part (rate_wants says who asked), and idle it keeps none.
//  - A chat's own pace: a chat's head is sent by one node at a time (the outbox lease,
//    pg_core_store.hpp), and the rows sent to it carry sent_at. Before it starts a chat, a node
//    reads the chat's sends in the last window, whichever node made them, in the statement
//    batch that claims the heads.
// Both are plain calls on the store thread, inside the worker's transaction: the sender queues
// them as store jobs. One SQLite process shares nothing, so the sender then asks nothing and pays
// nothing (no SharedLimits: its own windows, throttle.hpp, as before).
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "bot/core/message.hpp"

namespace hocvuso {
class Store;
}

namespace hocvuso::outbox {

struct SlotExchange {
  Channel channel{};
  int limit = 0;                       // the channel's slots (requests in any window)
  std::chrono::milliseconds window{};  // a slot's pause after its answer
  struct Returned {
    std::int64_t slot = 0;
    TimePoint free_at{};
  };
  std::vector<Returned> returned;  // this node's idle slots, given back
  int want = 0;                    // more slots to take, at most
  TimePoint now{};
  TimePoint hold_until{};  // this node keeps its slots until then unless it renews them
  TimePoint free_by{};     // take only slots free by then
};

struct SlotGrants {
  struct Granted {
    std::int64_t slot = 0;
    TimePoint free_at{};
  };
  std::vector<Granted> granted;     // newly this node's
  std::vector<std::int64_t> kept;   // this node's before, still, hold renewed
  int others_asking = 0;           // other nodes that asked for slots lately (kOthersAskedWithin)
  int statements = 0;              // database round trips it took (the measure of issue 18)
};

struct ChatSend {
  std::string chat_id;
  TimePoint ended{};  // the platform's answer
  int requests = 1;   // a long text's pieces: each was a request
};

// How long another node's ask for slots is news: a node holding idle slots gives them back
// while it is.
inline constexpr std::chrono::milliseconds kOthersAskedWithin{2000};

class SharedLimits {
 public:
  virtual ~SharedLimits() = default;
  // Gives back `returned`, renews this node's hold on the rest of its slots, takes up to `want`
  // free ones (noting that this node asked), and tells whether another node asked lately. One
  // statement (two the first time a channel's slots are made).
  virtual SlotGrants exchange(Store& store, const SlotExchange& request) = 0;
  // The sends to `chats` that ended after `since`, whichever node made them. One statement.
  virtual std::vector<ChatSend> recent_sends(Store& store, Channel channel, const std::vector<std::string>& chats,
                                             TimePoint since) = 0;
};

// On the PostgreSQL store (store.pg()): the slots in rate_slots, the sends from the outbox's
// sent rows. Stateless: one may serve every lane.
std::shared_ptr<SharedLimits> make_pg_shared_limits();

}  // namespace hocvuso::outbox
