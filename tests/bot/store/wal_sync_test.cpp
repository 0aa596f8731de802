// WalSync (bot/store/wal_sync.hpp): an outcome is reported only after a flush that began
// after it was handed over, never by a flush already under way; a failed flush fails
// what waits on it and everything after; nothing waiting is dropped at shutdown.
#include "bot/store/wal_sync.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <cerrno>
#include <fstream>
#include <future>
#include <mutex>
#include <vector>

#include "bot/store/store.hpp"
#include "support/temp_dir.hpp"

namespace hocvuso {
namespace {

using hocvuso::testing::TempDir;

// A flush that waits for the test's word, and counts.
class HeldFlush {
 public:
  int operator()(const std::filesystem::path&) {
    std::unique_lock lock(mutex_);
    ++started_;
    changed_.notify_all();
    changed_.wait(lock, [this] { return released_ >= started_; });
    return result_;
  }
  void wait_started(int n) {
    std::unique_lock lock(mutex_);
    changed_.wait(lock, [&] { return started_ >= n; });
  }
  void release_one() {
    std::lock_guard lock(mutex_);
    ++released_;
    changed_.notify_all();
  }
  void fail_with(int errno_value) {
    std::lock_guard lock(mutex_);
    result_ = errno_value;
  }
  int started() {
    std::lock_guard lock(mutex_);
    return started_;
  }

