// pg::Db and pg::Query on libpq (see the header for why they exist). Results come
// back in text format, the whole result at once: a store query reads a bounded number
// of rows, and a result held in memory keeps no server cursor open.
#include "bot/store/pg_db.hpp"

#include <libpq-fe.h>

#include <charconv>
#include <chrono>
#include <unordered_map>

namespace hocvuso::pg {

std::int64_t millis(TimePoint t) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(t.time_since_epoch()).count();
}

TimePoint from_millis(std::int64_t ms) { return TimePoint(std::chrono::milliseconds(ms)); }

struct Db::Cache {
  std::unordered_map<const char*, std::string> names;
  int next = 0;
};

namespace {

// libpq's connection messages end in a newline and may span lines; one line for logs.
std::string one_line(const char* message) {
  std::string s = message ? message : "";
  while (!s.empty() && (s.back() == '\n' || s.back() == ' ')) s.pop_back();
  for (char& c : s) {
    if (c == '\n') c = ' ';
  }
  return s;
}

// NOTICEs ("relation already exists, skipping") would go to stderr past the logger.
void ignore_notice(void*, const char*) {}

}  // namespace

Db::Db(const std::string& url) : cache_(std::make_unique<Cache>()) {
  conn_ = PQconnectdb(url.c_str());
  if (conn_ == nullptr) throw Error("cannot connect to PostgreSQL: out of memory", "", true);
  if (PQstatus(conn_) != CONNECTION_OK) {
    std::string message = "cannot connect to PostgreSQL: " + one_line(PQerrorMessage(conn_));
    PQfinish(conn_);
    conn_ = nullptr;
    throw Error(message, "", true);
  }
  PQsetClientEncoding(conn_, "UTF8");
  PQsetNoticeProcessor(conn_, ignore_notice, nullptr);
}

Db::~Db() {
  if (conn_) PQfinish(conn_);
}

std::string Db::name() const {
  const char* host = PQhost(conn_);
  return std::string("PostgreSQL database ") + PQdb(conn_) + " on " + (host && *host ? host : "localhost");
}

void Db::ensure_connected() {
  if (PQstatus(conn_) == CONNECTION_OK) return;
  // In a transaction the work done so far went with the connection: going on in a new
  // one would commit only the rest. The caller's transaction fails; the next one
  // reconnects.
  if (in_transaction_) throw Error("connection to PostgreSQL lost in a transaction", "", true);
  PQreset(conn_);
  cache_->names.clear();  // prepared statements live on the old connection
  if (PQstatus(conn_) != CONNECTION_OK) {
    throw Error("cannot reconnect to PostgreSQL: " + one_line(PQerrorMessage(conn_)), "", true);
  }
  PQsetClientEncoding(conn_, "UTF8");
  PQsetNoticeProcessor(conn_, ignore_notice, nullptr);
}

void Db::fail(pg_result* result) const {
  std::string state, message;
  if (result != nullptr) {
    const char* s = PQresultErrorField(result, PG_DIAG_SQLSTATE);
    const char* m = PQresultErrorField(result, PG_DIAG_MESSAGE_PRIMARY);
    state = s ? s : "";
    message = m ? m : one_line(PQresultErrorMessage(result));
    PQclear(result);
  } else {
    message = one_line(PQerrorMessage(conn_));
  }
  const bool lost = PQstatus(conn_) != CONNECTION_OK;
  if (message.empty()) message = lost ? "connection to PostgreSQL lost" : "PostgreSQL error";
  throw Error(message + (state.empty() ? "" : " (SQLSTATE " + state + ")"), state, lost);
}

const std::string& Db::prepared(const char* sql) {
  auto [it, fresh] = cache_->names.try_emplace(sql);
  if (!fresh) return it->second;
  std::string name = "h" + std::to_string(cache_->next++);
  PGresult* r = PQprepare(conn_, name.c_str(), sql, 0, nullptr);
  if (r == nullptr || PQresultStatus(r) != PGRES_COMMAND_OK) {
    cache_->names.erase(it);
    fail(r);
  }
  PQclear(r);
  it->second = std::move(name);
  return it->second;
}

