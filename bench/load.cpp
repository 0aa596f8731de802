// Non-blocking sockets on one epoll loop; responses framed by Content-Length or chunked encoding.
#include "bench/load.hpp"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <stdexcept>
#include <string_view>

#include "bench/fake_api.hpp"

namespace hocvuso::bench {

namespace {

constexpr std::size_t kNone = static_cast<std::size_t>(-1);

struct Conn {
  std::uint16_t port = 0;  // its server, for good
  int fd = -1;
  std::size_t request = kNone;  // in flight, or kNone
  std::size_t written = 0;      // bytes of it written so far
  std::string in;               // bytes read, not yet a whole response
};

struct Framed {
  std::size_t length = 0;  // 0: not a whole response yet
  int status = 0;
  bool close = false;
};

std::string lower(std::string_view s) {
  std::string out(s);
  for (auto& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

// The first whole response in `buf`, if there is one.
Framed frame(std::string_view buf) {
  Framed f;
  const auto head_end = buf.find("\r\n\r\n");
  if (head_end == std::string_view::npos || buf.size() < 12) return f;
  const std::string head = lower(buf.substr(0, head_end + 2));
  const std::size_t body = head_end + 4;
  std::size_t end = 0;
  if (const auto cl = head.find("\r\ncontent-length:"); cl != std::string::npos) {
    end = body + std::strtoull(head.c_str() + cl + 17, nullptr, 10);
    if (buf.size() < end) return f;
  } else if (head.find("\r\ntransfer-encoding: chunked") != std::string::npos) {
    const auto last = buf.find("0\r\n\r\n", body);  // small bodies: the last chunk ends it
    if (last == std::string_view::npos) return f;
    end = last + 5;
  } else {
    end = body;
  }
  f.length = end;
  f.status = std::atoi(std::string(buf.substr(9, 3)).c_str());
  f.close = head.find("\r\nconnection: close") != std::string::npos;
  return f;
}

int connect_loopback(std::uint16_t port) {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) throw std::runtime_error("socket failed");
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(port);
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
    ::close(fd);
    throw std::runtime_error("connect to 127.0.0.1:" + std::to_string(port) + " failed: " + std::strerror(errno));
  }
  const int one = 1;
  ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
  ::fcntl(fd, F_SETFL, ::fcntl(fd, F_GETFL) | O_NONBLOCK);
  return fd;
}

class Generator {
 public:
  Generator(const std::vector<std::uint16_t>& ports, const std::vector<std::string>& requests, int connections)
      : requests_(requests), conns_(static_cast<std::size_t>(connections)), epoll_(::epoll_create1(0)) {
    result_.sent_ns.assign(requests.size(), 0);
    result_.acked_ns.assign(requests.size(), 0);
    for (std::size_t i = 0; i < conns_.size(); ++i) conns_[i].port = ports[i % ports.size()];
  }
  ~Generator() {
    for (auto& c : conns_) close_conn(c);
    ::close(epoll_);
  }
  Generator(const Generator&) = delete;
  Generator& operator=(const Generator&) = delete;

  LoadResult run(std::chrono::seconds limit) {
    for (auto& c : conns_) open_conn(c);
    result_.begin_ns = now_ns();
    for (auto& c : conns_) send_next(c);
    const std::int64_t deadline = result_.begin_ns + std::chrono::nanoseconds(limit).count();
    while (finished_ < requests_.size() && now_ns() < deadline) poll_once();
    next_ = requests_.size();  // send nothing more
    for (auto& c : conns_) {
      if (c.request != kNone) fail(c, "no answer before the time limit");
    }
    result_.errors += requests_.size() - finished_;  // never sent
    return std::move(result_);
  }

 private:
  void open_conn(Conn& c) {
    const std::uint16_t port = c.port;
    c = Conn{};
    c.port = port;
    c.fd = connect_loopback(c.port);
    epoll_event ev{};
    ev.events = EPOLLIN;
    ev.data.ptr = &c;
    ::epoll_ctl(epoll_, EPOLL_CTL_ADD, c.fd, &ev);
  }
  void close_conn(Conn& c) {
    if (c.fd >= 0) ::close(c.fd);
    c.fd = -1;
  }
  void want_write(Conn& c, bool on) {
    epoll_event ev{};
    ev.events = EPOLLIN | (on ? EPOLLOUT : 0u);
    ev.data.ptr = &c;
    ::epoll_ctl(epoll_, EPOLL_CTL_MOD, c.fd, &ev);
  }

