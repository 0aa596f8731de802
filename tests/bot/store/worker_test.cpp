// Tests StoreWorker: call(), group commit with per-job savepoints, stop(), and with several
// stores the order keys and drain() (bot/store/worker.hpp).
#include "bot/store/worker.hpp"

#include <gtest/gtest.h>
#include <sqlite3.h>

#include <SQLiteCpp/SQLiteCpp.h>

#include <atomic>
#include <future>
#include <mutex>
#include <set>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "support/temp_dir.hpp"

namespace hocvuso {
namespace {

using hocvuso::testing::TempDir;

const TimePoint kT0 = TimePoint{} + std::chrono::hours(24 * 365 * 55);

Outgoing text_to(std::string text) { return Outgoing{ChatRef{Channel::console, "u1"}, std::move(text), {}, std::nullopt}; }

std::vector<std::string> pending_texts(const std::filesystem::path& db) {
  Store store(db);
  std::vector<std::string> out;
  for (const auto& item : store.pending(Channel::console, 100)) out.push_back(item.message.text);
  return out;
}

// Blocks the worker thread inside a job until release(), so that jobs submitted
// meanwhile are queued together and run as one batch.
class Gate {
 public:
  void block(StoreWorker& worker) {
    worker.submit(
        [this](Store&) {
          started_.set_value();
          released_.get_future().wait();
        },
        [](std::exception_ptr) {});
    started_.get_future().wait();
  }
  void release() { released_.set_value(); }

