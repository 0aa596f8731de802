// Team groups end to end through the engine with the real dispatcher and content:
// linking from events and titles, a report confirmed, corrected and withdrawn with
// its audit trail, permissions, reminders with an injected clock, exports cell by
// cell, and the ranking's ties.
#include <SQLiteCpp/SQLiteCpp.h>
#include <gtest/gtest.h>

#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include "adapters/telegram/telegram.hpp"
#include "bot/app/runtime.hpp"
#include "bot/inbox/process.hpp"
#include "bot/core/local_time.hpp"
#include "bot/engine/engine.hpp"
#include "flows/groups/group_store.hpp"
#include "flows/reports/report_store.hpp"
#include "flows/reports/summary.hpp"
#include "flows/roles/roles.hpp"
#include "support/shipped_content.hpp"
#include "support/temp_dir.hpp"

namespace hocvuso {
namespace {

using namespace std::chrono;
using hocvuso::testing::TempDir;
using hocvuso::testing::vn_time;


class TeamReportsTest : public ::testing::Test {
 protected:
  TeamReportsTest()
      : content_(hocvuso::testing::shipped_content()),
        engine_(make_dispatcher(Config{}), content_),
        store_(std::make_unique<Store>(tmp_ / "bot.db")) {}

  static Incoming in_group(const std::string& group, const std::string& title, const std::string& user,
                           std::string text) {
    Incoming in;
    in.chat = {Channel::telegram, group};
    in.chat_type = ChatType::group;
    in.chat_title = title;
    in.sender_id = user;
    in.sender_name = "Người " + user;
    in.text = std::move(text);
    return in;
  }
  static Incoming in_private(const std::string& user, std::string text) {
    Incoming in;
    in.chat = {Channel::telegram, user};
    in.sender_id = user;
    in.text = std::move(text);
    return in;
  }
  Incoming thuan_chau(const std::string& user, std::string text) {
    return in_group("g1", "Tổ CNSCĐ-Xã Thuận Châu", user, std::move(text));
  }
  Incoming press(Incoming in, std::string payload) {
    in.text.clear();
    in.button_payload = std::move(payload);
    return in;
  }
  std::vector<std::string> texts(const std::vector<OutboxItem>& items) {
    std::vector<std::string> out;
    for (const auto& i : items) out.push_back(i.message.text);
    return out;
  }
  std::vector<OutboxItem> send(const Incoming& in, TimePoint now) { return engine_.handle(*store_, in, now); }
  std::vector<OutboxItem> event(ChatEventKind kind, const std::string& group, const std::string& title) {
    ChatEvent e;
    e.kind = kind;
    e.chat = {Channel::telegram, group};
    e.title = title;
    store_->touch_chat(e.chat, ChatType::group, title, now_);
    return engine_.handle_event(*store_, e, now_);
  }
  std::optional<groups::GroupLink> link(const std::string& group) {
    return groups::GroupStore::of(*store_).link({Channel::telegram, group});
  }
  // A confirmed report from a fresh member, as a leader would send it.
  void confirmed_report(const std::string& group, const std::string& title, const std::string& text, TimePoint when) {
    send(in_group(group, title, "lead-" + group, text), when);
    auto n = reports::ReportStore::of(*store_).latest({Channel::telegram, group}, "lead-" + group);
    ASSERT_TRUE(n);
    send(press(in_group(group, title, "lead-" + group, ""), "rp:ok:" + std::to_string(*n)), when);
  }
  std::string csv(const std::string& period, const std::string& commune = "", bool by_village = false) {
    auto& rs = reports::ReportStore::of(*store_);
    const auto summary = reports::summarize(rs, content_->get<groups::Places>(),
                                            content_->get<reports::ReportContent>(),
                                            {"son-la", *reports::Period::parse(period), commune, by_village});
    return reports::to_csv(summary, content_->get<reports::ReportContent>());
  }

