// The durable state of hocvuso: one SQLite file (WAL mode, the default) or one
// PostgreSQL database shared by several nodes (issue 18). The public operations have
// the same meaning on both; each forwards to the backend the Store was opened on (a
// null test, no virtual call: SQLite's statements run as they always did). A Store is
// used by one thread only: the StoreWorker's. Every statement is prepared with bound
// parameters.
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <typeindex>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "bot/core/message.hpp"
#include "bot/core/state.hpp"

namespace SQLite {
class Database;
}

namespace hocvuso {

namespace sqlite {
class Db;
}
namespace pg {
class Db;
class CoreStore;
}  // namespace pg

class StoreError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

struct OutboxItem {
  std::int64_t id = 0;
  Outgoing message;
  int priority = 0;  // lower goes first: replies 0, broadcasts higher
  int attempts = 0;
};

// Replies first; then scheduled notices (reminders, review questions); broadcasts last,
// so a big fan-out never starves a citizen's conversation.
enum class OutboxPriority : int { reply = 0, notice = 5, broadcast = 10 };

// Where a PostgreSQL Store lives: a libpq URL (postgresql://…, may hold a password: it is
// never logged) and this process's name among the nodes sharing the database (it marks
// the outbox rows this node is sending: pg_core_store.hpp).
struct PostgresTarget {
  std::string url;
  std::string node;
};

class Store {
 public:
  // The schema version this binary writes. A database with a higher version was
  // written by a newer hocvuso and is refused rather than damaged.
  static int schema_version();

  // Opens (creating the file and its directory when absent), switches to WAL and
  // applies pending migrations. Throws StoreError with a reason a person can act on.
  explicit Store(const std::filesystem::path& file);
  // Connects and applies pending migrations under the database's advisory lock (several
  // nodes starting together migrate once); a newer schema is refused as on SQLite.
  explicit Store(const PostgresTarget& target);
  ~Store();
  Store(const Store&) = delete;
  Store& operator=(const Store&) = delete;

  int current_version() const;
  bool on_postgresql() const { return pg_ != nullptr; }
  void ping();

  // Group commit: the worker wraps a batch of jobs in one transaction and each job
  // in a savepoint, so one failing job does not undo the others.
  // synchronous=FULL (fsync at commit) or NORMAL (WAL only) for the next commits.
  void set_full_sync(bool full);
  void begin();
  void commit();
  void rollback();
  void savepoint();
  void release_savepoint();
  void rollback_savepoint();

  // Inbox: platform updates recorded before they are acknowledged. Returns false
  // when (channel, key) was seen before: a redelivery, to be ignored.
  bool record_update(Channel channel, std::string_view key, std::string_view payload, TimePoint now);
  void mark_update_processed(Channel channel, std::string_view key, TimePoint now);
  // Updates recorded but not yet processed (after a crash), oldest first.
  std::vector<std::pair<std::string, std::string>> unprocessed_updates(Channel channel, int limit);

  // Users and chats: created on first sight, display name and title kept current.
  UserProfile touch_user(Channel channel, std::string_view user_id, std::string_view display_name,
                         TimePoint now);
  void set_user_locale(Channel channel, std::string_view user_id, std::string_view locale);
  void touch_chat(const ChatRef& chat, ChatType type, std::string_view title, TimePoint now);

  std::optional<ChatType> chat_type(const ChatRef& chat);

  ConversationState load_state(const ChatRef& chat, std::string_view user_id);
  void save_state(const ChatRef& chat, std::string_view user_id, const ConversationState& state,
                  TimePoint now);

  // Outbox: every outgoing message is written here first.
  std::int64_t enqueue(const Outgoing& message, OutboxPriority priority, TimePoint now);
  std::vector<OutboxItem> pending(Channel channel, int limit);
  void mark_sent(std::int64_t id, TimePoint now);
  std::int64_t outbox_depth();
  std::int64_t oldest_pending_age_ms(TimePoint now);

