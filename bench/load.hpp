// The bundled load generator: one epoll thread keeping C keep-alive connections busy (closed loop), each
// sending the next prepared request as soon as the previous one was answered, until all are done.
#pragma once

#include <chrono>
#include <cstdint>
#include <string>
#include <vector>

namespace hocvuso::bench {

struct LoadResult {
  std::vector<std::int64_t> sent_ns;   // per request: when it was written (0: never sent)
  std::vector<std::int64_t> acked_ns;  // per request: when its 200 was read (0: none)
  std::size_t ok = 0;                  // 200s
  std::size_t errors = 0;              // other statuses, resets, time-outs
  std::int64_t begin_ns = 0;           // first request written
  std::int64_t end_ns = 0;             // last answer read
  std::string first_error;
};

// A raw HTTP/1.1 POST of a JSON body to 127.0.0.1, keep-alive; `headers` are extra
// "Name: value\r\n" lines.
std::string raw_post(const std::string& path, const std::string& body, const std::string& headers = "");

// Sends every request (raw HTTP/1.1 bytes) to 127.0.0.1:port over `connections` connections.
// Stops by itself when all are answered or after `limit`.
LoadResult run_load(std::uint16_t port, const std::vector<std::string>& requests, int connections,
                    std::chrono::seconds limit);

// The same over several servers (nodes behind a balancer): connection i goes to ports[i % size] and
// stays there, as a balancer's keep-alive connections do; each connection takes the next request
// as soon as its previous one is answered, so a node that answers faster gets more of the load.
LoadResult run_load(const std::vector<std::uint16_t>& ports, const std::vector<std::string>& requests,
                    int connections, std::chrono::seconds limit);

}  // namespace hocvuso::bench
