// A real `hocvuso serve` as a child process of the bench (issue 18 item 5): one node of a cluster, or
// the SQLite node beside them, so that each one's CPU can be read from /proc like the database
// server's. Configured by HOCVUSO_* variables only; the bench's own HOCVUSO_* are not passed on.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace hocvuso::bench {

// One HTTP/1.1 GET to 127.0.0.1:port: the body when it answered 200, nothing otherwise.
std::optional<std::string> http_get(std::uint16_t port, const std::string& path);

class ServeProcess {
 public:
  // Starts `binary serve` on 127.0.0.1:<a free port> with `env` ("HOCVUSO_X=value"), stdout and stderr
  // to `log`, and waits until GET /readyz answers 200. Throws with the log's end when it exits or is
  // not ready in `ready_within`.
  ServeProcess(const std::filesystem::path& binary, const std::vector<std::string>& env,
               const std::filesystem::path& log, std::chrono::seconds ready_within);
  ~ServeProcess();  // SIGTERM (a graceful stop), SIGKILL if it has not exited 15 s later
  ServeProcess(const ServeProcess&) = delete;
  ServeProcess& operator=(const ServeProcess&) = delete;

  pid_t pid() const { return pid_; }
  std::uint16_t port() const { return port_; }

 private:
  std::uint16_t port_ = 0;
  pid_t pid_ = -1;
};

}  // namespace hocvuso::bench
