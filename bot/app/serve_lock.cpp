// flock on "<db>.serve-lock", or a shared or exclusive PostgreSQL advisory lock (serve_lock.hpp says why).
#include "bot/app/serve_lock.hpp"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <string>

#include "bot/store/pg_db.hpp"
#include "bot/store/pg_lock_spaces.hpp"
#include "bot/store/store.hpp"

namespace hocvuso {

ServeLock::ServeLock(const std::filesystem::path& db) { lock_file(db); }

ServeLock::ServeLock(const std::filesystem::path& db, const std::string& database_url, Holder holder) {
  if (database_url.empty()) {
    lock_file(db);
  } else {
    lock_database(database_url, holder);
  }
}

void ServeLock::lock_database(const std::string& url, Holder holder) {
  try {
    pg_ = std::make_unique<pg::Db>(url);
    auto q = pg_->query(holder == Holder::node ? "SELECT pg_try_advisory_lock_shared($1::integer, 0)::integer"
                                               : "SELECT pg_try_advisory_lock($1::integer, 0)::integer");
    q.bind(1, pg::kServeLockSpace);
    if (q.step() && q.integer(0) == 1) return;
    if (holder == Holder::node) {
      throw StoreError("a hocvuso db copy is writing the PostgreSQL database " + pg_->name() +
                       "; start the service when it has ended");
    }
    throw StoreError("a hocvuso serve is using the PostgreSQL database " + pg_->name() +
                     "; stop it first: its rows would mix with the copied ones");
  } catch (const pg::Error& e) {
    // pg::Error carries the server's primary line, never the URL (it may hold a password).
    throw StoreError(std::string("cannot take the serve lock on PostgreSQL: ") + e.what());
  }
}

void ServeLock::lock_file(const std::filesystem::path& db) {
  std::filesystem::path file = db;
  file += ".serve-lock";
  std::error_code ec;
  if (file.has_parent_path()) std::filesystem::create_directories(file.parent_path(), ec);
  fd_ = ::open(file.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600);
  if (fd_ < 0) throw StoreError("cannot open " + file.string() + ": " + std::strerror(errno));
  if (::flock(fd_, LOCK_EX | LOCK_NB) != 0) {
    const int err = errno;
    char pid[32] = {};
    const auto n = ::pread(fd_, pid, sizeof pid - 1, 0);
    ::close(fd_);
    fd_ = -1;
    if (err == EWOULDBLOCK) {
      std::string who = n > 0 ? std::string(pid, static_cast<std::size_t>(n)) : std::string("?");
      while (!who.empty() && (who.back() == '\n' || who.back() == ' ')) who.pop_back();
      throw StoreError("another hocvuso serve (pid " + who + ") is using " + db.string() +
                       "; stop it first: two would send the same messages twice");
    }
    throw StoreError("cannot lock " + file.string() + ": " + std::strerror(err));
  }
  const std::string me = std::to_string(::getpid()) + "\n";
  if (::ftruncate(fd_, 0) == 0) {
    [[maybe_unused]] const auto written = ::pwrite(fd_, me.data(), me.size(), 0);
  }
}

ServeLock::~ServeLock() {
  if (fd_ >= 0) ::close(fd_);  // releases the lock
}

}  // namespace hocvuso