 private:
  std::promise<void> started_;
  std::promise<void> released_;
};

TEST(StoreWorker, CallReturnsValues) {
  TempDir tmp;
  StoreWorker worker(std::make_unique<Store>(tmp / "bot.db"));
  EXPECT_EQ(worker.call([](Store& s) { return s.current_version(); }), Store::schema_version());
  const auto id = worker.call([](Store& s) { return s.enqueue(text_to("x"), OutboxPriority::reply, kT0); });
  EXPECT_GT(id, 0);
  EXPECT_EQ(worker.call([](Store& s) { return s.outbox_depth(); }), 1);
  EXPECT_EQ(worker.call([](Store&) { return std::string("text"); }), "text");
  bool ran = false;
  worker.call([&ran](Store&) { ran = true; });
  EXPECT_TRUE(ran);
}

TEST(StoreWorker, CallRunsInsideATransaction) {
  TempDir tmp;
  StoreWorker worker(std::make_unique<Store>(tmp / "bot.db"));
  const int autocommit = worker.call([](Store& s) { return sqlite3_get_autocommit(s.database().getHandle()); });
  EXPECT_EQ(autocommit, 0);
}

TEST(StoreWorker, CallRethrowsTheJobsException) {
  TempDir tmp;
  StoreWorker worker(std::make_unique<Store>(tmp / "bot.db"));
  EXPECT_THROW(worker.call([](Store&) -> int { throw std::logic_error("boom"); }), std::logic_error);
  // The worker is still usable afterwards.
  EXPECT_EQ(worker.call([](Store& s) { return s.outbox_depth(); }), 0);
}

TEST(StoreWorker, FailingJobFailsAloneInItsBatch) {
  TempDir tmp;
  const auto db = tmp / "bot.db";
  std::vector<std::promise<std::exception_ptr>> outcomes(4);
  std::vector<std::future<std::exception_ptr>> futures;
  for (auto& p : outcomes) futures.push_back(p.get_future());
  std::atomic<int> ran{0};
  {
    Gate gate;  // declared first: outlives the worker thread
    StoreWorker worker(std::make_unique<Store>(db));
    gate.block(worker);
    const std::vector<std::string> texts = {"good 1", "bad", "good 2", "good 3"};
    for (std::size_t i = 0; i < texts.size(); ++i) {
      const std::string text = texts[i];
      worker.submit(
          [text, &ran](Store& s) {
            ++ran;
            s.enqueue(text_to(text), OutboxPriority::reply, kT0);
            if (text == "bad") throw std::runtime_error("job failed after writing");
          },
          [&outcomes, i](std::exception_ptr e) { outcomes[i].set_value(e); });
    }
    gate.release();
    for (std::size_t i = 0; i < futures.size(); ++i) {
      std::exception_ptr e = futures[i].get();
      if (texts[i] == "bad") {
        ASSERT_TRUE(e);
        EXPECT_THROW(std::rethrow_exception(e), std::runtime_error);
      } else {
        EXPECT_FALSE(e) << texts[i];
      }
    }
    EXPECT_EQ(ran.load(), 4);
  }
  EXPECT_EQ(pending_texts(db), (std::vector<std::string>{"good 1", "good 2", "good 3"}));
}

TEST(StoreWorker, SubmitAfterStopFails) {
  TempDir tmp;
  StoreWorker worker(std::make_unique<Store>(tmp / "bot.db"));
  worker.stop();
  worker.stop();  // idempotent
  bool ran = false;
  std::exception_ptr outcome;
  bool done = false;
  worker.submit([&ran](Store&) { ran = true; },
                [&](std::exception_ptr e) {
                  done = true;
                  outcome = e;
                });
  EXPECT_TRUE(done);  // at once, on the caller's thread
  EXPECT_FALSE(ran);
  ASSERT_TRUE(outcome);
  EXPECT_THROW(std::rethrow_exception(outcome), StoreError);
  EXPECT_THROW(worker.call([](Store& s) { return s.outbox_depth(); }), StoreError);
}

TEST(StoreWorker, StopRunsAlreadyQueuedJobs) {
  TempDir tmp;
  const auto db = tmp / "bot.db";
  std::atomic<int> done_ok{0};
  {
    Gate gate;  // declared first: outlives the worker thread
    StoreWorker worker(std::make_unique<Store>(db));
    gate.block(worker);
    for (const char* text : {"queued 1", "queued 2"}) {
      worker.submit([text](Store& s) { s.enqueue(text_to(text), OutboxPriority::reply, kT0); },
                    [&done_ok](std::exception_ptr e) {
                      if (!e) ++done_ok;
                    });
    }
    std::thread stopper([&worker] { worker.stop(); });
    // Wait until stop() has taken effect: new submissions are refused from then on.
    for (;;) {
      // Shared: an accepted probe's callback runs later on the worker thread.
      auto refused = std::make_shared<std::atomic<bool>>(false);
      worker.submit([](Store&) {}, [refused](std::exception_ptr e) { *refused = static_cast<bool>(e); });
      if (*refused) break;
      std::this_thread::yield();
    }
    gate.release();
    stopper.join();
    EXPECT_EQ(done_ok.load(), 2);
  }
  EXPECT_EQ(pending_texts(db), (std::vector<std::string>{"queued 1", "queued 2"}));
}

TEST(StoreWorker, DestructorStopsAndCommits) {
  TempDir tmp;
  const auto db = tmp / "bot.db";
  {
    StoreWorker worker(std::make_unique<Store>(db));
    worker.submit([](Store& s) { s.enqueue(text_to("last"), OutboxPriority::reply, kT0); }, [](std::exception_ptr) {});
  }
  EXPECT_EQ(pending_texts(db), (std::vector<std::string>{"last"}));
}


// PRAGMA synchronous as a job sees it: 2 = FULL, 1 = NORMAL.
int synchronous_seen(Store& s) { return s.database().execAndGet("PRAGMA synchronous").getInt(); }

TEST(StoreWorker, DeferredBatchesSkipTheFsyncButAnyFullJobRestoresIt) {
  TempDir tmp;
  StoreWorker worker(std::make_unique<Store>(tmp / "bot.db"));
  std::promise<int> alone;
  worker.submit([&](Store& s) { alone.set_value(synchronous_seen(s)); }, [](std::exception_ptr) {}, Sync::deferred);
  EXPECT_EQ(alone.get_future().get(), 1);

  Gate gate;
  gate.block(worker);
  std::promise<int> mixed;
  worker.submit([&](Store& s) { mixed.set_value(synchronous_seen(s)); }, [](std::exception_ptr) {}, Sync::deferred);
  worker.submit([](Store&) {}, [](std::exception_ptr) {}, Sync::full);
  gate.release();
  EXPECT_EQ(mixed.get_future().get(), 2);
  EXPECT_EQ(worker.call([](Store& s) { return synchronous_seen(s); }), 2);  // call() is full
}


// Several stores (PostgreSQL's store_threads): here one SQLite file each, since only the
// worker's threading is under test.
std::vector<std::unique_ptr<Store>> stores_in(const TempDir& tmp, int n) {
  std::vector<std::unique_ptr<Store>> out;
  for (int i = 0; i < n; ++i) out.push_back(std::make_unique<Store>(tmp / ("bot" + std::to_string(i) + ".db")));
  return out;
}

// What a failed wait means in the tests below: the pool did not run the other key's job
// while this one waited (a generous guard, not a measure of time).
constexpr auto kNeverOnAWorkingPool = std::chrono::seconds(60);

TEST(StoreWorkerPool, JobsOfTwoKeysRunAtOnceOnTheirOwnThreads) {
  TempDir tmp;
  StoreWorker worker(stores_in(tmp, 2));
  ASSERT_EQ(worker.threads(), 2u);
  // Key 0 goes to the first thread and key 1 to the second (key % threads): the first job
  // waits for the second, which could never run if both were on one thread.
  std::promise<void> second_ran;
  auto second = second_ran.get_future();
  std::promise<bool> first_saw;
  auto first = first_saw.get_future();
  worker.submit([&](Store&) { first_saw.set_value(second.wait_for(kNeverOnAWorkingPool) == std::future_status::ready); },
                [](std::exception_ptr) {}, Sync::full, 0);
  worker.submit([&](Store&) { second_ran.set_value(); }, [](std::exception_ptr) {}, Sync::full, 1);
  EXPECT_TRUE(first.get());
}

TEST(StoreWorkerPool, JobsOfOneKeyRunInTheOrderSubmittedOnOneStore) {
  TempDir tmp;
  StoreWorker worker(stores_in(tmp, 3));
  const std::size_t key = StoreWorker::order_key("outbox:telegram");
  EXPECT_NE(key, 0u);
  std::mutex m;
  std::vector<int> order;
  std::set<const Store*> stores;
  for (int i = 0; i < 500; ++i) {
    worker.submit(
        [&, i](Store& s) {
          std::lock_guard lock(m);
          order.push_back(i);
          stores.insert(&s);
        },
        [](std::exception_ptr) {}, i % 2 ? Sync::deferred : Sync::full, key);
  }
  worker.drain();
  std::lock_guard lock(m);
  ASSERT_EQ(order.size(), 500u);
  for (int i = 0; i < 500; ++i) EXPECT_EQ(order[static_cast<std::size_t>(i)], i);
  EXPECT_EQ(stores.size(), 1u);
}

TEST(StoreWorkerPool, DrainWaitsForEveryThreadsQueuedJobsAndTheirOutcomes) {
  TempDir tmp;
  StoreWorker worker(stores_in(tmp, 4));
  std::atomic<int> done{0};
  for (std::size_t key = 0; key < 40; ++key) {
    worker.submit([](Store& s) { s.enqueue(text_to("x"), OutboxPriority::reply, kT0); },
                  [&done](std::exception_ptr e) {
                    if (!e) ++done;
                  },
                  Sync::deferred, key);
  }
  worker.drain();
  EXPECT_EQ(done.load(), 40);  // each outcome reported before drain returned
  int rows = 0;
  for (int i = 0; i < 4; ++i) rows += static_cast<int>(pending_texts(tmp / ("bot" + std::to_string(i) + ".db")).size());
  EXPECT_EQ(rows, 40);
}

TEST(StoreWorkerPool, StopRunsWhatEveryThreadHasQueued) {
  TempDir tmp;
  int rows = 0;
  {
    StoreWorker worker(stores_in(tmp, 2));
    for (std::size_t key = 0; key < 20; ++key) {
      worker.submit([](Store& s) { s.enqueue(text_to("y"), OutboxPriority::reply, kT0); }, [](std::exception_ptr) {},
                    Sync::full, key);
    }
    worker.stop();
    std::atomic<bool> failed{false};
    worker.submit([](Store&) {}, [&failed](std::exception_ptr e) { failed = e != nullptr; }, Sync::full, 1);
    EXPECT_TRUE(failed.load());
  }
  for (int i = 0; i < 2; ++i) rows += static_cast<int>(pending_texts(tmp / ("bot" + std::to_string(i) + ".db")).size());
  EXPECT_EQ(rows, 20);
}

}  // namespace
}  // namespace hocvuso
