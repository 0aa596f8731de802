// BroadcastStore on PostgreSQL (tables: broadcast_schema_pg.cpp). The same statements as
// broadcast_store_sqlite.cpp in PostgreSQL's dialect (jsonb_array_elements_text for
// SQLite's json_each, INSERT … RETURNING id, ON CONFLICT … DO UPDATE for INSERT OR
// REPLACE); tests/flows/broadcast/broadcast_store_pg_test.cpp runs the same bodies
// against both. The row handling they share is broadcast_store_rows.hpp. A broadcast's
// outbox rows go through pg::OutboxBatches (bot/store/pg_outbox_batches.hpp).
// What several store threads or nodes on one database need, which SQLite's single writer
// gave for free:
//  - fan_out locks the broadcast it tops up (SELECT … FOR UPDATE) before it counts the
//    window, reads the cursor and queues: two nodes topping up at once take turns, the
//    second reads the cursor the first moved (READ COMMITTED reads the locked row's
//    newest version) and counts the rows the first queued, so no chat is queued twice
//    and the window holds. A broadcast cancelled or paused meanwhile is skipped.
//  - cancel, pause and approve are one conditional UPDATE each: the row lock decides.
// Recipients are walked in byte order (COLLATE "C"), as SQLite compares text, whatever
// the database's collation, over the index broadcast_chats_in_byte_order.
#include <memory>
#include <optional>
#include <stdexcept>

#include "bot/core/local_time.hpp"
#include "bot/store/pg_lock_spaces.hpp"
#include "bot/crypto/digest.hpp"
#include "bot/store/pg_db.hpp"
#include "bot/store/pg_outbox_batches.hpp"
#include "bot/store/pg_retry.hpp"
#include "flows/broadcast/broadcast_store.hpp"
#include "flows/broadcast/broadcast_store_rows.hpp"

namespace hocvuso::broadcast {

namespace {

// Who receives a target: broadcast_store_sqlite.cpp's HVS_RECIPIENTS_* (read the why
// there). Parameters: $1 scope, $2 province, $3 communes (JSON array of codes). Macros,
// so that every statement is one string literal, prepared once (pg_db.hpp).
#define HVS_PG_RECIPIENTS_FROM                                                                             \
  "FROM chats c LEFT JOIN broadcast_subscriptions s ON s.channel = c.channel AND s.chat_id = c.chat_id " \
  "LEFT JOIN group_links g ON g.channel = c.channel AND g.chat_id = c.chat_id "
#define HVS_PG_RECIPIENTS_WHERE(PRIVATE_ON, GROUP_ON, MEMBER_ON)                                                      \
  "c.active = 1 AND c.channel <> 'console' AND ("                                                                     \
  "  (c.chat_type = 'private' AND " PRIVATE_ON " AND $1::text <> 'groups' "                                          \
  "   AND ($1::text <> 'province' OR s.province = $2::text) "                                                         \
  "   AND ($1::text <> 'communes' OR s.commune IN (SELECT jsonb_array_elements_text($3::jsonb)))) "                   \
  "  OR (((c.chat_type = 'group' AND " GROUP_ON ") "                                                                  \
  "       OR (c.chat_type = 'private' AND g.chat_id IS NOT NULL AND " MEMBER_ON ")) "                                 \
  "   AND $1::text <> 'subscribers' "                                                                                 \
  "   AND ($1::text <> 'province' OR coalesce(g.province, s.province) = $2::text) "                                   \
  "   AND ($1::text <> 'communes' OR coalesce(g.commune, s.commune) IN (SELECT jsonb_array_elements_text($3::jsonb))))) "
#define HVS_PG_RECIPIENTS \
  HVS_PG_RECIPIENTS_WHERE("s.subscribed = 1", "coalesce(s.subscribed, 1) = 1", "coalesce(s.opted_out, 0) = 0")
#define HVS_PG_LEFT_OUT HVS_PG_RECIPIENTS_WHERE("s.opted_out = 1", "s.subscribed = 0", "s.opted_out = 1")

constexpr const char* kCountByKind =
    "SELECT c.channel, (c.chat_type = 'group')::int, count(*) " HVS_PG_RECIPIENTS_FROM "WHERE " HVS_PG_RECIPIENTS
    "GROUP BY 1, 2";
constexpr const char* kCountLeftOutByKind =
    "SELECT c.channel, (c.chat_type = 'group')::int, count(*) " HVS_PG_RECIPIENTS_FROM "WHERE " HVS_PG_LEFT_OUT
    "GROUP BY 1, 2";

#define HVS_PG_TOKEN_COLUMNS "SELECT id, role, province, commune, created_at, revoked_at FROM broadcast_tokens "

void bind_target(pg::Query& q, const Target& t) {
  q.bind(1, t.scope);
  q.bind(2, t.province);
  q.bind(3, communes_json(t));
}

class PgBroadcastStore final : public BroadcastStore {
 public:
  explicit PgBroadcastStore(pg::Db& db) : db_(db) {}

