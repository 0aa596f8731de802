// The channel's overall slots when several nodes share the platform's limits (shared_limits.hpp):
// this node asks for slots when its deliveries wait, renews and gives back what it does not need,
// and reads each chat's window back from the cluster's sends. The lane's deliveries are sender.cpp's.
#include <boost/asio/as_tuple.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <map>
#include <spdlog/spdlog.h>

#include "bot/outbox/sender_lane.hpp"
#include "bot/outbox/slot_share.hpp"
#include "bot/store/on_store.hpp"

namespace hocvuso::outbox {

namespace {

using Clock = std::chrono::steady_clock;
constexpr auto kNoThrow = asio::as_tuple(asio::use_awaitable);

// The overall limit shared across nodes (shared_limits.hpp). A node renews its slots this often,
// giving back the idle ones when it used none since, or those beyond an equal part while other
// nodes ask; it asks for more at most every kSlotAskEvery while its deliveries wait for a slot
// and none frees sooner. Both bound the round trips by time, whatever the load.
constexpr auto kSlotGiveBackEvery = std::chrono::milliseconds(1000);
constexpr auto kSlotAskEvery = std::chrono::milliseconds(200);
// Slots free within this are worth taking: the node waits for them locally.
constexpr auto kSlotHorizon = std::chrono::milliseconds(1000);
// The database holds a node's slots this long past its last exchange (it renews each second).
// No request starts on a slot in the last kSlotUseMargin of its hold: a request under way when
// its node dies must have reached the platform before another node may take the slot over,
// and the client's request deadline (30 s) bounds that.
constexpr auto kSlotHold = std::chrono::seconds(60);
constexpr auto kSlotUseMargin = std::chrono::seconds(30);

// A store job built by an ordinary function, never a lambda inside a coroutine body: GCC 12
// miscompiles captures held in coroutine frames.
auto job_exchange_slots(std::shared_ptr<SharedLimits> limits, SlotExchange request) {
  return [limits, request](Store& s) { return limits->exchange(s, request); };
}

// The slots this node may hold: all while no other node asks for them, else an equal part.
std::size_t fair_share(const Sender::Lane& lane) {
  const auto limit = static_cast<std::size_t>(lane.slot_limit);
  const auto nodes = static_cast<std::size_t>(lane.others_asking) + 1;
  return std::max<std::size_t>(1, (limit + nodes - 1) / nodes);
}

// One round trip: gives back this node's idle slots (`give`), renews its hold on the others,
// and takes more when deliveries wait (`ask`).
asio::awaitable<void> exchange_slots(ImplPtr impl, LanePtr lane, bool give, bool ask, bool give_all = false) {
  SlotShare& share = *lane->throttle.shared();
  const auto now = lane->clock.now();
  const auto wall = lane->clock.wall_now();
  // Whole milliseconds, as the database keeps them, rounded up: a slot never frees early.
  const auto to_wall = [&](Clock::time_point t) { return wall + std::chrono::ceil<std::chrono::milliseconds>(t - now); };
  SlotExchange x;
  x.channel = lane->channel();
  x.limit = lane->slot_limit;
  x.window = std::chrono::duration_cast<std::chrono::milliseconds>(share.window());
  const std::size_t fair = fair_share(*lane);
  if (give) {
    // A renewal. Idle slots go back when this node used none since the last one (all of them),
    // or when it holds more than its fair share while other nodes ask (the surplus): a busy
    // node would otherwise keep every slot. Slots free now stay while deliveries wait for them.
    const std::size_t keep_free = ask ? static_cast<std::size_t>(lane->waiting) : 0;
    if (give_all || lane->slot_takes == 0) {
      for (const auto& r : share.give_back(now, keep_free)) x.returned.push_back({r.slot, to_wall(r.free_at)});
    } else if (share.owned() > fair) {
      for (const auto& r : share.give_back(now, keep_free, share.owned() - fair)) {
        x.returned.push_back({r.slot, to_wall(r.free_at)});
      }
    }
    lane->slot_takes = 0;
    lane->gave_back_at = now;
  }
  if (ask) {
    // What the deliveries waiting need, or as many again as it holds (so a busy node doubles
    // its hold each ask and reaches a high rate in a few asks), up to its fair share: a node
    // never takes or renews slots by the limit alone (at 100,000 a second that was 100,000
    // rows an exchange, seconds of its store thread).
    const std::size_t need = std::max<std::size_t>(static_cast<std::size_t>(lane->waiting), share.owned());
    x.want = static_cast<int>(std::min(fair - std::min(fair, share.owned()), std::max<std::size_t>(need, 1)));
    lane->asked_at = now;
  }
  x.now = wall;
  x.hold_until = wall + kSlotHold;
  x.free_by = wall + kSlotHorizon;
  SlotGrants grants;
  try {
    auto job = job_exchange_slots(lane->shared, std::move(x));
    grants = co_await on_store(impl->store, std::move(job), Sync::deferred, lane->store_key);
  } catch (const std::exception& e) {
    // What was given back has left this node either way; the rest stays held until its hold
    // passes, and the next exchange renews it.
    spdlog::warn("{}: cannot exchange rate slots: {}", lane->name(), e.what());
    co_return;
  }
  lane->others_asking = grants.others_asking;
  share.keep_only(grants.kept);
  share.hold_until(now + kSlotHold - kSlotUseMargin);
  // + 1 ms: the database's whole milliseconds are cut down (pg::millis).
  for (const auto& g : grants.granted) share.add(g.slot, now + (g.free_at - wall) + std::chrono::milliseconds(1));
}

// The lane's share of the channel's overall slots, while the lane runs: asks when deliveries
// wait and no slot frees soon, renews each second (giving back what it does not need or
// holds beyond its fair share), and at the end gives everything back.
}  // namespace

asio::awaitable<void> run_slots(ImplPtr impl, LanePtr lane) {
  SlotShare& share = *lane->throttle.shared();
  while (!lane->stopped && !lane->ended) {
    const auto now = lane->clock.now();
    // Starved: deliveries wait for a slot and none of this node's frees within an ask's interval.
    const bool starved = lane->waiting > 0 && share.owned() < fair_share(*lane) &&
                         share.wait(now, Clock::duration::max()) > kSlotAskEvery;
    const bool ask = starved && now - lane->asked_at >= kSlotAskEvery;
    const bool give = share.owned() > 0 && now - lane->gave_back_at >= kSlotGiveBackEvery;
    if (ask || give) {
      co_await exchange_slots(impl, lane, give, ask);
      continue;
    }
    Clock::duration next = kSlotGiveBackEvery;
    if (starved) next = std::min(next, lane->asked_at + kSlotAskEvery - now);
    if (share.owned() > 0) next = std::min(next, lane->gave_back_at + kSlotGiveBackEvery - now);
    lane->clock.expire_after(lane->slots_timer, next);
    co_await lane->slots_timer.async_wait(kNoThrow);
  }
  // Drained: nothing will be sent from here, so the slots go to the other nodes now rather
  // than when the hold passes. (Stopped at once: the hold passes.)
  if (!lane->stopped && share.owned() > 0) co_await exchange_slots(impl, lane, true, false, true);
  lane->slots_ended = true;
}

// Each ready chat's window as the cluster's sends say (another node may have sent to it last).
// The sends come back as the platform's answer times; the lane's clock is the steady one.
void seed_chat_windows(Sender::Lane& lane, const std::vector<ChatSend>& sends,
                       const std::set<std::string>& known) {
  std::map<std::string, std::vector<Clock::time_point>> ended;
  const auto now = lane.clock.now();
  const auto wall = lane.clock.wall_now();
  for (const auto& send : sends) {
    auto& times = ended[send.chat_id];
    // + 1 ms: the database keeps whole milliseconds, cut down; the answer came within the next one.
    for (int i = 0; i < send.requests; ++i) times.push_back(now + (send.ended - wall) + std::chrono::milliseconds(1));
  }
  static const std::vector<Clock::time_point> none;
  for (const auto& h : lane.ready) {
    if (known.contains(h.item.message.chat.id)) continue;
    const auto pace = lane.route.adapter->chat_rate(h.chat_type);
    const auto it = ended.find(h.item.message.chat.id);
    lane.throttle.seed_chat(h.item.message.chat.id, pace.per_second, pace.burst, it == ended.end() ? none : it->second);
  }
}

}  // namespace hocvuso::outbox
