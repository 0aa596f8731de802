// store_unavailable on SQLite: sqlite::Db and the store throw SQLite::Exception.
#include "bot/store/store_unavailable.hpp"

#include <SQLiteCpp/Exception.h>
#include <sqlite3.h>

#include <string>

namespace hocvuso {

bool store_unavailable(const std::exception& e) {
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
  const auto& s = static_cast<const SQLite::Exception&>(e);
  return Problem{"store_unavailable", std::string("the database cannot take this now (") +
                                          sqlite3_errstr(s.getErrorCode()) + "); retry later"};
}

}  // namespace hocvuso
