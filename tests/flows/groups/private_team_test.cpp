// Teams without a bot in their group (issue 19 item 5), through the engine with the real
// dispatcher and content: an officer's one-time code, a member joining in a private Zalo
// chat, reports, /tongket, /xephang, reminders and help tickets there as in a group, and
// the officer listing and removing members.
#include <SQLiteCpp/SQLiteCpp.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <cctype>
#include <memory>
#include <string>
#include <vector>

#include "bot/app/runtime.hpp"
#include "bot/core/local_time.hpp"
#include "bot/engine/engine.hpp"
#include "flows/broadcast/broadcast_store.hpp"
#include "flows/groups/group_store.hpp"
#include "flows/groups/private_team.hpp"
#include "flows/roles/roles.hpp"
#include "support/shipped_content.hpp"
#include "support/temp_dir.hpp"

namespace hocvuso {
namespace {

using namespace std::chrono;
using hocvuso::testing::TempDir;
using hocvuso::testing::vn_time;


constexpr const char* kOfficer = "5521772797175877301";   // Zalo user ids are decimal strings
constexpr const char* kMember = "2468458835296197922";
constexpr const char* kOther = "7713002456120098811";
constexpr const char* kCitizen = "3301229900112233445";
constexpr const char* kThird = "6620019988776655443";

class PrivateTeamTest : public ::testing::Test {
 protected:
  PrivateTeamTest()
      : content_(hocvuso::testing::shipped_content()),
        engine_(make_dispatcher(Config{}), content_),
        store_(std::make_unique<Store>(tmp_ / "bot.db")) {
    roles::RoleStore::of(*store_).grant({Channel::zalo, kOfficer, roles::Role::officer, {"son-la", "03721"}}, now_);
  }

  static Incoming zalo_private(const std::string& user, std::string text, std::string name = "") {
    Incoming in;
    in.chat = {Channel::zalo, user};
    in.sender_id = user;
    in.sender_name = std::move(name);
    in.text = std::move(text);
    return in;
  }
  static Incoming press(Incoming in, std::string payload) {
    in.text.clear();
    in.button_payload = std::move(payload);
    return in;
  }
  std::vector<Outgoing> send(const Incoming& in, TimePoint when) {
    std::vector<Outgoing> out;
    for (auto& item : engine_.handle(*store_, in, when)) out.push_back(std::move(item.message));
    return out;
  }
  std::vector<Outgoing> send(const Incoming& in) { return send(in, now_); }
  static std::string all_text(const std::vector<Outgoing>& out) {
    std::string s;
    for (const auto& o : out) s += o.text + "\n---\n";
    return s;
  }
  static std::vector<Outgoing> to(const std::vector<Outgoing>& out, const std::string& chat) {
    std::vector<Outgoing> r;
    for (const auto& o : out) {
      if (o.chat.id == chat) r.push_back(o);
    }
    return r;
  }
  // The officer's /mato: the code the bot answered with.
  std::string issue_code(TimePoint when) {
    const auto out = send(zalo_private(kOfficer, "/mato Thuận Châu", "Cán bộ Hà"), when);
    EXPECT_EQ(out.size(), 1u);
    const auto pos = out.empty() ? std::string::npos : out[0].text.find("TO-");
    EXPECT_NE(pos, std::string::npos) << all_text(out);
    return pos == std::string::npos ? std::string() : out[0].text.substr(pos, 9);
  }

