// The durable state of hocvuso in one SQLite file (WAL mode). A Store is used by one
// thread only: the StoreWorker's. Every statement is prepared with bound parameters.
#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
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

enum class OutboxPriority : int { reply = 0, broadcast = 10 };

class Store {
 public:
  // The schema version this binary writes. A database with a higher version was
  // written by a newer hocvuso and is refused rather than damaged.
  static int schema_version();

  // Opens (creating the file and its directory when absent), switches to WAL and
  // applies pending migrations. Throws StoreError with a reason a person can act on.
  explicit Store(const std::filesystem::path& file);
  ~Store();
  Store(const Store&) = delete;
  Store& operator=(const Store&) = delete;

  int current_version() const;
  void ping();

  // Group commit: the worker wraps a batch of jobs in one transaction and each job
  // in a savepoint, so one failing job does not undo the others.
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

  ConversationState load_state(const ChatRef& chat, std::string_view user_id);
  void save_state(const ChatRef& chat, std::string_view user_id, const ConversationState& state,
                  TimePoint now);

  // Outbox: every outgoing message is written here first.
  std::int64_t enqueue(const Outgoing& message, OutboxPriority priority, TimePoint now);
  std::vector<OutboxItem> pending(Channel channel, int limit);
  void mark_sent(std::int64_t id, TimePoint now);
  std::int64_t outbox_depth();

  // For feature repositories that add their own tables through migrations.
  SQLite::Database& database();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace hocvuso
