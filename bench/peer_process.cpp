// fork + execvpe with a pipe for the child's stdout, on which it announces its port.
#include "bench/peer_process.hpp"

#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <stdexcept>
#include <thread>

extern char** environ;

namespace hocvuso::bench {

namespace {

std::vector<char*> c_strings(std::vector<std::string>& strings) {
  std::vector<char*> out;
  for (auto& s : strings) out.push_back(s.data());
  out.push_back(nullptr);
  return out;
}

// Reads the child's stdout until "listening <port>\n"; 0 on time-out or end of file.
std::uint16_t read_port(int fd, std::chrono::seconds timeout) {
  std::string line;
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (line.find('\n') == std::string::npos) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
    pollfd p{fd, POLLIN, 0};
    if (left.count() <= 0 || ::poll(&p, 1, static_cast<int>(left.count())) <= 0) return 0;
    char chunk[256];
    const auto n = ::read(fd, chunk, sizeof chunk);
    if (n <= 0) return 0;
    line.append(chunk, static_cast<std::size_t>(n));
  }
  const auto at = line.find("listening ");
  return at == std::string::npos ? 0 : static_cast<std::uint16_t>(std::stoi(line.substr(at + 10)));
}

bool wait_exit(pid_t pid, std::chrono::milliseconds timeout) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (std::chrono::steady_clock::now() < deadline) {
    int status = 0;
    if (::waitpid(pid, &status, WNOHANG) == pid) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  return false;
}

}  // namespace

PeerProcess::PeerProcess(const std::string& node, const std::string& script, const std::vector<std::string>& env,
                         std::chrono::seconds timeout) {
  // Everything the child needs is built before fork: the parent has threads, so the child must not allocate.
  std::vector<std::string> args{node, script};
  std::vector<std::string> envs(env);
  for (char** e = environ; *e != nullptr; ++e) envs.emplace_back(*e);
  auto argv = c_strings(args);
  auto envp = c_strings(envs);
  int out[2];
  if (::pipe(out) != 0) throw std::runtime_error("pipe failed");
  pid_ = ::fork();
  if (pid_ < 0) throw std::runtime_error("fork failed");
  if (pid_ == 0) {
    ::dup2(out[1], STDOUT_FILENO);
    ::close(out[0]);
    ::close(out[1]);
    ::execvpe(argv[0], argv.data(), envp.data());
    ::_exit(127);
  }
  ::close(out[1]);
  port_ = read_port(out[0], timeout);
  ::close(out[0]);
  if (port_ == 0) {
    ::kill(pid_, SIGKILL);
    wait_exit(pid_, std::chrono::seconds(3));
    pid_ = -1;
    throw std::runtime_error("`" + node + " " + script + "` did not start listening (see its stderr above)");
  }
}

PeerProcess::~PeerProcess() {
  if (pid_ <= 0) return;
  ::kill(pid_, SIGTERM);
  if (!wait_exit(pid_, std::chrono::seconds(3))) {
    ::kill(pid_, SIGKILL);
    wait_exit(pid_, std::chrono::seconds(3));
  }
}

}  // namespace hocvuso::bench
