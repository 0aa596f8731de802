// The sender's rules after an answer (policy.hpp).
#include "bot/outbox/policy.hpp"

#include <algorithm>
#include <cmath>

namespace hocvuso::outbox {

namespace {

Step give_up(const SendResult& r) {
  Step s;
  s.kind = StepKind::give_up;
  s.reason = std::string(to_string(r.verdict));
  return s;
}

}  // namespace

std::chrono::milliseconds backoff(int attempts, double jitter) {
  const double base = std::min(600.0, std::pow(2.0, std::max(0, attempts - 1)));
  return std::chrono::milliseconds(static_cast<long>(base * jitter * 1000));
}

Step refresh_failed(const SendResult& r) { return give_up(r); }

Step decide(const SendResult& r, const Attempt& a, double jitter) {
  Step s;
  switch (r.verdict) {
    case Verdict::delivered:
      s.kind = a.last_piece ? StepKind::delivered : StepKind::next_piece;
      return s;
    case Verdict::retry_after:
      // The platform said when: wait that long. Not a failure of the row, so not counted.
      s.kind = StepKind::reschedule;
      s.wait = std::chrono::duration_cast<std::chrono::milliseconds>(r.retry_after);
      s.reason = "429";
      return s;
    case Verdict::refresh_token:
      // Once per delivery: a token refused twice in a row is not a stale token.
      if (a.can_refresh && !a.refreshed) {
        s.kind = StepKind::refresh_and_resend;
        return s;
      }
      return give_up(r);
    case Verdict::migrated:
      // Once per delivery, and only with somewhere to go.
      if (!a.remapped && !r.new_chat_id.empty()) {
        s.kind = StepKind::migrate_and_resend;
        return s;
      }
      return give_up(r);
    case Verdict::retry: {
      const int attempts = a.attempts + 1;
      if (attempts >= kMaxAttempts) return give_up(r);
      s.kind = StepKind::reschedule;
      s.wait = backoff(attempts, jitter);
      s.count_attempt = true;
      s.reason = "transient";
      return s;
    }
    case Verdict::outside_window:
      s.kind = StepKind::park;
      return s;
    case Verdict::chat_inactive:
      s.kind = StepKind::block_chat;
      return s;
    case Verdict::failed:
      return give_up(r);
  }
  return give_up(r);
}

}  // namespace hocvuso::outbox
