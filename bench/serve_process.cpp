#include "bench/serve_process.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <fstream>
#include <iterator>
#include <stdexcept>
#include <thread>

#include "tests/support/child_process.hpp"

namespace hocvuso::bench {

namespace {

using namespace std::chrono_literals;

std::uint16_t free_port() {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t len = sizeof a;
  std::uint16_t port = 0;
  if (fd >= 0 && ::bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) == 0 &&
      ::getsockname(fd, reinterpret_cast<sockaddr*>(&a), &len) == 0) {
    port = ntohs(a.sin_port);
  }
  if (fd >= 0) ::close(fd);
  if (port == 0) throw std::runtime_error("no free port on 127.0.0.1");
  return port;
}

std::string tail_of(const std::filesystem::path& log) {
  std::ifstream in(log);
  std::string all(std::istreambuf_iterator<char>(in), {});
  return all.size() > 2000 ? all.substr(all.size() - 2000) : all;
}

}  // namespace

std::optional<std::string> http_get(std::uint16_t port, const std::string& path) {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_port = htons(port);
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  std::string out;
  if (fd >= 0 && ::connect(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) == 0) {
    const std::string req = "GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n";
    if (::write(fd, req.data(), req.size()) == static_cast<ssize_t>(req.size())) {
      char buf[8192];
      for (ssize_t n; (n = ::read(fd, buf, sizeof buf)) > 0;) out.append(buf, static_cast<std::size_t>(n));
    }
  }
  if (fd >= 0) ::close(fd);
  const auto body = out.find("\r\n\r\n");
  if (out.rfind("HTTP/1.1 200", 0) != 0 || body == std::string::npos) return std::nullopt;
  return out.substr(body + 4);
}

ServeProcess::ServeProcess(const std::filesystem::path& binary, const std::vector<std::string>& env,
                           const std::filesystem::path& log, std::chrono::seconds ready_within)
    : port_(free_port()) {
  std::vector<std::string> all = env;
  all.push_back("HOCVUSO_LISTEN=127.0.0.1:" + std::to_string(port_));
  pid_ = testing::spawn_child({binary.string(), "serve"}, all, "/dev/null", log, log);
  if (pid_ < 0) throw std::runtime_error("cannot start " + binary.string());
  const auto deadline = std::chrono::steady_clock::now() + ready_within;
  while (!http_get(port_, "/readyz")) {
    int status = 0;
    if (::waitpid(pid_, &status, WNOHANG) == pid_) {
      pid_ = -1;
      throw std::runtime_error("hocvuso serve exited before it was ready:\n" + tail_of(log));
    }
    if (std::chrono::steady_clock::now() > deadline) {  // no destructor runs for this object: stop it here
      ::kill(pid_, SIGKILL);
      ::waitpid(pid_, &status, 0);
      pid_ = -1;
      throw std::runtime_error("hocvuso serve was not ready in time:\n" + tail_of(log));
    }
    std::this_thread::sleep_for(100ms);
  }
}

ServeProcess::~ServeProcess() {
  if (pid_ <= 0) return;
  ::kill(pid_, SIGTERM);
  const auto deadline = std::chrono::steady_clock::now() + 15s;
  int status = 0;
  while (::waitpid(pid_, &status, WNOHANG) == 0) {
    if (std::chrono::steady_clock::now() > deadline) {
      ::kill(pid_, SIGKILL);
      ::waitpid(pid_, &status, 0);
      break;
    }
    std::this_thread::sleep_for(20ms);
  }
}

}  // namespace hocvuso::bench