  // --- For the outbox sender (store_delivery.cpp) ---
  struct DueMessage {
    OutboxItem item;   // id, priority, attempts, the chat and the tag; the message itself is in `body`
    std::string body;  // encode_outgoing's JSON, decoded by the sender on its own thread
    ChatType chat_type = ChatType::private_chat;
    int parts_sent = 0;
  };
  // The oldest pending message of each chat whose pause is over, most urgent first.
  std::vector<DueMessage> due_heads(Channel channel, TimePoint now, int limit);
  // When the next paused message of the channel becomes due; nullopt when none waits.
  std::optional<TimePoint> next_due(Channel channel);
  void mark_part_sent(std::int64_t id, int parts_sent);
  void reschedule(std::int64_t id, TimePoint not_before, bool count_attempt, std::string_view error);
  // status: failed | blocked | parked | cancelled
  void finish(std::int64_t id, std::string_view status, std::string_view error);
  // An inactive chat's pending messages are blocked; a chat that becomes active again
  // gets its parked messages (Zalo's 7-day window) back in the queue.
  void set_chat_active(const ChatRef& chat, bool active);
  bool chat_active(const ChatRef& chat);
  // A group that became a supergroup keeps its history, state and queue (Telegram A2).
  void migrate_chat(const ChatRef& from, std::string_view new_id);

  // Button payloads too long for a platform travel as "ref:<id>".
  std::string payload_ref(std::string_view payload);
  std::optional<std::string> resolve_payload_ref(std::string_view ref);

  // The options last shown in a chat (numbered, or buttons that come back as text),
  // as encode_options (outbox_body.hpp) wrote them.
  void save_options(const ChatRef& chat, const std::string& options, TimePoint now);
  // An option's payload typed back as text (Zalo buttons) -> that payload. With
  // `by_number_or_label` (chats that show numbered options) also "2" or the label's
  // words. nullopt otherwise.
  std::optional<std::string> match_option(const ChatRef& chat, std::string_view text, bool by_number_or_label);

  std::optional<std::string> kv_get(std::string_view key);
  void kv_set(std::string_view key, std::string_view value);

  // The connection, for a feature's SQLite backend file (flows/<feature>/*_sqlite.cpp)
  // and nothing else: feature logic talks to its store interface.
  // On a PostgreSQL Store it throws StoreError (a SQLite-only path was taken there).
  sqlite::Db& sqlite();
  // The same for a feature's PostgreSQL backend file (flows/<feature>/*_store_pg.cpp);
  // throws StoreError on a SQLite Store. pg_core(): the core store's operations there
  // (sent tags, the outbox's batches, next_update_of_chat).
  pg::Db& pg();
  pg::CoreStore& pg_core();

  // A feature's store, made once per Store by `make` and kept while the Store lives:
  //   ReportStore& ReportStore::of(Store& s) {
  //     return s.repository<ReportStore>([](Store& s) -> std::shared_ptr<ReportStore> {
  //       if (s.on_postgresql()) return make_pg_report_store(s, s.pg());
  //       return std::make_shared<SqliteReportStore>(s, s.sqlite());
  //     });
  //   }
  // The factory is where the backend is chosen: the feature's logic never sees it.
  template <class Repo, class Make>
  Repo& repository(Make make) {
    auto& slot = repository_slot(std::type_index(typeid(Repo)));
    if (!slot) slot = std::static_pointer_cast<Repo>(make(*this));
    return *static_cast<Repo*>(slot.get());
  }

  // Tests and schema checks only: the SQLiteCpp handle (StoreError on PostgreSQL).
  SQLite::Database& database();

 private:
  std::shared_ptr<void>& repository_slot(std::type_index type);

  struct Impl;    // SQLite (store_impl.hpp); null on PostgreSQL
  struct PgImpl;  // PostgreSQL (store_impl.hpp); null on SQLite
  std::unique_ptr<Impl> impl_;
  std::unique_ptr<PgImpl> pg_;
};

}  // namespace hocvuso