  TempDir tmp_;
  std::shared_ptr<const Content> content_;
  Engine engine_;
  std::unique_ptr<Store> store_;
  TimePoint now_ = vn_time(2026, 11, 23);
};

// RFC 4180 cells: quoted cells may hold commas and doubled quotes.
std::vector<std::vector<std::string>> cells(const std::string& csv) {
  std::vector<std::vector<std::string>> rows;
  std::istringstream lines(csv);
  std::string line;
  while (std::getline(lines, line)) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    std::vector<std::string> row(1);
    bool quoted = false;
    for (std::size_t i = 0; i < line.size(); ++i) {
      const char c = line[i];
      if (quoted && c == '"' && i + 1 < line.size() && line[i + 1] == '"') {
        row.back() += '"';
        ++i;
      } else if (c == '"') {
        quoted = !quoted;
      } else if (c == ',' && !quoted) {
        row.emplace_back();
      } else {
        row.back() += c;
      }
    }
    rows.push_back(row);
  }
  return rows;
}

TEST_F(TeamReportsTest, BotAddedLinksTheGroupAndRenamesAreAnnounced) {
  auto out = texts(event(ChatEventKind::bot_added, "g1", "Tổ CNSCĐ-Xã Thuận Châu"));
  ASSERT_EQ(out.size(), 1u);
  EXPECT_NE(out[0].find("Đã liên kết nhóm này với Tổ CNSCĐ xã Thuận Châu, tỉnh Sơn La"), std::string::npos);
  EXPECT_EQ(link("g1"), (groups::GroupLink{"son-la", "03721"}));
  // The same commune written differently changes nothing and says nothing.
  EXPECT_TRUE(event(ChatEventKind::title_changed, "g1", "to cnscd - thuan chau").empty());
  // Another commune: re-linked, never silently.
  out = texts(event(ChatEventKind::title_changed, "g1", "Tổ CNSCĐ-Xã Đoàn Kết"));
  ASSERT_EQ(out.size(), 1u);
  EXPECT_NE(out[0].find("trước là xã Thuận Châu, nay là xã Đoàn Kết"), std::string::npos);
  EXPECT_EQ(link("g1"), (groups::GroupLink{"son-la", "04000"}));
  // An unknown name: the closest communes and /lienket, no link.
  out = texts(event(ChatEventKind::bot_added, "g2", "Tổ CNSCĐ-Xã Thuận Chao"));
  ASSERT_EQ(out.size(), 1u);
  EXPECT_NE(out[0].find("Có phải bạn muốn nói"), std::string::npos);  // a typo asks, with buttons
  EXPECT_NE(out[0].find("/lienket"), std::string::npos);
  EXPECT_FALSE(link("g2"));
}

// Adding the bot to a Telegram group (my_chat_member) goes through the pipeline to
// the link announcement, queued in the outbox; the service message Telegram sends
// alongside (new_chat_members) does not announce it twice.
TEST_F(TeamReportsTest, TelegramMyChatMemberThroughThePipelineLinksOnce) {
  TelegramConfig c;
  c.token = "123:ABC";
  c.bot_username = "hocvuso_bot";
  const telegram::TelegramAdapter adapter(c);
  const std::string chat = R"({"id":-100123,"type":"supergroup","title":"Tổ CNSCĐ-Xã Thuận Châu"})";
  const std::string bot = R"({"id":999,"is_bot":true,"first_name":"Hoc","username":"hocvuso_bot"})";
  const std::string added = R"({"update_id":1,"my_chat_member":{"chat":)" + chat + R"(,"from":{"id":5,"is_bot":false,"first_name":"A"},"date":1,"old_chat_member":{"status":"left","user":)" + bot + R"(},"new_chat_member":{"status":"member","user":)" + bot + R"(}}})";
  const std::string service = R"({"update_id":2,"message":{"message_id":7,"chat":)" + chat + R"(,"from":{"id":5,"is_bot":false,"first_name":"A"},"date":1,"new_chat_members":[)" + bot + R"(]}})";
  auto first = inbox::process_update(*store_, engine_, adapter, "1", added, now_);
  ASSERT_EQ(first.queued.size(), 1u);
  EXPECT_EQ(first.queued[0].message.chat.id, "-100123");
  EXPECT_NE(first.queued[0].message.text.find("xã Thuận Châu"), std::string::npos);
  EXPECT_TRUE(inbox::process_update(*store_, engine_, adapter, "2", service, now_).queued.empty());
  EXPECT_EQ(groups::GroupStore::of(*store_).link({Channel::telegram, "-100123"}), (groups::GroupLink{"son-la", "03721"}));
}

TEST_F(TeamReportsTest, FirstMessageLinksAGroupWithoutJoinEventAndLienketNeedsARole) {
  auto out = texts(send(in_group("z1", "To CNSCD Xa Thuan Chau", "u1", "Chào cả tổ"), now_));
  ASSERT_EQ(out.size(), 1u);
  EXPECT_NE(out[0].find("xã Thuận Châu"), std::string::npos);
  // Ordinary chatter afterwards gets no answer, and its text is not stored.
  EXPECT_TRUE(send(in_group("z1", "To CNSCD Xa Thuan Chau", "u1", "Mai họp lúc 8 giờ"), now_).empty());
  auto& db = store_->database();
  EXPECT_EQ(db.execAndGet("SELECT COUNT(*) FROM conversation_state WHERE data LIKE '%họp%'").getInt(), 0);
  EXPECT_EQ(db.execAndGet("SELECT SUM(messages) FROM group_activity WHERE chat_id = 'z1'").getInt(), 2);

  send(in_group("z2", "Nhóm bản", "u1", "hi"), now_);
  out = texts(send(in_group("z2", "Nhóm bản", "u1", "/lienket Vân Hồ"), now_));
  EXPECT_EQ(out, std::vector<std::string>{content_->strings.get("groups.link.not_allowed")});
  roles::RoleStore::of(*store_).grant({Channel::telegram, "u1", roles::Role::leader, {"son-la", "04048"}}, now_);
  out = texts(send(in_group("z2", "Nhóm bản", "u1", "/lienket xa van ho"), now_));
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(link("z2"), (groups::GroupLink{"son-la", "04048"}));
}

TEST_F(TeamReportsTest, ReportIsUnderstoodConfirmedCorrectedWithdrawnAndAudited) {
  auto replies = send(thuan_chau("u7", "#baocao Bản Mòng: hướng dẫn 25 người, 2 buổi, kích hoạt VNeID 10, nuôi gà"),
                      now_);
  ASSERT_EQ(replies.size(), 2u);  // the link announcement, then the report
  const Outgoing& r = replies[1].message;
  EXPECT_NE(r.text.find("Báo cáo số 1 — xã Thuận Châu, Sơn La, quý 4/2026"), std::string::npos);
  // Each figure with the words it was read from.
  EXPECT_NE(r.text.find("Bản Mòng:\n• «hướng dẫn 25 người» → Người dân được hướng dẫn: 25\n"
                        "• «2 buổi» → Buổi hướng dẫn đã tổ chức: 2\n"
                        "• «kích hoạt VNeID 10» → Kích hoạt VNeID mức 2: 10"),
            std::string::npos)
      << r.text;
  EXPECT_NE(r.text.find("Chưa đọc được: «nuôi gà»"), std::string::npos);
  ASSERT_EQ(r.buttons.size(), 1u);
  EXPECT_EQ(r.buttons[0][0].payload, "rp:ok:1");

  // Not counted until confirmed; a member who did not send it cannot confirm it.
  EXPECT_EQ(csv("2026-Q4", "03721").find("25"), std::string::npos);
  EXPECT_EQ(texts(send(press(thuan_chau("u8", ""), "rp:ok:1"), now_)),
            std::vector<std::string>{content_->strings.get("reports.not_allowed")});
  EXPECT_NE(texts(send(press(thuan_chau("u7", ""), "rp:ok:1"), now_))[0].find("Đã ghi nhận báo cáo số 1"),
            std::string::npos);
  EXPECT_NE(csv("2026-Q4", "03721").find(",25,2,0,10,"), std::string::npos);

  // A leader corrects it; the author withdraws it.
  roles::RoleStore::of(*store_).grant({Channel::telegram, "u9", roles::Role::leader, {"son-la", "03721"}}, now_);
  auto out = texts(send(thuan_chau("u9", "/suabaocao 1 Bản Mòng hướng dẫn 30"), now_));
  ASSERT_EQ(out.size(), 1u);
  EXPECT_NE(out[0].find("Đã sửa báo cáo số 1"), std::string::npos);
  EXPECT_NE(out[0].find("Người dân được hướng dẫn: 30"), std::string::npos);
  EXPECT_NE(csv("2026-Q4", "03721").find(",30,2,0,10,"), std::string::npos);
  EXPECT_NE(texts(send(thuan_chau("u7", "/huybaocao"), now_))[0].find("Đã hủy báo cáo số 1"), std::string::npos);
  EXPECT_NE(csv("2026-Q4", "03721").find(",0,0,0,0,0,0,0,0,0,0,"), std::string::npos);
  EXPECT_EQ(reports::ReportStore::of(*store_).audit(1),
            (std::vector<std::pair<std::string, std::string>>{
                {"created", "u7"}, {"confirmed", "u7"}, {"corrected", "u9"}, {"withdrawn", "u7"}}));
}

TEST_F(TeamReportsTest, EditingTheOriginalMessageCorrectsTheReport) {
  Incoming first = thuan_chau("u7", "#baocao Bản Mòng: hd 25, 2 buổi\nBản Hua La: hd 4");
  first.platform_message_id = "m1";
  send(first, now_);
  send(press(thuan_chau("u7", ""), "rp:ok:1"), now_);
  Incoming edit = first;
  edit.edited = true;
  edit.text = "#baocao Bản Mòng: hd 28, 2 buổi";
  auto out = texts(send(edit, now_));
  ASSERT_EQ(out.size(), 1u);
  EXPECT_NE(out[0].find("Đã sửa báo cáo số 1"), std::string::npos);
  const auto s = reports::ReportStore::of(*store_).find(1);
  ASSERT_TRUE(s);
  ASSERT_EQ(s->rows.size(), 1u);  // the edited message no longer names Bản Hua La
  EXPECT_EQ(s->rows[0].figures, (reports::Figures{{"huongdan", 28}, {"buoi", 2}}));
  EXPECT_EQ(s->status, "confirmed");
  EXPECT_EQ(reports::ReportStore::of(*store_).audit(1).back(), (std::pair<std::string, std::string>{"corrected", "u7"}));
  // Someone else's edit, or an edit of ordinary chatter, changes nothing and says nothing.
  Incoming chatter = thuan_chau("u8", "Mai họp");
  chatter.platform_message_id = "m2";
  send(chatter, now_);
  chatter.edited = true;
  chatter.text = "Mai họp lúc 8 giờ";
  EXPECT_TRUE(send(chatter, now_).empty());
}

TEST_F(TeamReportsTest, PrivateReportGoesToTheMembersCommuneAndNonsenseIsNotStored) {
  EXPECT_EQ(texts(send(in_private("u7", "/baocao hd 5"),
                       now_)),
            std::vector<std::string>{content_->strings.get("reports.private_not_linked")});
  send(thuan_chau("u7", "Chào"), now_);
  auto out = texts(send(in_private("u7", "/baocao hd 5"),
                        now_));
  ASSERT_EQ(out.size(), 1u);
  EXPECT_NE(out[0].find("xã Thuận Châu"), std::string::npos);
  out = texts(send(thuan_chau("u7", "#baocao hôm nay trời đẹp"), now_));
  ASSERT_EQ(out.size(), 1u);
  EXPECT_NE(out[0].find("chưa đọc được số liệu nào"), std::string::npos);
  EXPECT_NE(out[0].find("«hôm nay trời đẹp»"), std::string::npos);
  EXPECT_EQ(store_->database().execAndGet("SELECT COUNT(*) FROM reports").getInt(), 1);
}

TEST_F(TeamReportsTest, RemindersOnlyToTeamsThatHaveNotReportedOnceEvenAcrossRestarts) {
  event(ChatEventKind::bot_added, "g1", "Tổ CNSCĐ-Xã Thuận Châu");
  event(ChatEventKind::bot_added, "g2", "Tổ CNSCĐ-Xã Đoàn Kết");
  event(ChatEventKind::bot_added, "g3", "Tổ CNSCĐ-Xã Vân Hồ");
  // Đoàn Kết reported its Q4 before the reminders start.
  confirmed_report("g2", "Tổ CNSCĐ-Xã Đoàn Kết", "#baocao hd 10", vn_time(2026, 11, 30));
  // Year and Q4 are both due on 08/12; reminders start 3 days before.
  EXPECT_TRUE(engine_.tick(*store_, vn_time(2026, 12, 4, 23)).empty());
  auto due = engine_.tick(*store_, vn_time(2026, 12, 5, 8));
  ASSERT_EQ(due.size(), 2u);  // g1 and g3, one message each for both periods
  EXPECT_EQ(due[0].message.chat.id, "g1");
  EXPECT_EQ(due[1].message.chat.id, "g3");
  EXPECT_NE(due[0].message.text.find("Nhắc báo cáo năm 2026: hạn trước ngày 08/12/2026"), std::string::npos);
  EXPECT_NE(due[0].message.text.find("Tổ chưa gửi báo cáo kỳ này"), std::string::npos);
  EXPECT_TRUE(engine_.tick(*store_, vn_time(2026, 12, 5, 9)).empty());
  // A restart: the reminders are stored, nothing is sent twice.
  store_ = std::make_unique<Store>(tmp_ / "bot.db");
  EXPECT_TRUE(engine_.tick(*store_, vn_time(2026, 12, 7, 8)).empty());
  // After the deadline nothing is due.
  EXPECT_TRUE(engine_.tick(*store_, vn_time(2026, 12, 8, 8)).empty());
}

TEST_F(TeamReportsTest, MissedReminderIsSentOnceWhenBackIfStillRelevant) {
  event(ChatEventKind::bot_added, "g1", "Tổ CNSCĐ-Xã Thuận Châu");
  // The service was down from 04/6 to 07/6: the H1 reminder (deadline 08/6) goes out then, once.
  auto due = engine_.tick(*store_, vn_time(2026, 6, 7, 6));
  ASSERT_EQ(due.size(), 1u);
  EXPECT_NE(due[0].message.text.find("6 tháng đầu năm 2026: hạn trước ngày 08/06/2026"), std::string::npos);
  EXPECT_TRUE(engine_.tick(*store_, vn_time(2026, 6, 7, 7)).empty());
  // Down over a whole window: nothing late once the deadline has passed.
  EXPECT_TRUE(engine_.tick(*store_, vn_time(2026, 9, 8, 6)).empty());
  // A group the bot has left gets nothing.
  store_->set_chat_active({Channel::telegram, "g1"}, false);
  EXPECT_TRUE(engine_.tick(*store_, vn_time(2026, 12, 6, 6)).empty());
}

TEST_F(TeamReportsTest, ExportsCellByCellWithTargetsAndVillages) {
  confirmed_report("g1", "Tổ CNSCĐ-Xã Thuận Châu", "#baocao Bản Mòng: hd 30, 2 buổi\nBản Hua La: hd 10", now_);
  confirmed_report("g1", "Tổ CNSCĐ-Xã Thuận Châu", "#baocao ban mong thang 10: hd 5", now_);
  confirmed_report("g2", "Tổ CNSCĐ-Xã Đoàn Kết", "#baocao hd 20, vneid 4", now_);
  confirmed_report("g2", "Tổ CNSCĐ-Xã Đoàn Kết", "#baocao quý 3: hd 99", now_);  // another quarter
  auto& rs = reports::ReportStore::of(*store_);
  const auto q4 = *reports::Period::parse("2026-Q4");
  rs.set_target("son-la", {"03721", "", "", "huongdan", 90}, q4, "t", now_);
  rs.set_target("son-la", {"03721", "", "", "buoi", 2}, q4, "t", now_);
  rs.set_target("son-la", {"04000", "", "", "huongdan", 40}, q4, "t", now_);

  const std::string out = csv("2026-Q4");
  ASSERT_EQ(out.substr(0, 3), "\xEF\xBB\xBF");
  const auto rows = cells(out.substr(3));
  ASSERT_EQ(rows.size(), 76u);  // header + the 75 units of Sơn La
  const auto& h = rows[0];
  ASSERT_EQ(h.size(), 26u);
  EXPECT_EQ(h[0], "Kỳ");
  EXPECT_EQ(h[1], "Tỉnh");
  EXPECT_EQ(h[2], "Xã/Phường");
  EXPECT_EQ(h[3], "Người dân được hướng dẫn");
  EXPECT_EQ(h[4], "Buổi hướng dẫn đã tổ chức");
  EXPECT_EQ(h[13], "Số lượng tài khoản VNeID được kích hoạt và xác nhận trình độ kỹ năng số");
  EXPECT_EQ(h[14], "Chỉ tiêu: Người dân được hướng dẫn");
  EXPECT_EQ(h[10], "Vướng mắc, phản ánh được giải quyết");  // quoted in the file: it has a comma
  EXPECT_EQ(h[25], "Hoàn thành chỉ tiêu (%)");
  auto row = [](std::string commune, std::vector<std::string> actual, std::vector<std::string> target,
                std::string completion) {
    std::vector<std::string> r = {"2026-Q4", "Sơn La", std::move(commune)};
    actual.resize(11, "0");
    target.resize(11, "");
    r.insert(r.end(), actual.begin(), actual.end());
    r.insert(r.end(), target.begin(), target.end());
    r.push_back(std::move(completion));
    return r;
  };
  // huongdan, buoi, thamdu, vneid, … in content order; 45 = 30 + 10 + 5 (October is in Q4).
  // Rows in the order of content/places (the official list's order).
  auto named = [&rows](const std::string& commune) {
    for (const auto& r : rows) {
      if (r.size() > 2 && r[2] == commune) return r;
    }
    return std::vector<std::string>{};
  };
  EXPECT_EQ(rows[1][2], "phường Tô Hiệu");
  EXPECT_EQ(named("xã Thuận Châu"), row("xã Thuận Châu", {"45", "2"}, {"90", "2"}, "75.0"));
  EXPECT_EQ(named("xã Đoàn Kết"), row("xã Đoàn Kết", {"20", "0", "0", "4"}, {"40"}, "50.0"));
  EXPECT_EQ(named("xã Lóng Sập").at(25), "");  // no target: no completion, not 0

  const auto villages = cells(csv("2026-Q4", "03721", true).substr(3));
  ASSERT_EQ(villages.size(), 4u);
  EXPECT_EQ(villages[0][3], "Thôn/Bản");
  EXPECT_EQ((std::vector<std::string>{villages[1][3], villages[1][4], villages[1][5], villages[1][26]}),
            (std::vector<std::string>{"Cả xã", "45", "2", "75.0"}));  // the commune's total, with its targets
  EXPECT_EQ((std::vector<std::string>{villages[2][3], villages[2][4], villages[2][5]}),
            (std::vector<std::string>{"Bản Hua La", "10", "0"}));
  EXPECT_EQ((std::vector<std::string>{villages[3][3], villages[3][4], villages[3][5]}),
            (std::vector<std::string>{"Bản Mòng", "35", "2"}));

  const std::string json = reports::to_json(
      reports::summarize(rs, content_->get<groups::Places>(), content_->get<reports::ReportContent>(),
                         {"son-la", q4, "04000", false}),
      content_->get<reports::ReportContent>());
  EXPECT_NE(json.find("\"commune\": \"xã Đoàn Kết\""), std::string::npos);
  EXPECT_NE(json.find("\"completion\": 50.0"), std::string::npos);
}

TEST_F(TeamReportsTest, RankingSharesRanksOnTiesAndListsMissingTargetsApart) {
  confirmed_report("g1", "Tổ CNSCĐ-Xã Thuận Châu", "#baocao hd 50", now_);
  confirmed_report("g2", "Tổ CNSCĐ-Xã Đoàn Kết", "#baocao hd 20", now_);
  confirmed_report("g3", "Tổ CNSCĐ-Xã Vân Hồ", "#baocao hd 10", now_);
  confirmed_report("g4", "Tổ CNSCĐ-Xã Tô Múa", "#baocao hd 7", now_);
  auto& rs = reports::ReportStore::of(*store_);
  const auto q4 = *reports::Period::parse("2026-Q4");
  rs.set_target("son-la", {"03721", "", "", "huongdan", 100}, q4, "t", now_);
  rs.set_target("son-la", {"04000", "", "", "huongdan", 40}, q4, "t", now_);
  rs.set_target("son-la", {"04048", "", "", "huongdan", 40}, q4, "t", now_);
  auto out = texts(send(thuan_chau("lead-g1", "/xephang"), now_));
  ASSERT_EQ(out.size(), 1u);
  EXPECT_NE(out[0].find("1. xã Đoàn Kết: 50,0%\n1. xã Thuận Châu: 50,0%\n3. xã Vân Hồ: 25,0%\n"), std::string::npos)
      << out[0];
  EXPECT_NE(out[0].find("Chưa có chỉ tiêu: 72 xã, phường (không xếp hạng). Đã báo cáo: xã Tô Múa."),
            std::string::npos);
  out = texts(send(thuan_chau("lead-g1", "/tongket"), now_));
  EXPECT_NE(out[0].find("• Người dân được hướng dẫn: 50/100 (50,0%)"), std::string::npos);
  EXPECT_NE(out[0].find("Hoàn thành chỉ tiêu: 50,0%"), std::string::npos);
}

TEST_F(TeamReportsTest, TargetsNeedAnOfficer) {
  send(thuan_chau("u7", "Chào"), now_);
  EXPECT_EQ(texts(send(thuan_chau("u7", "/chitieu hd 100"), now_)),
            std::vector<std::string>{content_->strings.get("reports.targets.not_allowed")});
  roles::RoleStore::of(*store_).grant({Channel::telegram, "cb", roles::Role::officer, {"son-la", ""}}, now_);
  auto out = texts(send(thuan_chau("cb", "/chitieu quý 1/2027: huongdan=100 buoi=10"), now_));
  ASSERT_EQ(out.size(), 1u);
  EXPECT_NE(out[0].find("Đã đặt chỉ tiêu quý 1/2027 cho xã Thuận Châu"), std::string::npos);
  const auto t = reports::ReportStore::of(*store_).targets("son-la", *reports::Period::parse("2027-Q1"));
  ASSERT_EQ(t.size(), 2u);
  EXPECT_EQ(t[0].indicator, "buoi");
  EXPECT_EQ(t[0].value, 10);
  EXPECT_EQ(t[1].value, 100);
}

TEST_F(TeamReportsTest, TargetsApplyToTheCommuneNamedOrAreRefused) {
  auto& rs = reports::ReportStore::of(*store_);
  const auto q4 = *reports::Period::parse("2026-Q4");
  rs.set_target("son-la", {"03721", "", "", "huongdan", 300}, q4, "t", now_);
  send(thuan_chau("u7", "Chào"), now_);
  auto target_of = [&](const std::string& commune) -> long long {
    for (const auto& t : reports::ReportStore::of(*store_).targets("son-la", q4)) {
      if (t.commune == commune && t.indicator == "huongdan" && t.village_key.empty()) return t.value;
    }
    return -1;
  };
  // An officer of Thuận Châu only: Lóng Sập is not theirs, and Thuận Châu's target stays.
  roles::RoleStore::of(*store_).grant({Channel::telegram, "cb-tc", roles::Role::officer, {"son-la", "03721"}}, now_);
  auto out = texts(send(thuan_chau("cb-tc", "/chitieu quý 4 Lóng Sập huongdan=80"), now_));
  ASSERT_EQ(out.size(), 1u);
  EXPECT_NE(out[0].find("không phụ trách xã Lóng Sập"), std::string::npos) << out[0];
  EXPECT_EQ(target_of("03721"), 300);
  EXPECT_EQ(target_of("04045"), -1);
  // A name nobody knows is refused, not taken for the group's commune.
  out = texts(send(thuan_chau("cb-tc", "/chitieu quý 4 Lóng Xập huongdan=80"), now_));
  EXPECT_NE(out[0].find("không biết xã, phường «Lóng Xập»"), std::string::npos) << out[0];
  EXPECT_EQ(target_of("03721"), 300);
  // The province's officer may: the target is Lóng Sập's, and the reply says so.
  roles::RoleStore::of(*store_).grant({Channel::telegram, "cb", roles::Role::officer, {"son-la", ""}}, now_);
  out = texts(send(thuan_chau("cb", "/chitieu quý 4 Lóng Sập huongdan=80"), now_));
  EXPECT_NE(out[0].find("Đã đặt chỉ tiêu quý 4/2026 cho xã Lóng Sập"), std::string::npos) << out[0];
  EXPECT_EQ(target_of("04045"), 80);
  EXPECT_EQ(target_of("03721"), 300);
  // Without a name, the group's own commune.
  out = texts(send(thuan_chau("cb", "/chitieu quý 4 huongdan=1.200"), now_));
  EXPECT_NE(out[0].find("cho xã Thuận Châu, Sơn La:\nCả xã:\n• Người dân được hướng dẫn: 1.200"), std::string::npos) << out[0];
  EXPECT_EQ(target_of("03721"), 1200);
  // Read in part, nothing is set, and the officer is told which part and why.
  out = texts(send(thuan_chau("cb", "/chitieu quý 4 hd 100, kích hoạt vneid khoảng 50"), now_));
  ASSERT_EQ(out.size(), 1u);
  EXPECT_NE(out[0].find("Chưa đọc được: «kích hoạt vneid khoảng 50»"), std::string::npos) << out[0];
  EXPECT_NE(out[0].find("con số đúng"), std::string::npos) << out[0];
  EXPECT_NE(out[0].find("Chưa đặt chỉ tiêu nào."), std::string::npos) << out[0];
  EXPECT_EQ(target_of("03721"), 1200);
}

// In a private chat a target goes to the commune named, or to the one commune the
// officer's grants cover; a province's officer who names none is asked, never given the
// group she last wrote in. Names holding words the reader takes for filler ("Chiềng La",
// "là") are found whole.
TEST_F(TeamReportsTest, PrivateTargetsNameTheirCommuneUnlessTheOfficerHasOnlyOne) {
  const auto q1 = *reports::Period::parse("2027-Q1");
  auto target_of = [&](const std::string& commune) -> long long {
    for (const auto& t : reports::ReportStore::of(*store_).targets("son-la", q1))
      if (t.commune == commune && t.indicator == "huongdan") return t.value;
    return -1;
  };
  auto& roles = roles::RoleStore::of(*store_);
  roles.grant({Channel::telegram, "cb", roles::Role::officer, {"son-la", ""}}, now_);
  send(thuan_chau("cb", "Chào"), now_);  // she wrote in Thuận Châu's group
  auto out = texts(send(in_private("cb", "/chitieu quý 1/2027 hd 80"), now_));
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(out[0], content_->strings.get("reports.targets.which_commune"));
  EXPECT_EQ(target_of("03721"), -1);
  out = texts(send(in_private("cb", "/chitieu quý 1/2027 Chiềng La hd 80"), now_));
  EXPECT_NE(out[0].find("Đã đặt chỉ tiêu quý 1/2027 cho xã Chiềng La"), std::string::npos) << out[0];
  out = texts(send(in_private("cb", "/chitieu quý 1/2027 xã Mường La: hd 70"), now_));
  EXPECT_NE(out[0].find("Đã đặt chỉ tiêu quý 1/2027 cho xã Mường La"), std::string::npos) << out[0];
  // A commune's officer: her commune.
  roles.grant({Channel::telegram, "cb-tc", roles::Role::officer, {"son-la", "03721"}}, now_);
  out = texts(send(in_private("cb-tc", "/chitieu quý 1/2027 hd 60"), now_));
  EXPECT_NE(out[0].find("Đã đặt chỉ tiêu quý 1/2027 cho xã Thuận Châu"), std::string::npos) << out[0];
  EXPECT_EQ(target_of("03721"), 60);
  // Someone with no grant is told so, not asked for a commune.
  EXPECT_EQ(texts(send(in_private("u9", "/chitieu quý 1/2027 hd 60"), now_)),
            std::vector<std::string>{content_->strings.get("reports.targets.not_allowed")});
}

TEST_F(TeamReportsTest, PeriodsThatCannotBeUsedAreAskedAndNothingIsStored) {
  auto count = [&] { return store_->database().execAndGet("SELECT COUNT(*) FROM reports").getInt(); };
  send(thuan_chau("u7", "Chào"), now_);
  auto out = texts(send(thuan_chau("u7", "#baocao quý 5: hướng dẫn 10 người"), now_));
  ASSERT_EQ(out.size(), 1u);
  EXPECT_NE(out[0].find("Không có kỳ «quý 5»"), std::string::npos) << out[0];
  EXPECT_NE(out[0].find("Bạn báo cáo cho kỳ nào?"), std::string::npos);
  out = texts(send(thuan_chau("u7", "#baocao Bản Mòng tháng 13: hd 3"), now_));
  EXPECT_NE(out[0].find("Không có kỳ «tháng 13»"), std::string::npos) << out[0];
  out = texts(send(thuan_chau("u7", "#baocao quý 1/2027: hd 40"), now_));
  EXPECT_NE(out[0].find("«quý 1/2027» chưa bắt đầu"), std::string::npos) << out[0];
  EXPECT_EQ(count(), 0);
  // None written: the current quarter, and the reply says so.
  out = texts(send(thuan_chau("u7", "#baocao hướng dẫn mười hai người"), now_));
  EXPECT_NE(out[0].find("Tin không ghi kỳ nên tính vào quý 4/2026"), std::string::npos) << out[0];
  EXPECT_EQ(count(), 1);
  // A quarter without a year is the latest that has begun: in February 2027, quý 4 is 2026's.
  out = texts(send(thuan_chau("u7", "#baocao quý 4: hd 5"), vn_time(2027, 2, 10)));
  EXPECT_NE(out[0].find("quý 4/2026"), std::string::npos) << out[0];
  EXPECT_EQ(out[0].find("Tin không ghi kỳ"), std::string::npos);
}

TEST_F(TeamReportsTest, UnreadPartIsNamedAndNotCountedWhileTheRestCanBeConfirmed) {
  send(thuan_chau("u7", "Chào"), now_);
  auto replies = send(thuan_chau("u7", "#baocao Bản Mòng: hướng dẫn mười hai người, vài chục người tham dự"), now_);
  ASSERT_EQ(replies.size(), 1u);
  const Outgoing& r = replies[0].message;
  EXPECT_NE(r.text.find("«hướng dẫn mười hai người» → Người dân được hướng dẫn: 12"), std::string::npos) << r.text;
  EXPECT_NE(r.text.find("Chưa đọc được: «vài chục người tham dự»"), std::string::npos);
  EXPECT_NE(r.text.find("sẽ KHÔNG được tính cho đến khi sửa"), std::string::npos);
  ASSERT_EQ(r.buttons.size(), 1u);
  EXPECT_EQ(r.buttons[0][0].payload, "rp:ok:1");
  send(press(thuan_chau("u7", ""), "rp:ok:1"), now_);
  const auto s = reports::ReportStore::of(*store_).find(1);
  ASSERT_TRUE(s);
  EXPECT_EQ(s->rows[0].figures, (reports::Figures{{"huongdan", 12}}));
}

TEST_F(TeamReportsTest, AReportNamesAtMostFiftyVillages) {
  send(thuan_chau("u7", "Chào"), now_);
  std::string text = "#baocao";
  for (int v = 1; v <= 51; ++v) text += "\nBản " + std::to_string(v) + ": hd 1";
  auto out = texts(send(thuan_chau("u7", text), now_));
  ASSERT_EQ(out.size(), 1u);
  EXPECT_NE(out[0].find("tối đa 50 thôn, bản. Tin này có 51"), std::string::npos) << out[0];
  EXPECT_EQ(store_->database().execAndGet("SELECT COUNT(*) FROM reports").getInt(), 0);
  text = "#baocao";
  for (int v = 1; v <= 50; ++v) text += "\nBản " + std::to_string(v) + ": hd 1";
  out = texts(send(thuan_chau("u7", text), now_));
  EXPECT_NE(out[0].find("Báo cáo số 1"), std::string::npos);
}

TEST_F(TeamReportsTest, HelpListsTheCommandsOfTheAskersRole) {
  send(thuan_chau("u7", "Chào"), now_);
  auto member = texts(send(thuan_chau("u7", "/help"), now_));
  ASSERT_EQ(member.size(), 1u);
  EXPECT_NE(member[0].find("#baocao"), std::string::npos) << member[0];
  EXPECT_NE(member[0].find("/tongket"), std::string::npos);
  EXPECT_EQ(member[0].find("/chitieu"), std::string::npos);
  roles::RoleStore::of(*store_).grant({Channel::telegram, "cb", roles::Role::officer, {"son-la", ""}}, now_);
  auto officer = texts(send(thuan_chau("cb", "/help"), now_));
  EXPECT_NE(officer[0].find("/chitieu"), std::string::npos) << officer[0];
  EXPECT_NE(officer[0].find("Tổ trưởng"), std::string::npos);
  // A citizen in private sees no team commands; a member in private is told /baocao works there.
  auto citizen = texts(send(in_private("c1", "/help"), now_));
  EXPECT_EQ(citizen[0].find("/baocao"), std::string::npos) << citizen[0];
  auto member_private = texts(send(in_private("u7", "/help"), now_));
  EXPECT_NE(member_private[0].find("/baocao"), std::string::npos) << member_private[0];
}

TEST(Roles, ScopesAndRanks) {
  TempDir tmp;
  Store store(tmp / "r.db");
  auto& r = roles::RoleStore::of(store);
  const TimePoint now{};
  r.grant({Channel::zalo, "a", roles::Role::admin, {}}, now);
  r.grant({Channel::telegram, "o", roles::Role::officer, {"son-la", ""}}, now);
  r.grant({Channel::telegram, "l", roles::Role::leader, {"son-la", "03721"}}, now);
  const roles::Scope tc{"son-la", "03721"}, dk{"son-la", "04000"}, other{"dien-bien", "x"};
  EXPECT_TRUE(r.has_role(Channel::zalo, "a", roles::Role::officer, other));
  EXPECT_FALSE(r.has_role(Channel::telegram, "a", roles::Role::leader, tc));  // grants are per channel
  EXPECT_TRUE(r.has_role(Channel::telegram, "o", roles::Role::leader, dk));
  EXPECT_FALSE(r.has_role(Channel::telegram, "o", roles::Role::officer, other));
  EXPECT_FALSE(r.has_role(Channel::telegram, "o", roles::Role::admin, tc));
  EXPECT_TRUE(r.has_role(Channel::telegram, "l", roles::Role::leader, tc));
  EXPECT_FALSE(r.has_role(Channel::telegram, "l", roles::Role::leader, dk));
  EXPECT_FALSE(r.has_role(Channel::telegram, "l", roles::Role::officer, tc));
  EXPECT_EQ(r.list().size(), 3u);
  EXPECT_TRUE(r.revoke({Channel::telegram, "l", roles::Role::leader, {"son-la", "03721"}}));
  EXPECT_FALSE(r.revoke({Channel::telegram, "l", roles::Role::leader, {"son-la", "03721"}}));
  EXPECT_FALSE(r.has_role(Channel::telegram, "l", roles::Role::leader, tc));
}

}  // namespace
}  // namespace hocvuso
