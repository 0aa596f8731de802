// Tests the web dashboard's pieces (flows/dashboard): escaping and templates, forms,
// pages with hostile names, scope checks, and the links/sessions store (single use,
// expiry, rate limit, idle sessions, links erased from the outbox once delivered).
// The pages in a browser: tests/browser/dashboard.test.mjs.
#include <SQLiteCpp/SQLiteCpp.h>
#include <gtest/gtest.h>

#include <algorithm>

#include "bot/crypto/digest.hpp"
#include "bot/config/config.hpp"
#include "bot/store/outbox_texts.hpp"
#include "bot/store/store.hpp"
#include "flows/dashboard/access.hpp"
#include "flows/dashboard/dashboard_store.hpp"
#include "flows/dashboard/html.hpp"
#include "flows/dashboard/pages.hpp"
#include "flows/dashboard/sign_in.hpp"
#include "support/temp_dir.hpp"

namespace hocvuso::dashboard {
namespace {

using namespace std::chrono_literals;
using hocvuso::testing::TempDir;

TEST(DashboardHtml, EscapesEveryValueAndFillsHtmlOnlyWhereAsked) {
  EXPECT_EQ(escape(R"(<script>alert("x")</script> & 'y')"),
            "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;y&#39;");
  EXPECT_EQ(render("<p>{{a}}</p>{{{b}}}", {{"a", std::string("<b>")}, {"b", Html{"<i>ok</i>"}}}),
            "<p>&lt;b&gt;</p><i>ok</i>");
  EXPECT_THROW(render("{{missing}}", {}), std::logic_error);
  EXPECT_THROW(render("{{{a}}}", {{"a", std::string("<b>")}}), std::logic_error);  // text never raw
  EXPECT_THROW(render("{{a}}", {{"a", Html{"<b>"}}}), std::logic_error);
}

TEST(DashboardHtml, DecodesFormsAndQueries) {
  EXPECT_EQ(form_value("t=abc&csrf=x%2By+z", "csrf"), "x+y z");
  EXPECT_EQ(form_value("period=2026-Q4&province=son-la", "province"), "son-la");
  EXPECT_EQ(form_value("a=1", "b"), "");
  EXPECT_EQ(form_value("a=%zz%4", "a"), "%zz%4");  // a broken escape stays as it was
  EXPECT_EQ(url_encode("xã Thuận"), "x%C3%A3%20Thu%E1%BA%ADn");
}

TEST(DashboardHtml, EveryTemplateAndTheStylesheetAreBuiltIn) {
  for (const char* name : {"layout.html", "nav.html", "signin_help.html", "signin_confirm.html", "overview.html",
                           "ranking.html", "error.html", "dashboard.css"}) {
    EXPECT_FALSE(asset(name).empty()) << name;
  }
  EXPECT_TRUE(asset("nope.html").empty());
}

reports::Summary hostile_summary() {
  reports::Summary s;
  s.period = *reports::Period::parse("2026-Q4");
  reports::SummaryRow a;
  a.province = "Sơn La";
  a.commune_id = "03721";
  a.commune = "xã <script>alert(1)</script>";
  a.actual = {{"huongdan", 40}};
  a.target = {{"huongdan", 100}};
  a.completion = 40.0;
  reports::SummaryRow b = a;
  b.commune_id = "03808";
  b.commune = "xã Mường La";
  b.actual = {{"huongdan", 1200}};
  b.target = {{"huongdan", 1000}};
  b.completion = 100.0;
  s.rows = {a, b};
  return s;
}

TEST(DashboardPages, AHostileCommuneNameIsTextInTheTableAndTheChart) {
  const auto summary = hostile_summary();
  reports::ReportContent content;
  content.indicators.push_back({"huongdan", "Người <dân> được hướng dẫn", {}});
  OverviewInput in;
  in.province_id = "son-la";
  in.province_name = "Sơn La";
  in.summary = &summary;
  in.visible = [](const std::string&) { return true; };
  in.reported = {"03808"};
  in.content = &content;
  in.periods = period_choices(std::chrono::year_month_day{std::chrono::year{2026}, std::chrono::December, std::chrono::day{6}});
  const std::string html = page("Tổng quan <Sơn La>", nav_html("telegram:<x>", "c5rf", true), overview_body(in));
  EXPECT_EQ(html.find("<script"), std::string::npos);
  EXPECT_NE(html.find("xã &lt;script&gt;alert(1)&lt;/script&gt;"), std::string::npos);
  EXPECT_NE(html.find("Người &lt;dân&gt; được hướng dẫn"), std::string::npos);
  EXPECT_NE(html.find("Tổng quan &lt;Sơn La&gt;"), std::string::npos);
  EXPECT_NE(html.find("1.200 / 1.000"), std::string::npos);  // Vietnamese numbers on pages
  EXPECT_NE(html.find("<option value=\"2026-Q4\" selected>quý 4/2026</option>"), std::string::npos);
  EXPECT_EQ(html.find("2027"), std::string::npos);  // periods that have not begun are not offered
  EXPECT_NE(html.find("1/2 xã, phường đã báo cáo"), std::string::npos);
  EXPECT_EQ(html.find(" style="), std::string::npos);
}

TEST(DashboardPages, TheOverviewShowsOnlyWhatTheViewerMaySeeWithProvinceWideRanks) {
  const auto summary = hostile_summary();
  reports::ReportContent content;
  content.indicators.push_back({"huongdan", "Hướng dẫn", {}});
  OverviewInput in;
  in.summary = &summary;
  in.visible = [](const std::string& code) { return code == "03721"; };
  in.content = &content;
  const std::string html = overview_body(in).s;
  EXPECT_EQ(html.find("Mường La"), std::string::npos);
  EXPECT_NE(html.find("<tr data-commune=\"03721\"><td>2</td>"), std::string::npos);  // rank 2 of the province
}

roles::Grant grant(roles::Role role, std::string province, std::string commune) {
  return roles::Grant{Channel::telegram, "1", role, roles::Scope{std::move(province), std::move(commune)}};
}

TEST(DashboardPages, TheTrendDrawsOneLinePerIndicatorWithEachPeriodsFigure) {
  reports::ReportContent content;
  content.indicators.push_back({"huongdan", "Người <dân> được hướng dẫn", {}});
  content.indicators.push_back({"buoi", "Buổi", {}});
  const std::vector<PeriodTotals> trend = {{"quý 2/2026", {{"huongdan", 1200}}},
                                           {"quý 3/2026", {{"huongdan", 0}, {"buoi", 4}}},
                                           {"quý <4>/2026", {{"huongdan", 2500}, {"buoi", 7}}}};
  const std::string html = totals_trend(trend, content).s;
  EXPECT_NE(html.find("<table id=\"trend\">"), std::string::npos);
  EXPECT_NE(html.find("Người &lt;dân&gt; được hướng dẫn"), std::string::npos);
  EXPECT_EQ(html.find("<4>"), std::string::npos);
  // Two lines of three points; every point says its period and figure.
  std::size_t lines = 0, dots = 0;
  for (auto at = html.find("<polyline"); at != std::string::npos; at = html.find("<polyline", at + 1)) ++lines;
  for (auto at = html.find("<circle"); at != std::string::npos; at = html.find("<circle", at + 1)) ++dots;
  EXPECT_EQ(lines, 2u);
  EXPECT_EQ(dots, 6u);
  EXPECT_NE(html.find("<title>quý 2/2026: 1.200</title>"), std::string::npos);
  EXPECT_NE(html.find("<title>quý 3/2026: 0</title>"), std::string::npos);   // a missing figure is 0
  EXPECT_NE(html.find("<title>quý 2/2026: 0</title>"), std::string::npos);   // buoi had none in quý 2
  EXPECT_NE(html.find("<td>2.500</td>"), std::string::npos);                 // the selected period's figure
  // Own scale per line: each line's largest figure is drawn at the top (y = 4).
  EXPECT_NE(html.find("<circle cx=\"156\" cy=\"4\""), std::string::npos);
  EXPECT_EQ(html.find(" style="), std::string::npos);
}

TEST(DashboardPages, TheTrendSaysSoWhenNothingWasConfirmed) {
  reports::ReportContent content;
  content.indicators.push_back({"huongdan", "Hướng dẫn", {}});
  const std::string html = totals_trend({{"quý 3/2026", {}}, {"quý 4/2026", {{"huongdan", 0}}}}, content).s;
  EXPECT_NE(html.find("Chưa có báo cáo đã xác nhận"), std::string::npos);
  EXPECT_EQ(html.find("<svg"), std::string::npos);
}

TEST(DashboardPages, TheNavigationOffersHoiDapOnlyToOfficers) {
  EXPECT_NE(nav_html("telegram:1", "c", true).s.find("/dashboard/hoidap"), std::string::npos);
  EXPECT_EQ(nav_html("telegram:1", "c", false).s.find("/dashboard/hoidap"), std::string::npos);
  EXPECT_TRUE((Access{{grant(roles::Role::officer, "son-la", "03721")}}.is_officer()));
  EXPECT_FALSE((Access{{grant(roles::Role::leader, "son-la", "03721")}}.is_officer()));
}

TEST(DashboardAccess, EachRoleSeesItsScopeOnly) {
  const Access province{{grant(roles::Role::officer, "son-la", "")}};
  EXPECT_TRUE(province.sees_province("son-la"));
  EXPECT_TRUE(province.sees_commune("son-la", "03808"));
  EXPECT_FALSE(province.sees_commune("lao-cai", "02000"));
  const Access commune{{grant(roles::Role::officer, "son-la", "03721")}};
  EXPECT_FALSE(commune.sees_province("son-la"));
  EXPECT_TRUE(commune.sees_commune("son-la", "03721"));
  EXPECT_FALSE(commune.sees_commune("son-la", "03808"));
  EXPECT_TRUE(commune.may_edit("son-la", "03721"));
  const Access leader{{grant(roles::Role::leader, "son-la", "03721")}};
  EXPECT_TRUE(leader.sees_commune("son-la", "03721"));
  EXPECT_FALSE(leader.may_edit("son-la", "03721"));  // read-only
  const Access leader_without_commune{{grant(roles::Role::leader, "son-la", "")}};
  EXPECT_FALSE(leader_without_commune.sees_commune("son-la", "03721"));
  const Access admin{{grant(roles::Role::admin, "", "")}};
  EXPECT_TRUE(admin.sees_province("thanh-hoa"));
  EXPECT_FALSE(Access{}.sees_commune("son-la", "03721"));
}

class DashboardStoreTest : public ::testing::Test {
 protected:
  TempDir tmp_;
  Store store_{tmp_ / "bot.db"};
  TimePoint t0_ = std::chrono::system_clock::time_point(std::chrono::milliseconds(1'796'000'000'000));
  WebUser officer_{Channel::telegram, "1001"};
};

TEST_F(DashboardStoreTest, ALinkWorksOnceForTenMinutesForItsUserOnly) {
  EXPECT_TRUE(std::holds_alternative<LinkRefusal>(issue_link(store_, officer_, "https://x.vn", t0_)));  // no role
  roles::RoleStore::of(store_).grant(roles::Grant{Channel::telegram, "1001", roles::Role::officer, {"son-la", ""}}, t0_);
  const auto issued = std::get<IssuedLink>(issue_link(store_, officer_, "https://x.vn", t0_));
  ASSERT_TRUE(issued.url.starts_with("https://x.vn/dashboard/dangnhap?t="));
  EXPECT_TRUE(issued.tag.starts_with(kLinkTagPrefix));
  const std::string secret = issued.url.substr(issued.url.find("t=") + 2);
  EXPECT_EQ(issued.tag.find(secret.substr(0, 16)), std::string::npos);  // the tag never holds the secret
  auto& ds = DashboardStore::of(store_);
  // Stored hashed: the secret itself is nowhere in the table.
  SQLite::Statement q(store_.database(), "SELECT count(*) FROM dashboard_links WHERE hash = ?");
  q.bind(1, secret);
  ASSERT_TRUE(q.executeStep());
  EXPECT_EQ(q.getColumn(0).getInt(), 0);
  EXPECT_EQ(ds.consume_link(crypto::sha256_hex(secret), t0_ + 10min), std::nullopt);  // expired
  EXPECT_EQ(ds.consume_link(crypto::sha256_hex(secret), t0_ + 9min), officer_);
  EXPECT_EQ(ds.consume_link(crypto::sha256_hex(secret), t0_ + 9min), std::nullopt);  // used
}

TEST_F(DashboardStoreTest, LinksAreRateLimitedPerUser) {
  roles::RoleStore::of(store_).grant(roles::Grant{Channel::telegram, "1001", roles::Role::leader, {"son-la", "03721"}}, t0_);
  for (int i = 0; i < kLinksPerWindow; ++i) {
    EXPECT_TRUE(std::holds_alternative<IssuedLink>(issue_link(store_, officer_, "", t0_ + std::chrono::seconds(i))));
  }
  const auto refused = issue_link(store_, officer_, "", t0_ + 5min);
  ASSERT_TRUE(std::holds_alternative<LinkRefusal>(refused));
  EXPECT_EQ(std::get<LinkRefusal>(refused), LinkRefusal::rate_limited);
  EXPECT_TRUE(std::holds_alternative<IssuedLink>(issue_link(store_, officer_, "", t0_ + 11min)));
}

TEST_F(DashboardStoreTest, ASessionEndsAfterEightIdleHoursOrOnSignOut) {
  auto& ds = DashboardStore::of(store_);
  ds.add_session("h1", officer_, t0_);
  EXPECT_EQ(ds.use_session("h1", t0_ + 7h, kSessionIdle), officer_);
  EXPECT_EQ(ds.use_session("h1", t0_ + 14h, kSessionIdle), officer_);  // 7 h after its last use
  EXPECT_EQ(ds.use_session("h1", t0_ + 23h, kSessionIdle), std::nullopt);
  ds.add_session("h2", officer_, t0_);
  EXPECT_TRUE(ds.end_session("h2"));
  EXPECT_EQ(ds.use_session("h2", t0_, kSessionIdle), std::nullopt);
  EXPECT_FALSE(ds.end_session("h2"));
}

TEST_F(DashboardStoreTest, ADeliveredLinkIsErasedFromTheOutboxAndAWaitingOneKept) {
  auto& db = store_.database();
  db.exec("INSERT INTO outbox (channel, chat_id, body, status, created_at, tag) VALUES "
          "('telegram', '1', '{\"text\":\"link https://x.vn/dashboard/dangnhap?t=s1\"}', 'sent', 1, 'dashboard-link:aa'),"
          "('telegram', '1', '{\"text\":\"link t=s2\"}', 'pending', 1, 'dashboard-link:bb'),"
          "('telegram', '1', '{\"text\":\"other\"}', 'sent', 1, 'ticket:1')");
  EXPECT_EQ(erase_finished_texts(store_, kLinkTagPrefix), 1);
  SQLite::Statement q(db, "SELECT json_extract(body, '$.text') FROM outbox ORDER BY id");
  std::vector<std::string> texts;
  while (q.executeStep()) texts.push_back(q.getColumn(0).getString());
  EXPECT_EQ(texts, (std::vector<std::string>{"", "link t=s2", "other"}));
  EXPECT_EQ(erase_finished_texts(store_, kLinkTagPrefix), 0);
}

TEST(DashboardSecrets, CsrfTokensDifferPerSession) {
  const auto a = crypto::random_hex(kSecretBytes);
  const auto b = crypto::random_hex(kSecretBytes);
  EXPECT_EQ(a.size(), 64U);
  EXPECT_NE(a, b);
  EXPECT_NE(csrf_token(a), csrf_token(b));
  EXPECT_EQ(csrf_token(a), csrf_token(a));
}

EnvLookup env(std::map<std::string, std::string> vars) {
  return [vars](const std::string& k) -> std::optional<std::string> {
    auto it = vars.find(k);
    return it == vars.end() ? std::nullopt : std::optional<std::string>(it->second);
  };
}

TEST(DashboardConfig, PublicUrlAndFrameOriginsAreCheckedKeys) {
  EXPECT_EQ(load_config("", env({})).public_base(), "http://127.0.0.1:8080");
  EXPECT_EQ(load_config("", env({{"HOCVUSO_PUBLIC_URL", "https://hocvuso.sonla.gov.vn/"}})).public_base(),
            "https://hocvuso.sonla.gov.vn");
  EXPECT_THROW(load_config("", env({{"HOCVUSO_PUBLIC_URL", "javascript:alert(1)"}})), ConfigError);
  EXPECT_THROW(load_config("", env({{"HOCVUSO_PUBLIC_URL", "https://x.vn/\"><script>"}})), ConfigError);
  EXPECT_EQ(load_config("", env({{"HOCVUSO_RANKING_FRAME_ORIGINS", "https://sonla.gov.vn https://a.vn:8443"}}))
                .ranking_frame_origins,
            "https://sonla.gov.vn https://a.vn:8443");
  // An origin cannot smuggle another CSP directive in.
  EXPECT_THROW(load_config("", env({{"HOCVUSO_RANKING_FRAME_ORIGINS", "https://a.vn; script-src *"}})), ConfigError);
}

}  // namespace
}  // namespace hocvuso::dashboard
