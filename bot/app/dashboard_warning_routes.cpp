// The dashboard's Cảnh báo page: one store job per request, as in dashboard_routes.cpp
// (the GCC 12 rule in on_store.hpp).
#include "bot/app/dashboard_routes.hpp"

#include "bot/app/dashboard_http.hpp"
#include "flows/places/resolve.hpp"
#include "bot/crypto/digest.hpp"

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

// --- the Cảnh báo page (issue 22, page 3) -------------------------------------------
// Compose, preview, send, approve, cancel, pause, resume and export scam warnings from
// the dashboard. Every rule is the broadcast feature's own: parse_request checks the
// text, template, severity, link and target exactly as for POST /api/v1/broadcasts and
// the chat composer; allows() decides the scope, the store audits every action.

namespace hocvuso {

namespace {

namespace asio = boost::asio;
namespace bc = broadcast;
using namespace dashboard_http;

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
  // Nothing holds the words as typed: a typo ("Thuan Chua") or a former unit's name ("Chiềng
  // Xôm") goes through the resolver the chat composer and the CLI use, and its candidates
  // within scope are offered to choose from (never chosen for the officer).
  if (c.searched && c.found.empty() && !single) {
    for (const auto& candidate : places::resolve(places, query).candidates) {
      const auto* unit = candidate.unit;
      if (candidate.why == places::Why::closest || unit == nullptr) continue;
      if (std::find(draft.communes.begin(), draft.communes.end(), unit->code) != draft.communes.end()) continue;
      if (!reaches(send, bc::Target{"communes", "", {unit->code}}, places)) continue;
      c.found.push_back({unit->code, places.label(*unit)});
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

}  // namespace hocvuso
