// What every dashboard route file of bot/app shares: the session cookie, the page
// headers (CSP, no-store), the signed-in viewer read on the store thread, and the query.
// Internal to bot/app (the three dashboard_*routes.cpp); no Beast or Asio in it.
#pragma once

#include <algorithm>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "bot/content/content.hpp"
#include "bot/core/local_time.hpp"
#include "bot/crypto/digest.hpp"
#include "bot/http/message.hpp"
#include "bot/store/store.hpp"
#include "flows/dashboard/access.hpp"
#include "flows/dashboard/dashboard_store.hpp"
#include "flows/dashboard/html.hpp"
#include "flows/dashboard/pages.hpp"
#include "flows/dashboard/sign_in.hpp"
#include "flows/groups/places.hpp"
#include "flows/reports/period.hpp"
#include "flows/reports/report_content.hpp"

namespace hocvuso::dashboard_http {

namespace db = dashboard;
using reports::Period;

constexpr std::string_view kCookie = "hocvuso_session";
// Every page: only our own files, no inline script or style, no framing, no referrer
// (the sign-in page's address holds the link's secret).
constexpr std::string_view kPageCsp =
    "default-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

struct Settings {
  bool secure_cookie = false;  // public_url is https
  std::string ranking_csp;     // with the configured frame-ancestors
};

inline http::Response html(int status, std::string body) {
  http::Response r{status, "text/html; charset=utf-8", std::move(body), {}};
  r.headers.emplace_back("Content-Security-Policy", std::string(kPageCsp));
  r.headers.emplace_back("X-Content-Type-Options", "nosniff");
  r.headers.emplace_back("Referrer-Policy", "no-referrer");
  r.headers.emplace_back("Cache-Control", "no-store");
  return r;
}

inline http::Response redirect(std::string location) {
  http::Response r{303, "text/plain; charset=utf-8", "", {}};
  r.headers.emplace_back("Location", std::move(location));
  r.headers.emplace_back("Cache-Control", "no-store");
  return r;
}

inline http::Response error_page(int status, std::string_view title, std::string_view message, const db::Html& nav = {}) {
  return html(status, db::page(title, nav, db::error_body(message)));
}

inline std::string query_of(const http::Request& r) {
  const auto q = r.target.find('?');
  return q == std::string::npos ? std::string() : r.target.substr(q + 1);
}

inline std::string cookie_value(const http::Request& r, std::string_view name) {
  std::string_view h = r.header("Cookie");
  while (!h.empty()) {
    const auto semi = h.find(';');
    std::string_view part = h.substr(0, semi);
    while (!part.empty() && part.front() == ' ') part.remove_prefix(1);
    if (part.size() > name.size() && part.substr(0, name.size()) == name && part[name.size()] == '=') {
      return std::string(part.substr(name.size() + 1));
    }
    if (semi == std::string_view::npos) break;
    h.remove_prefix(semi + 1);
  }
  return {};
}

inline bool is_secret(std::string_view s) {
  return s.size() == 64 && std::all_of(s.begin(), s.end(), [](char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'); });
}

// The signed-in person of a request, read on the store thread.
struct Viewer {
  db::WebUser user;
  db::Access access;
  std::string csrf;
  db::Html nav;
};

inline std::optional<Viewer> viewer_of(Store& s, const std::string& secret, TimePoint now) {
  if (!is_secret(secret)) return std::nullopt;
  auto user = db::DashboardStore::of(s).use_session(crypto::sha256_hex(secret), now, db::kSessionIdle);
  if (!user) return std::nullopt;
  Viewer v{*user, db::Access{db::grants_of(s, *user)}, db::csrf_token(secret), {}};
  if (v.access.grants.empty()) return std::nullopt;  // the role was revoked since
  v.nav = db::nav_html(db::actor(v.user), v.csrf, v.access.is_officer());
  return v;
}

// The province a page asks for (`?province=`), or the viewer's own; null when there is no such province.
inline const places::Province* requested_province(const Viewer& v, const places::Places& places,
                                                  const std::string& query) {
  const std::string wanted = db::form_value(query, "province");
  return wanted.empty() ? v.access.home_province(places) : places.province(wanted);
}

// A period from the query, or the current quarter.
inline std::optional<Period> period_of(const std::string& query, TimePoint now) {
  const std::string key = db::form_value(query, "period");
  if (key.empty()) return Period::containing(reports::PeriodKind::quarter, local_date(now));
  return Period::parse(key);
}

struct ReadContext {
  std::shared_ptr<const Content> content;
  const places::Places& places() const { return content->get<groups::Places>(); }
  const reports::ReportContent& reports() const { return content->get<reports::ReportContent>(); }
};

inline std::string bearer_of(const http::Request& r) {
  const std::string_view h = r.header("Authorization");
  if (h.size() <= 7 || (h.substr(0, 7) != "Bearer " && h.substr(0, 7) != "bearer ")) return {};
  return std::string(h.substr(7));
}

}  // namespace hocvuso::dashboard_http
