// Private to the store's .cpp files: the database handle and its statement cache.
#pragma once

#include <SQLiteCpp/SQLiteCpp.h>

#include <chrono>
#include <memory>
#include <string>
#include <unordered_map>

#include "bot/store/store.hpp"

namespace hocvuso {

struct Store::Impl {
  SQLite::Database db;
  // Prepared once, reused: keyed by the SQL literal's address, which is stable.
  std::unordered_map<const char*, std::unique_ptr<SQLite::Statement>> statements;
  bool full_sync = true;  // the connection's PRAGMA synchronous: FULL (true) or NORMAL

  explicit Impl(const std::string& file)
      : db(file, SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE | SQLite::OPEN_FULLMUTEX,
           /*busy_timeout_ms=*/5000) {}

  SQLite::Statement& stmt(const char* sql) {
    auto& slot = statements[sql];
    if (!slot) {
      slot = std::make_unique<SQLite::Statement>(db, sql);
    } else {
      slot->reset();
      slot->clearBindings();
    }
    return *slot;
  }
};


inline std::int64_t millis(TimePoint t) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(t.time_since_epoch()).count();
}

inline std::string channel_name(Channel c) { return std::string(to_string(c)); }

}  // namespace hocvuso