 private:
  std::mutex mutex_;
  std::condition_variable changed_;
  int started_ = 0;
  int released_ = 0;
  int result_ = 0;
};

struct Outcome {
  std::promise<std::exception_ptr> promise;
  std::shared_future<std::exception_ptr> future = promise.get_future().share();
  WalSync::Done done() {
    return [this](std::exception_ptr e) { promise.set_value(e); };
  }
  bool reported() const { return future.wait_for(std::chrono::seconds(0)) == std::future_status::ready; }
};

// Outcomes of full jobs (a flush first) or of deferred ones.
std::vector<WalSync::Outcome> full(std::initializer_list<Outcome*> os) {
  std::vector<WalSync::Outcome> out;
  for (Outcome* o : os) out.push_back({o->done(), nullptr, true});
  return out;
}
std::vector<WalSync::Outcome> deferred(std::initializer_list<Outcome*> os) {
  std::vector<WalSync::Outcome> out;
  for (Outcome* o : os) out.push_back({o->done(), nullptr, false});
  return out;
}

TEST(WalSync, ReportsOnlyAfterAFlushThatBeganAfterTheHandover) {
  HeldFlush flush;
  WalSync sync("unused-wal", {}, [&](const std::filesystem::path& f) { return flush(f); });
  Outcome a, b;
  sync.report(full({&a}));
  flush.wait_started(1);
  sync.report(full({&b}));  // committed while the first flush runs: that flush does not cover it
  EXPECT_FALSE(a.reported());
  flush.release_one();
  EXPECT_EQ(a.future.get(), nullptr);
  flush.wait_started(2);
  EXPECT_FALSE(b.reported());
  flush.release_one();
  EXPECT_EQ(b.future.get(), nullptr);
  EXPECT_EQ(flush.started(), 2);
}

TEST(WalSync, OneFlushCoversEverythingHandedOverBeforeItBegan) {
  HeldFlush flush;
  WalSync sync("unused-wal", {}, [&](const std::filesystem::path& f) { return flush(f); });
  Outcome first, a, b, c;
  sync.report(full({&first}));
  flush.wait_started(1);
  sync.report(full({&a, &b}));
  sync.report(full({&c}));
  flush.release_one();
  flush.wait_started(2);
  flush.release_one();
  for (Outcome* o : {&a, &b, &c}) EXPECT_EQ(o->future.get(), nullptr);
  EXPECT_EQ(flush.started(), 2);
}

// The sender reads its queue in one job and marks a message sent in the next: heard of
// out of order, the read would hand it a message already sent.
TEST(WalSync, ReportsInTheOrderHandedOverWhateverNeedsAFlush) {
  HeldFlush flush;
  WalSync sync("unused-wal", {}, [&](const std::filesystem::path& f) { return flush(f); });
  std::mutex mutex;
  std::vector<int> order;
  const auto note = [&](int n) {
    return [&, n](std::exception_ptr) {
      std::lock_guard lock(mutex);
      order.push_back(n);
    };
  };
  std::promise<void> last;
  sync.report({{note(1), nullptr, true}});
  flush.wait_started(1);
  sync.report({{note(2), nullptr, false}, {note(3), nullptr, false}});  // waits behind 1
  sync.report({{[&](std::exception_ptr) {
                  note(4)(nullptr);
                  last.set_value();
                },
                nullptr, false}});
  flush.release_one();
  last.get_future().wait();
  EXPECT_EQ(order, (std::vector<int>{1, 2, 3, 4}));
  EXPECT_EQ(flush.started(), 1);  // the deferred ones needed no flush of their own
}

TEST(WalSync, NothingWaitingAndNoFlushNeededIsReportedAtOnceOnTheCallersThread) {
  WalSync sync("unused-wal", {}, [](const std::filesystem::path&) { return 0; });
  std::thread::id reported_on;
  sync.report({{[&](std::exception_ptr) { reported_on = std::this_thread::get_id(); }, nullptr, false}});
  EXPECT_EQ(reported_on, std::this_thread::get_id());
}

std::string message_of(std::exception_ptr e) {
  try {
    std::rethrow_exception(e);
  } catch (const StoreError& err) {
    return err.what();
  } catch (...) {
    return "not a StoreError";
  }
}

// After a failed flush the kernel may have dropped pages it could not write: a later
// flush that succeeds proves nothing about them, so nothing is acknowledged any more.
TEST(WalSync, AFailedFlushFailsItsOutcomesAndEveryLaterOne) {
  HeldFlush flush;
  flush.fail_with(EIO);
  WalSync sync(std::filesystem::path("/data/bot.db-wal"), {}, [&](const std::filesystem::path& f) { return flush(f); });
  Outcome a, b;
  sync.report(full({&a}));
  flush.wait_started(1);
  flush.release_one();
  const std::string first = message_of(a.future.get());
  EXPECT_NE(first.find("cannot flush /data/bot.db-wal to disk"), std::string::npos) << first;
  EXPECT_NE(first.find("until the service is restarted"), std::string::npos) << first;
  flush.fail_with(0);
  Outcome c;
  sync.report(full({&b}));
  sync.report(deferred({&c}));
  EXPECT_EQ(message_of(b.future.get()), first);
  EXPECT_EQ(c.future.get(), nullptr);  // bookkeeping promised no flush, and its commit stands
  EXPECT_EQ(flush.started(), 1);  // not flushed again: its success would mean nothing
}

TEST(WalSync, ShutdownFlushesAndReportsWhatWaits) {
  std::atomic<int> flushes = 0, idles = 0;
  Outcome a;
  {
    WalSync sync("unused-wal", [&] { ++idles; }, [&](const std::filesystem::path&) { return ++flushes, 0; });
    sync.report(full({&a}));
  }
  EXPECT_EQ(a.future.get(), nullptr);
  EXPECT_GE(flushes.load(), 1);
}

TEST(WalSync, FlushesARealFileAndAnAbsentOne) {
  TempDir tmp;
  std::ofstream(tmp / "x-wal") << "frames";
  EXPECT_EQ(WalSync::fdatasync_file(tmp / "x-wal"), 0);
  EXPECT_EQ(WalSync::fdatasync_file(tmp / "never-written-wal"), 0);
  EXPECT_EQ(WalSync::fdatasync_file(tmp / "no-such-dir/x-wal"), 0);
}

TEST(WalSync, TheStoreNamesItsWalFile) {
  TempDir tmp;
  Store store(tmp / "bot.db");
  ASSERT_TRUE(store.wal_file().has_value());
  EXPECT_EQ(store.wal_file()->filename(), "bot.db-wal");
  EXPECT_EQ(std::filesystem::canonical(store.wal_file()->parent_path()), std::filesystem::canonical(tmp.path()));
}

}  // namespace
}  // namespace hocvuso
