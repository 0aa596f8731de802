// The sender's rate rules (bot/outbox/rate_limit.hpp) on a clock the tests move by hand.
#include "bot/outbox/rate_limit.hpp"

#include <gtest/gtest.h>

#include <deque>
#include <string>
#include <vector>

namespace hocvuso::outbox {
namespace {

using Clock = SlidingWindow::Clock;
using std::chrono::milliseconds;
using namespace std::chrono_literals;

const Clock::time_point t0 = Clock::time_point(1000s);

// Sends as fast as the window lets, each answered `rtt` after it started, until `until`; the times the
// requests started.
std::vector<Clock::time_point> greedy(SlidingWindow& w, Clock::time_point from, Clock::time_point until,
                                      Clock::duration rtt) {
  std::vector<Clock::time_point> started;
  std::deque<Clock::time_point> answers;
  Clock::time_point now = from;
  while (now < until) {
    while (!answers.empty() && answers.front() <= now) {
      w.release(answers.front());
      answers.pop_front();
    }
    const auto wait = w.wait(now);
    if (wait == Clock::duration::zero()) {
      w.take();
      started.push_back(now);
      answers.push_back(now + rtt);
      continue;
    }
    now += answers.empty() ? wait : std::min(wait, answers.front() - now);
  }
  return started;
}

// The most requests any window of `window` (half open, as a platform counts) saw.
std::size_t busiest(const std::vector<Clock::time_point>& times, Clock::duration window) {
  std::size_t best = 0;
  for (std::size_t i = 0, j = 0; j < times.size(); ++j) {
    while (times[j] - times[i] >= window) ++i;
    best = std::max(best, j - i + 1);
  }
  return best;
}

TEST(SlidingWindow, PerSecondAndBurstBecomeALimitInAWindow) {
  struct Row {
    std::string what;
    SlidingWindow w;
    std::size_t limit;
    milliseconds window;
  } rows[] = {
      {"300/s", SlidingWindow::per_second(300), 300, 1000ms},
      {"30/s", SlidingWindow::per_second(30), 30, 1000ms},
      {"1/s", SlidingWindow::per_second(1), 1, 1000ms},
      {"a Telegram group: 20 a minute", SlidingWindow::burst_per(20.0 / 60.0, 20), 20, 60000ms},
      {"a private chat: 1/s, bursts of 3", SlidingWindow::burst_per(1, 3), 3, 3000ms},
      {"no limit", SlidingWindow::per_second(0), 0, 0ms},
  };
  for (auto& r : rows) {
    EXPECT_EQ(r.w.limit(), r.limit) << r.what;
    EXPECT_EQ(std::chrono::duration_cast<milliseconds>(r.w.window()), r.window) << r.what;
    EXPECT_EQ(r.w.limited(), r.limit > 0) << r.what;
  }
}

TEST(SlidingWindow, AFreshWindowLetsTheLimitThroughThenWaitsForTheOldestAnswerPlusTheWindow) {
  SlidingWindow w(3, 1s);
  for (int i = 0; i < 3; ++i) {
    ASSERT_EQ(w.wait(t0), Clock::duration::zero());
    w.take();
  }
  EXPECT_GT(w.wait(t0), Clock::duration::zero()) << "all three held";
  w.release(t0 + 50ms);  // the first answer, 50 ms later
  EXPECT_EQ(w.wait(t0 + 50ms), 1000ms) << "counted until a window after its answer";
  EXPECT_EQ(w.wait(t0 + 1049ms), 1ms);
  EXPECT_EQ(w.wait(t0 + 1050ms), Clock::duration::zero());
}

TEST(SlidingWindow, AFilledWindowSendsNothingInItsFirstWindow) {
  SlidingWindow w = SlidingWindow::per_second(300);
  w.fill(t0);
  EXPECT_EQ(w.wait(t0), 1000ms);
  EXPECT_EQ(w.wait(t0 + 999ms), 1ms);
  EXPECT_FALSE(w.idle(t0 + 999ms));
  EXPECT_TRUE(w.idle(t0 + 1s));
  EXPECT_EQ(w.wait(t0 + 1s), Clock::duration::zero());
}

TEST(SlidingWindow, HeldSlotsAreWaitedForNotCountedAsFree) {
  SlidingWindow w(2, 1s);
  w.take();
  w.take();
  EXPECT_GT(w.wait(t0), Clock::duration::zero());
  EXPECT_FALSE(w.idle(t0));
  w.release(t0);
  w.release(t0);
  EXPECT_FALSE(w.idle(t0 + 999ms));
  EXPECT_TRUE(w.idle(t0 + 1s));
}

TEST(SlidingWindow, ReleasesOutOfOrderStillFreeAtTheRightTimes) {
  SlidingWindow w(2, 1s);
  w.take();
  w.take();
  w.release(t0 + 300ms);
  w.release(t0 + 100ms);  // an answer reported late
  EXPECT_EQ(w.wait(t0 + 300ms), 800ms) << "the earlier one frees first";
}

TEST(SlidingWindow, NoLimitNeverWaits) {
  SlidingWindow w;
  for (int i = 0; i < 1000; ++i) {
    ASSERT_EQ(w.wait(t0), Clock::duration::zero());
    w.take();
  }
  for (int i = 0; i < 1000; ++i) w.release(t0);
  EXPECT_TRUE(w.idle(t0));
}

// The point of it all: however the requests are answered, a platform counting any window of the same
// length sees at most the limit, including the first window after a (re)start, and the steady rate is
// the limit per window plus a round trip.
TEST(SlidingWindow, GreedySendingNeverPutsMoreThanTheLimitInAnyWindow) {
  struct Row {
    double rate;
    milliseconds rtt;
  } rows[] = {{300, 1ms}, {300, 120ms}, {30, 80ms}, {1000, 3ms}, {7, 0ms}};
  for (const auto& r : rows) {
    SlidingWindow w = SlidingWindow::per_second(r.rate);
    w.fill(t0);
    const auto started = greedy(w, t0, t0 + 21s, r.rtt);
    ASSERT_FALSE(started.empty());
    EXPECT_GE(started.front(), t0 + 1s) << r.rate << "/s: nothing in the first second after a start";
    EXPECT_LE(busiest(started, 1s), static_cast<std::size_t>(r.rate)) << r.rate << "/s, rtt " << r.rtt.count();
    const double per_second = static_cast<double>(started.size()) / 20.0;
    const double expected = r.rate / (1.0 + std::chrono::duration<double>(r.rtt).count());
    EXPECT_NEAR(per_second, expected, r.rate * 0.05 + 1) << r.rate << "/s, rtt " << r.rtt.count();
  }
}

TEST(SlidingWindow, AGroupGetsAtMostTwentyInAnyMinute) {
  SlidingWindow w = SlidingWindow::burst_per(20.0 / 60.0, 20);
  const auto started = greedy(w, t0, t0 + 300s, 40ms);
  EXPECT_LE(busiest(started, 60s), 20u);
  EXPECT_GE(started.size(), 80u);
}

TEST(InFlightLimit, IsWhatTwoHundredMillisecondsSendBetweenOneAndSixtyFour) {
  struct Row {
    double rate;
    std::size_t expected;
  } rows[] = {{1, 1}, {4, 1}, {5, 1}, {6, 2}, {10, 2}, {30, 6}, {300, 60}, {320, 64}, {1000, 64}, {100000, 64}};
  for (const auto& r : rows) EXPECT_EQ(in_flight_limit(r.rate), r.expected) << r.rate << "/s";
}

}  // namespace
}  // namespace hocvuso::outbox
