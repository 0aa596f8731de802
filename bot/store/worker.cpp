// Group commit on the store thread.
#include "bot/store/worker.hpp"

#include <algorithm>
#include <functional>
#include <stdexcept>
#include <vector>

namespace hocvuso {

namespace {

std::vector<std::unique_ptr<Store>> just(std::unique_ptr<Store> store) {
  std::vector<std::unique_ptr<Store>> one;
  one.push_back(std::move(store));
  return one;
}

}  // namespace

StoreWorker::StoreWorker(std::unique_ptr<Store> store) : StoreWorker(just(std::move(store))) {}

StoreWorker::StoreWorker(std::vector<std::unique_ptr<Store>> stores) {
  if (stores.empty()) throw std::invalid_argument("a StoreWorker needs a store");
  for (auto& store : stores) {
    auto line = std::make_unique<Line>();
    line->store = std::move(store);
    lines_.push_back(std::move(line));
  }
  // Started once every line exists: a thread only ever touches its own line, and
  // lines_ never changes after this.
  for (auto& line : lines_) line->thread = std::thread([this, l = line.get()] { run(*l); });
}

StoreWorker::~StoreWorker() { stop(); }

std::size_t StoreWorker::order_key(std::string_view name) {
  const std::size_t h = std::hash<std::string_view>{}(name);
  return h == 0 ? 1 : h;
}

void StoreWorker::submit(Job job, Done done, Sync sync, std::size_t order_key) {
  {
    std::lock_guard lock(mutex_);
    if (!stopping_) {
      Line& line = *lines_[order_key % lines_.size()];
      line.queue.push_back({std::move(job), std::move(done), sync});
      line.wake.notify_one();
      return;
    }
  }
  done(std::make_exception_ptr(StoreError("store is shut down")));
}

void StoreWorker::drain() {
  std::unique_lock lock(mutex_);
  idle_.wait(lock, [this] {
    return std::all_of(lines_.begin(), lines_.end(), [](const auto& l) { return l->queue.empty() && !l->busy; });
  });
}

void StoreWorker::stop() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
    for (auto& line : lines_) line->wake.notify_one();
  }
  for (auto& line : lines_) {
    if (line->thread.joinable()) line->thread.join();
  }
}

void StoreWorker::run(Line& line) {
  for (;;) {
    std::deque<Item> batch;
    {
      std::unique_lock lock(mutex_);
      line.busy = false;
      if (line.queue.empty()) idle_.notify_all();
      line.wake.wait(lock, [this, &line] { return stopping_ || !line.queue.empty(); });
      if (line.queue.empty()) return;  // stopping, and everything before it has run
      while (!line.queue.empty() && batch.size() < kMaxBatch) {
        batch.push_back(std::move(line.queue.front()));
        line.queue.pop_front();
      }
      line.busy = true;
    }
    run_batch(*line.store, batch);
  }
}

void StoreWorker::run_batch(Store& store, std::deque<Item>& batch) {
  std::vector<std::exception_ptr> outcome(batch.size());
  std::exception_ptr batch_error;
  try {
    const bool full = std::any_of(batch.begin(), batch.end(), [](const Item& i) { return i.sync == Sync::full; });
    store.set_full_sync(full);
    store.begin();
    for (std::size_t i = 0; i < batch.size(); ++i) {
      store.savepoint();
      try {
        batch[i].job(store);
        store.release_savepoint();
      } catch (...) {
        outcome[i] = std::current_exception();
        try {
          store.rollback_savepoint();
        } catch (...) {
          // SQLite rolled the whole transaction back itself (a full disk, an I/O error):
          // the batch fails with the job's error, which says what happened, rather
          // than with "no such savepoint".
          std::rethrow_exception(outcome[i]);
        }
      }
    }
    store.commit();
  } catch (...) {
    // BEGIN or COMMIT failed (disk full, I/O error): nothing of the batch is durable.
    batch_error = std::current_exception();
    try {
      store.rollback();
    } catch (...) {
    }
  }
  for (std::size_t i = 0; i < batch.size(); ++i) {
    batch[i].done(batch_error ? batch_error : outcome[i]);
  }
}

}  // namespace hocvuso
