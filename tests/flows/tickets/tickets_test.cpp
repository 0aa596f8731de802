// Help tickets (flows/tickets): the repository, the reply map of tagged messages, and
// the whole life cycle through the engine with the real dispatcher and content — a
// Zalo citizen helped from a Telegram team group, privacy of what the group sees,
// re-announce, escalation, idle close and retention with an injected clock, figures.
#include <SQLiteCpp/SQLiteCpp.h>
#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <vector>

#include "bot/app/runtime.hpp"
#include "bot/core/local_time.hpp"
#include "bot/engine/engine.hpp"
#include "bot/store/sent_tags.hpp"
#include "bot/store/store.hpp"
#include "flows/broadcast/broadcast_store.hpp"
#include "flows/groups/group_store.hpp"
#include "flows/reports/report_store.hpp"
#include "flows/reports/summary.hpp"
#include "flows/roles/roles.hpp"
#include "flows/tickets/ticket_store.hpp"
#include "support/shipped_content.hpp"
#include "support/temp_dir.hpp"

namespace hocvuso {
namespace {

using namespace std::chrono;
using hocvuso::testing::TempDir;
using hocvuso::testing::vn_time;
using tickets::TicketStore;

constexpr const char* kCitizen = "7788990011223344";  // a Zalo user id: must never reach the group
constexpr const char* kPhone = "0912345678";
const ChatRef kGroup{Channel::telegram, "-100777"};
const ChatRef kCitizenChat{Channel::zalo, kCitizen};


// --- The repository ---------------------------------------------------------------------------------------

TEST(TicketCodes, ParseAndFormat) {
  EXPECT_EQ(tickets::ticket_code(12), "HT12");
  EXPECT_EQ(tickets::parse_ticket_code("HT12"), 12);
  EXPECT_EQ(tickets::parse_ticket_code("ht12"), 12);
  EXPECT_EQ(tickets::parse_ticket_code("#HT12"), 12);
  for (const char* bad : {"HT", "HT0", "HTx", "H12", "12", "HT12a", "XT12", ""}) {
    EXPECT_EQ(tickets::parse_ticket_code(bad), std::nullopt) << bad;
  }
  EXPECT_EQ(tickets::ticket_of_tag(tickets::ticket_tag(7)), 7);
  EXPECT_EQ(tickets::ticket_of_tag("report:7"), std::nullopt);
}

class TicketStoreTest : public ::testing::Test {
 protected:
  TempDir tmp_;
  Store store_{tmp_ / "bot.db"};
};

TEST_F(TicketStoreTest, SentTagsMapRepliesBackAndForget) {
  SentTags tags(store_);
  tags.record(kGroup, "501", "ticket:3", vn_time(2026, 11, 23));
  tags.record(kGroup, "", "ticket:3", vn_time(2026, 11, 23));  // the console gives no id: nothing kept
  EXPECT_EQ(tags.find(kGroup, "501"), "ticket:3");
  EXPECT_EQ(tags.find(kGroup, "502"), std::nullopt);
  EXPECT_EQ(tags.find({Channel::zalobot, kGroup.id}, "501"), std::nullopt);  // another platform's chat
  EXPECT_EQ(tags.find(kGroup, ""), std::nullopt);
  tags.forget("ticket:3");
  EXPECT_EQ(tags.find(kGroup, "501"), std::nullopt);
}

TEST_F(TicketStoreTest, ErasingATagsTextsBlanksSentRowsAndCancelsWaitingOnes) {
  Outgoing o{kGroup, "Bà Lan (HT3): nhà tôi ở bản Mòng", {}, std::nullopt};
  o.tag = "ticket:3";
  const auto sent = store_.enqueue(o, OutboxPriority::reply, vn_time(2026, 11, 23));
  store_.mark_sent(sent, vn_time(2026, 11, 23));
  store_.enqueue(o, OutboxPriority::reply, vn_time(2026, 11, 23));
  o.tag = "ticket:4";
  store_.enqueue(o, OutboxPriority::reply, vn_time(2026, 11, 23));
  SentTags(store_).erase_texts("ticket:3");
  auto& db = store_.database();
  EXPECT_EQ(db.execAndGet("SELECT count(*) FROM outbox WHERE body LIKE '%bản Mòng%'").getInt(), 1) << "ticket:4's stays";
  EXPECT_EQ(db.execAndGet("SELECT group_concat(status) FROM outbox WHERE tag = 'ticket:3'")
                .getString(),
            "sent,cancelled");
  // The index serves the lookup (no scan of the whole outbox).
  SQLite::Statement plan(db, "EXPLAIN QUERY PLAN UPDATE outbox SET body = '' WHERE tag = 'x'");
  ASSERT_TRUE(plan.executeStep());
  EXPECT_NE(plan.getColumn(3).getString().find("USING INDEX outbox_by_tag"), std::string::npos)
      << plan.getColumn(3).getString();
}

TEST_F(TicketStoreTest, RememberedCommuneIsTheSubscriptionsOneAndLeavesTheSubscriptionAlone) {
  auto& bs = broadcast::BroadcastStore::of(store_);
  EXPECT_EQ(bs.place(kCitizenChat), std::nullopt);
  bs.set_subscription(kCitizenChat, true, "thuan chau", "son la", vn_time(2026, 11, 23));
  EXPECT_EQ(bs.place(kCitizenChat), (std::pair<std::string, std::string>{"thuan chau", "son la"}));
  bs.remember_place(kCitizenChat, "doan ket", "son la", vn_time(2026, 11, 24));
  EXPECT_EQ(bs.place(kCitizenChat), (std::pair<std::string, std::string>{"doan ket", "son la"}));
  EXPECT_EQ(bs.subscription(kCitizenChat), true) << "still subscribed";
  const ChatRef other{Channel::telegram, "42"};
  bs.remember_place(other, "thuan chau", "son la", vn_time(2026, 11, 24));
  EXPECT_EQ(bs.subscription(other), false) << "telling the commune is not subscribing";
}

TEST_F(TicketStoreTest, OutgoingTagSurvivesTheOutbox) {
  Outgoing o{kGroup, "x", {}, std::nullopt};
  o.tag = "ticket:9";
  store_.enqueue(o, OutboxPriority::reply, vn_time(2026, 11, 23));
  const auto pending = store_.pending(Channel::telegram, 10);
  ASSERT_EQ(pending.size(), 1u);
  EXPECT_EQ(pending[0].message.tag, "ticket:9");
}

TEST_F(TicketStoreTest, OneHintATicketToTheMemberWhoTookIt) {
  auto& t = TicketStore::of(store_);
  const TimePoint t0 = vn_time(2026, 11, 23, 9);
  const ChatRef m1{Channel::telegram, "m1"};
  const auto a = t.open({kCitizenChat, kCitizen, "Bà Lan", "son-la", "thuan-chau", kGroup, "Quên mật khẩu"}, t0);
  const auto b = t.open({{Channel::zalo, "u2"}, "u2", "Ông Tư", "son-la", "thuan-chau", kGroup, "Đổi số"}, t0);
  EXPECT_TRUE(t.unhinted_of(m1, kGroup).empty()) << "nothing taken yet";
  t.claim(a, m1, "Anh Tuấn", t0 + 1min);
  t.claim(b, {Channel::telegram, "m2"}, "Chị Hoa", t0 + 1min);
  EXPECT_EQ(t.unhinted_of(m1, kGroup), std::vector<std::int64_t>{a});
  EXPECT_TRUE(t.unhinted_of(m1, {Channel::telegram, "-100999"}).empty()) << "another group";
  EXPECT_TRUE(t.mark_hinted(a, t0 + 2min));
  EXPECT_FALSE(t.mark_hinted(a, t0 + 3min)) << "one hint a ticket";
  EXPECT_TRUE(t.unhinted_of(m1, kGroup).empty());
  t.close(b, "helper", t0 + 5min);
  EXPECT_TRUE(t.unhinted_of({Channel::telegram, "m2"}, kGroup).empty()) << "a closed ticket needs no hint";
}

TEST_F(TicketStoreTest, TicketLifeCycleAndFigures) {
  auto& t = TicketStore::of(store_);
  const TimePoint t0 = vn_time(2026, 11, 23, 9);
  const auto id = t.open({kCitizenChat, kCitizen, "Bà Lan", "son-la", "03721", kGroup, "Quên mật khẩu"}, t0);
  EXPECT_EQ(t.active_of(kCitizenChat)->id, id);
  EXPECT_TRUE(t.claim(id, {Channel::telegram, "m1"}, "Anh Tuấn", t0 + 5min));
  EXPECT_FALSE(t.claim(id, {Channel::telegram, "m2"}, "Chị Hoa", t0 + 6min)) << "taken twice";
  t.add_message(id, tickets::Side::helper, "Bác bấm Quên mật khẩu", t0 + 10min);
  t.add_message(id, tickets::Side::helper, "Rồi nhập OTP", t0 + 20min);
  const auto got = t.get(id);
  EXPECT_EQ(got->status, tickets::Status::claimed);
  EXPECT_EQ(got->helper_name, "Anh Tuấn");
  EXPECT_EQ(got->first_answer_at, t0 + 10min);
  EXPECT_FALSE(t.rate(id, 5)) << "rated while open";
  EXPECT_TRUE(t.close(id, "citizen", t0 + 30min));
  EXPECT_FALSE(t.close(id, "helper", t0 + 31min));
  EXPECT_EQ(t.active_of(kCitizenChat), std::nullopt);
  EXPECT_TRUE(t.rate(id, 4));
  EXPECT_FALSE(t.rate(id, 5)) << "rated twice";

  // A second ticket, never answered: opened but neither claimed nor resolved.
  const auto other = t.open({kCitizenChat, kCitizen, "Bà Lan", "son-la", "03721", kGroup, "Hỏi thêm"}, t0 + 1h);
  t.close(other, "idle", t0 + 50h);
  const auto f = t.figures("son-la", "03721", vn_time(2026, 10, 1, 0), vn_time(2027, 1, 1, 0));
  EXPECT_EQ(f.opened, 2);
  EXPECT_EQ(f.claimed, 1);
  EXPECT_EQ(f.resolved, 1);
  EXPECT_EQ(f.median_first_answer_minutes, 10.0);
  EXPECT_EQ(f.rated, 1);
  EXPECT_EQ(f.average_rating, 4.0);
  EXPECT_EQ(t.figures("son-la", "04000", vn_time(2026, 10, 1, 0), vn_time(2027, 1, 1, 0)).opened, 0);
  EXPECT_EQ(t.resolved_per_commune("son-la", vn_time(2026, 11, 1, 0), vn_time(2026, 12, 1, 0)),
            (std::map<std::string, long long>{{"03721", 1}}));

  // Retention: only tickets closed before the cut lose their texts.
  EXPECT_EQ(t.purge_closed_before(t0 + 40min, t0 + 60h), std::vector<std::int64_t>{id});
  EXPECT_EQ(t.get(id)->question, "");
  EXPECT_EQ(t.get(other)->question, "Hỏi thêm");
  SQLite::Statement left(store_.database(), "SELECT ticket_id FROM ticket_messages ORDER BY ticket_id");
  ASSERT_TRUE(left.executeStep());
  EXPECT_EQ(left.getColumn(0).getInt64(), other);
  EXPECT_FALSE(left.executeStep());
  EXPECT_TRUE(t.purge_closed_before(t0 + 40min, t0 + 61h).empty()) << "purged twice";
}

// --- Through the engine -------------------------------------------------------------------------------------

class TicketsFlowTest : public ::testing::Test {
 protected:
  TicketsFlowTest()
      : content_(hocvuso::testing::shipped_content()),
        engine_(make_dispatcher(Config{}), content_),
        store_(std::make_unique<Store>(tmp_ / "bot.db")) {}

