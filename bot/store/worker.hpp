// The store threads. Each owns one Store (one connection): SQLite has one thread, its
// single writer; PostgreSQL has `store_threads` of them, since the server takes several
// writers at once. Jobs queue here from any thread; a store thread runs whatever has
// queued up for it inside one transaction (group commit), and reports each job's outcome
// only after that transaction is on disk.
//
// Order: jobs submitted with the same order key run one after another, in the order
// submitted, on one thread. Key 0, the default, is every job that names none, so those
// keep the order they had when there was one thread; the hot paths name their own key
// (a webhook's chat, a channel's inbox, a channel's sending lane) and spread over the
// threads (a key's thread is key % threads, so two keys may share one). Jobs of different
// keys may run at once: what they share in memory is locked or atomic (the content, the
// parse cache, the metrics), and the database's locks keep the rest correct, as they keep
// several nodes correct.
#pragma once

#include <condition_variable>
#include <deque>
#include <exception>
#include <functional>
#include <future>
#include <memory>
#include <mutex>
#include <thread>
#include <string_view>
#include <type_traits>
#include <vector>

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
  // One thread per store; all of them open on one database, as one node.
  explicit StoreWorker(std::vector<std::unique_ptr<Store>> stores);
  ~StoreWorker();
  StoreWorker(const StoreWorker&) = delete;
  StoreWorker& operator=(const StoreWorker&) = delete;

  // After stop() a submitted job fails at once with StoreError.
  void submit(Job job, Done done, Sync sync = Sync::full, std::size_t order_key = 0);

  // An order key for a name ("inbox:telegram"); never 0, the key of the jobs that name none.
  static std::size_t order_key(std::string_view name);

  std::size_t threads() const { return lines_.size(); }

  // Blocks until every job queued so far on every thread has run. For shutdown: a last
  // job that must come after all the others (with several threads, a job on key 0 can
  // otherwise run before one queued earlier on another key). Never from a network thread.
  void drain();

  // Runs the jobs already queued, then ends the threads. Idempotent.
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
  struct Line {
    std::unique_ptr<Store> store;
    std::deque<Item> queue;
    std::condition_variable wake;
    bool busy = false;  // running a batch taken off the queue
    std::thread thread;
  };
  void run(Line& line);
  static void run_batch(Store& store, std::deque<Item>& batch);

  std::vector<std::unique_ptr<Line>> lines_;
  std::mutex mutex_;
  std::condition_variable idle_;  // a line ran out of work (drain)
  bool stopping_ = false;
};

}  // namespace hocvuso
