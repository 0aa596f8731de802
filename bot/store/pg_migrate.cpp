#include "bot/store/pg_migrate.hpp"

#include <chrono>

#include "bot/store/pg_lock_spaces.hpp"
#include "bot/store/store.hpp"

namespace hocvuso::pg {

namespace {

class AdvisoryLock {
 public:
  explicit AdvisoryLock(Db& db) : db_(db) { db_.query("SELECT pg_advisory_lock($1)").bind(1, kMigrationLock).exec(); }
  ~AdvisoryLock() {
    try {
      db_.query("SELECT pg_advisory_unlock($1)").bind(1, kMigrationLock).exec();
    } catch (const Error&) {
      // The connection is gone, and the server released the session's lock with it.
    }
  }
  AdvisoryLock(const AdvisoryLock&) = delete;
  AdvisoryLock& operator=(const AdvisoryLock&) = delete;

 private:
  Db& db_;
};

}  // namespace

int schema_version(Db& db) {
  auto exists = db.query("SELECT to_regclass('schema_migrations') IS NOT NULL");
  if (!exists.step() || exists.int64(0) == 0) return 0;
  auto q = db.query("SELECT coalesce(max(version), 0) FROM schema_migrations");
  q.step();
  return q.integer(0);
}

int migrate(Db& db, const std::vector<Migration>& list) {
  const int known = list.empty() ? 0 : list.back().version;
  AdvisoryLock lock(db);
  const int have = schema_version(db);
  if (have > known) throw StoreError(newer_schema_message(db.name(), have, known));
  db.run(
      "CREATE TABLE IF NOT EXISTS schema_migrations ("
      " version INTEGER PRIMARY KEY, description TEXT NOT NULL, applied_at BIGINT NOT NULL)");
  for (const auto& m : list) {
    if (m.version <= have) continue;
    Transaction tx(db);
    db.run(m.sql);
    db.query("INSERT INTO schema_migrations (version, description, applied_at) VALUES ($1, $2, $3)")
        .bind_all(m.version, m.description, std::chrono::system_clock::now())
        .exec();
    tx.commit();
  }
  return have;
}

int migrate(Db& db) { return migrate(db, pg_migrations()); }

}  // namespace hocvuso::pg
