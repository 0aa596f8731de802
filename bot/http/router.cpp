// Exact-path routing, and "/prefix/*" for paths with an id in them.
#include "bot/http/router.hpp"

namespace hocvuso::http {

void Router::add(std::string method, std::string path, Handler handler) {
  routes_[std::move(path)][std::move(method)] = std::move(handler);
}

Router::Match Router::match(std::string_view method, std::string_view path) const {
  Match m;
  auto it = routes_.find(path);
  // "/prefix/*" serves every path under /prefix/ that has no exact route; the longest
  // prefix wins, so "/dashboard/xa/*" is not shadowed by "/dashboard/*".
  if (it == routes_.end()) {
    for (auto p = routes_.begin(); p != routes_.end(); ++p) {
      if (p->first.ends_with("/*") && path.starts_with(std::string_view(p->first).substr(0, p->first.size() - 1)) &&
          (it == routes_.end() || p->first.size() > it->first.size())) {
        it = p;
      }
    }
  }
  if (it == routes_.end()) {
    m.status = 404;
    m.route = "unmatched";
    return m;
  }
  m.route = it->first;
  if (auto h = it->second.find(std::string(method)); h != it->second.end()) {
    m.handler = &h->second;
    return m;
  }
  m.status = 405;
  for (const auto& [verb, _] : it->second) m.allow += (m.allow.empty() ? "" : ", ") + verb;
  return m;
}

}  // namespace hocvuso::http
