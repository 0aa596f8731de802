// A node's share of the cluster's overall slots (bot/outbox/slot_share.hpp), on a clock the test
// moves by hand: a slot carries one request at a time and frees a window after its answer; the
// idle ones go back with their free times; a slot another node took over is dropped.
#include "bot/outbox/slot_share.hpp"

#include <gtest/gtest.h>

namespace hocvuso::outbox {
namespace {

using Clock = SlotShare::Clock;
using namespace std::chrono_literals;

const Clock::time_point t0 = Clock::time_point(5000s);
constexpr auto kNone = 50ms;

TEST(SlotShare, WithoutASlotNothingStartsAndMoreIsAskedFor) {
  SlotShare share(1s);
  share.hold_until(t0 + 30s);
  EXPECT_EQ(share.wait(t0, kNone), kNone);
}

TEST(SlotShare, EachSlotCarriesOneRequestAndFreesAWindowAfterItsAnswer) {
  SlotShare share(1s);
  share.hold_until(t0 + 30s);
  share.add(7, t0);
  share.add(8, t0 + 300ms);  // another node's answer was 700 ms ago
  ASSERT_EQ(share.wait(t0, kNone), Clock::duration::zero());
  share.take(t0);
  EXPECT_EQ(share.wait(t0, kNone), 300ms);
  share.take(t0 + 300ms);
  EXPECT_EQ(share.wait(t0 + 300ms, kNone), kNone);  // both under a request
  share.release(t0 + 400ms);                         // the first answer
  EXPECT_EQ(share.wait(t0 + 400ms, kNone), 1s);
  EXPECT_EQ(share.wait(t0 + 1400ms, kNone), Clock::duration::zero());
  EXPECT_EQ(share.owned(), 2u);
  EXPECT_EQ(share.in_use(), 1u);
}

TEST(SlotShare, NoRequestStartsOnASlotPastItsHold) {
  SlotShare share(1s);
  share.add(1, t0);
  share.hold_until(t0 + 10s);
  EXPECT_EQ(share.wait(t0 + 9s, kNone), Clock::duration::zero());
  EXPECT_EQ(share.wait(t0 + 10s, kNone), kNone);
}

TEST(SlotShare, GivesBackTheIdleSlotsWithTheirFreeTimesKeepingThoseWaitedFor) {
  SlotShare share(1s);
  share.hold_until(t0 + 30s);
  share.add(1, t0);
  share.add(2, t0);
  share.add(3, t0 + 600ms);
  share.add(4, t0);
  share.take(t0);  // slot 1 under a request: it stays
  const auto back = share.give_back(t0, /*keep_free=*/1);
  ASSERT_EQ(back.size(), 2u);
  EXPECT_EQ(back[0].slot, 4);
  EXPECT_EQ(back[0].free_at, t0);
  EXPECT_EQ(back[1].slot, 3);
  EXPECT_EQ(back[1].free_at, t0 + 600ms);
  EXPECT_EQ(share.owned(), 2u);
}

TEST(SlotShare, GivesBackASurplusFromTheSlotsThatFreeLast) {
  SlotShare share(1s);
  share.hold_until(t0 + 30s);
  share.add(1, t0);
  share.add(2, t0 + 200ms);
  share.add(3, t0 + 900ms);
  const auto back = share.give_back(t0, /*keep_free=*/0, /*most=*/2);
  ASSERT_EQ(back.size(), 2u);
  EXPECT_EQ(back[0].slot, 2);
  EXPECT_EQ(back[1].slot, 3);
  EXPECT_EQ(share.owned(), 1u);
  EXPECT_EQ(share.wait(t0, kNone), Clock::duration::zero());  // slot 1, free now, stayed
}

TEST(SlotShare, ASlotTakenOverIsDroppedEvenWhileItsRequestRuns) {
  SlotShare share(1s);
  share.hold_until(t0 + 30s);
  share.add(1, t0);
  share.add(2, t0);
  share.take(t0);  // slot 1
  share.keep_only({});
  EXPECT_EQ(share.owned(), 0u);
  share.release(t0 + 100ms);  // the request on the lost slot ends: nothing comes back
  EXPECT_EQ(share.owned(), 0u);
  EXPECT_EQ(share.wait(t0 + 5s, kNone), kNone);
}

}  // namespace
}  // namespace hocvuso::outbox
