// One `hocvuso serve` per database. Two would both send the outbox: each sender lane
// reads the same pending rows, and a row read by one just before the other marked it
// sent goes out twice (issue 13 item 5: repeats about a second apart after a restart
// that left the old process running). The lock is an flock on "<db>.serve-lock", held
// while the service lives; the kernel drops it when the process dies, even by kill -9.
// CLI commands do not take it: they may run beside a live service.
// On PostgreSQL (database_url) several nodes serve one database (issue 18): the outbox
// rows, the rate slots, the timed jobs and each chat's updates are claimed in the
// database (pg_core_store.hpp, shared_limits.hpp, cluster_jobs.hpp, inbox_queue.hpp).
// Each node holds a *shared* session advisory lock while it lives, and `hocvuso db copy`
// takes the same lock *alone* (exclusive): a copy never runs beside a serving node, and
// no node starts during a copy. The server drops a session lock when its connection ends.
#pragma once

#include <filesystem>
#include <memory>
#include <string>

namespace hocvuso {

namespace pg {
class Db;
}

class ServeLock {
 public:
  // Throws StoreError naming the process that holds it.
  explicit ServeLock(const std::filesystem::path& db);
  // Who holds a PostgreSQL database's lock: a serving node, beside other nodes, or
  // `hocvuso db copy`, alone.
  enum class Holder { node, alone };
  // An empty `database_url` locks the SQLite file `db` (one holder, either way);
  // otherwise the PostgreSQL database.
  ServeLock(const std::filesystem::path& db, const std::string& database_url, Holder holder = Holder::node);
  ~ServeLock();
  ServeLock(const ServeLock&) = delete;
  ServeLock& operator=(const ServeLock&) = delete;

 private:
  void lock_file(const std::filesystem::path& db);
  void lock_database(const std::string& url, Holder holder);

  int fd_ = -1;
  std::unique_ptr<pg::Db> pg_;  // the connection holding the PostgreSQL lock
};

}  // namespace hocvuso
