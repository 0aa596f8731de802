// store_unavailable on both backends: sqlite::Db and the store throw SQLite::Exception,
// pg::Db throws pg::Error (a lost connection, a lost serialization race: pg_error.cpp).
#include "bot/store/store_unavailable.hpp"

#include <SQLiteCpp/Exception.h>
#include <sqlite3.h>

#include <string>

#include "bot/store/pg_error.hpp"

namespace hocvuso {

bool store_unavailable(const std::exception& e) {
  if (const auto* p = dynamic_cast<const pg::Error*>(&e)) return p->unavailable();
  const auto* s = dynamic_cast<const SQLite::Exception*>(&e);
  if (s == nullptr) return false;
  switch (s->getErrorCode() & 0xff) {
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
    case SQLITE_NOMEM:
    case SQLITE_READONLY:
    case SQLITE_INTERRUPT:
    case SQLITE_IOERR:
    case SQLITE_CORRUPT:
    case SQLITE_FULL:
    case SQLITE_CANTOPEN:
    case SQLITE_PROTOCOL:
    case SQLITE_NOTADB:
      return true;
    default:
      return false;
  }
}

std::optional<Problem> store_problem(const std::exception& e) {
  if (!store_unavailable(e)) return std::nullopt;
  if (const auto* p = dynamic_cast<const pg::Error*>(&e)) {
    return Problem{"store_unavailable", "the database cannot take this now (" + std::string(p->kind()) + "); retry later"};
  }
  const auto& s = static_cast<const SQLite::Exception&>(e);
  return Problem{"store_unavailable", std::string("the database cannot take this now (") +
                                          sqlite3_errstr(s.getErrorCode()) + "); retry later"};
}

}  // namespace hocvuso
