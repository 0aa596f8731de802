// One-row transactions on a fresh SQLite file, timed one by one.
#include "bench/disk_probe.hpp"

#include <SQLiteCpp/SQLiteCpp.h>

#include <algorithm>
#include <chrono>
#include <vector>

namespace hocvuso::bench {

DiskProbe probe_durable_commit(const std::filesystem::path& dir, int commits) {
  const auto file = dir / "disk-probe.db";
  std::vector<double> ms;
  {
    SQLite::Database db(file.string(), SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
    db.exec("PRAGMA journal_mode=WAL");
    db.exec("PRAGMA synchronous=FULL");
    db.exec("CREATE TABLE t (x INTEGER)");
    SQLite::Statement insert(db, "INSERT INTO t VALUES (?)");
    for (int i = 0; i < commits; ++i) {
      const auto start = std::chrono::steady_clock::now();
      SQLite::Transaction tx(db);
      insert.bind(1, i);
      insert.exec();
      insert.reset();
      tx.commit();
      ms.push_back(std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count());
    }
  }
  for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(file.string() + suffix);
  std::sort(ms.begin(), ms.end());
  return {ms[ms.size() / 2], ms[ms.size() * 9 / 10]};
}

}  // namespace hocvuso::bench