  TempDir tmp_;
  std::shared_ptr<const Content> content_;
  Engine engine_;
  std::unique_ptr<Store> store_;
  TimePoint now_ = vn_time(2026, 12, 1);
};

TEST(TeamCode, ReadAsPeopleTypeIt) {
  EXPECT_EQ(groups::read_team_code("TO-K7QM4P"), "TO-K7QM4P");
  EXPECT_EQ(groups::read_team_code("to-k7qm4p"), "TO-K7QM4P");
  EXPECT_EQ(groups::read_team_code("  To K7QM 4P. "), "TO-K7QM4P");
  EXPECT_EQ(groups::read_team_code("TOK7QM4P"), "TO-K7QM4P");
  EXPECT_FALSE(groups::read_team_code("TO-K7QM4"));        // too short
  EXPECT_FALSE(groups::read_team_code("TO-KAQMXP"));       // no digit: could be a word
  EXPECT_FALSE(groups::read_team_code("TO-K0QM4P"));       // 0 is never in a code
  EXPECT_FALSE(groups::read_team_code("tổ K7QM4P"));       // Vietnamese words
  EXPECT_FALSE(groups::read_team_code("mã của tôi là TO-K7QM4P"));
  EXPECT_FALSE(groups::read_team_code("HT12"));
  EXPECT_FALSE(groups::read_team_code(""));
}

TEST_F(PrivateTeamTest, OnlyAnOfficerOfTheCommuneIssuesCodes) {
  auto out = send(zalo_private(kOther, "/mato Thuận Châu"));
  ASSERT_EQ(out.size(), 1u);
  EXPECT_NE(out[0].text.find("Chỉ cán bộ phụ trách xã Thuận Châu"), std::string::npos) << out[0].text;
  out = send(zalo_private(kOfficer, "/mato"));
  EXPECT_NE(all_text(out).find("/mato <tên xã>"), std::string::npos) << all_text(out);
  out = send(zalo_private(kOfficer, "/mato Xã Không Có Thật"));
  EXPECT_EQ(all_text(out).find("TO-"), std::string::npos) << all_text(out);
  // A commune officer's grant covers that commune only.
  out = send(zalo_private(kOfficer, "/mato Đoàn Kết"));
  EXPECT_NE(all_text(out).find("Chỉ cán bộ phụ trách"), std::string::npos) << all_text(out);
  const std::string code = issue_code(now_);
  EXPECT_TRUE(groups::read_team_code(code)) << code;
  EXPECT_EQ(store_->database().execAndGet("SELECT COUNT(*) FROM team_codes").getInt(), 1);
}

TEST_F(PrivateTeamTest, AMemberJoinsByCodeAndReportsRemindersAndTotalsWorkInPrivate) {
  const std::string code = issue_code(now_);
  // Before joining, a private report has no team.
  auto out = send(zalo_private(kMember, "/baocao hd 5", "Lò Văn Minh"));
  EXPECT_NE(all_text(out).find("chưa biết bạn ở Tổ CNSCĐ xã nào"), std::string::npos) << all_text(out);

  // Typed the way people do: lower case, a space instead of the dash.
  std::string typed = "to " + code.substr(3);
  for (auto& c : typed) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  out = send(zalo_private(kMember, typed, "Lò Văn Minh"));
  ASSERT_EQ(out.size(), 1u);
  EXPECT_NE(out[0].text.find("Bạn đã vào Tổ CNSCĐ xã Thuận Châu, Sơn La."), std::string::npos) << out[0].text;
  EXPECT_NE(out[0].text.find("7 ngày"), std::string::npos) << out[0].text;  // Zalo's window, said plainly
  // The link is a group_links row of the private chat, like a team group's.
  EXPECT_EQ(groups::GroupStore::of(*store_).link({Channel::zalo, kMember}), (groups::GroupLink{"son-la", "03721"}));

  // One time only: a second person cannot use it.
  out = send(zalo_private(kOther, code, "Người khác"));
  EXPECT_NE(all_text(out).find("không đúng, đã dùng hoặc đã hết hạn"), std::string::npos) << all_text(out);
  EXPECT_FALSE(groups::GroupStore::of(*store_).link({Channel::zalo, kOther}));

  // Report reminders go to the member privately while the team has not reported (Q4 and
  // the year are due 08/12; reminders start three days before).
  const auto due = engine_.tick(*store_, vn_time(2026, 12, 5, 8));
  std::vector<std::string> reminded;
  for (const auto& d : due) reminded.push_back(d.message.chat.id);
  EXPECT_NE(std::find(reminded.begin(), reminded.end(), kMember), reminded.end()) << reminded.size();

  // A report in the private chat counts for Thuận Châu, exactly as in the group.
  out = send(zalo_private(kMember, "/baocao hd 25 buoi 2", "Lò Văn Minh"));
  EXPECT_NE(all_text(out).find("xã Thuận Châu"), std::string::npos) << all_text(out);
  EXPECT_EQ(store_->database().execAndGet("SELECT COUNT(*) FROM reports WHERE commune = '03721'").getInt(), 1);
  for (const char* command : {"/tongket", "/xephang"}) {
    out = send(zalo_private(kMember, command, "Lò Văn Minh"));
    ASSERT_FALSE(out.empty()) << command;
    EXPECT_EQ(all_text(out).find("chưa biết bạn ở Tổ CNSCĐ xã nào"), std::string::npos) << command << all_text(out);
  }
  out = send(zalo_private(kMember, "/tongket", "Lò Văn Minh"));
  EXPECT_NE(all_text(out).find("Tổng kết"), std::string::npos) << all_text(out);
  EXPECT_NE(all_text(out).find("Tổ CNSCĐ xã Thuận Châu"), std::string::npos) << all_text(out);

  // A warning to the team groups reaches members in private chats; a member who is not a
  // subscriber gets no other broadcast.
  auto& warnings = broadcast::BroadcastStore::of(*store_);
  const auto groups_before = warnings.count_recipients({"groups", "", {}});
  EXPECT_GE(groups_before, 1);
  store_->database().exec("DELETE FROM group_links WHERE chat_id = '" + std::string(kMember) + "'");
  EXPECT_EQ(warnings.count_recipients({"groups", "", {}}), groups_before - 1);
  groups::GroupStore::of(*store_).set_link({Channel::zalo, kMember}, {"son-la", "03721"}, "test", now_);
  EXPECT_EQ(warnings.count_recipients({"subscribers", "", {}}), 0);

}

TEST_F(PrivateTeamTest, TheOfficerListsAndRemovesMembersAndExpiredCodesDoNotWork) {
  send(zalo_private(kMember, issue_code(now_), "Lò Văn Minh"));
  send(zalo_private(kOther, issue_code(now_), "Cà Thị Hoa"));
  auto out = send(zalo_private(kOfficer, "/thanhvien thuan chau"));
  const std::string list = all_text(out);
  EXPECT_NE(list.find("2 thành viên"), std::string::npos) << list;
  EXPECT_NE(list.find("1. Lò Văn Minh (Zalo)"), std::string::npos) << list;
  EXPECT_NE(list.find("2. Cà Thị Hoa (Zalo)"), std::string::npos) << list;
  EXPECT_EQ(list.find(kMember), std::string::npos) << "ids stay out of chat lists";

  out = send(zalo_private(kMember, "/xoathanhvien Thuận Châu 2"));
  EXPECT_NE(all_text(out).find("Chỉ cán bộ phụ trách"), std::string::npos) << all_text(out);
  out = send(zalo_private(kOfficer, "/xoathanhvien Thuận Châu 2"));
  EXPECT_NE(all_text(to(out, kOfficer)).find("Đã bỏ Cà Thị Hoa khỏi Tổ CNSCĐ xã Thuận Châu"), std::string::npos)
      << all_text(out);
  EXPECT_NE(all_text(to(out, kOther)).find("Bạn không còn trong Tổ CNSCĐ xã Thuận Châu"), std::string::npos)
      << all_text(out);
  EXPECT_FALSE(groups::GroupStore::of(*store_).link({Channel::zalo, kOther}));
  EXPECT_TRUE(groups::GroupStore::of(*store_).link({Channel::zalo, kMember}));
  out = send(zalo_private(kOfficer, "/xoathanhvien Thuận Châu 5"));
  EXPECT_NE(all_text(out).find("không có thành viên số 5"), std::string::npos) << all_text(out);

  // A code older than its lifetime is refused and changes nothing.
  const std::string old = issue_code(now_);
  out = send(zalo_private(kOther, old), now_ + groups::kTeamCodeLifetime + minutes(1));
  EXPECT_NE(all_text(out).find("đã hết hạn"), std::string::npos) << all_text(out);
  EXPECT_FALSE(groups::GroupStore::of(*store_).link({Channel::zalo, kOther}));
  // In a group the code is not spent: it must be sent privately.
  const std::string fresh = issue_code(now_);
  Incoming in_group = zalo_private(kOther, fresh);
  in_group.chat = {Channel::zalo, "f414c8f76fa586fbdfb4"};
  in_group.chat_type = ChatType::group;
  out = send(in_group);
  EXPECT_NE(all_text(out).find("tin nhắn riêng"), std::string::npos) << all_text(out);
  out = send(zalo_private(kOther, fresh, "Cà Thị Hoa"));
  EXPECT_NE(all_text(out).find("Bạn đã vào Tổ CNSCĐ xã Thuận Châu"), std::string::npos) << all_text(out);
}

TEST_F(PrivateTeamTest, AHelpTicketReachesPrivateMembersWhoTakeItThere) {
  send(zalo_private(kMember, issue_code(now_), "Lò Văn Minh"));
  send(zalo_private(kOther, issue_code(now_), "Cà Thị Hoa"));
  // A citizen asks the commune's team for help; the commune has no group with the bot.
  send(press(zalo_private(kCitizen, "", "Bà Lan"), "menu:team"));
  auto out = send(zalo_private(kCitizen, "Thuận Châu", "Bà Lan"));
  EXPECT_NE(all_text(out).find("Nơi ở: xã Thuận Châu"), std::string::npos) << all_text(out);
  send(zalo_private(kCitizen, "Tôi quên mật khẩu VNeID", "Bà Lan"));
  out = send(press(zalo_private(kCitizen, "", "Bà Lan"), "tk:own"));
  const auto to_member = to(out, kMember);
  const auto to_other = to(out, kOther);
  ASSERT_EQ(to_member.size(), 1u) << all_text(out);
  ASSERT_EQ(to_other.size(), 1u) << all_text(out);
  EXPECT_NE(to_other[0].text.find("Yêu cầu hỗ trợ HT1"), std::string::npos) << to_other[0].text;
  ASSERT_FALSE(to_other[0].buttons.empty());
  EXPECT_EQ(to_other[0].buttons[0][0].payload, "tk:claim:1");

  // The second member takes it from their private chat.
  out = send(press(zalo_private(kOther, "", "Cà Thị Hoa"), "tk:claim:1"));
  EXPECT_NE(all_text(to(out, kOther)).find("Cà Thị Hoa đã nhận HT1"), std::string::npos) << all_text(out);
  EXPECT_NE(all_text(to(out, kCitizen)).find("Cà Thị Hoa"), std::string::npos) << all_text(out);
  // And answers privately with the ticket code.
  out = send(zalo_private(kOther, "HT1 Bác mở ứng dụng VNeID lên nhé", "Cà Thị Hoa"));
  EXPECT_NE(all_text(to(out, kCitizen)).find("Bác mở ứng dụng VNeID lên nhé"), std::string::npos) << all_text(out);
  // Someone outside the commune cannot take it.
  out = send(press(zalo_private(kOfficer, ""), "tk:claim:1"));
  EXPECT_EQ(all_text(out).find("đã nhận HT1"), std::string::npos) << all_text(out);
}

// Every later notice about a ticket reaches each member, not only the first one's chat:
// the re-announcement of an unclaimed ticket, who took it, and that it ended.
TEST_F(PrivateTeamTest, EveryMemberHearsTheReannouncementTheClaimAndTheEnd) {
  send(zalo_private(kMember, issue_code(now_), "Lò Văn Minh"));
  send(zalo_private(kOther, issue_code(now_), "Cà Thị Hoa"));
  send(zalo_private(kThird, issue_code(now_), "Quàng Văn Sơn"));
  send(press(zalo_private(kCitizen, "", "Bà Lan"), "menu:team"));
  send(zalo_private(kCitizen, "Thuận Châu", "Bà Lan"));
  send(zalo_private(kCitizen, "Tôi quên mật khẩu VNeID", "Bà Lan"));
  send(press(zalo_private(kCitizen, "", "Bà Lan"), "tk:own"));

  std::vector<Outgoing> out;
  for (auto& item : engine_.tick(*store_, now_ + 31min)) out.push_back(std::move(item.message));
  for (const char* member : {kMember, kOther, kThird}) {
    const auto got = to(out, member);
    ASSERT_EQ(got.size(), 1u) << member << "\n" << all_text(out);
    EXPECT_NE(got[0].text.find("HT1"), std::string::npos) << got[0].text;
    ASSERT_FALSE(got[0].buttons.empty()) << member;
    EXPECT_EQ(got[0].buttons[0][0].payload, "tk:claim:1");
  }
  EXPECT_TRUE(to(out, kCitizen).empty()) << all_text(out);

  out = send(press(zalo_private(kThird, "", "Quàng Văn Sơn"), "tk:claim:1"), now_ + 32min);
  for (const char* member : {kMember, kOther, kThird}) {
    const auto got = to(out, member);
    ASSERT_EQ(got.size(), 1u) << member << "\n" << all_text(out);
    EXPECT_NE(got[0].text.find("Quàng Văn Sơn đã nhận HT1"), std::string::npos) << got[0].text;
  }

  out = send(zalo_private(kCitizen, "/xong", "Bà Lan"), now_ + 40min);
  for (const char* member : {kMember, kOther, kThird}) {
    EXPECT_EQ(to(out, member).size(), 1u) << member << "\n" << all_text(out);
  }
}

// A Zalo OA gives no name: the member is asked for one, /ten stores it, the officer's list
// shows it; /roito leaves; /help shows each side its commands.
TEST_F(PrivateTeamTest, AMemberWithoutANameGivesOneAndMayLeave) {
  auto out = send(zalo_private(kMember, issue_code(now_)));
  EXPECT_NE(all_text(out).find("/ten"), std::string::npos) << all_text(out);
  out = send(zalo_private(kMember, "/ten 0912345678"));
  EXPECT_NE(all_text(out).find("không có số"), std::string::npos) << all_text(out);
  out = send(zalo_private(kMember, "/ten  Lò Văn Minh "));
  EXPECT_NE(all_text(out).find("Đã lưu tên của bạn: Lò Văn Minh."), std::string::npos) << all_text(out);
  out = send(zalo_private(kOfficer, "/thanhvien Thuận Châu"));
  EXPECT_NE(all_text(out).find("1. Lò Văn Minh (Zalo)"), std::string::npos) << all_text(out);

  out = send(zalo_private(kMember, "/help"));
  EXPECT_NE(all_text(out).find("/roito"), std::string::npos) << all_text(out);
  EXPECT_EQ(all_text(out).find("/mato"), std::string::npos) << all_text(out);
  out = send(zalo_private(kOfficer, "/help"));
  EXPECT_NE(all_text(out).find("/mato <xã>"), std::string::npos) << all_text(out);

  // Where the platform names the person, that name wins: say where to change it.
  out = send(zalo_private(kOther, "/ten Hoa", "Cà Thị Hoa"));
  EXPECT_NE(all_text(out).find("Trợ lý lấy tên bạn từ Zalo: Cà Thị Hoa."), std::string::npos) << all_text(out);

  out = send(zalo_private(kMember, "/roito"));
  EXPECT_NE(all_text(out).find("Bạn đã rời Tổ CNSCĐ xã Thuận Châu"), std::string::npos) << all_text(out);
  EXPECT_TRUE(groups::PrivateTeamStore::of(*store_).members({"son-la", "03721"}).empty());
  out = send(zalo_private(kMember, "/roito"));
  EXPECT_NE(all_text(out).find("chưa vào Tổ nào"), std::string::npos) << all_text(out);
}

// "báo cáo …" without a slash is a report in a member's private chat, as it is in a group;
// from a citizen who joined nothing, the same words go to the FAQ, not into the figures.
TEST_F(PrivateTeamTest, AReportWithoutASlashCountsOnlyInAMembersChat) {
  send(zalo_private(kMember, issue_code(now_), "Lò Văn Minh"));
  auto out = send(zalo_private(kMember, "bao cao thang 11 huong dan muoi hai nguoi dan cai vneid, 3 buoi"));
  const std::string text = all_text(out);
  EXPECT_NE(text.find("Người dân được hướng dẫn: 12"), std::string::npos) << text;
  EXPECT_NE(text.find("Buổi hướng dẫn đã tổ chức: 3"), std::string::npos) << text;
  EXPECT_NE(text.find("tháng 11/2026"), std::string::npos) << text;

  out = send(zalo_private(kCitizen, "báo cáo số điện thoại lừa đảo ở đâu"));
  EXPECT_EQ(all_text(out).find("Báo cáo số"), std::string::npos) << all_text(out);
  SQLite::Database db(tmp_ / "bot.db");
  EXPECT_EQ(db.execAndGet("SELECT count(*) FROM reports").getInt(), 1);
}

// The only member is both the ticket's home and its helper: the citizen's words reach her once.
TEST_F(PrivateTeamTest, TheCitizensWordsReachALoneMemberOnce) {
  send(zalo_private(kMember, issue_code(now_), "Lò Văn Minh"));
  send(press(zalo_private(kCitizen, "", "Bà Lan"), "menu:team"));
  send(zalo_private(kCitizen, "Thuận Châu", "Bà Lan"));
  send(zalo_private(kCitizen, "Tôi quên mật khẩu VNeID", "Bà Lan"));
  send(press(zalo_private(kCitizen, "", "Bà Lan"), "tk:own"));
  send(press(zalo_private(kMember, "", "Lò Văn Minh"), "tk:claim:1"));
  auto out = send(zalo_private(kMember, "HT1 Bà mở VNeID, bấm Quên mật khẩu nhé", "Lò Văn Minh"));
  EXPECT_NE(all_text(to(out, kCitizen)).find("Quên mật khẩu"), std::string::npos) << all_text(out);
  out = send(zalo_private(kCitizen, "Cảm ơn cháu", "Bà Lan"));
  EXPECT_EQ(to(out, kMember).size(), 1u) << all_text(out);
}

}  // namespace
}  // namespace hocvuso
