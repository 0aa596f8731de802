// Dashboard routes (dashboard_routes.hpp). Each request is one store job, built by an
// ordinary function (the GCC 12 rule in on_store.hpp), that authenticates, checks the
// scope, reads and renders; the coroutine only awaits it.
#include "bot/crypto/digest.hpp"
#include "bot/app/dashboard_routes.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <charconv>
#include <nlohmann/json.hpp>
#include <sstream>

#include "bot/core/local_time.hpp"
#include "bot/store/on_store.hpp"
#include "flows/broadcast/broadcast_store.hpp"
#include "flows/broadcast/broadcast.hpp"
#include "flows/broadcast/request.hpp"
#include "flows/broadcast/templates.hpp"
#include "flows/dashboard/warnings_page.hpp"
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

// The Cảnh báo page's routes: the block at the end of this file.
void add_warning_routes(http::Router& router, Runtime& core);

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
  add_warning_routes(router, core);
}

}  // namespace hocvuso

// --- the Cảnh báo page (issue 22, page 3) -------------------------------------------
// Compose, preview, send, approve, cancel, pause, resume and export scam warnings from
// the dashboard. Every rule is the broadcast feature's own: parse_request checks the
// text, template, severity, link and target exactly as for POST /api/v1/broadcasts and
// the chat composer; allows() decides the scope, the store audits every action.

