// One `hocvuso serve` per database. Two would both send the outbox: each sender lane
// reads the same pending rows, and a row read by one just before the other marked it
// sent goes out twice (issue 13 item 5: repeats about a second apart after a restart
// that left the old process running). The lock is an flock on "<db>.serve-lock", held
// while the service lives; the kernel drops it when the process dies, even by kill -9.
// CLI commands do not take it: they may run beside a live service.
#pragma once

#include <filesystem>

namespace hocvuso {

class ServeLock {
 public:
  // Throws StoreError naming the process that holds it.
  explicit ServeLock(const std::filesystem::path& db);
  ~ServeLock();
  ServeLock(const ServeLock&) = delete;
  ServeLock& operator=(const ServeLock&) = delete;

 private:
  int fd_ = -1;
};

}  // namespace hocvuso