  void set_subscription(const ChatRef& chat, bool on, std::string_view commune, std::string_view province,
                        TimePoint now) override {
    // A name given now replaces the old one; "/canhbao bat" alone keeps it.
    db_.query("INSERT INTO broadcast_subscriptions AS b (channel, chat_id, subscribed, opted_out, commune, province, "
              "updated_at) VALUES ($1, $2, $3::int, 1 - $3::int, $4::text, $5::text, $6) "
              "ON CONFLICT (channel, chat_id) DO UPDATE SET "
              "subscribed = excluded.subscribed, opted_out = excluded.opted_out, updated_at = excluded.updated_at, "
              "commune = CASE WHEN $4::text <> '' THEN $4::text ELSE b.commune END, "
              "province = CASE WHEN $4::text <> '' OR $5::text <> '' THEN $5::text ELSE b.province END")
        .bind_all(to_string(chat.channel), chat.id, on ? 1 : 0, commune, province, now)
        .exec();
    if (on) return;
    // The chat's pending warnings, while the sender marks some of them sent: a deadlock
    // lost to it is tried again (pg_retry.hpp), not turned into a failed "/canhbao tat".
    pg::retry_lost_races(db_, [&] { return pg::OutboxBatches(db_).cancel_pending_of_chat(chat, "unsubscribed"); });
  }

  void remember_place(const ChatRef& chat, std::string_view commune, std::string_view province,
                      TimePoint now) override {
    db_.query("INSERT INTO broadcast_subscriptions (channel, chat_id, subscribed, commune, province, updated_at) "
              "VALUES ($1, $2, 0, $3, $4, $5) ON CONFLICT (channel, chat_id) DO UPDATE SET "
              "commune = excluded.commune, province = excluded.province, updated_at = excluded.updated_at")
        .bind_all(to_string(chat.channel), chat.id, commune, province, now)
        .exec();
  }

  std::optional<std::pair<std::string, std::string>> place(const ChatRef& chat) override {
    auto q = db_.query("SELECT commune, province FROM broadcast_subscriptions WHERE channel = $1 AND chat_id = $2 "
                       "AND commune <> ''");
    q.bind_all(to_string(chat.channel), chat.id);
    if (!q.step()) return std::nullopt;
    return std::pair{q.text(0), q.text(1)};
  }

  std::optional<bool> subscription(const ChatRef& chat) override {
    auto q = db_.query("SELECT subscribed FROM broadcast_subscriptions WHERE channel = $1 AND chat_id = $2");
    q.bind_all(to_string(chat.channel), chat.id);
    if (!q.step()) return std::nullopt;
    return q.integer(0) != 0;
  }

  std::string create_token(const Scope& scope, TimePoint now) override {
    std::string token = new_token();
    db_.query("INSERT INTO broadcast_tokens (token_hash, role, province, commune, created_at) "
              "VALUES ($1, $2, $3, $4, $5)")
        .bind_all(crypto::sha256_hex(token), to_string(scope.role), scope.province, scope.commune, now)
        .exec();
    return token;
  }

  std::optional<TokenInfo> find_token(std::string_view token) override {
    auto q = db_.query(HVS_PG_TOKEN_COLUMNS "WHERE token_hash = $1 AND revoked_at IS NULL");
    q.bind(1, crypto::sha256_hex(token));
    if (!q.step()) return std::nullopt;
    return rows::token(q);
  }

  std::vector<TokenInfo> tokens() override {
    auto q = db_.query(HVS_PG_TOKEN_COLUMNS "ORDER BY id");
    std::vector<TokenInfo> out;
    while (q.step()) out.push_back(rows::token(q));
    return out;
  }

  bool revoke_token(std::int64_t id, TimePoint now) override {
    return db_.query("UPDATE broadcast_tokens SET revoked_at = $1 WHERE id = $2 AND revoked_at IS NULL")
               .bind_all(now, id)
               .exec() > 0;
  }

  std::int64_t create(const NewBroadcast& b, TimePoint now, bool awaiting_approval,
                      RecipientCounts* counts) override {
    const RecipientCounts counted = count_by_kind(b.target);
    std::int64_t id = 0;
    {
      auto q = db_.query("INSERT INTO broadcasts (author, text, severity, link, scope, province, communes, created_at, "
                         "status, recipients) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id");
      q.bind_all(b.author, b.text, b.severity, b.link, b.target.scope, b.target.province, communes_json(b.target), now,
                 awaiting_approval ? "awaiting_approval" : "running", recipients_json(counted));
      if (!q.step()) throw std::logic_error("INSERT INTO broadcasts … RETURNING id returned no row");
      id = q.int64(0);
    }
    if (counts != nullptr) *counts = counted;
    audit(b.author, "create", id, rows::created_detail(b), now);
    return id;
  }