namespace hocvuso {

namespace {

namespace bc = broadcast;

struct WarningSettings {
  int daily_limit = 20;
  bool require_approval = false;
};

// The viewer's grants as the broadcast feature's scopes, so that the one allows() decides
// for the page as for API tokens and chat officers. Sending: officers and admins.
std::vector<bc::Scope> send_scopes(const db::Access& a) {
  std::vector<bc::Scope> out;
  for (const auto& g : a.grants) {
    if (g.role == roles::Role::admin) out.push_back({bc::Role::admin, "", ""});
    if (g.role == roles::Role::officer) out.push_back({bc::Role::officer, g.scope.province, g.scope.commune});
  }
  return out;
}

// Reading the list: also a team leader of a commune (read-only).
std::vector<bc::Scope> read_scopes(const db::Access& a) {
  auto out = send_scopes(a);
  for (const auto& g : a.grants) {
    if (g.role == roles::Role::leader && !g.scope.commune.empty()) {
      out.push_back({bc::Role::officer, g.scope.province, g.scope.commune});
    }
  }
  return out;
}

bool reaches(const std::vector<bc::Scope>& scopes, const bc::Target& t, const places::Places& places) {
  return std::any_of(scopes.begin(), scopes.end(), [&](const bc::Scope& sc) { return bc::allows(sc, t, &places); });
}

std::string target_vi(const bc::Target& t, const places::Places& places) {
  if (t.scope == "province") return "cả tỉnh " + places.province_name(t.province);
  if (t.scope == "communes") {
    std::string out;
    for (const auto& code : t.communes) {
      const auto* unit = places.unit(code);
      out += (out.empty() ? "" : "; ") + (unit != nullptr ? places.label(*unit) : code);
    }
    return out;
  }
  if (t.scope == "groups") return "mọi nhóm tổ công nghệ";
  if (t.scope == "subscribers") return "mọi người đăng ký nhận";
  return "tất cả";
}

std::string time_vi(std::int64_t ms) {
  const TimePoint t{std::chrono::milliseconds(ms)};
  const long long minute = (ms / 60000 + 7 * 60) % 60;
  char hm[8];
  std::snprintf(hm, sizeof hm, "%02d:%02lld", local_hour(t), minute);
  return format_date_vi(local_date(t)) + " " + hm;
}

// The warnings the viewer may see (in scope, or their own), newest first.
std::vector<db::WarningRow> warning_rows(Store& s, const places::Places& places, const std::vector<bc::Scope>& read,
                                         const std::vector<bc::Scope>& send, const std::string& actor) {
  auto& bs = bc::BroadcastStore::of(s);
  std::vector<db::WarningRow> rows;
  for (const auto& r : bs.recent(100)) {
    const bool own = r.author == actor;
    if (!own && !reaches(read, r.target, places)) continue;
    const auto p = bs.progress(r.id);
    if (!p) continue;
    db::WarningRow w;
    w.id = r.id;
    w.target = target_vi(r.target, places);
    w.author = r.author;
    w.created = time_vi(p->created_at_ms);
    w.status = p->status;
    const auto counted = nlohmann::json::parse(bs.recipients_of(r.id).value_or("{}"), nullptr, false);
    w.recipients = counted.is_object() ? counted.value("recipients", std::int64_t{0}) : 0;
    w.sent = p->sent;
    w.failed = p->failed;
    w.blocked = p->blocked;
    w.cancelled = p->cancelled;
    w.pending = p->pending;
    w.complete = (p->status == "done" || p->status == "cancelled") && p->pending == 0;
    w.may_act = own || reaches(send, r.target, places);
    w.may_approve = p->status == "awaiting_approval" && !own && reaches(send, r.target, places);
    rows.push_back(std::move(w));
  }
  return rows;
}

// The compose form's data: the draft, the templates, the communes chosen and found.
db::ComposeInput compose_input(const Viewer& v, const ReadContext& rc, db::WarningDraft draft, std::string query) {
  const auto& places = rc.places();
  const auto send = send_scopes(v.access);
  db::ComposeInput c;
  c.csrf = v.csrf;
  for (const auto& t : rc.content->get<bc::ScamTemplates>().list) c.templates.push_back({t.id, t.label});
  for (const auto& code : draft.communes) {
    if (const auto* unit = places.unit(code)) c.chosen.push_back({code, places.label(*unit)});
  }
  for (const auto& p : places.provinces) {
    if (reaches(send, bc::Target{"province", p.id, {}}, places)) c.provinces.push_back({p.id, p.name});
  }
  // A commune officer has one commune: offer it without a search.
  const bool single = c.provinces.empty() && send.size() == 1 && !send.front().commune.empty();
  const std::string key = places::commune_key(query);
  c.searched = !key.empty();
  for (const auto& p : places.provinces) {
    for (const auto& unit : p.communes) {
      if (c.found.size() >= 30) break;
      if (!single && (key.empty() || unit.key.find(key) == std::string::npos)) continue;
      if (std::find(draft.communes.begin(), draft.communes.end(), unit.code) != draft.communes.end()) continue;
      if (!reaches(send, bc::Target{"communes", "", {unit.code}}, places)) continue;
      c.found.push_back({unit.code, places.label(unit)});
    }
  }
  c.draft = std::move(draft);
  c.query = std::move(query);
  return c;
}

// The same checks as the API (parse_request on the API's JSON body), then the scope.
Result<bc::ValidRequest> checked_draft(const db::WarningDraft& d, const ReadContext& rc) {
  if (!d.province.empty() && !d.communes.empty()) return Problem{"both_targets", "a province or communes, not both"};
  return bc::parse_request(db::draft_request_json(d), rc.content->get<bc::ScamTemplates>(),
                           rc.content->find<places::Places>());
}

std::string notice_vi(std::string_view what, std::string_view id) {
  const std::string n = " số " + std::string(id);
  if (what == "tao") return "Đã tạo cảnh báo" + n + ". Tin đang được gửi đi.";
  if (what == "choduyet") return "Đã tạo cảnh báo" + n + ". Cảnh báo chờ một cán bộ khác duyệt rồi mới gửi.";
  if (what == "duyet") return "Đã duyệt cảnh báo" + n + ". Tin đang được gửi đi.";
  if (what == "huy") return "Đã hủy cảnh báo" + n + ". Những tin chưa gửi sẽ không gửi nữa.";
  if (what == "tamdung") return "Đã tạm dừng cảnh báo" + n + ".";
  if (what == "tieptuc") return "Cảnh báo" + n + " gửi tiếp.";
  return {};
}

std::optional<std::int64_t> id_of(std::string_view digits) {
  std::int64_t id = 0;
  const auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), id);
  if (ec != std::errc() || end != digits.data() + digits.size() || digits.empty() || id <= 0) return std::nullopt;
  return id;
}

http::Response warnings_page(Store& s, const Viewer& v, const ReadContext& rc, db::ComposeInput compose,
                             std::string notice, int status = 200) {
  db::WarningsInput in;
  const auto send = send_scopes(v.access);
  in.may_compose = !send.empty();
  in.compose = std::move(compose);
  in.compose.csrf = v.csrf;
  in.rows = warning_rows(s, rc.places(), read_scopes(v.access), send, db::actor(v.user));
  in.notice = std::move(notice);
  return html(status, db::page("Cảnh báo lừa đảo", v.nav, db::warnings_body(in)));
}

