// sqlite::Db and sqlite::Query on SQLite's C API, with the connection SQLiteCpp
// opened (see the header for why they exist). Errors throw SQLite::Exception, as
// SQLiteCpp does, so the store's callers tell a busy database from a bug the same way.
#include "bot/store/sqlite_db.hpp"

#include <SQLiteCpp/SQLiteCpp.h>
#include <sqlite3.h>

#include <chrono>
#include <unordered_map>

namespace hocvuso::sqlite {

std::int64_t millis(TimePoint t) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(t.time_since_epoch()).count();
}

TimePoint from_millis(std::int64_t ms) { return TimePoint(std::chrono::milliseconds(ms)); }

struct Db::Cache {
  struct Slot {
    sqlite3_stmt* statement = nullptr;
    bool in_use = false;
  };
  std::unordered_map<const char*, Slot> slots;
  ~Cache() {
    for (auto& [sql, slot] : slots) sqlite3_finalize(slot.statement);
  }
};

namespace {

sqlite3_stmt* prepare(SQLite::Database& db, const char* sql) {
  sqlite3_stmt* s = nullptr;
  const int rc = sqlite3_prepare_v3(db.getHandle(), sql, -1, SQLITE_PREPARE_PERSISTENT, &s, nullptr);
  if (rc != SQLITE_OK) {
    sqlite3_finalize(s);
    throw SQLite::Exception(db.getHandle(), rc);
  }
  return s;
}

}  // namespace

Db::Db(SQLite::Database& db) : db_(db), cache_(std::make_unique<Cache>()) {}
Db::~Db() = default;

Query Db::query(const char* sql) {
  auto& slot = cache_->slots[sql];
  if (slot.in_use) return Query(prepare(db_, sql), nullptr);
  if (!slot.statement) slot.statement = prepare(db_, sql);
  slot.in_use = true;
  return Query(slot.statement, &slot.in_use);
}

void Db::run(std::string_view script) { db_.exec(std::string(script)); }

std::int64_t Db::last_insert_id() const { return db_.getLastInsertRowid(); }

Query::Query(sqlite3_stmt* statement, bool* in_use) : s_(statement), in_use_(in_use) {}

Query::Query(Query&& other) noexcept : s_(other.s_), in_use_(other.in_use_) {
  other.s_ = nullptr;
  other.in_use_ = nullptr;
}

Query::~Query() {
  if (!s_) return;
  if (!in_use_) {
    sqlite3_finalize(s_);
    return;
  }
  sqlite3_reset(s_);
  sqlite3_clear_bindings(s_);
  *in_use_ = false;
}

void Query::check(int rc) const {
  if (rc != SQLITE_OK) throw SQLite::Exception(sqlite3_db_handle(s_), rc);
}

Query& Query::bind(int index, std::string_view value) {
  check(sqlite3_bind_text64(s_, index, value.data(), value.size(), SQLITE_TRANSIENT, SQLITE_UTF8));
  return *this;
}
Query& Query::bind_int64(int index, std::int64_t value) {
  check(sqlite3_bind_int64(s_, index, value));
  return *this;
}
Query& Query::bind(int index, double value) {
  check(sqlite3_bind_double(s_, index, value));
  return *this;
}
Query& Query::bind_null(int index) {
  check(sqlite3_bind_null(s_, index));
  return *this;
}

bool Query::step() {
  const int rc = sqlite3_step(s_);
  if (rc == SQLITE_ROW) return true;
  if (rc == SQLITE_DONE) return false;
  throw SQLite::Exception(sqlite3_db_handle(s_), rc);
}

int Query::exec() {
  while (step()) {
  }
  return sqlite3_changes(sqlite3_db_handle(s_));
}

std::string Query::text(int column) const {
  const auto* p = reinterpret_cast<const char*>(sqlite3_column_text(s_, column));
  return p ? std::string(p, static_cast<std::size_t>(sqlite3_column_bytes(s_, column))) : std::string();
}
std::string_view Query::text_view(int column) const {
  const auto* p = reinterpret_cast<const char*>(sqlite3_column_text(s_, column));
  return p ? std::string_view(p, static_cast<std::size_t>(sqlite3_column_bytes(s_, column))) : std::string_view();
}
std::int64_t Query::int64(int column) const { return sqlite3_column_int64(s_, column); }
int Query::integer(int column) const { return sqlite3_column_int(s_, column); }
double Query::real(int column) const { return sqlite3_column_double(s_, column); }
bool Query::null(int column) const { return sqlite3_column_type(s_, column) == SQLITE_NULL; }

}  // namespace hocvuso::sqlite
