#include "bot/store/wal_sync.hpp"

#include <fcntl.h>
#include <spdlog/spdlog.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

#include "bot/store/store.hpp"

namespace hocvuso {

int WalSync::fdatasync_file(const std::filesystem::path& file) {
  const int fd = ::open(file.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return errno == ENOENT ? 0 : errno;
  int rc = ::fdatasync(fd) == 0 ? 0 : errno;
  if (::close(fd) != 0 && rc == 0 && errno != EINTR) rc = errno;
  return rc;
}

WalSync::WalSync(std::filesystem::path wal_file, std::function<void()> idle, Flush flush)
    : wal_file_(std::move(wal_file)), on_idle_(std::move(idle)), flush_(std::move(flush)) {
  thread_ = std::thread([this] { run(); });
}

WalSync::~WalSync() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_one();
  thread_.join();
}

void WalSync::report(std::vector<Outcome> outcomes) {
  if (outcomes.empty()) return;
  {
    std::lock_guard lock(mutex_);
    const bool in_order_now = waiting_.empty() && !flushing_ &&
                              std::none_of(outcomes.begin(), outcomes.end(), [](const Outcome& o) { return o.needs_flush; });
    if (!in_order_now) {
      for (auto& o : outcomes) waiting_.push_back(std::move(o));
      wake_.notify_one();
      return;
    }
  }
  for (auto& o : outcomes) o.done(o.error);
}

bool WalSync::idle() const {
  std::lock_guard lock(mutex_);
  return waiting_.empty() && !flushing_;
}

void WalSync::run() {
  for (;;) {
    std::vector<Outcome> round;
    std::string failure;
    {
      std::unique_lock lock(mutex_);
      wake_.wait(lock, [this] { return stopping_ || !waiting_.empty(); });
      if (waiting_.empty()) return;  // stopping, and nothing is left to report
      round.swap(waiting_);
      flushing_ = true;
      failure = failure_;
    }
    // Everything in `round` was committed before it was handed over, so before this flush begins.
    const bool flush = std::any_of(round.begin(), round.end(), [](const Outcome& o) { return o.needs_flush; });
    if (flush && failure.empty()) {
      if (const int rc = flush_(wal_file_); rc != 0) {
        failure = "cannot flush " + wal_file_.string() + " to disk: " + std::strerror(rc) +
                  "; acknowledgements stop until the service is restarted";
        spdlog::critical("store: {}", failure);
      }
    }
    const auto flush_error = failure.empty() ? nullptr : std::make_exception_ptr(StoreError(failure));
    for (auto& o : round) o.done(o.error ? o.error : o.needs_flush ? flush_error : nullptr);
    {
      std::lock_guard lock(mutex_);
      if (failure_.empty()) failure_ = failure;
      flushing_ = false;
      if (!waiting_.empty()) continue;
    }
    if (on_idle_) on_idle_();
  }
}
}  // namespace hocvuso
