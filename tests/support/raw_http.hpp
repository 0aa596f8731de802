// A deliberately plain HTTP/1.1 client over a POSIX socket, so tests can send
// exactly the bytes they mean (garbage included) with a receive deadline.
#pragma once

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include <cstdint>
#include <stdexcept>
#include <string>

namespace hocvuso::testing {

struct RawResponse {
  int status = 0;
  std::string head;
  std::string body;
  bool closed = false;  // the server closed the connection after it
  std::string header(const std::string& name) const {
    auto lower = [](std::string s) {
      for (auto& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      return s;
    };
    const std::string h = lower(head), n = "\r\n" + lower(name) + ":";
    auto pos = h.find(n);
    if (pos == std::string::npos) return {};
    auto start = pos + n.size();
    auto end = h.find("\r\n", start);
    std::string v = head.substr(start, end - start);
    while (!v.empty() && v.front() == ' ') v.erase(0, 1);
    return v;
  }
};

class RawConnection {
 public:
  explicit RawConnection(std::uint16_t port, int timeout_seconds = 10) {
    fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
    if (fd_ < 0) throw std::runtime_error("socket failed");
    timeval tv{timeout_seconds, 0};
    ::setsockopt(fd_, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    ::setsockopt(fd_, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(port);
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (::connect(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
      ::close(fd_);
      throw std::runtime_error("connect failed");
    }
  }
  ~RawConnection() { ::close(fd_); }
  RawConnection(const RawConnection&) = delete;
  RawConnection& operator=(const RawConnection&) = delete;

  void send(const std::string& bytes) {
    std::size_t off = 0;
    while (off < bytes.size()) {
      auto n = ::send(fd_, bytes.data() + off, bytes.size() - off, MSG_NOSIGNAL);
      if (n <= 0) throw std::runtime_error("send failed");
      off += static_cast<std::size_t>(n);
    }
  }

  // Reads one response (Content-Length framed). Throws on timeout.
  RawResponse read_response() {
    RawResponse r;
    std::size_t head_end;
    while ((head_end = buffer_.find("\r\n\r\n")) == std::string::npos) {
      if (!fill()) throw std::runtime_error("connection closed before a response: [" + buffer_ + "]");
    }
    r.head = buffer_.substr(0, head_end + 2);
    buffer_.erase(0, head_end + 4);
    r.status = std::stoi(r.head.substr(9, 3));
    const std::string cl = r.header("content-length");
    const std::size_t len = cl.empty() ? 0 : std::stoul(cl);
    while (buffer_.size() < len) {
      if (!fill()) throw std::runtime_error("connection closed inside a body");
    }
    r.body = buffer_.substr(0, len);
    buffer_.erase(0, len);
    return r;
  }

  // The socket, for a test that reads the bytes itself (a HEAD answer has no body).
  int fd() const { return fd_; }

  // True when the server has closed the connection (reads EOF).
  bool closed_by_server() {
    if (!buffer_.empty()) return false;
    return !fill();
  }

 private:
  bool fill() {
    char chunk[4096];
    auto n = ::recv(fd_, chunk, sizeof chunk, 0);
    if (n < 0) throw std::runtime_error("receive timed out or failed");
    if (n == 0) return false;
    buffer_.append(chunk, static_cast<std::size_t>(n));
    return true;
  }

  int fd_ = -1;
  std::string buffer_;
};

// One request on a fresh connection.
inline RawResponse http_get(std::uint16_t port, const std::string& path) {
  RawConnection c(port);
  c.send("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");
  return c.read_response();
}

}  // namespace hocvuso::testing
