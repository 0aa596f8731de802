// Makes a SQLite database's write-ahead log durable on a thread of its own, so that the
// store thread goes on with the next batch while the disk flushes the last one.
//
// Why: an acknowledged update must be on disk, so every batch with a webhook's record in
// it waited for an fsync (synchronous=FULL) on the store thread: about 1.4 ms a commit on
// this project's machine, half the store thread's time under load (bench/README.md).
// The worker now commits every batch with synchronous=NORMAL, which writes the WAL
// without flushing it, and hands the outcomes that need durability here; they are
// reported once an fdatasync that began after their commit has returned. One flush covers
// every commit written before it began (group commit across batches).
//
// Why this is as safe as FULL: fdatasync flushes the file's data whoever wrote it, so the
// commit frames SQLite wrote are on disk before anyone hears of them. Under NORMAL, SQLite
// still syncs the WAL before a checkpoint copies it and the database after, before the
// WAL is reused (sqlite.org/pragma.html#pragma_synchronous), so a reset WAL never held the
// only copy of something acknowledged. A power loss can lose only commits that nobody was
// told about yet, which the platforms send again.
//
// A failed flush fails every outcome waiting on it, and every one after: once the kernel
// has reported a write-back error, pages it could not write may be marked clean, and a
// later flush that succeeds says nothing about them (PostgreSQL's fsync lesson, 2018).
// The service then answers webhooks with an error until it is restarted and SQLite
// recovers the WAL from the disk.
#pragma once

#include <condition_variable>
#include <exception>
#include <filesystem>
#include <functional>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace hocvuso {

class WalSync {
 public:
  using Done = std::function<void(std::exception_ptr)>;
  // Flushes one file; returns 0 or an errno. Tests put a failing one in.
  using Flush = std::function<int(const std::filesystem::path&)>;

  // `idle`: called (on the flush thread) whenever nothing is left waiting, for the worker's drain().
  WalSync(std::filesystem::path wal_file, std::function<void()> idle, Flush flush = fdatasync_file);
  // Flushes and reports whatever is still waiting, then ends the thread.
  ~WalSync();
  WalSync(const WalSync&) = delete;
  WalSync& operator=(const WalSync&) = delete;

  struct Outcome {
    Done done;
    std::exception_ptr error;  // the job's or the batch's; reported as it is
    bool needs_flush = false;  // a full job that committed: reported after a flush
  };
  // Reports `outcomes` in order, and after every outcome handed over before (a sender
  // that reads its queue in one job and marks a message sent in the next must hear of
  // them in that order). Those that need a flush are reported once everything written
  // to the WAL before this call is on disk, or with the flush's error. When nothing waits
  // and none needs a flush, they are reported at once, on the caller's thread.
  void report(std::vector<Outcome> outcomes);

  bool idle() const;

  // open + fdatasync + close of the file: the flush of the data of the file, whichever
  // descriptor wrote it. A file that does not exist (yet) has nothing to flush.
  static int fdatasync_file(const std::filesystem::path& file);

 private:
  void run();

  const std::filesystem::path wal_file_;
  const std::function<void()> on_idle_;
  const Flush flush_;
  mutable std::mutex mutex_;
  std::condition_variable wake_;
  std::vector<Outcome> waiting_;
  bool flushing_ = false;
  bool stopping_ = false;
  std::string failure_;  // sticky: the first flush error
  std::thread thread_;
};

}  // namespace hocvuso
