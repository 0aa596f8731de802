// SQLite-backed Store: opening, migrations, and the core tables' statements.
#include "bot/store/store.hpp"

#include <SQLiteCpp/SQLiteCpp.h>
#include <sqlite3.h>

#include <atomic>
#include <chrono>
#include <unordered_map>

#include "bot/store/commit_fault.hpp"
#include "bot/store/migrations.hpp"
#include "bot/store/outbox_body.hpp"
#include "bot/store/pg_migrate.hpp"
#include "bot/store/store_impl.hpp"

namespace hocvuso {

namespace {

std::string_view chat_type_name(ChatType t) {
  return t == ChatType::group ? "group" : "private";
}

// commit_fault.hpp: set only while no store runs, so the flag alone guards the pair.
store_faults::CommitHook g_commit_hook = nullptr;
void* g_commit_context = nullptr;
std::atomic<bool> g_commit_hooked{false};

}  // namespace

void store_faults::set_commit_hook(CommitHook hook, void* context) {
  g_commit_hooked.store(false, std::memory_order_release);
  g_commit_hook = hook;
  g_commit_context = context;
  g_commit_hooked.store(hook != nullptr, std::memory_order_release);
}

int Store::schema_version() { return migrations().back().version; }

Store::Store(const std::filesystem::path& file) {
  std::error_code ec;
  if (file.has_parent_path()) std::filesystem::create_directories(file.parent_path(), ec);
  if (ec) {
    throw StoreError("cannot create directory " + file.parent_path().string() + ": " + ec.message());
  }
  try {
    impl_ = std::make_unique<Impl>(file.string());
    auto& db = impl_->db;
    // Refuse a newer database before changing anything in it (even its journal mode).
    const int have = current_version();
    if (have > schema_version()) {
      throw StoreError(newer_schema_message("database " + file.string(), have, schema_version()));
    }
    std::string mode = db.execAndGet("PRAGMA journal_mode=WAL").getString();
    if (mode != "wal") throw StoreError("cannot switch " + file.string() + " to WAL mode (got " + mode + ")");
    // FULL: a commit is on disk before the caller acknowledges anything to a platform.
    // The worker relaxes it to NORMAL for batches of bookkeeping only (Sync::deferred).
    db.exec("PRAGMA synchronous=FULL");
    db.exec("PRAGMA foreign_keys=ON");
    for (const auto& m : migrations()) {
      if (m.version <= have) continue;
      SQLite::Transaction tx(db);
      db.exec(std::string(m.sql));
      db.exec("PRAGMA user_version=" + std::to_string(m.version));
      tx.commit();
    }
  } catch (const SQLite::Exception& e) {
    throw StoreError("cannot open database " + file.string() + ": " + e.what());
  }
}

Store::Store(const PostgresTarget& target) {
  try {
    pg_ = std::make_unique<PgImpl>(target.url, target.node);
    // Under pg_advisory_lock; a newer database is refused before anything changes.
    pg::migrate(pg_->db);
  } catch (const StoreError&) {
    throw;
  } catch (const pg::Error& e) {
    // pg::Error's message is the server's primary line, never the URL (it may hold a password).
    throw StoreError(std::string("cannot open the PostgreSQL database: ") + e.what());
  }
}

Store::~Store() = default;

int Store::current_version() const {
  if (pg_) return pg_->core.current_version();
  return impl_->db.execAndGet("PRAGMA user_version").getInt();
}

void Store::ping() {
  if (pg_) return pg_->core.ping();
  impl_->db.execAndGet("SELECT 1");
}

void Store::set_full_sync(bool full) {
  if (pg_) return;  // the server decides durability for every client alike
  if (impl_->full_sync == full) return;
  impl_->db.exec(full ? "PRAGMA synchronous=FULL" : "PRAGMA synchronous=NORMAL");
  impl_->full_sync = full;
}

// Transaction statements are prepared once too: compiling "SAVEPOINT job" again for
// every update was a measurable share of the store thread's time.
// BEGIN IMMEDIATE takes the write lock at once, so a transaction never has to upgrade
// a read snapshot (which another process's commit would make SQLITE_BUSY_SNAPSHOT).
// The busy timeout already waits for a CLI command's short write; a few more tries
// cover a writer that holds the lock longer, and then the batch fails as a whole.
void Store::begin() {
  if (pg_) return pg_->core.begin();
  constexpr int kTries = 3;
  for (int attempt = 1;; ++attempt) {
    try {
      impl_->sql.query("BEGIN IMMEDIATE").exec();
      return;
    } catch (const SQLite::Exception& e) {
      const int code = e.getErrorCode() & 0xff;
      if ((code != SQLITE_BUSY && code != SQLITE_LOCKED) || attempt == kTries) throw;
    }
  }
}
void Store::commit() {
  if (pg_) return pg_->core.commit();
  if (g_commit_hooked.load(std::memory_order_acquire)) {
    if (const int rc = g_commit_hook(impl_->db.getHandle(), g_commit_context); rc != SQLITE_OK) {
      throw SQLite::Exception(std::string("injected fault: ") + sqlite3_errstr(rc), rc);
    }
  }
  impl_->sql.query("COMMIT").exec();
}
void Store::rollback() {
  if (pg_) return pg_->core.rollback();
  if (sqlite3_get_autocommit(impl_->db.getHandle()) == 0) impl_->sql.query("ROLLBACK").exec();
}
void Store::savepoint() {
  if (pg_) return pg_->core.savepoint();
  impl_->sql.query("SAVEPOINT job").exec();
}
void Store::release_savepoint() {
  if (pg_) return pg_->core.release_savepoint();
  impl_->sql.query("RELEASE job").exec();
}
void Store::rollback_savepoint() {
  if (pg_) return pg_->core.rollback_savepoint();
  impl_->sql.query("ROLLBACK TO job").exec();
  impl_->sql.query("RELEASE job").exec();
}

bool Store::record_update(Channel channel, std::string_view key, std::string_view payload,
                          TimePoint now) {
  if (pg_) return pg_->core.record_update(channel, key, payload, now);
  auto q = impl_->sql.query(
      "INSERT INTO inbox (channel, update_key, payload, received_at) VALUES (?, ?, ?, ?) "
      "ON CONFLICT (channel, update_key) DO NOTHING");
  q.bind(1, to_string(channel));
  q.bind(2, key);
  q.bind(3, payload);
  q.bind(4, now);
  return q.exec() == 1;
}

void Store::mark_update_processed(Channel channel, std::string_view key, TimePoint now) {
  if (pg_) return pg_->core.mark_update_processed(channel, key, now);
  // The body goes once processed: it holds the citizen's words and ids, and only the
  // key is needed from now on (to refuse a redelivery).
  auto q = impl_->sql.query("UPDATE inbox SET processed_at = ?, payload = '' WHERE channel = ? AND update_key = ?");
  q.bind(1, now);
  q.bind(2, to_string(channel));
  q.bind(3, key);
  q.exec();
}

std::vector<std::pair<std::string, std::string>> Store::unprocessed_updates(Channel channel, int limit) {
  if (pg_) return pg_->core.unprocessed_updates(channel, limit);
  auto q = impl_->sql.query(
      "SELECT update_key, payload FROM inbox WHERE channel = ? AND processed_at IS NULL "
      "ORDER BY seq LIMIT ?");
  q.bind(1, to_string(channel));
  q.bind(2, limit);
  std::vector<std::pair<std::string, std::string>> out;
  while (q.step()) out.emplace_back(q.text(0), q.text(1));
  return out;
}

UserProfile Store::touch_user(Channel channel, std::string_view user_id,
                              std::string_view display_name, TimePoint now) {
  if (pg_) return pg_->core.touch_user(channel, user_id, display_name, now);
  UserProfile profile;
  {
    auto q = impl_->sql.query("SELECT display_name, locale FROM users WHERE channel = ? AND user_id = ?");
    q.bind(1, to_string(channel));
    q.bind(2, user_id);
    if (q.step()) {
      profile.display_name = q.text(0);
      profile.locale = q.text(1);
    } else {
      profile.is_new = true;
    }
  }
  if (!display_name.empty()) profile.display_name = std::string(display_name);
  auto q = impl_->sql.query(
      "INSERT INTO users (channel, user_id, display_name, first_seen, last_seen) VALUES (?, ?, ?, ?, ?) "
      "ON CONFLICT (channel, user_id) DO UPDATE SET display_name = excluded.display_name, "
      "last_seen = excluded.last_seen");
  q.bind(1, to_string(channel));
  q.bind(2, user_id);
  q.bind(3, profile.display_name);
  q.bind(4, now);
  q.bind(5, now);
  q.exec();
  return profile;
}

void Store::set_user_locale(Channel channel, std::string_view user_id, std::string_view locale) {
  if (pg_) return pg_->core.set_user_locale(channel, user_id, locale);
  auto q = impl_->sql.query("UPDATE users SET locale = ? WHERE channel = ? AND user_id = ?");
  q.bind(1, locale);
  q.bind(2, to_string(channel));
  q.bind(3, user_id);
  q.exec();
}

void Store::touch_chat(const ChatRef& chat, ChatType type, std::string_view title, TimePoint now) {
  if (pg_) return pg_->core.touch_chat(chat, type, title, now);
  auto q = impl_->sql.query(
      "INSERT INTO chats (channel, chat_id, chat_type, title, first_seen, last_seen) "
      "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (channel, chat_id) DO UPDATE SET "
      "chat_type = excluded.chat_type, last_seen = excluded.last_seen, "
      "title = CASE WHEN excluded.title = '' THEN chats.title ELSE excluded.title END");
  q.bind(1, to_string(chat.channel));
  q.bind(2, chat.id);
  q.bind(3, chat_type_name(type));
  q.bind(4, title);
  q.bind(5, now);
  q.bind(6, now);
  q.exec();
}

ConversationState Store::load_state(const ChatRef& chat, std::string_view user_id) {
  if (pg_) return pg_->core.load_state(chat, user_id);
  auto q = impl_->sql.query(
      "SELECT flow, step, data FROM conversation_state WHERE channel = ? AND chat_id = ? AND user_id = ?");
  q.bind(1, to_string(chat.channel));
  q.bind(2, chat.id);
  q.bind(3, user_id);
  ConversationState state;
  if (q.step()) {
    state.flow = q.text(0);
    state.step = q.text(1);
    state.data = q.text(2);
  }
  return state;
}

void Store::save_state(const ChatRef& chat, std::string_view user_id, const ConversationState& state,
                       TimePoint now) {
  if (pg_) return pg_->core.save_state(chat, user_id, state, now);
  auto q = impl_->sql.query(
      "INSERT INTO conversation_state (channel, chat_id, user_id, flow, step, data, updated_at) "
      "VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (channel, chat_id, user_id) DO UPDATE SET "
      "flow = excluded.flow, step = excluded.step, data = excluded.data, updated_at = excluded.updated_at");
  q.bind(1, to_string(chat.channel));
  q.bind(2, chat.id);
  q.bind(3, user_id);
  q.bind(4, state.flow);
  q.bind(5, state.step);
  q.bind(6, state.data);
  q.bind(7, now);
  q.exec();
}

std::int64_t Store::enqueue(const Outgoing& message, OutboxPriority priority, TimePoint now) {
  if (pg_) return pg_->core.enqueue(message, priority, now);
  auto q = impl_->sql.query(
      "INSERT INTO outbox (channel, chat_id, body, priority, created_at, tag) VALUES (?, ?, ?, ?, ?, ?)");
  q.bind(1, to_string(message.chat.channel));
  q.bind(2, message.chat.id);
  q.bind(3, encode_outgoing(message));
  q.bind(4, static_cast<int>(priority));
  q.bind(5, now);
  if (message.tag) {
    q.bind(6, *message.tag);
  } else {
    q.bind_null(6);  // NULL: most rows have no tag, and the index skips them
  }
  q.exec();
  return impl_->sql.last_insert_id();
}

std::vector<OutboxItem> Store::pending(Channel channel, int limit) {
  if (pg_) return pg_->core.pending(channel, limit);
  auto q = impl_->sql.query(
      "SELECT id, chat_id, body, priority, attempts, tag FROM outbox "
      "WHERE channel = ? AND status = 'pending' ORDER BY priority, id LIMIT ?");
  q.bind(1, to_string(channel));
  q.bind(2, limit);
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

void Store::mark_sent(std::int64_t id, TimePoint now) {
  if (pg_) return pg_->core.mark_sent(id, now);
  auto q = impl_->sql.query("UPDATE outbox SET status = 'sent', sent_at = ? WHERE id = ?");
  q.bind(1, now);
  q.bind(2, id);
  q.exec();
}

std::optional<ChatType> Store::chat_type(const ChatRef& chat) {
  if (pg_) return pg_->core.chat_type(chat);
  auto q = impl_->sql.query("SELECT chat_type FROM chats WHERE channel = ? AND chat_id = ?");
  q.bind(1, to_string(chat.channel));
  q.bind(2, chat.id);
  if (!q.step()) return std::nullopt;
  return q.text(0) == "group" ? ChatType::group : ChatType::private_chat;
}

std::int64_t Store::oldest_pending_age_ms(TimePoint now) {
  if (pg_) return pg_->core.oldest_pending_age_ms(now);
  auto q = impl_->sql.query("SELECT min(created_at) FROM outbox WHERE status = 'pending'");
  if (!q.step() || q.null(0)) return 0;
  return sqlite::millis(now) - q.int64(0);
}

std::int64_t Store::outbox_depth() {
  if (pg_) return pg_->core.outbox_depth();
  auto q = impl_->sql.query("SELECT count(*) FROM outbox WHERE status = 'pending'");
  q.step();
  return q.int64(0);
}

SQLite::Database& Store::database() {
  if (pg_) throw StoreError("the SQLite handle was asked of a PostgreSQL store (" + pg_->db.name() + ")");
  return impl_->db;
}

sqlite::Db& Store::sqlite() {
  if (pg_) {
    throw StoreError("a SQLite-only operation ran on a PostgreSQL store (" + pg_->db.name() +
                     "): its PostgreSQL side is missing");
  }
  return impl_->sql;
}

pg::Db& Store::pg() {
  if (!pg_) throw StoreError("a PostgreSQL-only operation ran on a SQLite store");
  return pg_->db;
}

pg::CoreStore& Store::pg_core() {
  if (!pg_) throw StoreError("a PostgreSQL-only operation ran on a SQLite store");
  return pg_->core;
}

std::shared_ptr<void>& Store::repository_slot(std::type_index type) {
  return pg_ ? pg_->repositories[type] : impl_->repositories[type];
}

}  // namespace hocvuso
