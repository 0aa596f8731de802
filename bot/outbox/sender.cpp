// Per-channel delivery lanes on Asio strands: the I/O. The rules it follows are pure
// functions beside it: when a send may start (throttle.hpp, rate_limit.hpp) and what
// follows an answer (policy.hpp).
#include "bot/outbox/sender.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <atomic>
#include <deque>
#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <map>
#include <random>
#include <set>
#include <tuple>

#include "bot/http/client.hpp"
#include "bot/log/log.hpp"
#include "bot/metrics/metrics.hpp"
#include "bot/outbox/policy.hpp"
#include "bot/outbox/rate_limit.hpp"
#include "bot/outbox/sender_lane.hpp"
#include "bot/outbox/sender_seams.hpp"
#include "bot/outbox/shared_limits.hpp"
#include "bot/outbox/throttle.hpp"
#include "bot/store/cluster_jobs.hpp"
#include "bot/store/on_store.hpp"
#include "bot/store/outbox_body.hpp"
#include "bot/store/sent_tags.hpp"

namespace hocvuso {

namespace asio = boost::asio;
using Clock = std::chrono::steady_clock;

namespace {

constexpr auto kNoThrow = asio::as_tuple(asio::use_awaitable);
constexpr auto kIdlePoll = std::chrono::seconds(1);
// A delivery mark the store refused is tried again after 50 ms, doubling up to 2 s.
constexpr auto kMarkRetryFirst = std::chrono::milliseconds(50);
constexpr auto kMarkRetryMax = std::chrono::milliseconds(2000);

// "\n\n1. label\n2. label" for chats that cannot show buttons.
std::string numbered_options(const ButtonRows& rows) {
  std::string out;
  int n = 0;
  for (const auto& row : rows) {
    for (const auto& b : row) out += "\n" + std::to_string(++n) + ". " + b.label;
  }
  return out.empty() ? out : "\n" + out;
}

}  // namespace

namespace {

// The real clocks: the sender in production reads these.
class SystemClock final : public outbox::SenderClock {
 public:
  Clock::time_point now() const override { return Clock::now(); }
  std::chrono::system_clock::time_point wall_now() const override { return std::chrono::system_clock::now(); }
  void expire_after(asio::steady_timer& timer, Clock::duration d) override { timer.expires_after(d); }
};

// The one HTTPS client, as the sender's transport.
class ClientTransport final : public outbox::SenderTransport {
 public:
  explicit ClientTransport(http::Client& client) : client_(client) {}
  asio::awaitable<Result<ApiResponse>> request(std::string base, ApiRequest request) override {
    return client_.request(std::move(base), std::move(request));
  }

