// Dashboard routes (dashboard_routes.hpp). Each request is one store job, built by an
// ordinary function (the GCC 12 rule in on_store.hpp), that authenticates, checks the
// scope, reads and renders; the coroutine only awaits it.
#include "bot/app/dashboard_routes.hpp"

#include "bot/app/dashboard_http.hpp"
#include "bot/crypto/digest.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <charconv>
#include <functional>
#include <nlohmann/json.hpp>
#include <sstream>

#include "bot/core/local_time.hpp"
#include "bot/store/on_store.hpp"
#include "flows/broadcast/broadcast_store.hpp"
#include "flows/dashboard/access.hpp"
#include "flows/dashboard/pages.hpp"
#include "flows/dashboard/sign_in.hpp"
#include "flows/dashboard/trend.hpp"
#include "flows/groups/places.hpp"
#include "flows/reports/report_content.hpp"
#include "flows/reports/summary.hpp"

namespace hocvuso {

// The Cảnh báo page's routes (dashboard_warning_routes.cpp).
void add_warning_routes(http::Router& router, Runtime& core);

namespace {

namespace asio = boost::asio;
using namespace dashboard_http;

// --- sign-in ---------------------------------------------------------------

auto job_sign_in(std::string secret, Settings settings) {
  return [secret, settings](Store& s) -> http::Response {
    const auto now = std::chrono::system_clock::now();
    auto& ds = db::DashboardStore::of(s);
    const auto user = is_secret(secret) ? ds.consume_link(crypto::sha256_hex(secret), now) : std::nullopt;
    if (!user || db::grants_of(s, *user).empty()) {
      return html(400, db::page("Đường dẫn không dùng được", {},
                                db::signin_help_body("Đường dẫn này đã được dùng, đã hết hạn hoặc không đúng. "
                                                     "Hãy gõ /dangnhap để lấy đường dẫn mới.")));
    }
    const std::string session = crypto::random_hex(db::kSecretBytes);
    ds.add_session(crypto::sha256_hex(session), *user, now);
    ds.audit(db::actor(*user), "sign_in", "", now);
    auto r = redirect("/dashboard/");
    r.headers.emplace_back("Set-Cookie", std::string(kCookie) + "=" + session +
                                             "; Path=/; HttpOnly; SameSite=Strict; Max-Age=" +
                                             std::to_string(std::chrono::seconds(db::kSessionIdle).count()) +
                                             (settings.secure_cookie ? "; Secure" : ""));
    return r;
  };
}

auto job_sign_out(std::string secret, std::string csrf) {
  return [secret, csrf](Store& s) -> http::Response {
    const auto now = std::chrono::system_clock::now();
    auto v = viewer_of(s, secret, now);
    if (!v) return redirect("/dashboard/huongdan");
    if (csrf != v->csrf) {
      db::DashboardStore::of(s).audit(db::actor(v->user), "refused", "sign-out without CSRF token", now);
      return error_page(403, "Không thực hiện được", "Yêu cầu thiếu mã bảo vệ (CSRF). Hãy tải lại trang rồi thử lại.",
                        v->nav);
    }
    auto& ds = db::DashboardStore::of(s);
    ds.end_session(crypto::sha256_hex(secret));
    ds.audit(db::actor(v->user), "sign_out", "", now);
    auto r = redirect("/dashboard/huongdan?ra=1");
    r.headers.emplace_back("Set-Cookie", std::string(kCookie) + "=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0");
    return r;
  };
}

// --- the overview ------------------------------------------------------------

enum class OverviewFormat { page, csv, json };

// The confirmed totals of the last periods of `period`'s kind (six months or quarters,
// four half-years, three years), summed over the communes `visible` admits. Each period
// is one read of the per-period summary (a few rows per commune), so the line costs
// about as much as the overview's own summary, whatever the number of reports.
auto job_overview(std::string secret, std::string query, ReadContext rc, OverviewFormat format) {
  return [secret, query, rc, format](Store& s) -> http::Response {
    const auto now = std::chrono::system_clock::now();
    auto v = viewer_of(s, secret, now);
    if (!v) return redirect("/dashboard/huongdan");
    const auto& places = rc.places();
    const places::Province* province = requested_province(*v, places, query);
    if (province == nullptr) return error_page(404, "Không có tỉnh này", "Không có tỉnh này trong danh sách.", v->nav);
    const std::string commune = db::form_value(query, "commune");
    if (!v->access.sees_any_in(*province) || (!commune.empty() && !v->access.sees_commune(province->id, commune))) {
      db::DashboardStore::of(s).audit(db::actor(v->user), "refused", "overview " + province->id + " " + commune, now);
      return error_page(403, "Không có quyền xem", "Bạn chỉ xem được xã, phường hoặc tỉnh mình phụ trách.", v->nav);
    }
    const auto period = period_of(query, now);
    if (!period) return error_page(400, "Kỳ không đúng", "Kỳ báo cáo không đúng. Hãy chọn lại trong danh sách.", v->nav);
    auto& store = reports::ReportStore::of(s);
    auto summary = reports::summarize(store, places, rc.reports(), {province->id, *period, "", false});
    const bool whole = v->access.sees_province(province->id);
    auto visible = [&, whole](const std::string& code) {
      return (whole || v->access.sees_commune(province->id, code)) && (commune.empty() || code == commune);
    };
    if (format != OverviewFormat::page) {
      // The exports hold only what the viewer may see; ranks stay province-wide in the page.
      std::erase_if(summary.rows, [&](const reports::SummaryRow& row) { return !visible(row.commune_id); });
      if (format == OverviewFormat::csv) {
        http::Response r{200, "text/csv; charset=utf-8", reports::to_csv(summary, rc.reports()), {}};
        r.headers.emplace_back("Content-Disposition", "attachment; filename=\"baocao-" + province->id + "-" +
                                                          period->key() + ".csv\"");
        r.headers.emplace_back("Cache-Control", "no-store");
        r.headers.emplace_back("X-Content-Type-Options", "nosniff");
        return r;
      }
      return http::json_ok(reports::to_json(summary, rc.reports()));
    }
    db::OverviewInput in;
    in.province_id = province->id;
    in.province_name = province->name;
    in.summary = &summary;
    in.visible = visible;
    for (const auto& row : summary.rows) {
      if (visible(row.commune_id) && !store.reported(province->id, row.commune_id, *period).empty()) {
        in.reported.insert(row.commune_id);
      }
    }
    in.counts = db::DashboardStore::of(s).commune_counts(province->id, reports::day_number(period->first_day()),
                                                         reports::day_number(period->last_day()));
    if (const auto rule = rc.reports().deadline_rule(province->id, period->kind)) {
      const auto due = reports::deadline(*period, *rule);
      in.deadline = format_date_vi(due);
      in.deadline_passed = local_date(now) > due;
    }
    in.content = &rc.reports();
    in.periods = db::period_choices(local_date(now));
    in.sort = db::form_value(query, "sort");
    in.trend = db::totals_over_periods(store, province->id, *period, visible);
    in.trend_scope = whole && commune.empty() ? "Toàn tỉnh " + province->name : "Các xã, phường bạn xem";
    return html(200, db::page("Tổng quan " + province->name, v->nav, db::overview_body(in)));
  };
}

// --- the public ranking ------------------------------------------------------

auto job_ranking(std::string province_id, std::string query, ReadContext rc, Settings settings) {
  return [province_id, query, rc, settings](Store& s) -> http::Response {
    const auto now = std::chrono::system_clock::now();
    const auto* province = rc.places().province(province_id);
    if (province == nullptr) return error_page(404, "Không có tỉnh này", "Không có tỉnh này trong danh sách.");
    const auto period = period_of(query, now);
    if (!period) return error_page(400, "Kỳ không đúng", "Kỳ không đúng. Hãy chọn lại trong danh sách.");
    auto& store = reports::ReportStore::of(s);
    const auto summary = reports::summarize(store, rc.places(), rc.reports(), {province->id, *period, "", false});
    db::RankingInput in{province->id, province->name, &summary, &rc.reports(), db::period_choices(local_date(now))};
    auto r = html(200, db::page("Xếp hạng xã, phường " + province->name, {}, db::ranking_body(in)));
    for (auto& [k, value] : r.headers) {
      if (k == "Content-Security-Policy") value = settings.ranking_csp;
      if (k == "Cache-Control") value = "public, max-age=300";
    }
    return r;
  };
}

// --- the read API ---------------------------------------------------------------

// A Bearer token (hocvuso tokens create) as the grant it stands for.
auto job_api_overview(std::string bearer, std::string secret, std::string csrf, std::string query, ReadContext rc) {
  return [bearer, secret, csrf, query, rc](Store& s) -> http::Response {
    const auto now = std::chrono::system_clock::now();
    db::Access access;
    if (!bearer.empty()) {
      auto& bs = broadcast::BroadcastStore::of(s);
      const auto token = bs.find_token(bearer);
      if (!token) return http::json_error(401, "unauthorized", "a valid Bearer token is required");
      const bool admin = token->scope.role == broadcast::Role::admin;
      access.grants.push_back(roles::Grant{Channel::console, "token", admin ? roles::Role::admin : roles::Role::officer,
                                           admin ? roles::Scope{} : roles::Scope{token->scope.province, token->scope.commune}});
    } else {
      auto v = viewer_of(s, secret, now);
      if (!v) return http::json_error(401, "unauthorized", "a Bearer token, or the session cookie, is required");
      if (csrf != v->csrf) return http::json_error(403, "csrf", "the X-CSRF-Token header is missing or wrong");
      access = v->access;
    }
    const std::string wanted = db::form_value(query, "province");
    const auto* province = wanted.empty() ? access.home_province(rc.places()) : rc.places().province(wanted);
    if (province == nullptr) return http::json_error(404, "unknown_province", "no such province");
    if (!access.sees_any_in(*province)) return http::json_error(403, "forbidden", "outside this scope");
    const auto period = period_of(query, now);
    if (!period) return http::json_error(400, "invalid_period", "period is 2026-Q3, 2026-H1, 2026 or 2026-11");
    auto& store = reports::ReportStore::of(s);
    auto summary = reports::summarize(store, rc.places(), rc.reports(), {province->id, *period, "", false});
    const bool whole = access.sees_province(province->id);
    std::erase_if(summary.rows, [&](const reports::SummaryRow& row) {
      return !whole && !access.sees_commune(province->id, row.commune_id);
    });
    return http::json_ok(reports::to_json(summary, rc.reports()));
  };
}

// --- coroutines ----------------------------------------------------------------

asio::awaitable<http::Response> dashboard_get(Runtime* core, http::Request r) {
  const std::string path(r.path());
  const std::string query = query_of(r);
  const std::string secret = cookie_value(r, kCookie);
  ReadContext rc{core->engine->content()};
  if (path == "/dashboard/static/dashboard.css") {
    http::Response css{200, "text/css; charset=utf-8", std::string(db::asset("dashboard.css")), {}};
    css.headers.emplace_back("Cache-Control", "public, max-age=3600");
    css.headers.emplace_back("X-Content-Type-Options", "nosniff");
    co_return css;
  }
  if (path == "/dashboard/huongdan") {
    const bool after_sign_out = db::form_value(query, "ra") == "1";
    co_return html(200, db::page("Đăng nhập trang quản lý", {},
                                 db::signin_help_body(after_sign_out ? "Bạn đã đăng xuất."
                                                                     : "Bạn cần một đường dẫn đăng nhập.")));
  }
  if (path == "/dashboard/dangnhap") {
    const std::string t = db::form_value(query, "t");
    if (!is_secret(t)) {
      co_return html(400, db::page("Đường dẫn không đúng", {},
                                   db::signin_help_body("Đường dẫn không đúng. Hãy gõ /dangnhap để lấy đường dẫn mới.")));
    }
    co_return html(200, db::page("Đăng nhập trang quản lý", {}, db::signin_confirm_body(t)));
  }
  if (path == "/dashboard/" || path == "/dashboard/tongquan") {
    co_return co_await on_store(*core->store, job_overview(secret, query, rc, OverviewFormat::page));
  }
  if (path == "/dashboard/tongquan.csv") {
    co_return co_await on_store(*core->store, job_overview(secret, query, rc, OverviewFormat::csv));
  }
  co_return error_page(404, "Không có trang này", "Không có trang này.");
}

asio::awaitable<http::Response> dashboard_post(Runtime* core, Settings settings, http::Request r) {
  const std::string path(r.path());
  if (path == "/dashboard/dangnhap") {
    co_return co_await on_store(*core->store, job_sign_in(db::form_value(r.body, "t"), settings));
  }
  if (path == "/dashboard/dangxuat") {
    co_return co_await on_store(*core->store, job_sign_out(cookie_value(r, kCookie), db::form_value(r.body, "csrf")));
  }
  co_return error_page(404, "Không có trang này", "Không có trang này.");
}

asio::awaitable<http::Response> ranking_get(Runtime* core, Settings settings, http::Request r) {
  std::string_view rest = r.path();
  rest.remove_prefix(std::string_view("/xephang/").size());
  ReadContext rc{core->engine->content()};
  co_return co_await on_store(*core->store, job_ranking(std::string(rest), query_of(r), rc, settings));
}

asio::awaitable<http::Response> to_dashboard(http::Request) { co_return redirect("/dashboard/"); }

asio::awaitable<http::Response> api_overview(Runtime* core, http::Request r) {
  ReadContext rc{core->engine->content()};
  co_return co_await on_store(*core->store, job_api_overview(bearer_of(r), cookie_value(r, kCookie),
                                                             std::string(r.header("X-CSRF-Token")), query_of(r), rc));
}

}  // namespace

// The Xã, Hỗ trợ and Hỏi đáp pages (dashboard_page_routes.cpp).
void add_dashboard_page_routes(http::Router& router, Runtime& core);

void add_dashboard_routes(http::Router& router, Runtime& core) {
  Runtime* c = &core;
  Settings settings;
  settings.secure_cookie = core.config.public_base().starts_with("https://");
  const std::string origins = core.config.ranking_frame_origins;
  settings.ranking_csp = "default-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors " +
                         (origins.empty() ? std::string("'none'") : origins);
  router.add("GET", "/dashboard", [](http::Request r) { return to_dashboard(std::move(r)); });
  router.add("GET", "/dashboard/*", [c](http::Request r) { return dashboard_get(c, std::move(r)); });
  router.add("POST", "/dashboard/*", [c, settings](http::Request r) { return dashboard_post(c, settings, std::move(r)); });
  router.add("GET", "/xephang/*", [c, settings](http::Request r) { return ranking_get(c, settings, std::move(r)); });
  router.add("GET", "/api/v1/overview", [c](http::Request r) { return api_overview(c, std::move(r)); });
  add_dashboard_page_routes(router, core);
  add_warning_routes(router, core);
}

}  // namespace hocvuso