  Approval approve(std::int64_t id, std::string_view actor, TimePoint now) override {
    const auto author = author_of(id);
    if (author && *author == actor) return Approval::same_officer;
    if (db_.query("UPDATE broadcasts SET status = 'running', approved_by = $1 WHERE id = $2 "
                  "AND status = 'awaiting_approval'")
            .bind_all(actor, id)
            .exec() == 0) {
      return Approval::not_waiting;
    }
    audit(actor, "approve", id, "", now);
    return Approval::approved;
  }

  std::int64_t count_recipients(const Target& target) override {
    auto q = db_.query("SELECT count(*) " HVS_PG_RECIPIENTS_FROM "WHERE " HVS_PG_RECIPIENTS);
    bind_target(q, target);
    q.step();
    return q.int64(0);
  }

  RecipientCounts count_by_kind(const Target& target) override {
    RecipientCounts out;
    for (const bool left_out : {false, true}) {
      auto q = db_.query(left_out ? kCountLeftOutByKind : kCountByKind);
      bind_target(q, target);
      while (q.step()) rows::add_count(out, left_out, q.text(0), q.integer(1) != 0, q.int64(2));
    }
    return out;
  }

  std::optional<std::string> recipients_of(std::int64_t id) override {
    auto q = db_.query("SELECT recipients FROM broadcasts WHERE id = $1");
    q.bind(1, id);
    if (!q.step()) return std::nullopt;
    return q.text(0);
  }

  int created_today(std::string_view author, TimePoint now) override {
    const TimePoint day_start = local_time_point(local_date(now));
    // Two nodes counting one officer's day at once would both read 19 of 20 and both
    // create: the author's lock, held to the end of the transaction that counts and then
    // creates, makes the second count wait for the first one's broadcast.
    db_.query("SELECT pg_advisory_xact_lock($1::integer, hashtext($2::text))")
        .bind_all(pg::kBroadcastDayLockSpace, author)
        .exec();
    auto q = db_.query("SELECT count(*) FROM broadcasts WHERE author = $1 AND created_at >= $2");
    q.bind_all(author, day_start);
    q.step();
    return q.integer(0);
  }

  std::optional<Progress> progress(std::int64_t id) override {
    Progress p;
    {
      auto b = db_.query("SELECT status, scope, created_at, queued FROM broadcasts WHERE id = $1");
      b.bind(1, id);
      if (!b.step()) return std::nullopt;
      p.id = id;
      p.status = b.text(0);
      p.scope = b.text(1);
      p.created_at_ms = b.int64(2);
      p.queued = b.int64(3);
    }
    rows::add_statuses(p, pg::OutboxBatches(db_).status_counts(id));
    return p;
  }

  std::optional<std::string> author_of(std::int64_t id) override {
    auto q = db_.query("SELECT author FROM broadcasts WHERE id = $1");
    q.bind(1, id);
    if (!q.step()) return std::nullopt;
    return q.text(0);
  }

  std::optional<Target> target_of(std::int64_t id) override {
    auto q = db_.query("SELECT scope, province, communes FROM broadcasts WHERE id = $1");
    q.bind(1, id);
    if (!q.step()) return std::nullopt;
    return target_from(q.text(0), q.text(1), q.text(2));
  }

  std::vector<Recent> recent(int limit) override {
    auto q = db_.query("SELECT id, author, scope, province, communes FROM broadcasts ORDER BY id DESC LIMIT $1");
    q.bind(1, limit);
    std::vector<Recent> out;
    while (q.step()) out.push_back({q.int64(0), q.text(1), target_from(q.text(2), q.text(3), q.text(4))});
    return out;
  }

  bool cancel(std::int64_t id, std::string_view actor, TimePoint now) override {
    // Every pending row of the broadcast at once, while the sender marks some of them sent.
    const auto dropped = pg::retry_lost_races(db_, [&]() -> std::optional<int> {
      if (db_.query("UPDATE broadcasts SET status = 'cancelled', finished_at = $1 "
                    "WHERE id = $2 AND status IN ('awaiting_approval', 'running', 'paused', 'done')")
              .bind_all(now, id)
              .exec() == 0) {
        return std::nullopt;
      }
      return pg::OutboxBatches(db_).cancel_pending(id, "broadcast cancelled");
    });
    if (!dropped) return false;
    audit(actor, "cancel", id, rows::cancelled_detail(*dropped), now);
    return true;
  }

  bool set_paused(std::int64_t id, bool paused, std::string_view actor, TimePoint now) override {
    if (db_.query("UPDATE broadcasts SET status = $1 WHERE id = $2 AND status = $3")
            .bind_all(paused ? "paused" : "running", id, paused ? "running" : "paused")
            .exec() == 0) {
      return false;
    }
    audit(actor, paused ? "pause" : "resume", id, "", now);
    return true;
  }