Query Db::query(const char* sql) { return Query(*this, sql); }

Query Db::unprepared(std::string sql) { return Query(*this, std::move(sql)); }

std::int64_t Db::copy_in(std::string_view copy_statement, const std::function<bool(std::string& rows)>& next) {
  ensure_connected();
  PGresult* r = PQexec(conn_, std::string(copy_statement).c_str());
  if (r == nullptr || PQresultStatus(r) != PGRES_COPY_IN) fail(r);
  PQclear(r);
  std::string rows;
  bool more = true;
  bool sent = true;
  try {
    while (more && sent) {
      rows.clear();
      more = next(rows);
      if (!rows.empty()) sent = PQputCopyData(conn_, rows.data(), static_cast<int>(rows.size())) == 1;
    }
  } catch (...) {
    // The caller's rows could not be made: end the COPY so the connection stays usable
    // (the server answers with an error, and the caller's transaction rolls back).
    PQputCopyEnd(conn_, "the client stopped the copy");
    while (PGresult* rest = PQgetResult(conn_)) PQclear(rest);
    throw;
  }
  // After a failed PQputCopyData the COPY ends with an error; the result below then
  // carries the reason.
  PQputCopyEnd(conn_, sent ? nullptr : "the client could not send its rows");
  PGresult* done = PQgetResult(conn_);
  const bool ok = done != nullptr && PQresultStatus(done) == PGRES_COMMAND_OK;
  std::int64_t copied = 0;
  if (ok) {
    const char* n = PQcmdTuples(done);
    std::from_chars(n, n + std::char_traits<char>::length(n), copied);
  }
  while (PGresult* rest = PQgetResult(conn_)) PQclear(rest);  // the COPY's results end with a null
  if (!ok) fail(done);
  PQclear(done);
  return copied;
}

void Db::run(std::string_view script) {
  ensure_connected();
  PGresult* r = PQexec(conn_, std::string(script).c_str());
  if (r == nullptr || (PQresultStatus(r) != PGRES_COMMAND_OK && PQresultStatus(r) != PGRES_TUPLES_OK)) fail(r);
  PQclear(r);
}

void Db::begin(std::string_view statement) {
  run(statement);
  in_transaction_ = true;
}

void Db::commit() {
  // Whatever COMMIT answers, the transaction is over (a failed COMMIT rolls back). Never
  // on a fresh connection: there COMMIT would "succeed" with nothing to commit.
  in_transaction_ = false;
  if (PQstatus(conn_) != CONNECTION_OK) throw Error("connection to PostgreSQL lost before COMMIT", "", true);
  PGresult* r = PQexec(conn_, "COMMIT");
  if (r == nullptr || PQresultStatus(r) != PGRES_COMMAND_OK) fail(r);
  // A transaction in which a statement failed answers COMMIT with ROLLBACK, no error.
  const bool committed = std::string_view(PQcmdStatus(r)) == "COMMIT";
  PQclear(r);
  if (!committed) throw Error("the transaction was rolled back after an earlier error", "25P02", false);
}

void Db::rollback() noexcept {
  in_transaction_ = false;
  if (PQstatus(conn_) != CONNECTION_OK) return;
  PQclear(PQexec(conn_, "ROLLBACK"));
}

Query::Query(Db& db, const char* sql) : db_(&db), sql_(sql) {}

Query::Query(Db& db, std::string sql) : db_(&db), sql_(nullptr), unprepared_sql_(std::move(sql)) {}

Query::Query(Query&& other) noexcept
    : db_(other.db_),
      sql_(other.sql_),
      unprepared_sql_(std::move(other.unprepared_sql_)),
      values_(std::move(other.values_)),
      is_null_(std::move(other.is_null_)),
      result_(other.result_),
      row_(other.row_),
      rows_(other.rows_) {
  other.result_ = nullptr;
}

Query::~Query() {
  if (result_) PQclear(result_);
}