http::Response refused_csrf(Store& s, const Viewer& v, std::string_view what, TimePoint now) {
  db::DashboardStore::of(s).audit(db::actor(v.user), "refused", std::string(what) + " without CSRF token", now);
  return error_page(403, "Không thực hiện được", "Yêu cầu thiếu mã bảo vệ (CSRF). Hãy tải lại trang rồi thử lại.",
                    v.nav);
}

// GET /dashboard/canhbao (query: a draft to edit again, a notice) and POST /dashboard/canhbao
// (the search button: the form comes back with the communes found).
auto job_warnings(std::string secret, std::string form, bool post, ReadContext rc) {
  return [secret, form, post, rc](Store& s) -> http::Response {
    const auto now = std::chrono::system_clock::now();
    auto v = viewer_of(s, secret, now);
    if (!v) return redirect("/dashboard/huongdan");
    if (post && db::form_value(form, "csrf") != v->csrf) return refused_csrf(s, *v, "warning search", now);
    auto compose = compose_input(*v, rc, db::draft_from_form(form), db::form_value(form, "q"));
    return warnings_page(s, *v, rc, std::move(compose),
                         post ? std::string() : notice_vi(db::form_value(form, "tb"), db::form_value(form, "so")));
  };
}

// POST /dashboard/canhbao/xemtruoc (preview: who it reaches, by kind) and
// POST /dashboard/canhbao/gui (send, or wait for approval).
auto job_compose(std::string secret, std::string form, bool send_now, ReadContext rc, WarningSettings ws) {
  return [secret, form, send_now, rc, ws](Store& s) -> http::Response {
    const auto now = std::chrono::system_clock::now();
    auto v = viewer_of(s, secret, now);
    if (!v) return redirect("/dashboard/huongdan");
    if (db::form_value(form, "csrf") != v->csrf) return refused_csrf(s, *v, "warning", now);
    const auto send = send_scopes(v->access);
    if (send.empty()) {
      return error_page(403, "Không có quyền gửi", "Chỉ cán bộ xã, phường hoặc tỉnh mới gửi được cảnh báo.", v->nav);
    }
    const auto draft = db::draft_from_form(form);
    const std::string actor = db::actor(v->user);
    auto& bs = bc::BroadcastStore::of(s);
    auto again = [&](std::string_view code, int status) {
      auto c = compose_input(*v, rc, draft, "");
      c.error = db::problem_vi(code);
      return warnings_page(s, *v, rc, std::move(c), "", status);
    };
    auto parsed = checked_draft(draft, rc);
    if (!parsed) return again(parsed.problem().code, 400);
    const auto& req = *parsed;
    if (!reaches(send, req.target, rc.places())) {
      bs.audit(actor, "refused", std::nullopt, "{\"reason\":\"outside scope\"}", now);
      return again("forbidden", 403);
    }
    const bool awaiting = ws.require_approval && bc::needs_approval(req.target);
    const std::string rendered = bc::render_warning(rc.content->strings, req.severity, req.text, req.link);
    if (!send_now) {
      const auto counts = bs.count_by_kind(req.target);
      db::PreviewInput in;
      in.draft = draft;
      in.csrf = v->csrf;
      in.rendered = rendered;
      in.target = target_vi(req.target, rc.places());
      in.total = counts.total;
      in.groups = counts.by_kind.groups;
      in.private_chats = counts.by_kind.private_chats;
      in.left_out = counts.left_out.groups + counts.left_out.private_chats;
      for (const auto& [platform, k] : counts.by_platform) in.by_platform.emplace_back(platform, k.groups + k.private_chats);
      in.needs_approval = awaiting;
      return html(200, db::page("Xem trước cảnh báo", v->nav, db::warning_preview_body(in)));
    }
    if (bs.created_today(actor, now) >= ws.daily_limit) return again("daily_limit", 429);
    const std::int64_t id = bs.create(bc::NewBroadcast{actor, rendered, req.severity, req.link, req.target}, now, awaiting);
    return redirect("/dashboard/canhbao?tb=" + std::string(awaiting ? "choduyet" : "tao") + "&so=" + std::to_string(id));
  };
}

