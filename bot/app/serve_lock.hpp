// One `hocvuso serve` per database. Two would both send the outbox: each sender lane
// reads the same pending rows, and a row read by one just before the other marked it
// sent goes out twice (issue 13 item 5: repeats about a second apart after a restart
// that left the old process running). The lock is an flock on "<db>.serve-lock", held
// while the service lives; the kernel drops it when the process dies, even by kill -9.
// CLI commands do not take it: they may run beside a live service.
// On PostgreSQL (database_url) the same rule holds for the whole database, whichever
// machine a node runs on: the lock is a session advisory lock on a connection of its own,
// held while the service lives (the server drops it when the connection ends). It goes
// when the timed jobs and the rate limits are shared across nodes (issue 18, item 2);
// until then a second node would send each reminder again.
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
  // An empty `database_url` locks the SQLite file `db`; otherwise the PostgreSQL database.
  ServeLock(const std::filesystem::path& db, const std::string& database_url);
  ~ServeLock();
  ServeLock(const ServeLock&) = delete;
  ServeLock& operator=(const ServeLock&) = delete;

 private:
  void lock_file(const std::filesystem::path& db);
  void lock_database(const std::string& url);

  int fd_ = -1;
  std::unique_ptr<pg::Db> pg_;  // the connection holding the PostgreSQL lock
};

}  // namespace hocvuso