  void SetUp() override {
    // The Telegram team group is linked to xã Thuận Châu from its title.
    send(member("m0", "chào cả nhà"));
  }

  static Incoming citizen(std::string text) {
    Incoming in;
    in.chat = kCitizenChat;
    in.sender_id = kCitizen;
    in.sender_name = "Bà Lan";
    in.text = std::move(text);
    return in;
  }
  static Incoming press(Incoming in, std::string payload) {
    in.text.clear();
    in.button_payload = std::move(payload);
    return in;
  }
  static Incoming member(const std::string& user, std::string text, std::string reply_to = "") {
    Incoming in;
    in.chat = kGroup;
    in.chat_type = ChatType::group;
    in.chat_title = "Tổ CNSCĐ-Xã Thuận Châu";
    in.sender_id = user;
    in.sender_name = user == "m1" ? "Anh Tuấn" : "Chị Hoa";
    in.text = std::move(text);
    in.reply_to = std::move(reply_to);
    return in;
  }
  static Incoming helper_private(std::string text) {
    Incoming in;
    in.chat = {Channel::telegram, "m1"};
    in.sender_id = "m1";
    in.sender_name = "Anh Tuấn";
    in.text = std::move(text);
    return in;
  }

  std::vector<Outgoing> send(const Incoming& in) {
    now_ += 1min;
    return keep(engine_.handle(*store_, in, now_));
  }
  std::vector<Outgoing> tick(TimePoint when) { return keep(engine_.tick(*store_, when)); }
  std::vector<Outgoing> keep(const std::vector<OutboxItem>& items) {
    std::vector<Outgoing> out;
    for (const auto& i : items) {
      out.push_back(i.message);
      all_.push_back(i.message);
    }
    return out;
  }
  static std::vector<Outgoing> to(const std::vector<Outgoing>& out, const ChatRef& chat) {
    std::vector<Outgoing> mine;
    for (const auto& o : out) {
      if (o.chat == chat) mine.push_back(o);
    }
    return mine;
  }
  static bool has(const std::vector<Outgoing>& out, const ChatRef& chat, const std::string& words) {
    for (const auto& o : to(out, chat)) {
      if (o.text.find(words) != std::string::npos) return true;
    }
    return false;
  }
  // As the outbox sender does when the platform accepts a tagged message.
  void delivered(const Outgoing& o, const std::string& platform_id) {
    ASSERT_TRUE(o.tag.has_value());
    SentTags(*store_).record(o.chat, platform_id, *o.tag, now_);
  }
  // The citizen asks through the menu and is posted in the group; returns the group post.
  Outgoing ask(const std::string& question) {
    send(press(citizen(""), "menu:team"));
    send(citizen("Thuận Châu"));
    send(citizen(question));
    const auto out = send(press(citizen(""), "tk:own"));
    const auto posts = to(out, kGroup);
    EXPECT_EQ(posts.size(), 1u);
    return posts.empty() ? Outgoing{} : posts.front();
  }

