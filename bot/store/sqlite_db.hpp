// The narrow SQLite interface a feature's SQLite backend file uses
// (flows/<feature>/<name>_store_sqlite.cpp). It exists for three reasons:
//  - a statement is prepared once per connection and reused (keyed by the SQL
//    literal's address, so pass string literals only);
//  - a statement is reset when its Query goes out of scope, never left open after
//    one row: an open read keeps the connection's WAL snapshot, and once another
//    process (a CLI command) commits, every later BEGIN IMMEDIATE fails with
//    SQLITE_BUSY_SNAPSHOT, which jammed the running server (issue 13);
//  - SQLiteCpp stays out of feature code and out of the headers features include.
// Used on the store thread only, like the Store that owns it.
#pragma once

#include <concepts>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "bot/core/message.hpp"

namespace SQLite {
class Database;
}  // namespace SQLite
struct sqlite3_stmt;

namespace hocvuso::sqlite {

// Milliseconds since the epoch, as every table stores its times.
std::int64_t millis(TimePoint t);
TimePoint from_millis(std::int64_t ms);

class Query {
 public:
  Query(Query&& other) noexcept;
  Query& operator=(Query&&) = delete;
  Query(const Query&) = delete;
  ~Query();  // resets the statement, and frees it when it was not the cached one

  // Parameters count from 1, as in SQL's "?".
  Query& bind(int index, std::string_view value);
  Query& bind(int index, const char* value) { return bind(index, std::string_view(value)); }
  Query& bind(int index, const std::string& value) { return bind(index, std::string_view(value)); }
  template <std::integral T>
  Query& bind(int index, T value) {
    return bind_int64(index, static_cast<std::int64_t>(value));
  }
  Query& bind(int index, double value);
  Query& bind(int index, TimePoint value) { return bind_int64(index, millis(value)); }
  Query& bind_null(int index);
  // bind(1, a), bind(2, b), …
  template <class... Args>
  Query& bind_all(const Args&... args) {
    int index = 0;
    (bind(++index, args), ...);
    return *this;
  }

  // The next row of a SELECT (or RETURNING); false when there is none.
  bool step();
  // Runs a write; the number of rows it changed.
  int exec();

  // Columns of the current row, counting from 0.
  std::string text(int column) const;
  // The same text without a copy, valid until the next step() (or the Query's end):
  // for summing a million rows without an allocation per row (bench/reports).
  std::string_view text_view(int column) const;
  std::int64_t int64(int column) const;
  int integer(int column) const;
  double real(int column) const;
  bool null(int column) const;
  TimePoint time(int column) const { return from_millis(int64(column)); }

 private:
  friend class Db;
  Query(sqlite3_stmt* statement, bool* in_use);
  Query& bind_int64(int index, std::int64_t value);
  void check(int rc) const;

  sqlite3_stmt* s_;
  bool* in_use_;  // the cache slot's flag; null for a one-off, finalized at the end
};

class Db {
 public:
  explicit Db(SQLite::Database& db);
  ~Db();
  Db(const Db&) = delete;
  Db& operator=(const Db&) = delete;

  // The cached statement for `sql` (a string literal). A statement still in use
  // further up the stack (a nested call with the same SQL) gets a fresh one-off copy
  // instead of being reset under its reader.
  Query query(const char* sql);
  // A script of several statements (schema work, tests); not cached.
  void run(std::string_view script);
  std::int64_t last_insert_id() const;

 private:
  struct Cache;
  SQLite::Database& db_;
  std::unique_ptr<Cache> cache_;
};

}  // namespace hocvuso::sqlite
