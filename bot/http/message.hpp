// HTTP request and response as plain data, so handlers and routes compile without
// Beast. The server converts at the edge.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace hocvuso::http {

struct Request {
  std::string method;  // "GET", "POST", ...
  std::string target;  // path and query as received
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;

  std::string_view path() const;
  // Case-insensitive header lookup; empty when absent.
  std::string_view header(std::string_view name) const;
};

struct Response {
  int status = 200;
  std::string content_type = "application/json";
  std::string body;
  std::vector<std::pair<std::string, std::string>> headers;
};

// {"error":{"status":404,"code":"not_found","message":"..."}}: every 4xx/5xx body.
Response json_error(int status, std::string_view code, std::string_view message);
Response json_ok(std::string body, int status = 200);
Response text(std::string body, std::string content_type = "text/plain; charset=utf-8");

}  // namespace hocvuso::http
