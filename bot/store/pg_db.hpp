// The narrow PostgreSQL interface a feature's PostgreSQL backend file will use
// (flows/<feature>/<name>_store_pg.cpp), the same shape as sqlite::Db (sqlite_db.hpp):
//  - a statement is prepared once per connection and reused, keyed by the SQL
//    literal's address (pass string literals only); parameters are $1, $2, … as
//    PostgreSQL writes them;
//  - a Query runs when first stepped (or exec'd) and holds its whole result, so a
//    nested use of the same SQL needs no copy and nothing stays open on the server;
//  - times are stored as milliseconds since the epoch (BIGINT), as on SQLite: the
//    same column meaning on both backends (a straight `db copy`, the same arithmetic
//    in SQL such as not_before <= $1), and no time zone setting can shift them;
//  - every failure throws pg::Error (pg_error.hpp); store_unavailable() tells a lost
//    connection or a lost serialization race from a bug;
//  - libpq stays out of this header.
// One Db is one connection, used by one thread at a time.
#pragma once

#include <concepts>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "bot/core/message.hpp"
#include "bot/store/pg_error.hpp"

struct pg_conn;
struct pg_result;

namespace hocvuso::pg {

std::int64_t millis(TimePoint t);
TimePoint from_millis(std::int64_t ms);

class Db;

class Query {
 public:
  Query(Query&& other) noexcept;
  Query& operator=(Query&&) = delete;
  Query(const Query&) = delete;
  ~Query();

  // Parameters count from 1, as in SQL's "$1".
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

  // How many columns the result has.
  int columns() const;
  // Columns of the current row, counting from 0 (text format: numbers are parsed).
  std::string text(int column) const;
  std::string_view text_view(int column) const;  // valid until the Query's end
  std::int64_t int64(int column) const;
  int integer(int column) const;
  double real(int column) const;
  bool null(int column) const;
  TimePoint time(int column) const { return from_millis(int64(column)); }

 private:
  friend class Db;
  Query(Db& db, const char* sql);
  Query(Db& db, std::string sql);  // Db::unprepared
  Query& bind_int64(int index, std::int64_t value);
  std::string& slot(int index);
  void run();
  const char* value(int column) const;

  Db* db_;
  const char* sql_;
  std::string unprepared_sql_;  // Db::unprepared's text, run once (sql_ is null then)
  std::vector<std::string> values_;
  std::vector<char> is_null_;
  pg_result* result_ = nullptr;
  int row_ = -1;
  int rows_ = 0;
};

class Db {
 public:
  // Connects with a libpq URL or key=value string; throws pg::Error when it cannot.
  explicit Db(const std::string& url);
  ~Db();
  Db(const Db&) = delete;
  Db& operator=(const Db&) = delete;

  Query query(const char* sql);
  // A script of several statements (schema work, tests); not prepared.
  void run(std::string_view script);
  // SQL built at run time (`hocvuso db copy`: table and column names read from the
  // catalog), run once without preparing: query() keys its prepared statements by the
  // literal's address, which a built string has not. Bind and step as with query().
  Query unprepared(std::string sql);
  // COPY … FROM STDIN in COPY's text format: `next` appends the next piece of rows to its
  // (empty) argument, a piece may end mid-row, and returns false with the last piece.
  // Returns the rows the server took. A failure throws pg::Error (the server's primary
  // message only); an exception from `next` ends the COPY and is rethrown. Either way no
  // row of this COPY is written and the connection stays usable.
  std::int64_t copy_in(std::string_view copy_statement, const std::function<bool(std::string& rows)>& next);
  // "dbname on host", for messages: never the URL, which may hold a password.
  std::string name() const;

  // Inside a transaction a lost connection is an error (the transaction's work is gone
  // with it); outside one the next query reconnects once. Transaction (below) uses these.
  void begin(std::string_view statement);
  void commit();
  void rollback() noexcept;
  bool in_transaction() const { return in_transaction_; }

 private:
  friend class Query;
  // The prepared statement's name for `sql`, preparing it on this connection first.
  const std::string& prepared(const char* sql);
  void ensure_connected();
  [[noreturn]] void fail(pg_result* result) const;

  struct Cache;
  pg_conn* conn_ = nullptr;
  std::unique_ptr<Cache> cache_;
  bool in_transaction_ = false;
};

// BEGIN now, ROLLBACK at the end of scope unless commit() ran.
class Transaction {
 public:
  explicit Transaction(Db& db, std::string_view begin = "BEGIN") : db_(db) { db_.begin(begin); }
  ~Transaction() {
    if (!done_) db_.rollback();
  }
  Transaction(const Transaction&) = delete;
  Transaction& operator=(const Transaction&) = delete;
  void commit() {
    done_ = true;
    db_.commit();
  }

 private:
  Db& db_;
  bool done_ = false;
};

}  // namespace hocvuso::pg