  TempDir tmp_;
  std::shared_ptr<const Content> content_;
  Engine engine_;
  std::unique_ptr<Store> store_;
  TimePoint now_ = vn_time(2026, 11, 23, 9);
  std::vector<Outgoing> all_;  // everything sent, to check what groups saw
};

TEST_F(TicketsFlowTest, ZaloCitizenHelpedFromTelegramGroupEndToEnd) {
  auto out = send(press(citizen(""), "menu:team"));
  EXPECT_TRUE(has(out, kCitizenChat, "xã, phường nào"));
  out = send(citizen("thuan chau"));
  EXPECT_TRUE(has(out, kCitizenChat, "Nơi ở: xã Thuận Châu, Sơn La"));
  out = send(citizen(std::string("Tôi quên mật khẩu VNeID, số tôi ") + kPhone));
  EXPECT_TRUE(has(out, kCitizenChat, "Tổ sẽ thấy tên bạn là: Bà Lan"));
  out = send(press(citizen(""), "tk:own"));
  ASSERT_EQ(to(out, kGroup).size(), 1u);
  const Outgoing post = to(out, kGroup).front();
  EXPECT_NE(post.text.find("Yêu cầu hỗ trợ HT1"), std::string::npos) << post.text;
  EXPECT_NE(post.text.find("Người dân: Bà Lan"), std::string::npos);
  EXPECT_NE(post.text.find("quên mật khẩu VNeID"), std::string::npos);
  ASSERT_EQ(post.buttons.size(), 1u);
  EXPECT_EQ(post.buttons[0][0].payload, "tk:claim:1");
  EXPECT_TRUE(has(out, kCitizenChat, "Đã gửi yêu cầu HT1 tới Tổ CNSCĐ xã Thuận Châu"));
  delivered(post, "9001");

  // A member takes it with the button; the group and the citizen are told who.
  out = send(press(member("m1", ""), "tk:claim:1"));
  EXPECT_TRUE(has(out, kGroup, "Anh Tuấn đã nhận HT1"));
  EXPECT_TRUE(has(out, kCitizenChat, "Người hỗ trợ bạn: Anh Tuấn"));
  out = send(press(member("m2", ""), "tk:claim:1"));
  EXPECT_TRUE(has(out, kGroup, "HT1 đã có Anh Tuấn nhận"));
  out = send(press(member("m1", ""), "tk:claim:1"));  // pressed again: answered, the citizen is not told twice
  EXPECT_TRUE(has(out, kGroup, "HT1 đã có Anh Tuấn nhận"));
  EXPECT_TRUE(to(out, kCitizenChat).empty());

  // The helper answers by replying to the post; the answer reaches the citizen on Zalo.
  out = send(member("m1", "Bác bấm Quên mật khẩu ở màn hình đăng nhập nhé", "9001"));
  ASSERT_EQ(to(out, kCitizenChat).size(), 1u);
  EXPECT_NE(to(out, kCitizenChat)[0].text.find("Anh Tuấn (Tổ CNSCĐ) trả lời HT1:\nBác bấm Quên mật khẩu"),
            std::string::npos);
  EXPECT_TRUE(to(out, kGroup).empty()) << "no echo in the group";
  // Someone else replying is told who has it; nothing reaches the citizen.
  out = send(member("m2", "Để em giúp", "9001"));
  EXPECT_TRUE(has(out, kGroup, "HT1 do Anh Tuấn phụ trách"));
  EXPECT_TRUE(to(out, kCitizenChat).empty());

  // The citizen answers in their chat; it comes back to the group.
  out = send(citizen("Được rồi, cảm ơn con"));
  EXPECT_TRUE(has(out, kGroup, "Bà Lan (HT1): Được rồi, cảm ơn con"));
  EXPECT_TRUE(has(out, kCitizenChat, "Đã gửi cho Tổ (HT1)"));

  // The citizen ends it and rates it.
  out = send(citizen("/xong"));
  EXPECT_TRUE(has(out, kGroup, "HT1: người dân đã kết thúc"));
  const auto ask_rating = to(out, kCitizenChat);
  ASSERT_EQ(ask_rating.size(), 1u);
  ASSERT_EQ(ask_rating[0].buttons.size(), 1u);
  EXPECT_EQ(ask_rating[0].buttons[0].size(), 5u);
  EXPECT_EQ(ask_rating[0].buttons[0][4].payload, "tk:rate:1:5");
  out = send(press(citizen(""), "tk:rate:1:5"));
  EXPECT_TRUE(has(out, kCitizenChat, "Cảm ơn bạn đã đánh giá"));
  out = send(press(citizen(""), "tk:rate:1:1"));
  EXPECT_TRUE(has(out, kCitizenChat, "đã được đánh giá rồi"));
  // Free text after the end is the FAQ's again, not relayed.
  out = send(citizen("VNeID là gì"));
  EXPECT_TRUE(to(out, kGroup).empty());

  // The figures: the group's activity record and the report's "problems resolved".
  out = send(member("m1", "/hoatdong"));
  EXPECT_TRUE(has(out, kGroup, "Hỗ trợ người dân: 1 yêu cầu, 1 được nhận, 1 đã giải quyết")) << to(out, kGroup)[0].text;
  EXPECT_TRUE(has(out, kGroup, "Đánh giá: 5.0/5 (1 lượt)"));
  auto& rs = reports::ReportStore::of(*store_);
  const auto summary = reports::summarize(rs, content_->get<groups::Places>(), content_->get<reports::ReportContent>(),
                                          {"son-la", *reports::Period::parse("2026-Q4"), "03721", false});
  ASSERT_FALSE(summary.rows.empty());
  EXPECT_EQ(summary.rows[0].actual.at("phananh"), 1);

  // Privacy: the group never saw the citizen's id or phone number.
  for (const auto& o : to(all_, kGroup)) {
    EXPECT_EQ(o.text.find(kCitizen), std::string::npos) << o.text;
    EXPECT_EQ(o.text.find(kPhone), std::string::npos) << o.text;
  }
  // ... and the citizen never saw a member's id.
  for (const auto& o : to(all_, kCitizenChat)) EXPECT_EQ(o.text.find("m1"), std::string::npos) << o.text;
}

TEST_F(TicketsFlowTest, CommuneIsRememberedAndSharedWithWarningsAndAliasIsUsed) {
  // Subscribing to warnings with a commune is the same remembered commune.
  send(citizen("/canhbao bat Thuận Châu, Sơn La"));
  auto out = send(press(citizen(""), "menu:team"));
  EXPECT_TRUE(has(out, kCitizenChat, "Nơi ở: xã Thuận Châu, Sơn La"));
  send(citizen("Cách cài VNeID"));
  out = send(press(citizen(""), "tk:alias"));
  EXPECT_TRUE(has(out, kCitizenChat, "Bạn muốn Tổ gọi bạn là gì"));
  out = send(citizen("Bác Tư"));
  EXPECT_TRUE(has(out, kGroup, "Người dân: Bác Tư"));
  for (const auto& o : to(out, kGroup)) EXPECT_EQ(o.text.find("Bà Lan"), std::string::npos);
  // While it is open, the menu entry shows it instead of opening another.
  out = send(press(citizen(""), "menu:team"));
  EXPECT_TRUE(has(out, kCitizenChat, "Bạn đang có yêu cầu HT1"));
  // Ending it before anyone took it is a cancellation: nothing to rate.
  out = send(citizen("/xong"));
  EXPECT_TRUE(has(out, kCitizenChat, "Đã hủy yêu cầu HT1"));
  EXPECT_TRUE(to(out, kCitizenChat)[0].buttons.empty());
  // "Đổi xã" asks again.
  send(press(citizen(""), "menu:team"));
  out = send(press(citizen(""), "tk:commune"));
  EXPECT_TRUE(has(out, kCitizenChat, "xã, phường nào"));
}

TEST_F(TicketsFlowTest, CommuneWithoutTeamGroupGetsOfficialNumbers) {
  send(press(citizen(""), "menu:team"));
  auto out = send(citizen("Đoàn Kết"));
  EXPECT_TRUE(has(out, kCitizenChat, "Tổ CNSCĐ xã Đoàn Kết chưa kết nối"));
  EXPECT_TRUE(has(out, kCitizenChat, "1900 0368"));
  EXPECT_TRUE(to(out, kGroup).empty());
  ASSERT_EQ(to(out, kCitizenChat)[0].buttons[0][0].payload, "tk:commune");
  // Đoàn Kết is remembered now; "Đổi xã" asks again, and an unknown name offers the nearest communes.
  out = send(press(citizen(""), "menu:team"));
  EXPECT_TRUE(has(out, kCitizenChat, "Tổ CNSCĐ xã Đoàn Kết chưa kết nối"));
  send(press(citizen(""), "tk:commune"));
  out = send(citizen("Thuan Chao"));
  ASSERT_EQ(to(out, kCitizenChat).size(), 1u);
  EXPECT_EQ(to(out, kCitizenChat)[0].buttons[0][0].payload, "tk:c:son-la:03721");
  out = send(press(citizen(""), "tk:c:son-la:03721"));
  EXPECT_TRUE(has(out, kCitizenChat, "Nơi ở: xã Thuận Châu"));
}

TEST_F(TicketsFlowTest, HelperMayAnswerPrivatelyWithTheCodeAndCloseWithXong) {
  ask("Không đăng nhập được");
  send(member("m1", "/nhan HT1"));
  auto out = send(helper_private("HT1 Bác mang thẻ căn cước ra công an xã nhé"));
  EXPECT_TRUE(has(out, kCitizenChat, "Bác mang thẻ căn cước ra công an xã nhé"));
  EXPECT_TRUE(has(out, {Channel::telegram, "m1"}, "Đã chuyển cho người dân (HT1)"));
  // The citizen's answer now reaches the helper's private chat too.
  out = send(citizen("Vâng"));
  EXPECT_TRUE(has(out, kGroup, "Bà Lan (HT1): Vâng"));
  EXPECT_TRUE(has(out, {Channel::telegram, "m1"}, "Bà Lan (HT1): Vâng"));
  // Someone else's "HT1 ..." in private is ordinary text, not relayed.
  Incoming other = helper_private("HT1 chào");
  other.chat.id = other.sender_id = "m2";
  EXPECT_TRUE(to(send(other), kCitizenChat).empty());
  out = send(helper_private("/xong HT1"));
  EXPECT_TRUE(has(out, kGroup, "HT1 đã xong"));
  EXPECT_TRUE(has(out, kCitizenChat, "Yêu cầu HT1 đã kết thúc"));
}

TEST_F(TicketsFlowTest, UnclaimedIsReannouncedThenEscalatedOnceIdleClosesAndTextsExpire) {
  roles::RoleStore::of(*store_).grant({Channel::zalo, "officer-1", roles::Role::officer, {"son-la", ""}}, now_);
  roles::RoleStore::of(*store_).grant({Channel::telegram, "officer-2", roles::Role::officer, {"son-la", "04000"}}, now_);
  ask(std::string("Cài VNeID thế nào, gọi tôi ") + kPhone);
  const TimePoint opened = now_;
  EXPECT_TRUE(tick(opened + 29min).empty());
  auto out = tick(opened + 30min);
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(out[0].chat, kGroup);
  EXPECT_NE(out[0].text.find("Chưa có ai nhận yêu cầu HT1"), std::string::npos);
  EXPECT_EQ(out[0].buttons[0][0].payload, "tk:claim:1");
  EXPECT_TRUE(tick(opened + 31min).empty()) << "announced again twice";
  out = tick(opened + 120min);
  ASSERT_EQ(out.size(), 1u) << "only the officer whose place covers the commune";
  EXPECT_EQ(out[0].chat, (ChatRef{Channel::zalo, "officer-1"}));
  EXPECT_NE(out[0].text.find("HT1 ở xã Thuận Châu, Sơn La chưa có ai nhận sau 120 phút"), std::string::npos);
  EXPECT_EQ(out[0].text.find(kPhone), std::string::npos);
  EXPECT_TRUE(tick(opened + 121min).empty()) << "escalated twice";

  // No message for 48 hours: it closes itself; nobody took it, so there is nothing to rate,
  // and the citizen gets the official number instead.
  out = tick(opened + 48h + 1min);
  EXPECT_TRUE(has(out, kCitizenChat, "Yêu cầu HT1 đã tự kết thúc vì chưa có ai trong Tổ nhận"));
  EXPECT_TRUE(has(out, kCitizenChat, "1900 0368"));
  EXPECT_TRUE(to(out, kCitizenChat)[0].buttons.empty());
  EXPECT_FALSE(TicketStore::of(*store_).rate(1, 5));
  EXPECT_TRUE(has(out, kGroup, "HT1 tự kết thúc"));
  EXPECT_TRUE(tick(opened + 48h + 2min).empty());

  // Retention: 30 days after closing, the relayed texts are gone.
  auto count = [&] {
    return store_->database().execAndGet("SELECT count(*) FROM ticket_messages").getInt();
  };
  EXPECT_EQ(count(), 1);
  tick(opened + 48h + 29 * 24h);
  EXPECT_EQ(count(), 1);
  tick(opened + 48h + 30 * 24h + 2min);
  EXPECT_EQ(count(), 0);
  EXPECT_EQ(TicketStore::of(*store_).get(1)->question, "");
  EXPECT_EQ(store_->database().execAndGet("SELECT count(*) FROM outbox WHERE body LIKE '%Cài VNeID thế nào%'").getInt(), 0)
      << "the group post and the escalation keep no relayed text either";
  for (const auto& o : to(all_, kGroup)) {
    EXPECT_EQ(o.text.find(kCitizen), std::string::npos) << o.text;
    EXPECT_EQ(o.text.find(kPhone), std::string::npos) << o.text;
  }
}

}  // namespace
}  // namespace hocvuso
