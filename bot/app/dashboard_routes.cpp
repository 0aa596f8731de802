// Dashboard routes (dashboard_routes.hpp). Each request is one store job, built by an
// ordinary function (the GCC 12 rule in on_store.hpp), that authenticates, checks the
// scope, reads and renders; the coroutine only awaits it.
#include "bot/crypto/digest.hpp"
#include "bot/app/dashboard_routes.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>

#include "bot/core/local_time.hpp"
#include "bot/store/on_store.hpp"
#include "flows/broadcast/broadcast_store.hpp"
#include "flows/dashboard/access.hpp"
#include "flows/dashboard/pages.hpp"
#include "flows/dashboard/sign_in.hpp"
#include "flows/groups/places.hpp"
#include "flows/reports/report_content.hpp"
#include "flows/reports/summary.hpp"
// The Xã, Hỗ trợ and Hỏi đáp pages (the block at the end).
#include "flows/dashboard/commune_page.hpp"
#include "flows/dashboard/faq_page.hpp"
#include "flows/dashboard/page_parts.hpp"
#include "flows/dashboard/page_store.hpp"
#include "flows/dashboard/support_page.hpp"
#include "flows/faq/faq_content.hpp"
#include "flows/faq/faq_store.hpp"
#include "flows/tickets/ticket_store.hpp"