// POST /dashboard/canhbao/thaotac: id and lam = approve | pause | resume | cancel.
auto job_warning_action(std::string secret, std::string form, ReadContext rc) {
  return [secret, form, rc](Store& s) -> http::Response {
    const auto now = std::chrono::system_clock::now();
    auto v = viewer_of(s, secret, now);
    if (!v) return redirect("/dashboard/huongdan");
    if (db::form_value(form, "csrf") != v->csrf) return refused_csrf(s, *v, "warning action", now);
    const std::string action = db::form_value(form, "lam");
    const auto id = id_of(db::form_value(form, "id"));
    auto& bs = bc::BroadcastStore::of(s);
    const auto target = id ? bs.target_of(*id) : std::nullopt;
    if (!target) return error_page(404, "Không có cảnh báo này", "Không có cảnh báo này.", v->nav);
    const std::string actor = db::actor(v->user);
    const auto send = send_scopes(v->access);
    if (!reaches(send, *target, rc.places()) && !(bs.author_of(*id) == actor && !send.empty())) {
      bs.audit(actor, "refused", *id, "{\"reason\":\"outside scope\"}", now);
      return error_page(403, "Không có quyền", "Cảnh báo này ngoài phạm vi bạn phụ trách.", v->nav);
    }
    const std::string so = std::to_string(*id);
    if (action == "approve") {
      const auto result = bs.approve(*id, actor, now);
      if (result == bc::BroadcastStore::Approval::same_officer) {
        return error_page(403, "Chưa duyệt được", "Người duyệt phải là một cán bộ khác, không phải người tạo.", v->nav);
      }
      if (result == bc::BroadcastStore::Approval::not_waiting) {
        return error_page(409, "Chưa duyệt được", "Cảnh báo này không còn chờ duyệt.", v->nav);
      }
      return redirect("/dashboard/canhbao?tb=duyet&so=" + so);
    }
    if (action == "cancel") {
      if (!bs.cancel(*id, actor, now)) return error_page(409, "Không hủy được", "Cảnh báo này đã hủy rồi.", v->nav);
      return redirect("/dashboard/canhbao?tb=huy&so=" + so);
    }
    if (action == "pause" || action == "resume") {
      if (!bs.set_paused(*id, action == "pause", actor, now)) {
        return error_page(409, "Không thực hiện được",
                          "Chỉ tạm dừng được cảnh báo đang gửi, và chỉ gửi tiếp được cảnh báo đang tạm dừng.", v->nav);
      }
      return redirect("/dashboard/canhbao?tb=" + std::string(action == "pause" ? "tamdung" : "tieptuc") + "&so=" + so);
    }
    return error_page(400, "Không thực hiện được", "Thao tác không đúng.", v->nav);
  };
}

// GET /dashboard/canhbao.csv?id=N: one row per recipient, the same file as
// `hocvuso broadcasts export`. It names chats, so it is audited.
auto job_warning_csv(std::string secret, std::string query, ReadContext rc) {
  return [secret, query, rc](Store& s) -> http::Response {
    const auto now = std::chrono::system_clock::now();
    auto v = viewer_of(s, secret, now);
    if (!v) return redirect("/dashboard/huongdan");
    const auto id = id_of(db::form_value(query, "id"));
    auto& bs = bc::BroadcastStore::of(s);
    const auto target = id ? bs.target_of(*id) : std::nullopt;
    if (!target) return error_page(404, "Không có cảnh báo này", "Không có cảnh báo này.", v->nav);
    const std::string actor = db::actor(v->user);
    if (!reaches(read_scopes(v->access), *target, rc.places()) && bs.author_of(*id) != actor) {
      bs.audit(actor, "refused", *id, "{\"reason\":\"export outside scope\"}", now);
      return error_page(403, "Không có quyền", "Cảnh báo này ngoài phạm vi bạn phụ trách.", v->nav);
    }
    std::ostringstream csv;
    bs.export_csv(*id, csv);
    bs.audit(actor, "export", *id, "", now);
    http::Response r{200, "text/csv; charset=utf-8", csv.str(), {}};
    r.headers.emplace_back("Content-Disposition", "attachment; filename=\"canhbao-" + std::to_string(*id) + ".csv\"");
    r.headers.emplace_back("Cache-Control", "no-store");
    r.headers.emplace_back("X-Content-Type-Options", "nosniff");
    return r;
  };
}

