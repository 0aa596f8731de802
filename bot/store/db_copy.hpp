// `hocvuso db copy`: a province's whole SQLite database into PostgreSQL, while the
// service is stopped (issue 18, item 3). The SQLite file is only read; the PostgreSQL
// database is migrated to this binary's schema and filled in one transaction, so it ends
// with every row or none. The serve locks are the caller's (bot/app/db_copy_cli.cpp).
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

namespace hocvuso {

struct DbCopyOptions {
  std::filesystem::path from;  // the SQLite file
  std::string to;              // a libpq URL; may hold a password, so it is never printed
  // The PostgreSQL database may hold hocvuso's data already: empty its tables in the
  // copy's transaction. Without it such a database is refused.
  bool replace = false;
};

struct DbCopyReport {
  struct Table {
    std::string name;
    std::int64_t sqlite = 0;      // rows in the SQLite file
    std::int64_t postgresql = 0;  // rows in PostgreSQL after the copy, before COMMIT
  };
  // A table or column on one side only, and why that is right (nothing is left out
  // silently). what: "job_leases" or "inbox.chat_id".
  struct OneSide {
    std::string what;
    std::string side;  // "SQLite" or "PostgreSQL"
    std::string why;
  };
  std::string target;  // pg::Db::name(): "PostgreSQL database x on host", no password
  int schema_version = 0;          // the SQLite file's (PRAGMA user_version)
  int postgresql_version_before = 0;  // 0: the database had no hocvuso schema
  std::vector<Table> tables;       // every copied table, by name
  std::vector<OneSide> one_side;
  std::vector<std::string> sequences;  // moved past copied values: "outbox.id: next 43" (others start at 1)
  bool committed = false;  // false: a count differed and the transaction was rolled back
};

// Copies, counts and commits when every count matches. A refusal (a missing or
// out-of-date SQLite file, a PostgreSQL database that holds data without `replace`, a
// column whose values would be lost) or a failure throws StoreError before anything is
// committed; the message names the table and column, never a row's values or the URL.
DbCopyReport copy_sqlite_to_postgresql(const DbCopyOptions& options);

}  // namespace hocvuso
