// A peer bot (a node script) run as a child process: started, waited for until it listens, stopped by its pid.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <cstdint>
#include <string>
#include <vector>

namespace hocvuso::bench {

class PeerProcess {
 public:
  // Runs `node script` with `env` ("NAME=value") added to this process's environment and waits until
  // it prints "listening <port>". Throws with the reason when it cannot start or does not listen in time.
  PeerProcess(const std::string& node, const std::string& script, const std::vector<std::string>& env,
              std::chrono::seconds timeout);
  ~PeerProcess();  // SIGTERM, then SIGKILL if it has not exited within 3 s
  PeerProcess(const PeerProcess&) = delete;
  PeerProcess& operator=(const PeerProcess&) = delete;

  std::uint16_t port() const { return port_; }

 private:
  pid_t pid_ = -1;
  std::uint16_t port_ = 0;
};

}  // namespace hocvuso::bench
