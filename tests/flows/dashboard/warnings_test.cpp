// Tests the dashboard's Cảnh báo page pieces (flows/dashboard/warnings_page): forms with
// repeated fields, the draft checked by the broadcast feature's own parser (the same
// refusals as the admin API), progress figures, and hostile text shown as text.
// The page in a browser: tests/browser/warnings.test.mjs.
#include <gtest/gtest.h>

#include "flows/broadcast/request.hpp"
#include "flows/broadcast/templates.hpp"
#include "flows/dashboard/warnings_page.hpp"
#include "support/reports_support.hpp"

namespace hocvuso::dashboard {
namespace {

const broadcast::ScamTemplates& templates() {
  static const broadcast::ScamTemplates t{{{"gia-cong-an", "Giả công an", "Có kẻ giả danh công an đòi mã OTP."}}};
  return t;
}

std::string verdict(const WarningDraft& d) {
  static const auto places = test::places();
  auto r = broadcast::parse_request(draft_request_json(d), templates(), places.get());
  return r ? "ok" : r.problem().code;
}

TEST(DashboardWarnings, RepeatedFieldsAreAllKeptInOrder) {
  EXPECT_EQ(form_values("xa=03664&q=thuan&xa=03808&xa=", "xa"), (std::vector<std::string>{"03664", "03808", ""}));
  EXPECT_EQ(form_values("x%61=1&xa=2", "xa"), (std::vector<std::string>{"1", "2"}));  // names are decoded too
  EXPECT_TRUE(form_values("xax=1&axa=2", "xa").empty());
  const auto d = draft_from_form("csrf=c&mau=&noidung=C%E1%BA%A9n+th%E1%BA%ADn&mucdo=urgent&lienket=&xa=03664&xa=03664&xa=03808");
  EXPECT_EQ(d.text, "Cẩn thận");
  EXPECT_EQ(d.severity, "urgent");
  EXPECT_EQ(d.communes, (std::vector<std::string>{"03664", "03808"}));  // a code chosen twice counts once
  EXPECT_EQ(draft_from_form("").severity, "warning");
}

TEST(DashboardWarnings, TheDraftGetsTheApisRefusals) {
  WarningDraft d;
  d.text = "Có kẻ giả danh cán bộ gọi điện đòi mã OTP. Đừng đọc mã cho ai.";
  d.communes = {"03664"};
  EXPECT_EQ(verdict(d), "ok");
  auto with = [&](auto change) {
    WarningDraft x = d;
    change(x);
    return verdict(x);
  };
  EXPECT_EQ(with([](auto& x) { x.text = "Vào bit.ly/abc để nhận quà"; }), "link_in_text");
  EXPECT_EQ(with([](auto& x) { x.text = "Xem ｈｔｔｐｓ：／／evil.example"; }), "link_in_text");
  EXPECT_EQ(with([](auto& x) { x.text = "\u200b \u200b"; }), "missing_text");
  EXPECT_EQ(with([](auto& x) { x.text = std::string(1001, 'a'); }), "text_too_long");
  EXPECT_EQ(with([](auto& x) { x.link = "http://dichvucong.gov.vn"; }), "invalid_link");
  EXPECT_EQ(with([](auto& x) { x.link = "https://vcb.com.vn@evil.example/"; }), "invalid_link");
  EXPECT_EQ(with([](auto& x) { x.link = "https://dichvucong.gov.vn/p/home"; }), "ok");
  EXPECT_EQ(with([](auto& x) { x.severity = "<b>"; }), "invalid_severity");
  EXPECT_EQ(with([](auto& x) { x.communes.clear(); }), "invalid_target");
  EXPECT_EQ(with([](auto& x) { x.communes = {"99999"}; }), "invalid_target");
  EXPECT_EQ(with([](auto& x) { x.template_id = "gia-cong-an"; }), "invalid_template");  // both text and template
  EXPECT_EQ(with([](auto& x) { x.template_id = "gia-cong-an"; x.text.clear(); }), "ok");
  EXPECT_EQ(with([](auto& x) { x.template_id = "nope"; x.text.clear(); }), "unknown_template");
  EXPECT_EQ(with([](auto& x) { x.communes.clear(); x.province = "son-la"; }), "ok");
  EXPECT_EQ(with([](auto& x) { x.communes.clear(); x.province = "khong-co"; }), "invalid_target");
  // Every refusal the parser can give reads as plain Vietnamese, never as the API's English.
  for (const char* code : {"missing_text", "text_too_long", "link_in_text", "invalid_link", "invalid_severity",
                           "invalid_template", "unknown_template", "invalid_target", "forbidden", "both_targets",
                           "daily_limit", "invalid_json"}) {
    EXPECT_FALSE(problem_vi(code).empty()) << code;
    EXPECT_EQ(problem_vi(code).find("must"), std::string::npos) << code;
  }
}

TEST(DashboardWarnings, TheDraftSurvivesTheEditLink) {
  WarningDraft d;
  d.text = "Đừng bấm & đừng chuyển tiền = mất tiền";
  d.link = "https://a.gov.vn/x?y=1&z=2";
  d.severity = "info";
  d.communes = {"03664", "03808"};
  const auto back = draft_from_form(draft_query(d));
  EXPECT_EQ(back.text, d.text);
  EXPECT_EQ(back.link, d.link);
  EXPECT_EQ(back.severity, d.severity);
  EXPECT_EQ(back.communes, d.communes);
  EXPECT_TRUE(back.province.empty());
}

TEST(DashboardWarnings, ProgressCountsHandledRecipients) {
  WarningRow w;
  w.status = "running";
  w.recipients = 8;
  w.sent = 3;
  w.failed = 1;
  EXPECT_EQ(percent_done(w), 50);
  w.sent = 9;  // more than counted at creation (a group joined since): never above 100
  EXPECT_EQ(percent_done(w), 100);
  WarningRow none;
  none.status = "running";
  EXPECT_EQ(percent_done(none), 0);
  none.status = "done";
  none.complete = true;
  EXPECT_EQ(percent_done(none), 100);
  WarningRow cancelled;
  cancelled.status = "cancelled";
  cancelled.complete = true;
  cancelled.recipients = 10;
  cancelled.sent = 2;
  cancelled.cancelled = 7;
  EXPECT_EQ(percent_done(cancelled), 20) << "how far it got, not 100%";
  EXPECT_EQ(status_vi("done", false), "đang gửi");
  EXPECT_EQ(status_vi("done", true), "đã gửi xong");
  EXPECT_EQ(status_vi("awaiting_approval", false), "chờ duyệt");
}

TEST(DashboardWarnings, HostileTextIsShownAsText) {
  WarningsInput in;
  in.may_compose = true;
  in.compose.csrf = "tok\"en";
  in.compose.draft.text = "</textarea><script>alert(1)</script>";
  in.compose.draft.link = "\"><script>alert(2)</script>";
  in.compose.query = "<img src=x onerror=alert(3)>";
  in.compose.chosen = {{"03664", "xã <b>Thuận Châu</b>"}};
  in.compose.error = "<i>lỗi</i>";
  WarningRow w;
  w.id = 7;
  w.target = "xã <script>alert(4)</script>";
  w.author = "telegram:<script>alert(5)</script>";
  w.status = "running";
  w.may_act = true;
  in.rows.push_back(w);
  const std::string body = warnings_body(in).s;
  EXPECT_EQ(body.find("<script>alert"), std::string::npos);
  EXPECT_EQ(body.find("<img"), std::string::npos);
  EXPECT_EQ(body.find("<b>Thuận"), std::string::npos);
  EXPECT_EQ(body.find("<i>lỗi"), std::string::npos);
  EXPECT_NE(body.find("&lt;/textarea&gt;"), std::string::npos);
  EXPECT_NE(body.find("value=\"tok&quot;en\""), std::string::npos);
  // The one script is our own file, never inline.
  EXPECT_NE(body.find("<script src=\"/dashboard/static/warnings.js\" defer></script>"), std::string::npos);
  EXPECT_NE(body.find("name=\"lam\" value=\"pause\""), std::string::npos);
  EXPECT_NE(body.find("name=\"lam\" value=\"cancel\""), std::string::npos);
  EXPECT_EQ(body.find("value=\"approve\""), std::string::npos);

  PreviewInput p;
  p.draft = in.compose.draft;
  p.rendered = "<script>alert(6)</script>";
  p.target = "<script>alert(7)</script>";
  const std::string preview = warning_preview_body(p).s;
  EXPECT_EQ(preview.find("<script"), std::string::npos);
}

TEST(DashboardWarnings, ALeaderSeesNoFormAndNoActions) {
  WarningsInput in;
  WarningRow w;
  w.id = 3;
  w.status = "running";
  in.rows.push_back(w);
  const std::string body = warnings_body(in).s;
  EXPECT_EQ(body.find("<form"), std::string::npos);
  EXPECT_NE(body.find("/dashboard/canhbao.csv?id=3"), std::string::npos);
}

}  // namespace
}  // namespace hocvuso::dashboard
