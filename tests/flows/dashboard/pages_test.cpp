// Tests the dashboard's Xã, Hỗ trợ and Hỏi đáp pages (flows/dashboard): every value
// escaped (a <script> in a commune, village, display name, chat title, report and FAQ
// question), no citizen's name or text on the support tables, the FAQ page's cut,
// and PageStore's reads on a real SQLite file (unclaimed tickets first, display names
// in the audit trail, never ids). In a browser: tests/browser/commune.test.mjs.
#include <gtest/gtest.h>

#include <iostream>

#include "bot/store/store.hpp"
#include "bot/text/cut.hpp"
#include "flows/dashboard/commune_page.hpp"
#include "flows/dashboard/faq_page.hpp"
#include "flows/dashboard/page_parts.hpp"
#include "flows/dashboard/page_store.hpp"
#include "flows/dashboard/support_page.hpp"
#include "flows/dashboard/trend.hpp"
#include "flows/reports/report_store.hpp"
#include "flows/tickets/ticket_store.hpp"
#include "support/temp_dir.hpp"

namespace hocvuso::dashboard {
namespace {

using namespace std::chrono_literals;
using hocvuso::testing::TempDir;

constexpr std::string_view kHostile = "<script>alert(1)</script>";

void expect_no_markup_from_data(const std::string& html) {
  EXPECT_EQ(html.find("<script"), std::string::npos) << html;
  EXPECT_NE(html.find("&lt;script&gt;"), std::string::npos);
}

TEST(DashboardPages, TheNewTemplatesAreBuiltIn) {
  for (const char* name : {"commune.html", "support.html", "faq.html"}) EXPECT_FALSE(asset(name).empty()) << name;
  EXPECT_NE(asset("nav.html").find("/dashboard/hotro"), std::string_view::npos);
  EXPECT_NE(asset("nav.html").find("{{{faq_link}}}"), std::string_view::npos);  // officers only: nav_html
}

TEST(DashboardPages, TheCommunePageEscapesEveryName) {
  reports::Summary summary;
  summary.period = *reports::Period::parse("2026-Q4");
  summary.by_village = true;
  reports::SummaryRow total;
  total.commune_id = "03721";
  total.commune = "xã " + std::string(kHostile);
  total.village = "Cả xã";
  total.actual = {{"huongdan", 40}};
  total.target = {{"huongdan", 100}};
  total.completion = 40.0;
  reports::SummaryRow village = total;
  village.whole_commune = false;
  village.village = "Bản " + std::string(kHostile);
  summary.rows = {total, village};
  reports::ReportContent content;
  content.indicators.push_back({"huongdan", "Người <dân> được hướng dẫn", {}});
  const TimePoint now = std::chrono::sys_days{std::chrono::year{2026} / 11 / 20} + 3h;

  CommuneInput in;
  in.province_id = "son-la";
  in.province_name = "Sơn La";
  in.code = "03721";
  in.name = total.commune;
  in.summary = &summary;
  in.content = &content;
  in.periods = {{"2026-Q4", "quý 4/2026"}};
  in.targets = {{"huongdan", 100}};
  in.editable = true;
  in.csrf = "\"><script>";
  in.notice = std::string(kHostile);
  in.chats = {{Channel::telegram, true, "Tổ " + std::string(kHostile), now - 72h}, {Channel::zalo, false, "", now}};
  in.submissions = {{7, "2026-Q4", "pending", std::string(kHostile), now - 1h,
                     {{"Bản " + std::string(kHostile), "huongdan=40;buoi=4"}},
                     {{"created", std::string(kHostile), now - 1h}}}};
  in.activity = {{std::string(kHostile), 12, 1, 20261119}};
  in.waiting = {{3, "03721", true, std::string(kHostile), now - 5h, std::nullopt}};
  in.now = now;
  const std::string html = commune_body(in).s;
  expect_no_markup_from_data(html);
  EXPECT_NE(html.find("Báo cáo số 7"), std::string::npos);
  EXPECT_NE(html.find("chờ xác nhận"), std::string::npos);
  EXPECT_NE(html.find("HT3"), std::string::npos);
  EXPECT_NE(html.find("5 giờ"), std::string::npos);
  EXPECT_NE(html.find("1 thành viên nhắn riêng"), std::string::npos);
  EXPECT_NE(html.find("name=\"t_huongdan\""), std::string::npos);
  EXPECT_NE(html.find("value=\"100\""), std::string::npos);

  in.editable = false;  // a team leader: the targets as text, no form
  const std::string read_only = commune_body(in).s;
  EXPECT_EQ(read_only.find("<form class=\"targets\""), std::string::npos);
  EXPECT_NE(read_only.find("Bạn chỉ xem được"), std::string::npos);
}

TEST(DashboardPages, TheSupportPageShowsAgeStateAndHelperOnly) {
  const TimePoint now = std::chrono::sys_days{std::chrono::year{2026} / 11 / 20};
  SupportInput in;
  in.province_id = "son-la";
  in.province_name = "Sơn La";
  in.period = *reports::Period::parse("2026-Q4");
  in.periods = {{"2026-Q4", "quý 4/2026"}};
  tickets::Figures f;
  f.opened = 3;
  f.claimed = 2;
  f.resolved = 1;
  f.median_first_answer_minutes = 90;
  f.rated = 2;
  f.average_rating = 4.5;
  in.figures = {{"xã " + std::string(kHostile), f}};
  in.waiting = {{1, "03721", false, "", now - 50h, std::nullopt},
                {2, "03808", true, std::string(kHostile), now - 30min, now - 10min}};
  in.commune_name = [](const std::string& code) { return code == "03721" ? "xã Thuận Châu" : std::string(kHostile); };
  in.now = now;
  const std::string html = support_body(in).s;
  expect_no_markup_from_data(html);
  EXPECT_NE(html.find("2 ngày"), std::string::npos);
  EXPECT_NE(html.find("chưa ai nhận"), std::string::npos);
  EXPECT_NE(html.find("1 giờ"), std::string::npos);  // median 90 minutes, rounded down
  EXPECT_NE(html.find("4,5/5 sao (2 lượt)"), std::string::npos);
  EXPECT_LT(html.find("HT1"), html.find("HT2"));
}

TEST(DashboardPages, TheFaqPageEscapesAndCutsQuestions) {
  FaqPageInput in;
  in.misses = {{"cach lam " + std::string(kHostile), "decline", "vneid-quen", 5, 1'790'000'000'000},
               {std::string(300, 'a'), "choices", "", 1, 1'790'000'000'000}};
  in.feedback = {{"vneid-quen", 3, 1}, {"gone", 0, 2}};
  in.entry_title = [](const std::string& id) { return id == "vneid-quen" ? std::string(kHostile) : std::string(); };
  const std::string html = faq_body(in).s;
  expect_no_markup_from_data(html);
  EXPECT_EQ(html.find(std::string(201, 'a')), std::string::npos);
  EXPECT_NE(html.find(std::string(200, 'a') + "…"), std::string::npos);
  EXPECT_NE(html.find(">gone<"), std::string::npos);  // an entry gone from the content shows its id
  EXPECT_EQ(text::cut_utf8("Tiếng Việt", 4), "Tiến…");
  EXPECT_EQ(text::cut_utf8("ngắn", 10), "ngắn");
}

// The biggest pages the limits allow stay under 100 KB: eleven indicators with long names,
// 30 villages, the most submissions, members and tickets shown, all with long Vietnamese names.
TEST(DashboardPages, TheFullestPagesStayUnder100KB) {
  const std::string long_name = "Nguyễn Thị Phương Thảo Hoàng Lê Nhất Thống Chí";
  reports::ReportContent content;
  for (int i = 0; i < 11; ++i) {
    content.indicators.push_back({"ind" + std::to_string(i), "Số lượng tài khoản VNeID được kích hoạt và xác nhận", {}});
  }
  reports::Summary summary;
  summary.period = *reports::Period::parse("2026-Q4");
  for (int v = 0; v <= 30; ++v) {
    reports::SummaryRow row;
    row.village = v == 0 ? "Cả xã" : "Bản Phiêng Khoài Mường Chiên " + std::to_string(v);
    row.whole_commune = v == 0;
    for (const auto& ind : content.indicators) {
      row.actual[ind.id] = 123456;
      row.target[ind.id] = 234567;
    }
    row.completion = 52.6;
    summary.rows.push_back(row);
  }
  const TimePoint now = std::chrono::sys_days{std::chrono::year{2026} / 11 / 20};
  CommuneInput in;
  in.province_id = "thanh-hoa";
  in.province_name = "Thanh Hóa";
  in.code = "16000";
  in.name = "xã Thiệu Nguyên";
  in.summary = &summary;
  in.content = &content;
  in.periods = {{"2026-Q4", "quý 4/2026"}, {"2026-Q3", "quý 3/2026"}, {"2026", "năm 2026"}};
  in.editable = true;
  for (int i = 0; i < kSubmissionsShown; ++i) {
    SubmissionView sv{i + 1, "2026-Q4", "confirmed", long_name, now, {}, {}};
    std::string figures;
    for (const auto& ind : content.indicators) figures += ind.id + "=12345;";
    for (int v = 0; v < 4; ++v) sv.rows.push_back({"Bản Phiêng Khoài " + std::to_string(v), figures});
    for (const char* a : {"created", "corrected", "confirmed"}) sv.audit.push_back({a, long_name, now});
    in.submissions.push_back(sv);
  }
  in.submission_counts = {500, 20};
  for (int i = 0; i < kMembersShown; ++i) in.activity.push_back({long_name, 1234, 56, 20261119});
  for (int i = 0; i < kTicketsShown; ++i) in.waiting.push_back({i + 1000, "16000", true, long_name, now - 30h, now});
  in.waiting_counts = {0, 400};
  in.now = now;
  const std::string commune = page(in.name, nav_html("telegram:123", "csrf", true), commune_body(in));
  EXPECT_LT(commune.size(), 100u * 1024) << commune.size();
  std::cout << "fullest Xã page: " << commune.size() << " bytes\n";
  EXPECT_NE(commune.find("Trang chỉ hiện 15 báo cáo mới nhất trong 520"), std::string::npos);
  EXPECT_NE(commune.find("Trang chỉ hiện 50 trong 400"), std::string::npos);

  SupportInput sup;
  sup.province_id = "thanh-hoa";
  sup.province_name = "Thanh Hóa";
  sup.period = summary.period;
  sup.periods = in.periods;
  for (int c = 0; c < 166; ++c) sup.figures.emplace_back("phường Hàm Rồng Đông Sơn " + std::to_string(c), tickets::Figures{});
  sup.waiting = in.waiting;
  sup.waiting_counts = {100, 300};
  sup.commune_name = [](const std::string&) { return std::string("phường Hàm Rồng Đông Sơn"); };
  sup.now = now;
  const std::string support = page("Hỗ trợ", nav_html("telegram:123", "csrf", true), support_body(sup));
  EXPECT_LT(support.size(), 100u * 1024) << support.size();
  std::cout << "fullest Hỗ trợ page: " << support.size() << " bytes\n";

  FaqPageInput faq;
  for (int i = 0; i < kMissesShown; ++i) {
    std::string q;
    while (q.size() < 800) q += "làm sao để đăng ký tài khoản định danh điện tử mức hai ";
    faq.misses.push_back({q + std::to_string(i), "decline", "vneid-muc2", 3, 1'790'000'000'000});
  }
  for (int i = 0; i < 150; ++i) faq.feedback.push_back({"entry-" + std::to_string(i), 12, 3});
  faq.entry_title = [](const std::string&) { return std::string("Kích hoạt tài khoản định danh điện tử mức 2"); };
  const std::string faq_page = page("Hỏi đáp", nav_html("telegram:123", "csrf", true), faq_body(faq));
  EXPECT_LT(faq_page.size(), 100u * 1024) << faq_page.size();
  std::cout << "fullest Hỏi đáp page: " << faq_page.size() << " bytes\n";
}

TEST(DashboardPages, DurationsInPlainWords) {
  EXPECT_EQ(duration_vi(0s), "0 phút");
  EXPECT_EQ(duration_vi(59min), "59 phút");
  EXPECT_EQ(duration_vi(47h), "47 giờ");
  EXPECT_EQ(duration_vi(72h), "3 ngày");
  EXPECT_EQ(duration_vi(-5s), "0 phút");
  EXPECT_EQ(date_time_vi(std::chrono::sys_days{std::chrono::year{2026} / 11 / 20} + 17h + 5min), "21/11/2026 00:05");
}

class PageStoreTest : public ::testing::Test {
 protected:
  TempDir tmp_;
  Store store_{tmp_ / "bot.db"};
  TimePoint t0_ = std::chrono::sys_days{std::chrono::year{2026} / 11 / 20};
};

TEST_F(PageStoreTest, WaitingTicketsUnclaimedFirstOldestFirstAndNoCitizen) {
  auto& ts = tickets::TicketStore::of(store_);
  const ChatRef group{Channel::telegram, "g1"};
  auto open = [&](std::string commune, TimePoint at) {
    return ts.open({{Channel::zalo, "c-" + commune}, "c-" + commune, "Bà Lan", "son-la", commune, group, "0912345678"}, at);
  };
  const auto a = open("03721", t0_);
  const auto b = open("03721", t0_ + 1h);
  const auto c = open("03808", t0_ + 2h);
  const auto d = open("03721", t0_ + 3h);
  ASSERT_TRUE(ts.claim(a, {Channel::telegram, "m1"}, "Lò Văn A", t0_ + 4h));
  ASSERT_TRUE(ts.close(d, "citizen", t0_ + 5h));
  auto& pages = PageStore::of(store_);
  const auto all = pages.waiting_tickets("son-la", "", 10);
  ASSERT_EQ(all.size(), 3u);
  EXPECT_EQ(pages.waiting_counts("son-la", "").unclaimed, 2);
  EXPECT_EQ(pages.waiting_counts("son-la", "").claimed, 1);
  EXPECT_EQ(pages.waiting_counts("son-la", "03808").unclaimed, 1);
  EXPECT_EQ(pages.waiting_tickets("son-la", "", 1).size(), 1u);
  EXPECT_EQ(all[0].id, b);
  EXPECT_EQ(all[1].id, c);
  EXPECT_EQ(all[2].id, a);
  EXPECT_TRUE(all[2].claimed);
  EXPECT_EQ(all[2].helper_name, "Lò Văn A");
  const auto one = pages.waiting_tickets("son-la", "03721", 10);
  ASSERT_EQ(one.size(), 2u);
  EXPECT_EQ(one[0].id, b);
  EXPECT_TRUE(pages.waiting_tickets("ha-noi", "", 10).empty());
}

TEST_F(PageStoreTest, SubmissionsCarryTheirRowsAndAnAuditTrailOfDisplayNames) {
  store_.touch_user(Channel::telegram, "u7", "Lò Văn A", t0_);
  auto& rs = reports::ReportStore::of(store_);
  reports::Submission s;
  s.chat = {Channel::telegram, "g1"};
  s.author_id = "u7";
  s.province = "son-la";
  s.commune = "03721";
  s.period = *reports::Period::parse("2026-Q4");
  s.rows = {{"Bản Mòng", "ban mong", {{"huongdan", 40}}}, {"Bản Nà", "ban na", {{"huongdan", 2}}}};
  const auto n = rs.create(s, t0_);
  rs.set_status(n, "confirmed", Channel::telegram, "u8", t0_ + 1h);  // u8 has no name: shown as unknown, not as its id
  s.rows = {{"", "", {{"huongdan", 5}}}};
  const auto pending = rs.create(s, t0_ + 2h);
  auto& pages = PageStore::of(store_);
  const auto list = pages.submissions("son-la", "03721", 20261001, 20261231, 10);
  ASSERT_EQ(list.size(), 2u);
  EXPECT_EQ(pages.submission_counts("son-la", "03721", 20261001, 20261231).confirmed, 1);
  EXPECT_EQ(pages.submission_counts("son-la", "03721", 20261001, 20261231).pending, 1);
  EXPECT_EQ(pages.submissions("son-la", "03721", 20261001, 20261231, 1).size(), 1u);
  EXPECT_EQ(list[0].number, pending);
  EXPECT_EQ(list[0].status, "pending");
  EXPECT_EQ(list[1].status, "confirmed");
  EXPECT_EQ(list[1].author, "Lò Văn A");
  ASSERT_EQ(list[1].rows.size(), 2u);
  EXPECT_EQ(list[1].rows[0].village, "Bản Mòng");
  EXPECT_EQ(list[1].rows[0].figures, "huongdan=40");
  ASSERT_EQ(list[1].audit.size(), 2u);
  EXPECT_EQ(list[1].audit[0].action, "created");
  EXPECT_EQ(list[1].audit[0].name, "Lò Văn A");
  EXPECT_EQ(list[1].audit[1].action, "confirmed");
  EXPECT_EQ(list[1].audit[1].name, "");
  EXPECT_TRUE(pages.submissions("son-la", "03808", 20261001, 20261231, 10).empty());
  EXPECT_TRUE(pages.submissions("son-la", "03721", 20260101, 20260331, 10).empty());
}


// The overview's line of totals: each earlier period read on its own, only confirmed
// figures, only the communes the viewer sees, oldest first.
TEST_F(PageStoreTest, TotalsOverPeriodsAddConfirmedFiguresOfVisibleCommunesOldestFirst) {
  auto& rs = reports::ReportStore::of(store_);
  const auto report = [&](const char* commune, const char* period, long long guided, bool confirm) {
    reports::Submission s;
    s.chat = {Channel::telegram, std::string("g-") + commune};
    s.author_id = "u7";
    s.province = "son-la";
    s.commune = commune;
    s.period = *reports::Period::parse(period);
    s.rows = {{"", "", {{"huongdan", guided}}}};
    const auto n = rs.create(s, t0_);
    if (confirm) rs.set_status(n, "confirmed", Channel::telegram, "u8", t0_);
  };
  report("03721", "2026-Q4", 40, true);
  report("03664", "2026-Q4", 50, true);
  report("03721", "2026-Q3", 7, true);
  report("03721", "2026-Q2", 1000, false);  // never confirmed: not counted
  report("03664", "2025-Q3", 9, true);      // the sixth quarter back: the line's first point
  report("03664", "2025-Q2", 11, true);     // the seventh: not shown

  const auto all = totals_over_periods(rs, "son-la", *reports::Period::parse("2026-Q4"),
                                       [](const std::string&) { return true; });
  ASSERT_EQ(all.size(), 6u);
  EXPECT_EQ(all.back().label, reports::Period::parse("2026-Q4")->label_vi());
  EXPECT_EQ(all[5].values.at("huongdan"), 90);
  EXPECT_EQ(all[4].values.at("huongdan"), 7);
  EXPECT_FALSE(all[3].values.contains("huongdan"));
  EXPECT_EQ(all[0].label, reports::Period::parse("2025-Q3")->label_vi());
  EXPECT_EQ(all[0].values.at("huongdan"), 9);

  const auto one = totals_over_periods(rs, "son-la", *reports::Period::parse("2026-Q4"),
                                       [](const std::string& code) { return code == "03721"; });
  EXPECT_EQ(one[5].values.at("huongdan"), 40);
  EXPECT_EQ(totals_over_periods(rs, "son-la", *reports::Period::parse("2026"), [](const std::string&) { return true; })
                .size(),
            3u);
}

}  // namespace
}  // namespace hocvuso::dashboard