std::string& Query::slot(int index) {
  const auto i = static_cast<std::size_t>(index - 1);
  if (index < 1) throw Error("parameter index " + std::to_string(index) + " is below 1", "", false);
  if (values_.size() <= i) {
    values_.resize(i + 1);
    is_null_.resize(i + 1, 1);  // an unbound parameter is NULL, as on SQLite
  }
  is_null_[i] = 0;
  return values_[i];
}

Query& Query::bind(int index, std::string_view value) {
  slot(index).assign(value);
  return *this;
}

Query& Query::bind_int64(int index, std::int64_t value) {
  slot(index) = std::to_string(value);
  return *this;
}

Query& Query::bind(int index, double value) {
  char buffer[32];
  auto [end, ec] = std::to_chars(buffer, buffer + sizeof buffer, value);  // shortest round trip
  slot(index).assign(buffer, end);
  return *this;
}

Query& Query::bind_null(int index) {
  slot(index);
  is_null_[static_cast<std::size_t>(index - 1)] = 1;
  return *this;
}

void Query::run() {
  db_->ensure_connected();
  std::vector<const char*> params(values_.size());
  for (std::size_t i = 0; i < values_.size(); ++i) params[i] = is_null_[i] ? nullptr : values_[i].c_str();
  PGresult* r = nullptr;
  if (sql_ == nullptr) {
    r = PQexecParams(db_->conn_, unprepared_sql_.c_str(), static_cast<int>(params.size()), nullptr, params.data(),
                     nullptr, nullptr, 0);
  } else {
    const std::string& name = db_->prepared(sql_);
    r = PQexecPrepared(db_->conn_, name.c_str(), static_cast<int>(params.size()), params.data(), nullptr, nullptr,
                       0);
  }
  const auto status = r ? PQresultStatus(r) : PGRES_FATAL_ERROR;
  if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK) db_->fail(r);
  result_ = r;
  rows_ = PQntuples(r);
  row_ = -1;
}

bool Query::step() {
  if (!result_) run();
  if (row_ < rows_) ++row_;
  return row_ < rows_;
}

int Query::exec() {
  if (!result_) run();
  const char* n = PQcmdTuples(result_);
  int changed = 0;
  std::from_chars(n, n + std::char_traits<char>::length(n), changed);
  return changed;
}

const char* Query::value(int column) const {
  if (!result_ || row_ < 0 || row_ >= rows_ || column < 0 || column >= PQnfields(result_)) {
    throw Error("no column " + std::to_string(column) + " in the current row", "", false);
  }
  return PQgetvalue(result_, row_, column);
}

std::string Query::text(int column) const { return std::string(text_view(column)); }

std::string_view Query::text_view(int column) const {
  const char* v = value(column);
  return std::string_view(v, static_cast<std::size_t>(PQgetlength(result_, row_, column)));
}

std::int64_t Query::int64(int column) const {
  const std::string_view v = text_view(column);
  if (v.empty()) return 0;  // NULL reads as 0, as on SQLite
  std::int64_t n = 0;
  auto [end, ec] = std::from_chars(v.data(), v.data() + v.size(), n);
  if (ec != std::errc() || end != v.data() + v.size()) {
    // A boolean column reads as 1/0 (SQLite's integers) for code shared by both backends.
    if (v == "t") return 1;
    if (v == "f") return 0;
    throw Error("column " + std::to_string(column) + " is not a whole number", "", false);
  }
  return n;
}

int Query::columns() const { return result_ ? PQnfields(result_) : 0; }

int Query::integer(int column) const { return static_cast<int>(int64(column)); }

double Query::real(int column) const {
  const std::string_view v = text_view(column);
  if (v.empty()) return 0;
  double d = 0;
  auto [end, ec] = std::from_chars(v.data(), v.data() + v.size(), d);
  if (ec != std::errc() || end != v.data() + v.size()) {
    throw Error("column " + std::to_string(column) + " is not a number", "", false);
  }
  return d;
}

bool Query::null(int column) const {
  value(column);
  return PQgetisnull(result_, row_, column) == 1;
}

}  // namespace hocvuso::pg
