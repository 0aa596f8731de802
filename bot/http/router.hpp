// Route table: path -> method -> handler, so an unknown path (404) and a known
// path with the wrong method (405) are told apart.
#pragma once

#include <boost/asio/awaitable.hpp>
#include <functional>
#include <map>
#include <string>

#include "bot/http/message.hpp"

namespace hocvuso::http {

using Handler = std::function<boost::asio::awaitable<Response>(Request)>;

class Router {
 public:
  // path: exact, or ending in "/*" to serve every path below it without an exact route.
  void add(std::string method, std::string path, Handler handler);

  struct Match {
    const Handler* handler = nullptr;  // null: see status
    int status = 200;                  // 404 or 405 when no handler
    std::string route;                 // the pattern, for metrics labels ("unmatched" if none)
    std::string allow;                 // for 405: "GET, POST"
  };
  Match match(std::string_view method, std::string_view path) const;

 private:
  std::map<std::string, std::map<std::string, Handler>, std::less<>> routes_;
};

}  // namespace hocvuso::http
