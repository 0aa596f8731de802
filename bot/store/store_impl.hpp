// Private to the store's .cpp files: the connection and its one statement cache, on
// SQLite (Impl) or PostgreSQL (PgImpl).
#pragma once

#include <SQLiteCpp/SQLiteCpp.h>

#include <memory>
#include <string>
#include <typeindex>
#include <unordered_map>

#include "bot/store/pg_core_store.hpp"
#include "bot/store/pg_db.hpp"
#include "bot/store/sqlite_db.hpp"
#include "bot/store/store.hpp"

namespace hocvuso {

struct Store::Impl {
  SQLite::Database db;
  bool full_sync = true;  // the connection's PRAGMA synchronous: FULL (true) or NORMAL
  // The connection's one statement cache (sqlite_db.hpp), for the store's own statements
  // and every feature's backend: prepared once, reset when its Query's scope ends.
  sqlite::Db sql{db};
  // Feature stores (Store::repository), destroyed before the cache and the connection.
  std::unordered_map<std::type_index, std::shared_ptr<void>> repositories;

  explicit Impl(const std::string& file)
      : db(file, SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE | SQLite::OPEN_FULLMUTEX,
           /*busy_timeout_ms=*/5000) {}
};

// One connection (its prepared statements are per connection, as on SQLite) and the core
// store's statements on it.
struct Store::PgImpl {
  pg::Db db;
  pg::CoreStore core;
  // Feature stores, destroyed before the connection.
  std::unordered_map<std::type_index, std::shared_ptr<void>> repositories;

  PgImpl(const std::string& url, std::string node) : db(url), core(db, std::move(node)) {}
};

}  // namespace hocvuso
