// A sender lane's limits (bot/outbox/throttle.hpp) driven the way sender.cpp drives them —
// one delivery in flight per chat, a slot taken before the request and given back at the
// answer — on a clock the test moves by hand. The platform's side is counted here, apart
// from the sender's rule: the busiest window of each size, as the platform would see it.
#include "bot/outbox/throttle.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <string>
#include <vector>

namespace hocvuso::outbox {
namespace {

using Clock = LaneThrottle::Clock;
using namespace std::chrono_literals;

const Clock::time_point t0 = Clock::time_point(5000s);

struct Pace {
  double per_second = 0;
  double burst = 0;
};
// Telegram's per-chat pace (adapters/telegram/telegram.hpp): a private chat about one a
// second with a burst of 3, a group 20 a minute.
constexpr Pace kPrivate{1.0, 3};
constexpr Pace kGroup{20.0 / 60.0, 20};

struct Sent {
  std::string chat;
  Clock::time_point at;
};

// Every chat's queued messages, sent greedily until `until`, each answered `rtt` after
// it started; at most one in flight per chat (the sender keeps each chat's order).
std::vector<Sent> run_lane(LaneThrottle& throttle, std::map<std::string, std::pair<Pace, int>> queues,
                           Clock::time_point from, Clock::time_point until, Clock::duration rtt) {
  std::vector<Sent> sent;
  std::map<std::string, Clock::time_point> in_flight;  // chat -> when its answer comes
  Clock::time_point now = from;
  while (now < until) {
    for (auto it = in_flight.begin(); it != in_flight.end();) {
      if (it->second <= now) {
        throttle.release(it->first, it->second);
        it = in_flight.erase(it);
      } else {
        ++it;
      }
    }
    Clock::duration next = 1h;
    bool any_left = false;
    for (auto& [chat, queue] : queues) {
      auto& [pace, left] = queue;
      if (left == 0) continue;
      any_left = true;
      if (in_flight.contains(chat)) continue;
      const auto wait = throttle.try_take(chat, pace.per_second, pace.burst, now);
      if (wait == Clock::duration::zero()) {
        sent.push_back({chat, now});
        in_flight[chat] = now + rtt;
        --left;
      } else {
        next = std::min(next, wait);
      }
    }
    if (!any_left && in_flight.empty()) break;
    for (const auto& [chat, at] : in_flight) next = std::min(next, at - now);
    now += std::max(next, Clock::duration(1ms));
  }
  return sent;
}

// The most sends of `chat` (or of all chats, when empty) in any half-open window of `window`.
std::size_t busiest(const std::vector<Sent>& sent, Clock::duration window, const std::string& chat = {}) {
  std::vector<Clock::time_point> times;
  for (const auto& s : sent) {
    if (chat.empty() || s.chat == chat) times.push_back(s.at);
  }
  std::sort(times.begin(), times.end());
  std::size_t best = 0;
  for (std::size_t i = 0, j = 0; j < times.size(); ++j) {
    while (times[j] - times[i] >= window) ++i;
    best = std::max(best, j - i + 1);
  }
  return best;
}

std::size_t sent_between(const std::vector<Sent>& sent, Clock::time_point from, Clock::time_point to) {
  return static_cast<std::size_t>(
      std::count_if(sent.begin(), sent.end(), [&](const Sent& s) { return s.at >= from && s.at < to; }));
}

std::map<std::string, std::pair<Pace, int>> private_chats(int chats, int each) {
  std::map<std::string, std::pair<Pace, int>> q;
  for (int c = 0; c < chats; ++c) q["p" + std::to_string(c)] = {kPrivate, each};
  return q;
}

TEST(SenderThrottle, TheFirstSecondOfAFreshLaneHoldsTheRateAndNoMore) {
  LaneThrottle throttle(30);
  const auto sent = run_lane(throttle, private_chats(200, 1), t0, t0 + 10s, 80ms);
  EXPECT_EQ(sent_between(sent, t0, t0 + 1s), 30u);
  EXPECT_LE(busiest(sent, 1s), 30u);
  EXPECT_EQ(sent.size(), 200u);
}

TEST(SenderThrottle, AfterAStartTheFirstSecondSendsNothingForWhatTheLastProcessSent) {
  LaneThrottle throttle(30);
  throttle.fill(t0);
  const auto sent = run_lane(throttle, private_chats(200, 1), t0, t0 + 10s, 80ms);
  EXPECT_EQ(sent_between(sent, t0, t0 + 1s), 0u);
  EXPECT_EQ(sent_between(sent, t0 + 1s, t0 + 2s), 30u);
  EXPECT_LE(busiest(sent, 1s), 30u);
}

TEST(SenderThrottle, EverySlidingSecondHoldsAtMostTheRateWhateverTheRoundTrip) {
  for (const auto rtt : {Clock::duration(0ms), Clock::duration(1ms), Clock::duration(250ms), Clock::duration(1500ms)}) {
    SCOPED_TRACE(std::chrono::duration_cast<std::chrono::milliseconds>(rtt).count());
    LaneThrottle throttle(30);
    const auto sent = run_lane(throttle, private_chats(120, 2), t0, t0 + 30s, rtt);
    EXPECT_LE(busiest(sent, 1s), 30u);
    EXPECT_GE(busiest(sent, 1s), 15u);  // and it does send, not just wait
  }
}

TEST(SenderThrottle, APrivateChatGetsThreeAtOnceThenAboutOneASecond) {
  LaneThrottle throttle(30);
  const auto sent = run_lane(throttle, {{"alice", {kPrivate, 9}}}, t0, t0 + 60s, 50ms);
  ASSERT_EQ(sent.size(), 9u);
  EXPECT_EQ(sent_between(sent, t0, t0 + 1s), 3u);
  EXPECT_LE(busiest(sent, 3s), 3u);
}

TEST(SenderThrottle, AGroupGetsTwentyAMinuteAndTheTwentyFirstWaitsForTheMinute) {
  LaneThrottle throttle(30);
  const auto sent = run_lane(throttle, {{"-100group", {kGroup, 45}}}, t0, t0 + 10min, 50ms);
  ASSERT_EQ(sent.size(), 45u);
  EXPECT_EQ(sent_between(sent, t0, t0 + 60s), 20u);
  EXPECT_GE(sent[20].at - sent[0].at, 60s);
  EXPECT_LE(busiest(sent, 60s), 20u);
}

TEST(SenderThrottle, AChatThatMustWaitDoesNotHoldTheChannelsSlots) {
  // One send a second for the whole channel; the group has used its twenty.
  LaneThrottle throttle(1);
  for (int n = 0; n < 20; ++n) {
    const auto at = t0 + std::chrono::seconds(n);
    ASSERT_EQ(throttle.try_take("-100group", kGroup.per_second, kGroup.burst, at), Clock::duration::zero()) << n;
    throttle.release("-100group", at);
  }
  const auto now = t0 + 21s;
  EXPECT_GT(throttle.try_take("-100group", kGroup.per_second, kGroup.burst, now), 30s);
  // Refused above without taking the channel's one slot: a private chat sends at once.
  EXPECT_EQ(throttle.try_take("alice", kPrivate.per_second, kPrivate.burst, now), Clock::duration::zero());
  // And now that slot is taken: the next chat waits for the channel, not for itself.
  const auto wait = throttle.try_take("bob", kPrivate.per_second, kPrivate.burst, now);
  EXPECT_GT(wait, Clock::duration::zero());
  EXPECT_LE(wait, 1s);
}

TEST(SenderThrottle, AGroupsLimitAndTheChannelsTogetherStayWithinBoth) {
  LaneThrottle throttle(30);
  auto queues = private_chats(100, 3);
  queues["-100group"] = {kGroup, 30};
  const auto sent = run_lane(throttle, queues, t0, t0 + 3min, 100ms);
  EXPECT_LE(busiest(sent, 1s), 30u);
  EXPECT_LE(busiest(sent, 60s, "-100group"), 20u);
  EXPECT_LE(busiest(sent, 3s, "p7"), 3u);
  EXPECT_EQ(sent.size(), 330u);
}

TEST(SenderThrottle, IdleChatsAreForgottenButNotOnesWithADeliveryUnderWay) {
  LaneThrottle throttle(30);
  ASSERT_EQ(throttle.try_take("idle", 1, 3, t0), Clock::duration::zero());
  throttle.release("idle", t0);
  ASSERT_EQ(throttle.try_take("busy", 1, 3, t0), Clock::duration::zero());  // no answer yet
  ASSERT_EQ(throttle.try_take("other", 1, 3, t0), Clock::duration::zero());
  throttle.release("other", t0);
  EXPECT_EQ(throttle.chats_tracked(), 3u);
  throttle.forget_idle(t0 + 1min, [](const std::string& chat) { return chat == "other"; });
  EXPECT_EQ(throttle.chats_tracked(), 2u);  // "idle" went; "busy" holds a slot, "other" is in flight
  throttle.forget_chat("busy");
  EXPECT_EQ(throttle.chats_tracked(), 1u);
}

}  // namespace
}  // namespace hocvuso::outbox
