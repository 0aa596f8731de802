// Migrations on PostgreSQL: run once per database, however many nodes start at once.
#pragma once

#include <vector>

#include "bot/store/migrations.hpp"
#include "bot/store/pg_db.hpp"

namespace hocvuso::pg {

// The newest version applied to `db`; 0 for a fresh database.
int schema_version(Db& db);

// Brings `db` to the last version of `list` (default: pg_migrations()). Under a
// session advisory lock, so nodes starting together wait for the first one and then
// find nothing left to do; each version in its own transaction with its row in
// schema_migrations, so a crash leaves a whole number of versions. A database newer
// than `list` is refused with StoreError (the SQLite wording) before anything changes.
// Returns the version the database had.
int migrate(Db& db, const std::vector<Migration>& list);
int migrate(Db& db);

}  // namespace hocvuso::pg
