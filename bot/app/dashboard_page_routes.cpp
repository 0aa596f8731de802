// The dashboard's Xã, Hỗ trợ and Hỏi đáp pages: one store job per request, as in
// dashboard_routes.cpp (the GCC 12 rule in on_store.hpp).
#include "bot/app/dashboard_routes.hpp"

#include "bot/app/dashboard_http.hpp"
#include "bot/crypto/digest.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <charconv>
#include <nlohmann/json.hpp>
#include <sstream>

#include "bot/core/local_time.hpp"
#include "bot/store/on_store.hpp"
#include "flows/dashboard/access.hpp"
#include "flows/dashboard/pages.hpp"
#include "flows/dashboard/sign_in.hpp"
#include "flows/groups/places.hpp"
#include "flows/reports/report_content.hpp"
#include "flows/reports/summary.hpp"
#include "flows/dashboard/commune_page.hpp"
#include "flows/dashboard/faq_page.hpp"
#include "flows/dashboard/page_parts.hpp"
#include "flows/dashboard/page_store.hpp"
#include "flows/dashboard/support_page.hpp"
#include "flows/faq/faq_content.hpp"
#include "flows/faq/faq_store.hpp"
#include "flows/tickets/ticket_store.hpp"

// --- the Xã, Hỗ trợ and Hỏi đáp pages (issue 22, second landing) --------------------
//   GET  /dashboard/xa/<code>?period=   one commune (scope: that commune or its province)
//   POST /dashboard/xa/<code>           its targets of the period (officer/admin over it, CSRF)
//   GET  /dashboard/hotro?province=&period=   tickets by commune, oldest unclaimed first
//   GET  /dashboard/hoidap              what the FAQ could not answer, 👍/👎 per entry (officers, admins)

namespace hocvuso {

namespace {

namespace asio = boost::asio;
using namespace dashboard_http;

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
    const places::Province* province = requested_province(*v, places, query);
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
    if (!v->access.is_officer()) return forbidden(s, *v, "faq", now);
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

}  // namespace

void add_dashboard_page_routes(http::Router& router, Runtime& core) {
  Runtime* c = &core;
  // "/dashboard/xa/*" is a longer prefix than "/dashboard/*", so it is chosen (bot/http/router.cpp).
  router.add("GET", "/dashboard/xa/*", [c](http::Request r) { return commune_get(c, std::move(r)); });
  router.add("POST", "/dashboard/xa/*", [c](http::Request r) { return commune_post(c, std::move(r)); });
  router.add("GET", "/dashboard/hotro", [c](http::Request r) { return support_get(c, std::move(r)); });
  router.add("GET", "/dashboard/hoidap", [c](http::Request r) { return faq_get(c, std::move(r)); });
}

}  // namespace hocvuso

