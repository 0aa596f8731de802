// SharedLimits on PostgreSQL (shared_limits.hpp): the channel's slots in rate_slots, a chat's
// recent sends from the outbox's sent rows. Table and index: store_schema_pg.cpp, version 15.
#include <chrono>
#include <map>
#include <mutex>
#include <string>

#include "bot/outbox/shared_limits.hpp"
#include "bot/store/pg_core_store.hpp"
#include "bot/store/pg_db.hpp"
#include "bot/store/store.hpp"

namespace hocvuso::outbox {

namespace {

// PostgreSQL arrays travel as one text parameter, split in SQL: the statement stays prepared
// once whatever the count. Chat ids are joined with the unit separator (never in an id).
constexpr char kChatSeparator = '\x1f';

std::string joined(const std::vector<std::string>& items, char separator) {
  std::string out;
  for (const auto& item : items) {
    if (!out.empty()) out += separator;
    out += item;
  }
  return out;
}

class PgSharedLimits final : public SharedLimits {
 public:
  SlotGrants exchange(Store& store, const SlotExchange& r) override {
    pg::Db& db = store.pg();
    const std::string& node = store.pg_core().node();
    const std::string scope(to_string(r.channel));
    SlotGrants out;
    if (!made_lately(scope, r.limit, r.now)) {
      // The channel's slots, made by whichever node asks first. Each starts one window from
      // now, as a lane that starts fills its own window (rate_limit.hpp): the platform still
      // counts what was sent just before.
      db.query("INSERT INTO rate_slots (scope, slot, holder, hold_until, free_at) "
               "SELECT $1, g, NULL, 0, $3 FROM generate_series(0, $2::bigint - 1) g ON CONFLICT DO NOTHING")
          .bind_all(scope, r.limit, r.now + r.window)
          .exec();
      ++out.statements;
    }
    std::string slots, frees;
    for (const auto& back : r.returned) {
      if (!slots.empty()) {
        slots += ',';
        frees += ',';
      }
      slots += std::to_string(back.slot);
      frees += std::to_string(pg::millis(back.free_at));
    }
    // One statement, four parts on disjoint rows:
    //  - back: this node's idle slots go free, each with the time it frees;
    //  - kept: the rest of this node's slots are held on; while held their row says they free
    //    one window after the hold, so if this node dies with a request under way, the node that
    //    takes the slot over waits as the platform would want;
    //  - asked: this node's ask is noted (when it wants any), and the others' recent asks counted,
    //    so a node holding idle slots knows to give them back;
    //  - pick/took: free slots (no holder, or a holder whose hold has passed), free by free_by,
    //    earliest first, SKIP LOCKED so two nodes asking at once never wait for each other and
    //    never get the same slot (PostgreSQL re-reads a locked row's holder before it is taken).
    // `pick` sees the rows as they were before `back`, so a node never takes back in the same
    // statement what it gave: the others get the first chance.
    auto q = db.query(
        "WITH back AS ("
        "  UPDATE rate_slots s SET holder = NULL, hold_until = 0, free_at = r.free_at"
        "  FROM unnest(string_to_array($3, ',')::bigint[], string_to_array($4, ',')::bigint[]) AS r(slot, free_at)"
        "  WHERE s.scope = $1 AND s.slot = r.slot AND s.holder = $2"
        "  RETURNING s.slot"
        "), kept AS ("
        "  UPDATE rate_slots s SET hold_until = $6, free_at = $7"
        "  WHERE s.scope = $1 AND s.holder = $2 AND s.slot <> ALL (string_to_array($3, ',')::bigint[])"
        "  RETURNING s.slot"
        "), pick AS ("
        "  SELECT p.slot, p.free_at FROM rate_slots p"
        "  WHERE p.scope = $1 AND p.slot < $8 AND (p.holder IS NULL OR (p.holder <> $2 AND p.hold_until <= $5))"
        "    AND p.free_at <= $9"
        "  ORDER BY p.free_at, p.slot LIMIT $10"
        "  FOR UPDATE SKIP LOCKED"
        "), took AS ("
        "  UPDATE rate_slots s SET holder = $2, hold_until = $6, free_at = $7 FROM pick"
        "  WHERE s.scope = $1 AND s.slot = pick.slot"
        "  RETURNING s.slot, pick.free_at"
        "), asked AS ("
        "  INSERT INTO rate_wants (scope, node, asked_at) SELECT $1, $2, $5 WHERE $10::bigint > 0"
        "  ON CONFLICT (scope, node) DO UPDATE SET asked_at = excluded.asked_at"
        "  RETURNING 1"
        ") "
        "SELECT slot, free_at, 1 FROM took UNION ALL SELECT slot, 0, 0 FROM kept "
        "UNION ALL SELECT slot, 0, 2 FROM back "
        "UNION ALL SELECT count(*), 0, 3 FROM rate_wants w WHERE w.scope = $1 AND w.node <> $2 AND w.asked_at > $11 "
        "UNION ALL SELECT count(*), 0, 4 FROM asked");
    q.bind_all(scope, node, slots, frees, r.now, r.hold_until, r.hold_until + r.window, r.limit, r.free_by,
               std::max(r.want, 0), r.now - kOthersAskedWithin);
    while (q.step()) {
      const int kind = q.integer(2);
      if (kind == 1) out.granted.push_back({q.int64(0), q.time(1)});
      if (kind == 0) out.kept.push_back(q.int64(0));
      if (kind == 3) out.others_asking = static_cast<int>(q.int64(0));
    }
    ++out.statements;
    return out;
  }

  std::vector<ChatSend> recent_sends(Store& store, Channel channel, const std::vector<std::string>& chats,
                                     TimePoint since) override {
    std::vector<ChatSend> out;
    if (chats.empty()) return out;
    // outbox_sent_chat (channel, chat_id, sent_at) WHERE status = 'sent': a few index probes.
    // A row of n pieces was n requests; its sent_at is its last answer, so counting all of them
    // then errs on the safe side.
    auto q = store.pg().query(
        "SELECT chat_id, sent_at, parts_sent + 1 FROM outbox "
        "WHERE channel = $1 AND status = 'sent' AND sent_at > $3 AND chat_id = ANY (string_to_array($2, chr(31)))");
    q.bind_all(to_string(channel), joined(chats, kChatSeparator), since);
    while (q.step()) out.push_back({q.text(0), q.time(1), q.integer(2)});
    return out;
  }

 private:
  // Whether this process made sure of the channel's slot rows (with this limit) in the last
  // minute; if not, it notes that it does now. Made again each minute rather than once: the
  // transaction that made them can still roll back after this notes it (a failed commit),
  // and the rows must not stay missing for good.
  bool made_lately(const std::string& scope, int limit, TimePoint now) {
    std::lock_guard lock(mutex_);
    auto& at = made_[scope + ':' + std::to_string(limit)];
    if (at != TimePoint{} && now - at < std::chrono::minutes(1)) return true;
    at = now;
    return false;
  }
  std::mutex mutex_;
  std::map<std::string, TimePoint> made_;
};

}  // namespace

std::shared_ptr<SharedLimits> make_pg_shared_limits() { return std::make_shared<PgSharedLimits>(); }

}  // namespace hocvuso::outbox