namespace hocvuso {

namespace {

namespace asio = boost::asio;
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

http::Response html(int status, std::string body) {
  http::Response r{status, "text/html; charset=utf-8", std::move(body), {}};
  r.headers.emplace_back("Content-Security-Policy", std::string(kPageCsp));
  r.headers.emplace_back("X-Content-Type-Options", "nosniff");
  r.headers.emplace_back("Referrer-Policy", "no-referrer");
  r.headers.emplace_back("Cache-Control", "no-store");
  return r;
}

http::Response redirect(std::string location) {
  http::Response r{303, "text/plain; charset=utf-8", "", {}};
  r.headers.emplace_back("Location", std::move(location));
  r.headers.emplace_back("Cache-Control", "no-store");
  return r;
}

http::Response error_page(int status, std::string_view title, std::string_view message, const db::Html& nav = {}) {
  return html(status, db::page(title, nav, db::error_body(message)));
}

std::string query_of(const http::Request& r) {
  const auto q = r.target.find('?');
  return q == std::string::npos ? std::string() : r.target.substr(q + 1);
}

std::string cookie_value(const http::Request& r, std::string_view name) {
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

bool is_secret(std::string_view s) {
  return s.size() == 64 && std::all_of(s.begin(), s.end(), [](char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'); });
}

// The signed-in person of a request, read on the store thread.
struct Viewer {
  db::WebUser user;
  db::Access access;
  std::string csrf;
  db::Html nav;
};

std::optional<Viewer> viewer_of(Store& s, const std::string& secret, TimePoint now) {
  if (!is_secret(secret)) return std::nullopt;
  auto user = db::DashboardStore::of(s).use_session(crypto::sha256_hex(secret), now, db::kSessionIdle);
  if (!user) return std::nullopt;
  Viewer v{*user, db::Access{db::grants_of(s, *user)}, db::csrf_token(secret), {}};
  if (v.access.grants.empty()) return std::nullopt;  // the role was revoked since
  v.nav = db::nav_html(db::actor(v.user), v.csrf);
  return v;
}

// A period from the query, or the current quarter.
std::optional<Period> period_of(const std::string& query, TimePoint now) {
  const std::string key = db::form_value(query, "period");
  if (key.empty()) return Period::containing(reports::PeriodKind::quarter, local_date(now));
  return Period::parse(key);
}

struct ReadContext {
  std::shared_ptr<const Content> content;
  const places::Places& places() const { return content->get<groups::Places>(); }
  const reports::ReportContent& reports() const { return content->get<reports::ReportContent>(); }
};

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

auto job_overview(std::string secret, std::string query, ReadContext rc, OverviewFormat format) {
  return [secret, query, rc, format](Store& s) -> http::Response {
    const auto now = std::chrono::system_clock::now();
    auto v = viewer_of(s, secret, now);
    if (!v) return redirect("/dashboard/huongdan");
    const auto& places = rc.places();
    const std::string wanted = db::form_value(query, "province");
    const places::Province* province = wanted.empty() ? v->access.home_province(places) : places.province(wanted);
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

std::string bearer_of(const http::Request& r) {
  const std::string_view h = r.header("Authorization");
  if (h.size() <= 7 || (h.substr(0, 7) != "Bearer " && h.substr(0, 7) != "bearer ")) return {};
  return std::string(h.substr(7));
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

// The Xã, Hỗ trợ and Hỏi đáp pages: the block at the end of this file.
namespace {
void add_dashboard_page_routes(http::Router& router, Runtime& core, const Settings& settings);
}  // namespace

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
  add_dashboard_page_routes(router, core, settings);
}

// --- the Xã, Hỗ trợ and Hỏi đáp pages (issue 22, second landing) --------------------
//   GET  /dashboard/xa/<code>?period=   one commune (scope: that commune or its province)
//   POST /dashboard/xa/<code>           its targets of the period (officer/admin over it, CSRF)
//   GET  /dashboard/hotro?province=&period=   tickets by commune, oldest unclaimed first
//   GET  /dashboard/hoidap              what the FAQ could not answer, 👍/👎 per entry (officers, admins)

namespace {

http::Response forbidden(Store& s, const Viewer& v, std::string_view what, TimePoint now) {
  db::DashboardStore::of(s).audit(db::actor(v.user), "refused", what, now);
  return error_page(403, "Không có quyền xem", "Bạn chỉ xem được xã, phường hoặc tỉnh mình phụ trách.", v.nav);
}

// The local days of a period as the range of instants tickets are counted in.
std::pair<TimePoint, TimePoint> period_instants(const Period& p) {
  return {local_time_point(p.first_day()), local_day_end(p.last_day())};
}

// The commune page for a viewer who may see it (checked by the caller).
http::Response commune_page(Store& s, const Viewer& v, const ReadContext& rc, const places::Commune& commune,
                            const Period& period, std::string notice, int status, TimePoint now) {
  const auto* province = rc.places().province(commune.province);
  auto& reports_store = reports::ReportStore::of(s);
  const auto summary = reports::summarize(reports_store, rc.places(), rc.reports(),
                                          {commune.province, period, commune.id, true});
  db::CommuneInput in;
  in.province_id = commune.province;
  in.province_name = province == nullptr ? commune.province : province->name;
  in.code = commune.id;
  in.name = commune.full_name();
  in.summary = &summary;
  in.content = &rc.reports();
  in.periods = db::period_choices(local_date(now));
  for (const auto& t : reports_store.targets(commune.province, period, commune.id)) {
    if (t.village_key.empty()) in.targets[t.indicator] = t.value;
  }
  in.editable = v.access.may_edit(commune.province, commune.id);
  in.csrf = v.csrf;
  in.notice = std::move(notice);
  auto& pages = db::PageStore::of(s);
  const int first = reports::day_number(period.first_day()), last = reports::day_number(period.last_day());
  in.chats = pages.linked_chats(commune.province, commune.id);
  in.submissions = pages.submissions(commune.province, commune.id, first, last, db::kSubmissionsShown);
  in.submission_counts = pages.submission_counts(commune.province, commune.id, first, last);
  in.activity = pages.activity(commune.province, commune.id, first, last, db::kMembersShown);
  in.waiting = pages.waiting_tickets(commune.province, commune.id, db::kTicketsShown);
  in.waiting_counts = pages.waiting_counts(commune.province, commune.id);
  const auto [from, to] = period_instants(period);
  in.ticket_figures = tickets::TicketStore::of(s).figures(commune.province, commune.id, from, to);
  in.now = now;
  return html(status, db::page(in.name, v.nav, db::commune_body(in)));
}

// GET (form empty) shows the page; POST (form = the body) saves the targets first.
auto job_commune(std::string secret, std::string code, std::string query, std::string form, bool post,
                 ReadContext rc) {
  return [secret, code, query, form, post, rc](Store& s) -> http::Response {
    const auto now = std::chrono::system_clock::now();
    auto v = viewer_of(s, secret, now);
    if (!v) return redirect("/dashboard/huongdan");
    const auto* commune = rc.places().unit(code);
    if (commune == nullptr) return error_page(404, "Không có xã này", "Không có xã, phường với mã này.", v->nav);
    if (!v->access.sees_commune(commune->province, commune->id)) return forbidden(s, *v, "commune " + code, now);
    const auto period = period_of(post ? form : query, now);
    if (!period) return error_page(400, "Kỳ không đúng", "Kỳ báo cáo không đúng. Hãy chọn lại trong danh sách.", v->nav);
    if (!post) {
      const std::string saved = db::form_value(query, "saved");
      return commune_page(s, *v, rc, *commune, *period,
                          saved.empty() ? "" : "Đã lưu " + saved + " chỉ tiêu. Thay đổi đã được ghi lại.", 200, now);
    }
    auto& ds = db::DashboardStore::of(s);
    if (db::form_value(form, "csrf") != v->csrf) {
      ds.audit(db::actor(v->user), "refused", "targets " + code + " without CSRF token", now);
      return error_page(403, "Không thực hiện được", "Yêu cầu thiếu mã bảo vệ (CSRF). Hãy tải lại trang rồi thử lại.",
                        v->nav);
    }
    if (!v->access.may_edit(commune->province, commune->id)) {
      ds.audit(db::actor(v->user), "refused", "targets " + code + " read-only", now);
      return error_page(403, "Không có quyền sửa", "Bạn chỉ xem được chỉ tiêu của xã này, không sửa được.", v->nav);
    }
    // Every field is checked before anything is saved: one wrong number saves nothing.
    std::vector<std::pair<const reports::Indicator*, long long>> changes;
    auto& store = reports::ReportStore::of(s);
    std::map<std::string, long long> before;
    for (const auto& t : store.targets(commune->province, *period, commune->id)) {
      if (t.village_key.empty()) before[t.indicator] = t.value;
    }
    for (const auto& ind : rc.reports().indicators) {
      std::string text = db::form_value(form, "t_" + ind.id);
      while (!text.empty() && text.back() == ' ') text.pop_back();
      while (!text.empty() && text.front() == ' ') text.erase(0, 1);
      if (text.empty()) continue;
      const bool digits = text.size() <= 9 && std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; });
      if (!digits) {
        return commune_page(s, *v, rc, *commune, *period,
                            "Chưa lưu gì: chỉ tiêu \"" + ind.name + "\" phải là số nguyên từ 0 đến 100.000.000.", 400,
                            now);
      }
      const long long value = std::stoll(text);
      if (value > 100'000'000) {
        return commune_page(s, *v, rc, *commune, *period,
                            "Chưa lưu gì: chỉ tiêu \"" + ind.name + "\" phải là số nguyên từ 0 đến 100.000.000.", 400,
                            now);
      }
      const auto old = before.find(ind.id);
      if (old == before.end() || old->second != value) changes.emplace_back(&ind, value);
    }
    for (const auto& [ind, value] : changes) {
      const auto old = before.find(ind->id);
      store.set_target(commune->province, reports::Target{commune->id, "", "", ind->id, value}, *period,
                       db::actor(v->user), now);
      ds.audit(db::actor(v->user), "target",
               commune->province + " " + commune->id + " " + period->key() + " " + ind->id + " " +
                   (old == before.end() ? std::string("-") : std::to_string(old->second)) + " -> " +
                   std::to_string(value),
               now);
    }
    return redirect("/dashboard/xa/" + commune->id + "?period=" + db::url_encode(period->key()) +
                    "&saved=" + std::to_string(changes.size()));
  };
}

auto job_support(std::string secret, std::string query, ReadContext rc) {
  return [secret, query, rc](Store& s) -> http::Response {
    const auto now = std::chrono::system_clock::now();
    auto v = viewer_of(s, secret, now);
    if (!v) return redirect("/dashboard/huongdan");
    const auto& places = rc.places();
    const std::string wanted = db::form_value(query, "province");
    const places::Province* province = wanted.empty() ? v->access.home_province(places) : places.province(wanted);
    if (province == nullptr) return error_page(404, "Không có tỉnh này", "Không có tỉnh này trong danh sách.", v->nav);
    if (!v->access.sees_any_in(*province)) return forbidden(s, *v, "support " + province->id, now);
    const auto period = period_of(query, now);
    if (!period) return error_page(400, "Kỳ không đúng", "Kỳ không đúng. Hãy chọn lại trong danh sách.", v->nav);
    const bool whole = v->access.sees_province(province->id);
    auto visible = [&](const std::string& code) { return whole || v->access.sees_commune(province->id, code); };
    db::SupportInput in;
    in.province_id = province->id;
    in.province_name = province->name;
    in.period = *period;
    in.periods = db::period_choices(local_date(now));
    in.now = now;
    auto& pages = db::PageStore::of(s);
    if (whole) {
      in.waiting = pages.waiting_tickets(province->id, "", db::kTicketsShown);
      in.waiting_counts = pages.waiting_counts(province->id, "");
    } else {
      for (const auto& c : places.communes_of(province->id)) {
        if (!visible(c.id)) continue;
        auto part = pages.waiting_tickets(province->id, c.id, db::kTicketsShown);
        in.waiting.insert(in.waiting.end(), part.begin(), part.end());
        const auto counts = pages.waiting_counts(province->id, c.id);
        in.waiting_counts.unclaimed += counts.unclaimed;
        in.waiting_counts.claimed += counts.claimed;
      }
      std::stable_sort(in.waiting.begin(), in.waiting.end(), [](const auto& a, const auto& b) {
        return a.claimed != b.claimed ? !a.claimed : a.created_at < b.created_at;
      });
      if (in.waiting.size() > static_cast<std::size_t>(db::kTicketsShown)) in.waiting.resize(db::kTicketsShown);
    }
    auto name_of = [&places, province](const std::string& code) {
      const auto* c = places.commune(province->id, code);
      return c == nullptr ? code : c->full_name();
    };
    in.commune_name = name_of;
    const auto [from, to] = period_instants(*period);
    auto& ts = tickets::TicketStore::of(s);
    for (const auto& [p, code] : ts.communes_with_tickets(from, to)) {
      if (p == province->id && visible(code)) in.figures.emplace_back(name_of(code), ts.figures(p, code, from, to));
    }
    std::sort(in.figures.begin(), in.figures.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
    return html(200, db::page("Hỗ trợ người dân " + province->name, v->nav, db::support_body(in)));
  };
}

auto job_faq(std::string secret, ReadContext rc) {
  return [secret, rc](Store& s) -> http::Response {
    const auto now = std::chrono::system_clock::now();
    auto v = viewer_of(s, secret, now);
    if (!v) return redirect("/dashboard/huongdan");
    // Citizens' words (masked): officers and admins only; a team leader gets 403.
    const bool officer = std::any_of(v->access.grants.begin(), v->access.grants.end(),
                                     [](const roles::Grant& g) { return g.role >= roles::Role::officer; });
    if (!officer) return forbidden(s, *v, "faq", now);
    auto& fs = faq::FaqStore::of(s);
    db::FaqPageInput in;
    in.misses = fs.misses(db::kMissesShown);
    in.feedback = fs.feedback();
    const auto& faq_content = rc.content->get<faq::FaqContent>();
    in.entry_title = [&faq_content](const std::string& id) {
      const auto* e = faq_content.find(id);
      return e == nullptr ? std::string() : e->title;
    };
    return html(200, db::page("Hỏi đáp: câu hỏi cần bổ sung", v->nav, db::faq_body(in)));
  };
}

asio::awaitable<http::Response> commune_get(Runtime* core, http::Request r) {
  std::string_view rest = r.path();
  rest.remove_prefix(std::string_view("/dashboard/xa/").size());
  ReadContext rc{core->engine->content()};
  co_return co_await on_store(*core->store, job_commune(cookie_value(r, kCookie), std::string(rest), query_of(r), "",
                                                        false, rc));
}

asio::awaitable<http::Response> commune_post(Runtime* core, http::Request r) {
  std::string_view rest = r.path();
  rest.remove_prefix(std::string_view("/dashboard/xa/").size());
  ReadContext rc{core->engine->content()};
  co_return co_await on_store(*core->store, job_commune(cookie_value(r, kCookie), std::string(rest), "", r.body,
                                                        true, rc));
}

asio::awaitable<http::Response> support_get(Runtime* core, http::Request r) {
  ReadContext rc{core->engine->content()};
  co_return co_await on_store(*core->store, job_support(cookie_value(r, kCookie), query_of(r), rc));
}

asio::awaitable<http::Response> faq_get(Runtime* core, http::Request r) {
  ReadContext rc{core->engine->content()};
  co_return co_await on_store(*core->store, job_faq(cookie_value(r, kCookie), rc));
}

void add_dashboard_page_routes(http::Router& router, Runtime& core, const Settings&) {
  Runtime* c = &core;
  // "/dashboard/xa/*" is a longer prefix than "/dashboard/*", so it is chosen (bot/http/router.cpp).
  router.add("GET", "/dashboard/xa/*", [c](http::Request r) { return commune_get(c, std::move(r)); });
  router.add("POST", "/dashboard/xa/*", [c](http::Request r) { return commune_post(c, std::move(r)); });
  router.add("GET", "/dashboard/hotro", [c](http::Request r) { return support_get(c, std::move(r)); });
  router.add("GET", "/dashboard/hoidap", [c](http::Request r) { return faq_get(c, std::move(r)); });
}

}  // namespace

}  // namespace hocvuso
