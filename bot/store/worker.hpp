// The one thread that owns the Store. Jobs queue here from any thread; the worker
// runs whatever has queued up inside one transaction (group commit), and reports
// each job's outcome only after that transaction is on disk.
#pragma once

#include <condition_variable>
#include <deque>
#include <exception>
#include <functional>
#include <future>
#include <memory>
#include <mutex>
#include <thread>
#include <type_traits>

#include "bot/store/store.hpp"

namespace hocvuso {

// How durable a job's commit must be before its outcome is reported.
// full: fsync'd (synchronous=FULL) — for whatever is acknowledged to someone outside
//   (a webhook's 200, a polling offset, a token pair, an API's 202).
// deferred: written to the WAL without its own fsync (synchronous=NORMAL) — for the
//   service's own bookkeeping (processing results, delivery marks). It survives a
//   crash of the process; after a power loss it can be lost only back to the last
//   full commit, which at worst repeats work (an update processed again, a message
//   sent again), never loses an acknowledged update. A batch with any full job is full.
enum class Sync { full, deferred };

class StoreWorker {
 public:
  using Job = std::function<void(Store&)>;
  // Called on the worker thread once the job's transaction committed (null) or
  // failed (the exception). Must be quick: post elsewhere for real work.
  using Done = std::function<void(std::exception_ptr)>;

  static constexpr std::size_t kMaxBatch = 256;

  explicit StoreWorker(std::unique_ptr<Store> store);
  ~StoreWorker();
  StoreWorker(const StoreWorker&) = delete;
  StoreWorker& operator=(const StoreWorker&) = delete;

  // After stop() a submitted job fails at once with StoreError.
  void submit(Job job, Done done, Sync sync = Sync::full);

  // Runs the jobs already queued, then ends the thread. Idempotent.
  void stop();

  // Blocking call for command-line tools and tests; never from a network thread.
  template <class F>
  auto call(F f) -> std::invoke_result_t<F, Store&> {
    using R = std::invoke_result_t<F, Store&>;
    auto promise = std::make_shared<std::promise<R>>();
    auto result = std::make_shared<std::conditional_t<std::is_void_v<R>, bool, std::optional<R>>>();
    submit(
        [f = std::move(f), result](Store& s) mutable {
          if constexpr (std::is_void_v<R>) {
            f(s);
          } else {
            result->emplace(f(s));
          }
        },
        [promise, result](std::exception_ptr e) {
          if (e) {
            promise->set_exception(e);
          } else if constexpr (std::is_void_v<R>) {
            promise->set_value();
          } else {
            promise->set_value(std::move(**result));
          }
        });
    return promise->get_future().get();
  }

 private:
  struct Item {
    Job job;
    Done done;
    Sync sync = Sync::full;
  };
  void run();
  void run_batch(std::deque<Item>& batch);

  std::unique_ptr<Store> store_;
  std::mutex mutex_;
  std::condition_variable wake_;
  std::deque<Item> queue_;
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace hocvuso