// GET /api/v1/warnings: the warnings in scope with their progress (the page's script polls
// it), with a Bearer token or the session cookie and its X-CSRF-Token.
auto job_api_warnings(std::string bearer, std::string secret, std::string csrf, ReadContext rc) {
  return [bearer, secret, csrf, rc](Store& s) -> http::Response {
    const auto now = std::chrono::system_clock::now();
    std::vector<bc::Scope> read, send;
    std::string actor;
    if (!bearer.empty()) {
      const auto token = bc::BroadcastStore::of(s).find_token(bearer);
      if (!token) return http::json_error(401, "unauthorized", "a valid Bearer token is required");
      read = send = {token->scope};
      actor = "token:" + std::to_string(token->id);
    } else {
      auto v = viewer_of(s, secret, now);
      if (!v) return http::json_error(401, "unauthorized", "a Bearer token, or the session cookie, is required");
      if (csrf != v->csrf) return http::json_error(403, "csrf", "the X-CSRF-Token header is missing or wrong");
      read = read_scopes(v->access);
      send = send_scopes(v->access);
      actor = db::actor(v->user);
    }
    nlohmann::json list = nlohmann::json::array();
    for (const auto& w : warning_rows(s, rc.places(), read, send, actor)) {
      list.push_back({{"id", w.id}, {"target", w.target}, {"status", w.status},
                      {"status_vi", db::status_vi(w.status, w.complete)}, {"percent", db::percent_done(w)},
                      {"complete", w.complete}, {"recipients", w.recipients}, {"sent", w.sent}, {"failed", w.failed},
                      {"blocked", w.blocked}, {"cancelled", w.cancelled}, {"pending", w.pending}});
    }
    return http::json_ok(nlohmann::json{{"warnings", list}}.dump());
  };
}

asio::awaitable<http::Response> warnings_get(Runtime* core, http::Request r) {
  ReadContext rc{core->engine->content()};
  const std::string secret = cookie_value(r, kCookie);
  if (r.path() == "/dashboard/canhbao.csv") co_return co_await on_store(*core->store, job_warning_csv(secret, query_of(r), rc));
  co_return co_await on_store(*core->store, job_warnings(secret, query_of(r), false, rc));
}

asio::awaitable<http::Response> warnings_post(Runtime* core, WarningSettings ws, http::Request r) {
  ReadContext rc{core->engine->content()};
  const std::string secret = cookie_value(r, kCookie);
  const std::string path(r.path());
  if (path == "/dashboard/canhbao") co_return co_await on_store(*core->store, job_warnings(secret, r.body, true, rc));
  if (path == "/dashboard/canhbao/thaotac") co_return co_await on_store(*core->store, job_warning_action(secret, r.body, rc));
  co_return co_await on_store(*core->store, job_compose(secret, r.body, path == "/dashboard/canhbao/gui", rc, ws));
}

asio::awaitable<http::Response> warnings_script(http::Request) {
  http::Response js{200, "text/javascript; charset=utf-8", std::string(db::asset("warnings.js")), {}};
  js.headers.emplace_back("Cache-Control", "public, max-age=3600");
  js.headers.emplace_back("X-Content-Type-Options", "nosniff");
  co_return js;
}

asio::awaitable<http::Response> api_warnings(Runtime* core, http::Request r) {
  ReadContext rc{core->engine->content()};
  co_return co_await on_store(*core->store, job_api_warnings(bearer_of(r), cookie_value(r, kCookie),
                                                             std::string(r.header("X-CSRF-Token")), rc));
}

}  // namespace

void add_warning_routes(http::Router& router, Runtime& core) {
  Runtime* c = &core;
  const WarningSettings ws{core.config.broadcast_daily_limit, core.config.broadcast_require_approval != 0};
  router.add("GET", "/dashboard/static/warnings.js", [](http::Request r) { return warnings_script(std::move(r)); });
  for (const char* path : {"/dashboard/canhbao", "/dashboard/canhbao.csv"}) {
    router.add("GET", path, [c](http::Request r) { return warnings_get(c, std::move(r)); });
  }
  for (const char* path : {"/dashboard/canhbao", "/dashboard/canhbao/xemtruoc", "/dashboard/canhbao/gui",
                           "/dashboard/canhbao/thaotac"}) {
    router.add("POST", path, [c, ws](http::Request r) { return warnings_post(c, ws, std::move(r)); });
  }
  router.add("GET", "/api/v1/warnings", [c](http::Request r) { return api_warnings(c, std::move(r)); });
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