  void send_next(Conn& c) {
    if (next_ >= requests_.size() || c.fd < 0) return;
    c.request = next_++;
    c.written = 0;
    result_.sent_ns[c.request] = now_ns();
    write_some(c);
  }
  void write_some(Conn& c) {
    const std::string& r = requests_[c.request];
    while (c.written < r.size()) {
      const auto n = ::send(c.fd, r.data() + c.written, r.size() - c.written, MSG_NOSIGNAL);
      if (n > 0) {
        c.written += static_cast<std::size_t>(n);
      } else if (n < 0 && errno == EAGAIN) {
        return want_write(c, true);
      } else {
        return fail(c, std::string("send failed: ") + std::strerror(errno));
      }
    }
    want_write(c, false);
  }

  void read_some(Conn& c) {
    char chunk[16384];
    for (;;) {
      const auto n = ::recv(c.fd, chunk, sizeof chunk, 0);
      if (n > 0) {
        c.in.append(chunk, static_cast<std::size_t>(n));
        continue;
      }
      if (n < 0 && errno == EAGAIN) break;
      return fail(c, n == 0 ? "connection closed by the server" : std::string("recv failed: ") + std::strerror(errno));
    }
    const Framed f = frame(c.in);
    if (f.length == 0) return;
    if (c.request == kNone) return fail(c, "an answer to no request");
    complete(c, f.status);
    c.in.erase(0, f.length);
    if (f.close) reconnect(c);
    send_next(c);
  }

  void complete(Conn& c, int status) {
    const std::int64_t now = now_ns();
    if (status == 200) {
      result_.acked_ns[c.request] = now;
      ++result_.ok;
    } else {
      note_error("HTTP " + std::to_string(status));
    }
    result_.end_ns = now;
    c.request = kNone;
    ++finished_;
  }

  // The connection broke: its request (if any) failed; start again on a new one.
  void fail(Conn& c, const std::string& why) {
    if (c.request != kNone) {
      note_error(why);
      c.request = kNone;
      ++finished_;
    }
    reconnect(c);
    send_next(c);
  }
  void reconnect(Conn& c) {
    close_conn(c);
    try {
      open_conn(c);
    } catch (const std::exception& e) {
      note_error(e.what());
    }
  }
  void note_error(const std::string& why) {
    if (result_.errors++ == 0) result_.first_error = why;
  }

  void poll_once() {
    epoll_event events[64];
    const int n = ::epoll_wait(epoll_, events, 64, 100);
    for (int i = 0; i < n; ++i) {
      auto& c = *static_cast<Conn*>(events[i].data.ptr);
      if (c.fd < 0) continue;
      if (events[i].events & EPOLLOUT) write_some(c);
      if (events[i].events & (EPOLLIN | EPOLLERR | EPOLLHUP)) read_some(c);
    }
  }

  const std::vector<std::string>& requests_;
  std::vector<Conn> conns_;
  int epoll_;
  std::size_t next_ = 0;
  std::size_t finished_ = 0;
  LoadResult result_;
};

}  // namespace

std::string raw_post(const std::string& path, const std::string& body, const std::string& headers) {
  return "POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n" + headers +
         "Content-Length: " + std::to_string(body.size()) + "\r\n\r\n" + body;
}

LoadResult run_load(std::uint16_t port, const std::vector<std::string>& requests, int connections,
                    std::chrono::seconds limit) {
  return run_load(std::vector<std::uint16_t>{port}, requests, connections, limit);
}

LoadResult run_load(const std::vector<std::uint16_t>& ports, const std::vector<std::string>& requests,
                    int connections, std::chrono::seconds limit) {
  if (ports.empty()) throw std::invalid_argument("run_load: no server to send to");
  Generator g(ports, requests, std::max(1, connections));
  return g.run(limit);
}

}  // namespace hocvuso::bench
