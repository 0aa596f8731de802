// Private to the store's .cpp files: the database handle and its statement cache.
#pragma once

#include <SQLiteCpp/SQLiteCpp.h>

#include <chrono>
#include <memory>
#include <string>
#include <unordered_map>
#include <utility>

#include "bot/store/sqlite_db.hpp"
#include "bot/store/store.hpp"

namespace hocvuso {

// A cached statement in use. It is reset when the handle goes out of scope, not at
// its next use: a SELECT stepped once and left un-reset keeps the connection's WAL
// read snapshot open, and once another process (a CLI command) commits, every later
// BEGIN IMMEDIATE on this connection fails with SQLITE_BUSY_SNAPSHOT, which the busy
// timeout does not retry. That jammed the running server until restart.
class ScopedStatement {
 public:
  explicit ScopedStatement(SQLite::Statement& statement) : s_(&statement) {}
  ~ScopedStatement() { s_->tryReset(); }
  ScopedStatement(const ScopedStatement&) = delete;
  ScopedStatement& operator=(const ScopedStatement&) = delete;

  template <class... Args>
  void bind(Args&&... args) {
    s_->bind(std::forward<Args>(args)...);
  }
  int exec() { return s_->exec(); }
  bool executeStep() { return s_->executeStep(); }
  SQLite::Column getColumn(int index) { return s_->getColumn(index); }

 private:
  SQLite::Statement* s_;
};

struct Store::Impl {
  SQLite::Database db;
  // Prepared once, reused: keyed by the SQL literal's address, which is stable.
  std::unordered_map<const char*, std::unique_ptr<SQLite::Statement>> statements;
  bool full_sync = true;  // the connection's PRAGMA synchronous: FULL (true) or NORMAL
  sqlite::Db features{db};  // what features' SQLite backends use (sqlite_db.hpp)
  // Feature stores (Store::repository), destroyed before the connection.
  std::unordered_map<std::type_index, std::shared_ptr<void>> repositories;

  explicit Impl(const std::string& file)
      : db(file, SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE | SQLite::OPEN_FULLMUTEX,
           /*busy_timeout_ms=*/5000) {}

  // The cached statement for `sql`, reset when the returned handle goes out of scope.
  ScopedStatement stmt(const char* sql) {
    auto& slot = statements[sql];
    if (!slot) {
      slot = std::make_unique<SQLite::Statement>(db, sql);
    } else {
      slot->clearBindings();
    }
    return ScopedStatement(*slot);
  }
};


inline std::int64_t millis(TimePoint t) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(t.time_since_epoch()).count();
}

inline std::string channel_name(Channel c) { return std::string(to_string(c)); }

}  // namespace hocvuso
