// Group commit on the store thread.
#include "bot/store/worker.hpp"

#include <algorithm>
#include <vector>

namespace hocvuso {

StoreWorker::StoreWorker(std::unique_ptr<Store> store) : store_(std::move(store)) {
  thread_ = std::thread([this] { run(); });
}

StoreWorker::~StoreWorker() { stop(); }

void StoreWorker::submit(Job job, Done done, Sync sync) {
  {
    std::lock_guard lock(mutex_);
    if (!stopping_) {
      queue_.push_back({std::move(job), std::move(done), sync});
      wake_.notify_one();
      return;
    }
  }
  done(std::make_exception_ptr(StoreError("store is shut down")));
}

void StoreWorker::stop() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
    wake_.notify_one();
  }
  if (thread_.joinable()) thread_.join();
}

void StoreWorker::run() {
  for (;;) {
    std::deque<Item> batch;
    {
      std::unique_lock lock(mutex_);
      wake_.wait(lock, [this] { return stopping_ || !queue_.empty(); });
      if (queue_.empty()) return;  // stopping, and everything before it has run
      while (!queue_.empty() && batch.size() < kMaxBatch) {
        batch.push_back(std::move(queue_.front()));
        queue_.pop_front();
      }
    }
    run_batch(batch);
  }
}

void StoreWorker::run_batch(std::deque<Item>& batch) {
  std::vector<std::exception_ptr> outcome(batch.size());
  std::exception_ptr batch_error;
  try {
    const bool full = std::any_of(batch.begin(), batch.end(), [](const Item& i) { return i.sync == Sync::full; });
    store_->set_full_sync(full);
    store_->begin();
    for (std::size_t i = 0; i < batch.size(); ++i) {
      store_->savepoint();
      try {
        batch[i].job(*store_);
        store_->release_savepoint();
      } catch (...) {
        outcome[i] = std::current_exception();
        try {
          store_->rollback_savepoint();
        } catch (...) {
          // SQLite rolled the whole transaction back itself (a full disk, an I/O error):
          // the batch fails with the job's error, which says what happened, rather
          // than with "no such savepoint".
          std::rethrow_exception(outcome[i]);
        }
      }
    }
    store_->commit();
  } catch (...) {
    // BEGIN or COMMIT failed (disk full, I/O error): nothing of the batch is durable.
    batch_error = std::current_exception();
    try {
      store_->rollback();
    } catch (...) {
    }
  }
  for (std::size_t i = 0; i < batch.size(); ++i) {
    batch[i].done(batch_error ? batch_error : outcome[i]);
  }
}

}  // namespace hocvuso
