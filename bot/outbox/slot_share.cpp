// A node's share of the cluster's overall slots (slot_share.hpp).
#include "bot/outbox/slot_share.hpp"

#include <algorithm>

namespace hocvuso::outbox {

namespace {

bool earlier(const auto& a, const auto& b) { return a.free_at < b.free_at; }

}  // namespace

void SlotShare::add(std::int64_t slot, Clock::time_point free_at) {
  const Idle entry{slot, free_at};
  idle_.insert(std::upper_bound(idle_.begin(), idle_.end(), entry, earlier<Idle, Idle>), entry);
}

void SlotShare::keep_only(const std::vector<std::int64_t>& slots) {
  const auto gone = [&](std::int64_t slot) { return std::find(slots.begin(), slots.end(), slot) == slots.end(); };
  std::erase_if(idle_, [&](const Idle& i) { return gone(i.slot); });
  // A request still under way on a slot taken over ends without giving it back here.
  lost_in_use_ += std::erase_if(in_use_, gone);
}

SlotShare::Clock::duration SlotShare::wait(Clock::time_point now, Clock::duration none_free) const {
  if (idle_.empty() || now >= usable_until_) return none_free;
  const auto first = idle_.front().free_at;
  if (first >= usable_until_) return none_free;
  return first <= now ? Clock::duration::zero() : first - now;
}

void SlotShare::take(Clock::time_point) {
  if (idle_.empty()) return;
  in_use_.push_back(idle_.front().slot);
  idle_.erase(idle_.begin());
}

void SlotShare::release(Clock::time_point now) {
  if (in_use_.empty()) {
    if (lost_in_use_ > 0) --lost_in_use_;
    return;
  }
  const std::int64_t slot = in_use_.back();
  in_use_.pop_back();
  add(slot, now + window_);
}

std::vector<SlotShare::Returned> SlotShare::give_back(Clock::time_point now, std::size_t keep_free,
                                                      std::size_t most) {
  // From the slot that frees last, down: the ones this node would use soonest stay.
  std::vector<Returned> out;
  std::size_t free_now = 0;
  for (const auto& i : idle_) free_now += i.free_at <= now ? 1 : 0;
  std::size_t may_go_free_now = free_now > keep_free ? free_now - keep_free : 0;
  std::vector<Idle> kept;
  for (auto it = idle_.rbegin(); it != idle_.rend(); ++it) {
    const bool now_free = it->free_at <= now;
    if (out.size() < most && (!now_free || may_go_free_now > 0)) {
      if (now_free) --may_go_free_now;
      out.push_back({it->slot, it->free_at});
    } else {
      kept.push_back(*it);
    }
  }
  idle_.assign(kept.rbegin(), kept.rend());
  std::reverse(out.begin(), out.end());
  return out;
}

std::vector<std::int64_t> SlotShare::owned_slots() const {
  std::vector<std::int64_t> out(in_use_);
  for (const auto& i : idle_) out.push_back(i.slot);
  return out;
}

}  // namespace hocvuso::outbox
