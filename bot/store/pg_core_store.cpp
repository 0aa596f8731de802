// pg::CoreStore: transactions, the inbox, users, chats, conversation state, the outbox's
// queueing and counting, kv. The statements are store.cpp's, in PostgreSQL's dialect.
#include "bot/store/pg_core_store.hpp"

#include "bot/store/outbox_body.hpp"
#include "bot/store/pg_migrate.hpp"
#include "bot/store/pg_lock_spaces.hpp"
#include "bot/store/pg_outbox_row.hpp"

namespace hocvuso::pg {

namespace {

std::string_view chat_type_name(ChatType t) { return t == ChatType::group ? "group" : "private"; }

}  // namespace

CoreStore::CoreStore(Db& db, std::string node, std::chrono::milliseconds lease)
    : db_(db), node_(std::move(node)), lease_(lease) {
  if (node_.empty()) throw StoreError("a PostgreSQL node needs a name (it marks the outbox rows it sends)");
}

int CoreStore::current_version() { return schema_version(db_); }

void CoreStore::ping() { db_.query("SELECT 1").step(); }

void CoreStore::begin() { db_.begin("BEGIN"); }
void CoreStore::commit() { db_.commit(); }
void CoreStore::rollback() {
  if (db_.in_transaction()) db_.rollback();
}
void CoreStore::savepoint() { db_.run("SAVEPOINT job"); }
void CoreStore::release_savepoint() { db_.run("RELEASE SAVEPOINT job"); }
void CoreStore::rollback_savepoint() { db_.run("ROLLBACK TO SAVEPOINT job; RELEASE SAVEPOINT job"); }

bool CoreStore::record_update(Channel channel, std::string_view key, std::string_view payload, TimePoint now) {
  // ON CONFLICT on the unique (channel, update_key): a second insert of the same key
  // waits for the transaction that holds it and then does nothing, so exactly one node
  // sees 1 (or, if that transaction rolls back, this one records it).
  return db_.query("INSERT INTO inbox (channel, update_key, payload, received_at) VALUES ($1, $2, $3, $4) "
                   "ON CONFLICT (channel, update_key) DO NOTHING")
             .bind_all(to_string(channel), key, payload, now)
             .exec() == 1;
}

bool CoreStore::record_update(Channel channel, std::string_view key, std::string_view payload, TimePoint now,
                              std::string_view chat_id) {
  return db_.query("INSERT INTO inbox (channel, update_key, payload, received_at, chat_id) "
                   "VALUES ($1, $2, $3, $4, $5) ON CONFLICT (channel, update_key) DO NOTHING")
             .bind_all(to_string(channel), key, payload, now, chat_id)
             .exec() == 1;
}

void CoreStore::mark_update_processed(Channel channel, std::string_view key, TimePoint now) {
  // The body goes once processed: it holds the citizen's words and ids.
  db_.query("UPDATE inbox SET processed_at = $1, payload = '' WHERE channel = $2 AND update_key = $3")
      .bind_all(now, to_string(channel), key)
      .exec();
}

std::vector<std::pair<std::string, std::string>> CoreStore::unprocessed_updates(Channel channel, int limit) {
  auto q = db_.query(
      "SELECT update_key, payload FROM inbox WHERE channel = $1 AND processed_at IS NULL ORDER BY seq LIMIT $2");
  q.bind_all(to_string(channel), limit);
  std::vector<std::pair<std::string, std::string>> out;
  while (q.step()) out.emplace_back(q.text(0), q.text(1));
  return out;
}

void CoreStore::lock_chat(const ChatRef& chat) {
  if (!db_.in_transaction()) throw StoreError("a chat's inbox lock needs a transaction (the lock lasts as long)");
  db_.query("SELECT pg_advisory_xact_lock($1::integer, hashtext($2::text || ':' || $3::text))")
      .bind_all(kChatLockSpace, to_string(chat.channel), chat.id)
      .step();
}

std::optional<std::pair<std::string, std::string>> CoreStore::next_update_of_chat(const ChatRef& chat) {
  // A transaction-scoped lock: released by COMMIT or ROLLBACK, never forgotten by a
  // node that dies (its connection ends and the server drops it).
  lock_chat(chat);
  // Read after the lock, in READ COMMITTED a fresh snapshot: what the previous holder
  // marked processed is seen as processed.
  auto q = db_.query(
      "SELECT update_key, payload FROM inbox WHERE channel = $1 AND chat_id = $2 AND processed_at IS NULL "
      "ORDER BY seq LIMIT 1");
  q.bind_all(to_string(chat.channel), chat.id);
  if (!q.step()) return std::nullopt;
  return std::make_pair(q.text(0), q.text(1));
}

UserProfile CoreStore::touch_user(Channel channel, std::string_view user_id, std::string_view display_name,
                                  TimePoint now) {
  UserProfile profile;
  {
    auto q = db_.query("SELECT display_name, locale FROM users WHERE channel = $1 AND user_id = $2");
    q.bind_all(to_string(channel), user_id);
    if (q.step()) {
      profile.display_name = q.text(0);
      profile.locale = q.text(1);
    } else {
      profile.is_new = true;
    }
  }
  if (!display_name.empty()) profile.display_name = std::string(display_name);
  db_.query("INSERT INTO users (channel, user_id, display_name, first_seen, last_seen) VALUES ($1, $2, $3, $4, $4) "
            "ON CONFLICT (channel, user_id) DO UPDATE SET display_name = excluded.display_name, "
            "last_seen = excluded.last_seen")
      .bind_all(to_string(channel), user_id, profile.display_name, now)
      .exec();
  return profile;
}

void CoreStore::set_user_locale(Channel channel, std::string_view user_id, std::string_view locale) {
  db_.query("UPDATE users SET locale = $1 WHERE channel = $2 AND user_id = $3")
      .bind_all(locale, to_string(channel), user_id)
      .exec();
}

void CoreStore::touch_chat(const ChatRef& chat, ChatType type, std::string_view title, TimePoint now) {
  db_.query("INSERT INTO chats (channel, chat_id, chat_type, title, first_seen, last_seen) "
            "VALUES ($1, $2, $3, $4, $5, $5) ON CONFLICT (channel, chat_id) DO UPDATE SET "
            "chat_type = excluded.chat_type, last_seen = excluded.last_seen, "
            "title = CASE WHEN excluded.title = '' THEN chats.title ELSE excluded.title END")
      .bind_all(to_string(chat.channel), chat.id, chat_type_name(type), title, now)
      .exec();
}

std::optional<ChatType> CoreStore::chat_type(const ChatRef& chat) {
  auto q = db_.query("SELECT chat_type FROM chats WHERE channel = $1 AND chat_id = $2");
  q.bind_all(to_string(chat.channel), chat.id);
  if (!q.step()) return std::nullopt;
  return q.text_view(0) == "group" ? ChatType::group : ChatType::private_chat;
}

ConversationState CoreStore::load_state(const ChatRef& chat, std::string_view user_id) {
  auto q = db_.query(
      "SELECT flow, step, data FROM conversation_state WHERE channel = $1 AND chat_id = $2 AND user_id = $3");
  q.bind_all(to_string(chat.channel), chat.id, user_id);
  ConversationState state;
  if (q.step()) {
    state.flow = q.text(0);
    state.step = q.text(1);
    state.data = q.text(2);
  }
  return state;
}

void CoreStore::save_state(const ChatRef& chat, std::string_view user_id, const ConversationState& state,
                           TimePoint now) {
  db_.query("INSERT INTO conversation_state (channel, chat_id, user_id, flow, step, data, updated_at) "
            "VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (channel, chat_id, user_id) DO UPDATE SET "
            "flow = excluded.flow, step = excluded.step, data = excluded.data, updated_at = excluded.updated_at")
      .bind_all(to_string(chat.channel), chat.id, user_id, state.flow, state.step, state.data, now)
      .exec();
}

std::int64_t CoreStore::enqueue(const Outgoing& message, OutboxPriority priority, TimePoint now) {
  auto q = db_.query(HOCVUSO_PG_OUTBOX_INSERT);
  bind_outbox_row(q, message, priority, now);
  q.step();
  return q.int64(0);
}

std::vector<OutboxItem> CoreStore::pending(Channel channel, int limit) {
  auto q = db_.query(
      "SELECT id, chat_id, body, priority, attempts, tag FROM outbox "
      "WHERE channel = $1 AND status = 'pending' ORDER BY priority, id LIMIT $2");
  q.bind_all(to_string(channel), limit);
  std::vector<OutboxItem> out;
  while (q.step()) {
    OutboxItem item;
    item.id = q.int64(0);
    item.message = decode_outgoing(channel, q.text(1), q.text(2));
    item.priority = q.integer(3);
    item.attempts = q.integer(4);
    if (!q.null(5)) item.message.tag = q.text(5);
    out.push_back(std::move(item));
  }
  return out;
}

void CoreStore::mark_sent(std::int64_t id, TimePoint now) {
  // Releases this node's own lease only: a node that stalled past its lease and marks
  // the row sent late must not free a chat whose row the node that took it over is
  // still sending (due_heads waits for that lease).
  db_.query("UPDATE outbox SET status = 'sent', sent_at = $1, "
            "lease_until = CASE WHEN lease_node = $3 THEN NULL ELSE lease_until END, "
            "lease_node = CASE WHEN lease_node = $3 THEN NULL ELSE lease_node END WHERE id = $2")
      .bind_all(now, id, node_)
      .exec();
}

std::int64_t CoreStore::outbox_depth() {
  auto q = db_.query("SELECT count(*) FROM outbox WHERE status = 'pending'");
  q.step();
  return q.int64(0);
}

std::int64_t CoreStore::oldest_pending_age_ms(TimePoint now) {
  auto q = db_.query("SELECT min(created_at) FROM outbox WHERE status = 'pending'");
  if (!q.step() || q.null(0)) return 0;
  return millis(now) - q.int64(0);
}

std::optional<std::string> CoreStore::kv_get(std::string_view key) {
  auto q = db_.query("SELECT value FROM kv WHERE key = $1");
  q.bind(1, key);
  if (!q.step()) return std::nullopt;
  return q.text(0);
}

void CoreStore::kv_set(std::string_view key, std::string_view value) {
  db_.query("INSERT INTO kv (key, value) VALUES ($1, $2) ON CONFLICT (key) DO UPDATE SET value = excluded.value")
      .bind_all(key, value)
      .exec();
}

}  // namespace hocvuso::pg
