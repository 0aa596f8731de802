// What the sender does after a platform's answer, as a pure function of the answer and
// what the delivery has tried so far: no I/O, no clock, no random draw of its own (the
// jitter comes in as a number). sender.cpp carries the step out; the tests read the
// rules as a table (tests/bot/outbox/policy_test.cpp).
#pragma once

#include <chrono>
#include <string>

#include "adapters/channel.hpp"

namespace hocvuso::outbox {

// Transient failures (5xx, timeouts) a row may have before it is given up: with the
// backoff below, about half an hour of waiting in all (1623 s without jitter).
inline constexpr int kMaxAttempts = 12;

// What the delivery of one outbox row knows when an answer comes.
struct Attempt {
  int attempts = 0;          // transient failures already stored on the row
  bool last_piece = true;    // the answer is for the message's last piece (long texts are split)
  bool can_refresh = false;  // the route can renew its credentials (Zalo OA)
  bool refreshed = false;    // they were renewed once already in this delivery
  bool remapped = false;     // the chat already moved once in this delivery
};

enum class StepKind {
  next_piece,          // piece accepted, more to send: count it, go on
  delivered,           // last piece accepted: mark the row sent
  reschedule,          // try the row again after `wait`
  refresh_and_resend,  // renew the credentials, send the same piece again (give up if none)
  migrate_and_resend,  // move the chat to the new id, send the same piece there
  park,                // hold until the person writes again (Zalo's 7-day window)
  block_chat,          // the chat cannot be reached: the row fails, the chat goes inactive
  give_up,             // permanent: the row is kept as failed
};

struct Step {
  StepKind kind = StepKind::give_up;
  std::chrono::milliseconds wait{0};  // reschedule: from now
  bool count_attempt = false;         // reschedule: counts toward kMaxAttempts (a 429 does not)
  std::string reason;                 // reschedule and give_up: the metrics label
};

// 1 s, 2 s, 4 s ... for the n-th failure, capped at 10 min, times `jitter` (drawn in
// [0.5, 1.5)) so many chats failing together do not retry together.
std::chrono::milliseconds backoff(int attempts, double jitter);

// The next step after answer `r`. `jitter` is used only for a transient retry.
Step decide(const SendResult& r, const Attempt& a, double jitter);

// The step when a refresh_and_resend found no newer credentials.
Step refresh_failed(const SendResult& r);

}  // namespace hocvuso::outbox
