// This node's share of a channel's overall rate when several nodes send for one bot (issue 18):
// the limit is `limit` slots kept in the database (shared_limits.hpp), each used by one request
// at a time and free again `window` after its answer. That is SlidingWindow's rule
// (rate_limit.hpp) cut into pieces a node can hold: however the slots move between nodes, no
// more than `limit` requests start in any window across the cluster. Pure: the time is a
// parameter; asking the database for slots and giving them back is the sender's (sender.cpp).
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <vector>

namespace hocvuso::outbox {

class SlotShare {
 public:
  using Clock = std::chrono::steady_clock;

  // A slot this node gives back: the database keeps when it is free again.
  struct Returned {
    std::int64_t slot = 0;
    Clock::time_point free_at{};
  };

  explicit SlotShare(Clock::duration window) : window_(window) {}

  // The database granted `slot`, free from `free_at` (another node's last answer + window).
  void add(std::int64_t slot, Clock::time_point free_at);
  // The database holds this node's slots for it until `until`; no request starts on them after
  // that, since another node may take them once the hold has passed (a node that died keeps
  // nothing for ever).
  void hold_until(Clock::time_point until) { usable_until_ = until; }
  // After an exchange: the slots the database still counts as this node's. Any other idle
  // slot was taken over (this node's hold had passed) and is dropped.
  void keep_only(const std::vector<std::int64_t>& slots);

  // Zero when a request may start at `now`; else how long until an idle slot frees, or
  // `none_free` when no idle slot is held (more must come from the database).
  Clock::duration wait(Clock::time_point now, Clock::duration none_free) const;
  // Takes the idle slot that freed first; call only when wait(now) was zero.
  void take(Clock::time_point now);
  // A request that take() let through ended at `now`: its slot frees at now + window.
  void release(Clock::time_point now);

  // Gives back up to `most` idle slots (not in a request), those that free last first, keeping
  // `keep_free` of those free at `now` (requests are waiting for them). They leave this share.
  std::vector<Returned> give_back(Clock::time_point now, std::size_t keep_free,
                                  std::size_t most = static_cast<std::size_t>(-1));

  std::size_t owned() const { return idle_.size() + in_use_.size(); }
  std::size_t in_use() const { return in_use_.size() + lost_in_use_; }
  std::size_t idle() const { return idle_.size(); }
  std::vector<std::int64_t> owned_slots() const;
  Clock::duration window() const { return window_; }

 private:
  struct Idle {
    std::int64_t slot;
    Clock::time_point free_at;
  };
  Clock::duration window_;
  Clock::time_point usable_until_{};
  std::vector<Idle> idle_;            // ascending free_at
  std::vector<std::int64_t> in_use_;  // slots under a request now
  std::size_t lost_in_use_ = 0;       // requests under way on slots another node has taken over
};

}  // namespace hocvuso::outbox
