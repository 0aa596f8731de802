// flock on "<db>.serve-lock" (serve_lock.hpp says why).
#include "bot/app/serve_lock.hpp"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <string>

#include "bot/store/store.hpp"

namespace hocvuso {

ServeLock::ServeLock(const std::filesystem::path& db) {
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