 private:
  http::Client& client_;
};

}  // namespace

outbox::SenderClock& outbox::system_clock() {
  static SystemClock clock;
  return clock;
}

namespace {

using outbox::LanePtr;
using outbox::ImplPtr;

// Waits, on the lane's strand, until both the channel and the chat may send again,
// and takes a slot in both; release_slot gives them back once the answer is in.
asio::awaitable<bool> acquire(LanePtr lane, std::string chat_id, ChatType type) {
  const auto rate = lane->route.adapter->chat_rate(type);
  for (;;) {
    if (lane->stopped) co_return false;
    const auto wait = lane->throttle.try_take(chat_id, rate.per_second, rate.burst, lane->clock.now());
    if (wait == Clock::duration::zero()) {
      ++lane->slot_takes;
      co_return true;
    }
    asio::steady_timer t(lane->strand);
    lane->clock.expire_after(t, wait);
    // Only a delivery held back by the shared overall limit, not by its chat's own pace, asks
    // run_slots for more slots: a group waiting out its minute must not cost round trips.
    const bool wants_slot = lane->throttle.waits_for_overall(chat_id, lane->clock.now());
    if (wants_slot) {
      ++lane->waiting;
      lane->slots_timer.cancel();
    }
    co_await t.async_wait(kNoThrow);
    if (wants_slot) --lane->waiting;
  }
}

void release_slot(Sender::Lane& lane, const std::string& chat_id) { lane.throttle.release(chat_id, lane.clock.now()); }

// The slots taken by acquire, given back when the answer is in (or the delivery ends another way).
struct HeldSlot {
  HeldSlot(LanePtr l, std::string c) : lane(std::move(l)), chat_id(std::move(c)) {}
  HeldSlot(const HeldSlot&) = delete;
  HeldSlot& operator=(const HeldSlot&) = delete;
  ~HeldSlot() { release(); }
  void release() {
    if (lane) release_slot(*lane, chat_id);
    lane.reset();
  }
  LanePtr lane;
  std::string chat_id;
};

// A migrated chat's new id counts as in flight until the delivery ends: the store has
// moved the row to the new id, and a refill meanwhile must not start it a second time.
struct MigratedInFlight {
  explicit MigratedInFlight(LanePtr l) : lane(std::move(l)) {}
  MigratedInFlight(const MigratedInFlight&) = delete;
  MigratedInFlight& operator=(const MigratedInFlight&) = delete;
  ~MigratedInFlight() {
    if (!chat_id.empty()) lane->in_flight.erase(chat_id);
  }
  void hold(const std::string& id) {
    if (lane->in_flight.insert(id).second) chat_id = id;
  }
  LanePtr lane;
  std::string chat_id;
};

// Store jobs are built here, by ordinary functions, never as lambdas inside a
// coroutine body: GCC 12 miscompiles captures held in coroutine frames.
auto job_due_heads(Channel channel, TimePoint now) {
  return [channel, now](Store& s) { return s.due_heads(channel, now, Sender::kReadAhead); };
}
// With shared limits: the heads, and the sends their chats had lately from any node, in one job;
// not for the chats in `known` (their window here is current).
// The rows under way here first get their claims renewed: the read renews only the heads
// within its limit.
auto job_due_heads_shared(std::shared_ptr<outbox::SharedLimits> limits, Channel channel, TimePoint now,
                          TimePoint since, std::set<std::string> known, std::vector<std::int64_t> under_way,
                          int limit) {
  return [limits, channel, now, since, known = std::move(known), under_way = std::move(under_way), limit](Store& s) {
    renew_outbox_claims(s, under_way, now);
    auto heads = s.due_heads(channel, now, limit);
    std::vector<std::string> chats;
    chats.reserve(heads.size());
    for (const auto& h : heads) {
      if (!known.contains(h.item.message.chat.id)) chats.push_back(h.item.message.chat.id);
    }
    auto sends = limits->recent_sends(s, channel, chats, since);
    return std::make_pair(std::move(heads), std::move(sends));
  };
}
auto job_map_payloads(ButtonRows rows, std::size_t limit) {
  return [rows, limit](Store& s) mutable {
    for (auto& row : rows) {
      for (auto& b : row) {
        if (b.payload.size() > limit) b.payload = s.payload_ref(b.payload);
      }
    }
    return rows;
  };
}
auto job_part_sent(std::int64_t id, int parts) {
  return [id, parts](Store& s) { s.mark_part_sent(id, parts); };
}
// The options are encoded here, on the sender's thread, not on the store thread. A
// tagged message's platform id is kept so replies to it can be told apart (sent_tags).
auto job_delivered(std::int64_t id, ChatRef chat, const ButtonRows& shown, std::optional<std::string> tag,
                   std::string platform_message_id, TimePoint now) {
  return [id, chat, options = shown.empty() ? std::string() : encode_options(shown), tag, platform_message_id,
          now](Store& s) {
    s.mark_sent(id, now);
    if (!options.empty()) s.save_options(chat, options, now);
    if (tag) SentTags(s).record(chat, platform_message_id, *tag, now);
  };
}
auto job_reschedule(std::int64_t id, TimePoint at, bool count_attempt, std::string error) {
  return [id, at, count_attempt, error](Store& s) { s.reschedule(id, at, count_attempt, error); };
}
auto job_migrate(ChatRef from, std::string to) {
  return [from, to](Store& s) { s.migrate_chat(from, to); };
}
auto job_finish(std::int64_t id, std::string status, std::string error) {
  return [id, status, error](Store& s) { s.finish(id, status, error); };
}
auto job_blocked(std::int64_t id, ChatRef chat, std::string error) {
  return [id, chat, error](Store& s) {
    s.finish(id, "blocked", error);
    s.set_chat_active(chat, false);
  };
}

// A draw for the backoff's jitter (outbox::backoff), from the lane's own generator.
double jitter(Sender::Lane& lane) { return std::uniform_real_distribution<double>(0.5, 1.5)(lane.rng); }

// The row's message, or nullopt with the reason when its body cannot be read.
std::optional<Outgoing> decode_due(const Store::DueMessage& due, std::string& why) {
  try {
    Outgoing m = decode_outgoing(due.item.message.chat.channel, due.item.message.chat.id, due.body);
    m.tag = due.item.message.tag;
    return m;
  } catch (const std::invalid_argument& e) {
    why = e.what();
    return std::nullopt;
  }
}

// Long payloads become stored references before rendering (Telegram's 64 bytes).
asio::awaitable<void> map_long_payloads(ImplPtr impl, LanePtr lane, Outgoing& m) {
  const std::size_t limit = lane->route.adapter->max_payload_bytes();
  bool any = false;
  for (const auto& row : m.buttons) {
    for (const auto& b : row) any = any || b.payload.size() > limit;
  }
  if (!any) co_return;
  auto job = job_map_payloads(m.buttons, limit);
  m.buttons = co_await on_store(impl->store, std::move(job), Sync::full, lane->store_key);
}

// Delivery marks are committed Sync::deferred: bookkeeping, not acknowledgements. A
// power loss can forget a mark and send that message again; a crash of the process
// cannot (the WAL is written before the job reports).
asio::awaitable<void> deliver(ImplPtr impl, LanePtr lane, Store::DueMessage due) {
  const ChannelAdapter& adapter = *lane->route.adapter;
  const auto channel_label = Metrics::Labels{{"channel", lane->name()}};
  const std::int64_t id = due.item.id;
  std::string unreadable;
  auto decoded = decode_due(due, unreadable);
  if (!decoded) {
    // A row no one can read would otherwise head its chat's queue for ever.
    spdlog::error("{}: outbox row {} set aside: {}", lane->name(), id, unreadable);
    impl->metrics.increment("hocvuso_outbox_failed_total", {{"channel", lane->name()}, {"reason", "unreadable"}});
    auto job = job_finish(id, "failed", unreadable);
    co_await on_store(impl->store, std::move(job), Sync::deferred, lane->store_key);
    co_return;
  }
  Outgoing m = std::move(*decoded);
  const ButtonRows shown = m.buttons;
  co_await map_long_payloads(impl, lane, m);
  if (!m.buttons.empty() && !adapter.shows_buttons(due.chat_type)) {
    m.text += numbered_options(m.buttons);
    m.buttons.clear();
  }
  // Long text split; buttons past the platform's per-message limit in follow-ups (adapter).
  const auto pieces = lay_out(m.text, m.buttons, adapter.max_text_units(), adapter.max_buttons_per_message(),
                              adapter.continuation_text());
  bool refreshed = false, remapped = false;
  MigratedInFlight migrated_id(lane);

  for (std::size_t i = static_cast<std::size_t>(due.parts_sent); i < pieces.size(); ++i) {
    const bool last = i + 1 == pieces.size();
    Outgoing piece{m.chat, pieces[i].text, pieces[i].buttons, i == 0 ? m.reply_to : std::nullopt};
    ApiRequest req = adapter.render(piece, due.chat_type);
    if (lane->route.authorize) co_await lane->route.authorize(req);
    if (!co_await acquire(lane, m.chat.id, due.chat_type)) co_return;  // stopping: stays pending
    HeldSlot slot(lane, m.chat.id);
    const Result<ApiResponse> resp = co_await impl->transport.request(lane->route.api_base, req);
    slot.release();
    // No answer at all (the client's Problem) is classified the same on every platform.
    const SendResult r = resp ? adapter.classify(*resp) : no_answer(resp.problem());
    const auto now = lane->clock.wall_now();

    outbox::Attempt attempt;
    attempt.attempts = due.item.attempts;
    attempt.last_piece = last;
    attempt.can_refresh = static_cast<bool>(lane->route.refresh);
    attempt.refreshed = refreshed;
    attempt.remapped = remapped;
    outbox::Step step = outbox::decide(r, attempt, r.verdict == Verdict::retry ? jitter(*lane) : 1.0);

    switch (step.kind) {
      case outbox::StepKind::next_piece:
      case outbox::StepKind::delivered: {
        // The platform has it: the mark must be stored, or the row stays pending and goes
        // out a second time. A mark the store refuses (disk full, I/O error, busy) is tried
        // again while the chat stays in flight; only a stop or a crash leaves it unmarked.
        const bool whole = step.kind == outbox::StepKind::delivered;
        auto pause = kMarkRetryFirst;
        for (;;) {
          try {
            if (!whole) {
              auto job = job_part_sent(id, static_cast<int>(i + 1));
              co_await on_store(impl->store, std::move(job), Sync::deferred, lane->store_key);
            } else {
              auto job = job_delivered(id, m.chat, shown, m.tag, r.platform_message_id, now);
              co_await on_store(impl->store, std::move(job), Sync::deferred, lane->store_key);
            }
            break;
          } catch (const std::exception& e) {
            if (lane->stopped) throw;
            spdlog::warn("{}: outbox #{} was delivered but its mark was not stored, again in {} ms: {}", lane->name(),
                         id, pause.count(), e.what());
          }
          asio::steady_timer t(lane->strand);
          lane->clock.expire_after(t, pause);
          co_await t.async_wait(kNoThrow);
          pause = std::min(pause * 2, kMarkRetryMax);
        }
        if (!whole) continue;
        impl->metrics.increment("hocvuso_outbox_sent_total", channel_label);
        co_return;
      }
      case outbox::StepKind::reschedule: {
        impl->metrics.increment("hocvuso_outbox_retried_total", {{"channel", lane->name()}, {"reason", step.reason}});
        if (step.count_attempt) {
          spdlog::warn("{}: outbox #{} will be retried in {} ms: {}", lane->name(), id, step.wait.count(), r.detail);
        }
        auto job = job_reschedule(id, now + step.wait, step.count_attempt, r.detail);
        co_await on_store(impl->store, std::move(job), Sync::deferred, lane->store_key);
        co_return;
      }
      case outbox::StepKind::refresh_and_resend: {
        if (co_await lane->route.refresh(req)) {
          refreshed = true;
          --i;  // the same piece again, with the new token
          continue;
        }
        step = outbox::refresh_failed(r);
        break;  // to failed
      }
      case outbox::StepKind::migrate_and_resend: {
        remapped = true;
        migrated_id.hold(r.new_chat_id);
        auto job = job_migrate(m.chat, r.new_chat_id);
        co_await on_store(impl->store, std::move(job), Sync::full, lane->store_key);
        lane->throttle.forget_chat(m.chat.id);
        m.chat.id = r.new_chat_id;
        --i;
        continue;
      }
      case outbox::StepKind::park: {
        impl->metrics.increment("hocvuso_outbox_parked_total", channel_label);
        auto job = job_finish(id, "parked", r.detail);
        co_await on_store(impl->store, std::move(job), Sync::deferred, lane->store_key);
        co_return;
      }
      case outbox::StepKind::block_chat: {
        impl->metrics.increment("hocvuso_outbox_failed_total", {{"channel", lane->name()}, {"reason", "chat_inactive"}});
        auto job = job_blocked(id, m.chat, r.detail);
        co_await on_store(impl->store, std::move(job), Sync::deferred, lane->store_key);
        co_return;
      }
      case outbox::StepKind::give_up: {
        break;
      }
    }
    impl->metrics.increment("hocvuso_outbox_failed_total", {{"channel", lane->name()}, {"reason", step.reason}});
    spdlog::error("{}: outbox #{} failed for good ({}): {}", lane->name(), id, to_string(r.verdict),
                  r.detail);
    auto job = job_finish(id, "failed", r.detail);
    co_await on_store(impl->store, std::move(job), Sync::deferred, lane->store_key);
    co_return;
  }
}

void on_delivered(LanePtr lane, std::string chat_id, std::exception_ptr e) {
  // On an error the row stays pending (nothing marked it): it is tried again on the next pass.
  log_failure(lane->name() + " delivery", e);
  lane->in_flight.erase(chat_id);
  lane->timer.cancel();  // look for more work now
}

// At most once a second, so the sweep costs little however busy the lane is.
void forget_idle_chats(Sender::Lane& lane, Clock::time_point now) {
  if (now - lane.forgot_at < std::chrono::seconds(1)) return;
  lane.forgot_at = now;
  lane.throttle.forget_idle(now, [&](const std::string& chat) { return lane.in_flight.contains(chat); });
}

asio::awaitable<void> refill(ImplPtr impl, LanePtr lane) {
  std::vector<Store::DueMessage> heads;
  std::vector<outbox::ChatSend> sends;
  std::set<std::string> known;
  const auto asked = lane->clock.now();
  try {
    const auto wall = lane->clock.wall_now();
    if (lane->shared) {
      const auto since = wall - std::chrono::duration_cast<std::chrono::milliseconds>(lane->chat_memory);
      // A chat whose head stayed here, unstarted, since the last read, and a chat in flight here,
      // need no read: no other node can have sent to it meanwhile (this node held its lease).
      known = lane->windows_current;
      known.insert(lane->in_flight.begin(), lane->in_flight.end());
      // Each head read here is claimed: other nodes leave its chat alone until the lease runs
      // out. Twice what may be in flight keeps this node busy between reads without holding
      // chats it cannot start soon, which after a kill -9 would wait out their leases
      // (Sender::kReadAhead, 512, left 417-505 chats waiting in the cluster test).
      const int limit = static_cast<int>(std::min<std::size_t>(2 * lane->max_in_flight, Sender::kReadAhead));
      auto job = job_due_heads_shared(lane->shared, lane->channel(), wall, since, known,
                                      {lane->in_flight_rows.begin(), lane->in_flight_rows.end()}, limit);
      std::tie(heads, sends) = co_await on_store(impl->store, std::move(job), Sync::full, lane->store_key);
    } else {
      auto job = job_due_heads(lane->channel(), wall);
      heads = co_await on_store(impl->store, std::move(job), Sync::full, lane->store_key);
    }
  } catch (const std::exception& e) {
    spdlog::error("{}: cannot read the outbox: {}", lane->name(), e.what());
  }
  // The claims' leases run from `wall`, when the read was asked: a read that waited long in the
  // store's queue returns claims near their end, and another node may take such a row while this
  // one sends it (a repeat the cluster test caught). Those heads are read again instead.
  if (lane->shared && lane->clock.now() - asked > impl->lease / 2 && !heads.empty()) {
    spdlog::warn("{}: the outbox read took {} ms, over half the claims' lease: read again", lane->name(),
                 std::chrono::duration_cast<std::chrono::milliseconds>(lane->clock.now() - asked).count());
    heads.clear();
    lane->new_work = true;
  }
  lane->ready.clear();
  for (auto& h : heads) {
    // A chat in flight shows its in-flight row as its head: not to start twice.
    if (!lane->in_flight.contains(h.item.message.chat.id)) lane->ready.push_back(std::move(h));
  }
  if (lane->shared) {
    // A chat in flight when the read was asked and done since is in `known` too: this node sent
    // its last, and the lease kept the others off, so its window here is current.
    outbox::seed_chat_windows(*lane, sends, known);
    lane->windows_current.clear();
    for (const auto& h : lane->ready) lane->windows_current.insert(h.item.message.chat.id);
  }
  lane->read_at = lane->clock.now();
  forget_idle_chats(*lane, lane->read_at);
}

asio::awaitable<void> run_lane(ImplPtr impl, LanePtr lane) {
  // The platform still counts what a previous process sent in its last second.
  lane->throttle.fill(lane->clock.now());
  while (!lane->stopped) {
    if (lane->ready.empty() || lane->new_work || lane->clock.now() - lane->read_at >= kIdlePoll) {
      lane->new_work = false;
      co_await refill(impl, lane);
    }
    while (!lane->ready.empty() && lane->in_flight.size() < lane->max_in_flight) {
      Store::DueMessage h = std::move(lane->ready.front());
      lane->ready.pop_front();
      const std::string chat_id = h.item.message.chat.id;
      if (!lane->in_flight.insert(chat_id).second) continue;  // read twice: the newer read has it
      lane->windows_current.erase(chat_id);  // once it is sent, another node may send its next
      const std::int64_t row = h.item.id;
      lane->in_flight_rows.insert(row);
      ++impl->delivering;
      asio::co_spawn(lane->strand, deliver(impl, lane, std::move(h)), [impl, lane, chat_id, row](std::exception_ptr e) {
        --impl->delivering;
        lane->in_flight_rows.erase(row);
        on_delivered(lane, chat_id, e);
      });
    }
    if (lane->draining && lane->ready.empty() && lane->in_flight.empty()) {
      // Nothing started and nothing running: one more read tells whether anything is left.
      co_await refill(impl, lane);
      if (lane->ready.empty()) break;
      continue;
    }
    lane->clock.expire_after(lane->timer, kIdlePoll);
    co_await lane->timer.async_wait(kNoThrow);
  }
  lane->ended = true;
  lane->slots_timer.cancel();
}

}  // namespace

namespace {

void describe_metrics(Metrics& metrics) {
  metrics.describe("hocvuso_outbox_sent_total", Metrics::Kind::counter, "messages the platform accepted");
  metrics.describe("hocvuso_outbox_retried_total", Metrics::Kind::counter, "sends to try again, by reason");
  metrics.describe("hocvuso_outbox_failed_total", Metrics::Kind::counter, "messages given up, by reason");
  metrics.describe("hocvuso_outbox_parked_total", Metrics::Kind::counter,
                   "messages held until the person writes again (Zalo 7-day window)");
}

}  // namespace

Sender::Sender(asio::io_context& ioc, StoreWorker& store, http::Client& client, Metrics& metrics)
    : impl_(std::make_shared<Impl>(ioc, store, std::make_unique<ClientTransport>(client), metrics,
                                   outbox::system_clock())) {
  describe_metrics(metrics);
}

Sender::Sender(asio::io_context& ioc, StoreWorker& store, outbox::SenderTransport& transport, Metrics& metrics,
               outbox::SenderClock& clock)
    : impl_(std::make_shared<Impl>(ioc, store, transport, metrics, clock)) {
  describe_metrics(metrics);
}

Sender::~Sender() = default;

void Sender::share_limits(std::shared_ptr<outbox::SharedLimits> limits, std::chrono::seconds lease) {
  impl_->shared = std::move(limits);
  impl_->lease = lease;
}

void Sender::add(ChannelRoute route) {
  impl_->lanes.push_back(std::make_shared<Lane>(impl_->ioc, std::move(route), impl_->clock, impl_->shared));
}

void Sender::start() {
  for (auto& lane : impl_->lanes) {
    if (lane->slot_limit > 0) {
      lane->slots_ended = false;
      asio::co_spawn(lane->strand, outbox::run_slots(impl_, lane), [lane](std::exception_ptr e) {
        lane->slots_ended = true;
        log_failure(lane->name() + " rate slots", e);
      });
    }
    asio::co_spawn(lane->strand, run_lane(impl_, lane), [lane](std::exception_ptr e) {
      lane->ended = true;
      log_failure(lane->name() + " sender lane", e);
    });
  }
}

void Sender::wake(Channel channel) {
  for (auto& lane : impl_->lanes) {
    if (lane->channel() == channel) {
      asio::post(lane->strand, [lane] {
        lane->new_work = true;
        lane->timer.cancel();
      });
    }
  }
}

void Sender::drain() {
  for (auto& lane : impl_->lanes) {
    asio::post(lane->strand, [lane] {
      lane->draining = true;
      lane->timer.cancel();
    });
  }
}

bool Sender::delivering() const { return impl_->delivering.load() > 0; }

bool Sender::done() const {
  for (const auto& lane : impl_->lanes) {
    if (!lane->ended || !lane->slots_ended) return false;
  }
  return true;
}

void Sender::stop() {
  for (auto& lane : impl_->lanes) {
    asio::post(lane->strand, [lane] {
      lane->stopped = true;
      lane->timer.cancel();
    });
  }
}

}  // namespace hocvuso