  int fan_out(int batch, int window, TimePoint now) override {
    pg::OutboxBatches outbox(db_);
    // The broadcast first, locked (see the top of this file), then the window: counted
    // after the lock, it sees what another node queued before letting go of it.
    std::int64_t id = 0;
    std::string text, cursor_channel, cursor_chat;
    Target target;
    {
      auto running = db_.query("SELECT id, text, scope, province, communes, cursor_channel, cursor_chat "
                               "FROM broadcasts WHERE status = 'running' ORDER BY id LIMIT 1 FOR UPDATE");
      if (!running.step()) return 0;
      id = running.int64(0);
      text = running.text(1);
      target = target_from(running.text(2), running.text(3), running.text(4));
      cursor_channel = running.text(5);
      cursor_chat = running.text(6);
    }
    const int budget = rows::fan_out_budget(batch, window, outbox.pending_at(OutboxPriority::broadcast));
    if (budget == 0) return 0;

    std::vector<ChatRef> chats;
    {
      auto next = db_.query("SELECT c.channel, c.chat_id " HVS_PG_RECIPIENTS_FROM "WHERE " HVS_PG_RECIPIENTS
                            "AND (c.channel COLLATE \"C\", c.chat_id COLLATE \"C\") > ($4::text, $5::text) "
                            "ORDER BY c.channel COLLATE \"C\", c.chat_id COLLATE \"C\" LIMIT $6");
      bind_target(next, target);
      next.bind(4, cursor_channel);
      next.bind(5, cursor_chat);
      next.bind(6, budget);
      while (next.step()) {
        cursor_channel = next.text(0);
        cursor_chat = next.text(1);
        if (auto channel = channel_from_string(cursor_channel)) chats.push_back(ChatRef{*channel, cursor_chat});
      }
    }
    for (const auto& chat : chats) {
      outbox.enqueue(id, Outgoing{chat, text, {}, std::nullopt}, OutboxPriority::broadcast, now);
    }
    const bool finished = static_cast<int>(chats.size()) < budget;
    db_.query("UPDATE broadcasts SET cursor_channel = $1, cursor_chat = $2, queued = queued + $3, "
              "status = CASE WHEN $4::int = 1 THEN 'done' ELSE status END, "
              "finished_at = CASE WHEN $4::int = 1 THEN $5 ELSE finished_at END WHERE id = $6")
        .bind_all(cursor_channel, cursor_chat, static_cast<std::int64_t>(chats.size()), finished ? 1 : 0, now, id)
        .exec();
    // A finished broadcast with nothing left to queue hands the turn to the next one.
    return finished && chats.empty() ? fan_out(batch, window, now) : static_cast<int>(chats.size());
  }

  void export_csv(std::int64_t id, std::ostream& out) override {
    rows::write_csv_header(out);
    pg::OutboxBatches(db_).for_each_row(id, [&](const pg::OutboxBatches::Row& row) { rows::write_csv_row(out, row); });
  }

  void audit(std::string_view actor, std::string_view action, std::optional<std::int64_t> id,
             std::string_view detail, TimePoint now) override {
    auto q = db_.query(
        "INSERT INTO broadcast_audit (at, actor, action, broadcast_id, detail) VALUES ($1, $2, $3, $4, $5)");
    q.bind_all(now, actor, action);
    if (id) {
      q.bind(4, *id);
    } else {
      q.bind_null(4);
    }
    q.bind(5, detail);
    q.exec();
  }

  std::optional<Scope> officer(Channel channel, std::string_view user_id) override {
    auto q =
        db_.query("SELECT role, province, commune FROM broadcast_officers WHERE channel = $1 AND user_id = $2");
    q.bind_all(to_string(channel), user_id);
    if (!q.step()) return std::nullopt;
    return Scope{role_from_string(q.text(0)).value_or(Role::officer), q.text(1), q.text(2)};
  }

  void grant_officer(Channel channel, std::string_view user_id, const Scope& scope) override {
    db_.query("INSERT INTO broadcast_officers (channel, user_id, role, province, commune) VALUES ($1, $2, $3, $4, $5) "
              "ON CONFLICT (channel, user_id) DO UPDATE SET role = excluded.role, province = excluded.province, "
              "commune = excluded.commune")
        .bind_all(to_string(channel), user_id, to_string(scope.role), scope.province, scope.commune)
        .exec();
  }

 private:
  pg::Db& db_;
};

}  // namespace

std::shared_ptr<BroadcastStore> make_pg_broadcast_store(pg::Db& db) { return std::make_shared<PgBroadcastStore>(db); }

}  // namespace hocvuso::broadcast
