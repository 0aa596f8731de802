// Broadcast repository and request checks: who receives a target, the fan-out cursor
// (every recipient once, in bounded batches), cancel, unsubscribe, tokens, scopes.
#include <gtest/gtest.h>

#include <SQLiteCpp/SQLiteCpp.h>

#include <set>
#include <sstream>

#include "bot/crypto/digest.hpp"
#include "bot/store/store.hpp"
#include "flows/broadcast/broadcast_store.hpp"
#include "flows/broadcast/link_check.hpp"
#include "flows/broadcast/request.hpp"
#include "flows/broadcast/templates.hpp"
#include "flows/groups/group_store.hpp"
#include "support/reports_support.hpp"
#include "support/temp_dir.hpp"

namespace hocvuso::broadcast {
namespace {

const TimePoint kNow = std::chrono::system_clock::now();

class BroadcastStoreTest : public ::testing::Test {
 protected:
  BroadcastStoreTest() : store_(dir_ / "b.db"), bs_(BroadcastStore::of(store_)) {}

  ChatRef chat(const std::string& id, ChatType type = ChatType::private_chat, Channel ch = Channel::telegram) {
    ChatRef c{ch, id};
    store_.touch_chat(c, type, "", kNow);
    return c;
  }
  std::int64_t start(const Target& t) {
    return bs_.create(NewBroadcast{"token:1", "Cảnh báo", "warning", "", t}, kNow);
  }
  // chat ids with a broadcast row in the outbox, and the number of rows.
  std::pair<std::multiset<std::string>, int> queued(std::int64_t id) {
    SQLite::Statement q(store_.database(),
                        "SELECT o.chat_id, o.status, o.priority FROM broadcast_deliveries d JOIN outbox o "
                        "ON o.id = d.outbox_id WHERE d.broadcast_id = ?");
    q.bind(1, id);
    std::multiset<std::string> chats;
    int rows = 0;
    while (q.executeStep()) {
      chats.insert(q.getColumn(0).getString());
      EXPECT_EQ(q.getColumn(2).getInt(), static_cast<int>(OutboxPriority::broadcast));
      ++rows;
    }
    return {chats, rows};
  }
  void send_all_pending() {
    store_.database().exec("UPDATE outbox SET status = 'sent' WHERE status = 'pending'");
  }

  testing::TempDir dir_;
  Store store_;
  BroadcastStore& bs_;
};

TEST_F(BroadcastStoreTest, PrivateChatsNeedToOptInGroupsAreInUntilTheyOptOut) {
  const auto citizen = chat("1");
  chat("2");  // never subscribed
  const auto group = chat("-10", ChatType::group);
  const auto quiet_group = chat("-11", ChatType::group);
  const auto blocked = chat("3");
  chat("4", ChatType::private_chat, Channel::console);
  bs_.set_subscription(citizen, true, "", "", kNow);
  bs_.set_subscription(blocked, true, "", "", kNow);
  bs_.set_subscription(quiet_group, false, "", "", kNow);
  store_.set_chat_active(blocked, false);
  EXPECT_EQ(bs_.count_recipients({"all", "", {}}), 2);
  EXPECT_EQ(bs_.count_recipients({"subscribers", "", {}}), 1);
  EXPECT_EQ(bs_.count_recipients({"groups", "", {}}), 1);
  EXPECT_EQ(bs_.subscription(group), std::nullopt);
}

TEST_F(BroadcastStoreTest, CommuneAndProvinceTargetsMatchTheNamesSubscribersGave) {
  bs_.set_subscription(chat("1"), true, "thuan chau", "son la", kNow);
  bs_.set_subscription(chat("2"), true, "muong la", "son la", kNow);
  bs_.set_subscription(chat("3"), true, "", "", kNow);
  bs_.set_subscription(chat("-1", ChatType::group), true, "thuan chau", "", kNow);
  EXPECT_EQ(bs_.count_recipients({"communes", "", {"thuan chau"}}), 2);
  EXPECT_EQ(bs_.count_recipients({"communes", "", {"thuan chau", "muong la"}}), 3);
  EXPECT_EQ(bs_.count_recipients({"province", "son la", {}}), 2);
  // "/canhbao bat" alone keeps the commune named before.
  bs_.set_subscription(ChatRef{Channel::telegram, "1"}, true, "", "", kNow);
  EXPECT_EQ(bs_.count_recipients({"communes", "", {"thuan chau"}}), 2);
}

// Issue 16: a commune target reaches the team groups linked to that commune (and the
// members who joined its team by code), not only its private subscribers; a province
// target reaches every commune's groups and subscribers. Places are official codes.
TEST_F(BroadcastStoreTest, CommuneAndProvinceTargetsReachTheLinkedTeamGroups) {
  auto& gs = groups::GroupStore::of(store_);
  const auto thuan_chau_group = chat("-100", ChatType::group);
  const auto long_sap_group = chat("-200", ChatType::group, Channel::zalo);
  const auto quiet_group = chat("-300", ChatType::group);
  const auto unlinked_group = chat("-400", ChatType::group);
  const auto team_member = chat("m1", ChatType::private_chat, Channel::zalo);  // joined Thuận Châu's team by code
  gs.set_link(thuan_chau_group, {"son-la", "03721"}, "u", kNow);
  gs.set_link(long_sap_group, {"son-la", "04033"}, "u", kNow);
  gs.set_link(quiet_group, {"son-la", "03721"}, "u", kNow);
  gs.set_link(team_member, {"son-la", "03721"}, "u", kNow);
  bs_.set_subscription(quiet_group, false, "", "", kNow);  // /canhbao tat in the group
  bs_.set_subscription(chat("1"), true, "03721", "son-la", kNow);
  bs_.set_subscription(chat("2"), true, "04033", "son-la", kNow);
  bs_.set_subscription(chat("3"), true, "", "", kNow);  // no place: only 'all' and 'subscribers'
  bs_.set_subscription(chat("4"), false, "03721", "son-la", kNow);  // turned off
  bs_.set_subscription(chat("5"), true, "04465", "lao-cai", kNow);

  // Thuận Châu: its group, its team member, its subscriber.
  EXPECT_EQ(bs_.count_recipients({"communes", "", {"03721"}}), 3);
  EXPECT_EQ(bs_.count_recipients({"communes", "", {"03721", "04033"}}), 5);
  // Sơn La: both linked groups, the team member, both placed subscribers.
  EXPECT_EQ(bs_.count_recipients({"province", "son-la", {}}), 5);
  EXPECT_EQ(bs_.count_recipients({"province", "lao-cai", {}}), 1);
  // Every group that did not opt out (linked or not) and the team member.
  EXPECT_EQ(bs_.count_recipients({"groups", "", {}}), 4);
  EXPECT_EQ(bs_.count_recipients({"subscribers", "", {}}), 4);
  EXPECT_EQ(bs_.count_recipients({"all", "", {}}), 8);
  (void)unlinked_group;

  // The fan-out queues exactly those recipients.
  const auto id = start({"communes", "", {"03721"}});
  while (bs_.fan_out(100, 1000, kNow) > 0) {
  }
  const auto [chats, rows] = queued(id);
  EXPECT_EQ(chats, (std::multiset<std::string>{"-100", "m1", "1"}));
}

TEST_F(BroadcastStoreTest, FanOutQueuesEveryRecipientOnceInBoundedBatchesAcrossChannels) {
  store_.begin();  // one commit, not 250
  for (int i = 0; i < 250; ++i) {
    bs_.set_subscription(chat(std::to_string(i), ChatType::private_chat, i % 2 ? Channel::zalo : Channel::telegram),
                         true, "", "", kNow);
  }
  store_.commit();
  const auto id = start({"all", "", {}});
  int batches = 0;
  while (int n = bs_.fan_out(100, 1000, kNow)) {
    EXPECT_LE(n, 100);
    ++batches;
  }
  EXPECT_EQ(batches, 3);
  const auto [chats, rows] = queued(id);
  EXPECT_EQ(rows, 250);
  EXPECT_EQ(std::set<std::string>(chats.begin(), chats.end()).size(), 250u);
  EXPECT_EQ(bs_.progress(id)->status, "done");
  EXPECT_EQ(bs_.progress(id)->queued, 250);
  EXPECT_EQ(bs_.fan_out(100, 1000, kNow), 0);
}

TEST_F(BroadcastStoreTest, TheOutboxWindowHoldsTheFanOutBackUntilRowsAreSent) {
  for (int i = 0; i < 30; ++i) bs_.set_subscription(chat(std::to_string(i)), true, "", "", kNow);
  const auto id = start({"all", "", {}});
  EXPECT_EQ(bs_.fan_out(100, 10, kNow), 10);
  EXPECT_EQ(bs_.fan_out(100, 10, kNow), 0);
  send_all_pending();
  EXPECT_EQ(bs_.fan_out(100, 10, kNow), 10);
  EXPECT_EQ(bs_.progress(id)->sent, 10);
  EXPECT_EQ(bs_.progress(id)->pending, 10);
}

// Top-ups wait for a tenth of the window to be free, so a busy broadcast is not
// re-counted for every few rows the sender delivers.
TEST_F(BroadcastStoreTest, FanOutTopsUpOnlyOnceATenthOfTheWindowIsFree) {
  for (int i = 0; i < 130; ++i) bs_.set_subscription(chat(std::to_string(i)), true, "", "", kNow);
  start({"all", "", {}});
  EXPECT_EQ(bs_.fan_out(100, 100, kNow), 100);
  const auto send = [&](int n) {
    store_.database().exec("UPDATE outbox SET status = 'sent' WHERE id IN (SELECT id FROM outbox "
                           "WHERE status = 'pending' ORDER BY id LIMIT " + std::to_string(n) + ")");
  };
  send(9);
  EXPECT_EQ(bs_.fan_out(100, 100, kNow), 0);  // 9 of 100 free
  send(1);
  EXPECT_EQ(bs_.fan_out(100, 100, kNow), 10);  // 10 of 100 free: filled up again
}

TEST_F(BroadcastStoreTest, CancelStopsTheFanOutAndCancelsWhatStillWaits) {
  for (int i = 0; i < 30; ++i) bs_.set_subscription(chat(std::to_string(i)), true, "", "", kNow);
  const auto id = start({"all", "", {}});
  bs_.fan_out(10, 100, kNow);
  store_.database().exec("UPDATE outbox SET status = 'sent' WHERE id IN (SELECT min(id) FROM outbox)");
  EXPECT_TRUE(bs_.cancel(id, "token:1", kNow));
  EXPECT_FALSE(bs_.cancel(id, "token:1", kNow));
  EXPECT_EQ(bs_.fan_out(10, 100, kNow), 0);
  const auto p = *bs_.progress(id);
  EXPECT_EQ(p.status, "cancelled");
  EXPECT_EQ(p.sent, 1);
  EXPECT_EQ(p.cancelled, 9);
  EXPECT_EQ(p.pending, 0);
}

TEST_F(BroadcastStoreTest, PauseHoldsTheFanOutAndResumeGoesOnFromTheCursor) {
  for (int i = 0; i < 20; ++i) bs_.set_subscription(chat(std::to_string(i)), true, "", "", kNow);
  const auto id = start({"all", "", {}});
  EXPECT_EQ(bs_.fan_out(5, 100, kNow), 5);
  EXPECT_TRUE(bs_.set_paused(id, true, "token:1", kNow));
  EXPECT_EQ(bs_.fan_out(5, 100, kNow), 0);
  EXPECT_TRUE(bs_.set_paused(id, false, "token:1", kNow));
  while (bs_.fan_out(5, 100, kNow) > 0) {
  }
  const auto [chats, rows] = queued(id);
  EXPECT_EQ(rows, 20);
  EXPECT_EQ(std::set<std::string>(chats.begin(), chats.end()).size(), 20u);
}

TEST_F(BroadcastStoreTest, AWarningAwaitingApprovalGoesOnlyAfterAnotherOfficerApproves) {
  bs_.set_subscription(chat("1"), true, "", "son la", kNow);
  const auto id = bs_.create(NewBroadcast{"token:1", "Cảnh báo", "warning", "", {"province", "son la", {}}}, kNow, true);
  EXPECT_EQ(bs_.fan_out(10, 100, kNow), 0);
  EXPECT_EQ(bs_.approve(id, "token:1", kNow), BroadcastStore::Approval::same_officer);
  EXPECT_EQ(bs_.approve(id, "token:2", kNow), BroadcastStore::Approval::approved);
  EXPECT_EQ(bs_.approve(id, "token:3", kNow), BroadcastStore::Approval::not_waiting);
  EXPECT_EQ(bs_.fan_out(10, 100, kNow), 1);
  EXPECT_TRUE(needs_approval({"all", "", {}}));
  EXPECT_TRUE(needs_approval({"province", "son la", {}}));
  EXPECT_FALSE(needs_approval({"communes", "", {"thuan chau"}}));
}

TEST_F(BroadcastStoreTest, UnsubscribingDropsWaitingWarningsButNotReplies) {
  const auto c = chat("1");
  bs_.set_subscription(c, true, "", "", kNow);
  start({"all", "", {}});
  bs_.fan_out(10, 100, kNow);
  store_.enqueue(Outgoing{c, "reply", {}, std::nullopt}, OutboxPriority::reply, kNow);
  bs_.set_subscription(c, false, "", "", kNow);
  SQLite::Statement q(store_.database(), "SELECT priority, status FROM outbox ORDER BY id");
  std::vector<std::pair<int, std::string>> rows;
  while (q.executeStep()) rows.emplace_back(q.getColumn(0).getInt(), q.getColumn(1).getString());
  const std::vector<std::pair<int, std::string>> want = {{10, "cancelled"}, {0, "pending"}};
  EXPECT_EQ(rows, want);
}

TEST_F(BroadcastStoreTest, TokensAreStoredOnlyAsHashesAndCanBeRevoked) {
  const std::string token = bs_.create_token({Role::officer, "son la", ""}, kNow);
  EXPECT_TRUE(token.starts_with("hvs_"));
  EXPECT_EQ(token.size(), 4u + 64u);
  SQLite::Statement q(store_.database(), "SELECT token_hash FROM broadcast_tokens");
  ASSERT_TRUE(q.executeStep());
  EXPECT_EQ(q.getColumn(0).getString(), crypto::sha256_hex(token));
  const auto found = bs_.find_token(token);
  ASSERT_TRUE(found);
  EXPECT_EQ(found->scope.province, "son la");
  EXPECT_FALSE(bs_.find_token(token + "x"));
  EXPECT_TRUE(bs_.revoke_token(found->id, kNow));
  EXPECT_FALSE(bs_.find_token(token));
}

TEST_F(BroadcastStoreTest, ExportHasOneCsvRowPerRecipient) {
  for (int i = 0; i < 3; ++i) bs_.set_subscription(chat(std::to_string(i)), true, "", "", kNow);
  const auto id = start({"all", "", {}});
  bs_.fan_out(10, 100, kNow);
  std::ostringstream out;
  bs_.export_csv(id, out);
  EXPECT_EQ(out.str(),
            "channel,chat_id,status,attempts,sent_at_ms,last_error\n"
            "telegram,0,pending,0,,\"\"\ntelegram,1,pending,0,,\"\"\ntelegram,2,pending,0,,\"\"\n");
}

TEST(BroadcastScope, OfficersReachOnlyTheirPlaceAdminsEverything) {
  const Scope admin{Role::admin, "", ""};
  const Scope province{Role::officer, "son la", ""};
  const Scope commune{Role::officer, "son la", "thuan chau"};
  const Target all{"all", "", {}};
  const Target son_la{"province", "son la", {}};
  const Target ha_noi{"province", "ha noi", {}};
  const Target thuan_chau{"communes", "", {"thuan chau"}};
  const Target two{"communes", "", {"thuan chau", "muong la"}};
  EXPECT_TRUE(allows(admin, all));
  EXPECT_FALSE(allows(province, all));
  EXPECT_TRUE(allows(province, son_la));
  EXPECT_FALSE(allows(province, ha_noi));
  EXPECT_TRUE(allows(commune, thuan_chau));
  EXPECT_FALSE(allows(commune, two));
  EXPECT_FALSE(allows(commune, son_la));
}

const ScamTemplates& test_templates() {
  static const ScamTemplates t{{{"gia-cong-an", "Giả công an", "Có kẻ giả danh công an đòi mã OTP."}}};
  return t;
}

std::string problem(std::string_view body) {
  auto r = parse_request(body, test_templates());
  return r ? "ok" : r.problem().code;
}

TEST(BroadcastRequest, EachRuleHasItsOwnRefusal) {
  const std::string target = R"("target":{"scope":"all"})";
  EXPECT_EQ(problem("nope"), "invalid_json");
  EXPECT_EQ(problem(R"({"severity":"info",)" + target + "}"), "missing_text");
  EXPECT_EQ(problem(R"({"text":"  ","severity":"info",)" + target + "}"), "missing_text");
  EXPECT_EQ(problem(R"({"text":")" + std::string(1001, 'a') + R"(","severity":"info",)" + target + "}"),
            "text_too_long");
  EXPECT_EQ(problem(R"({"text":"xem https://x.vn","severity":"info",)" + target + "}"), "link_in_text");
  EXPECT_EQ(problem(R"({"text":"a","severity":"loud",)" + target + "}"), "invalid_severity");
  EXPECT_EQ(problem(R"({"text":"a","severity":"info","link":"http://x.vn",)" + target + "}"), "invalid_link");
  EXPECT_EQ(problem(R"({"text":"a","severity":"info","link":"https://x.vn/a b",)" + target + "}"), "invalid_link");
  EXPECT_EQ(problem(R"({"text":"a","severity":"info"})"), "invalid_target");
  EXPECT_EQ(problem(R"({"text":"a","severity":"info","target":{"scope":"world"}})"), "invalid_target");
  EXPECT_EQ(problem(R"({"text":"a","severity":"info","target":{"scope":"province"}})"), "invalid_target");
  EXPECT_EQ(problem(R"({"text":"a","severity":"info","target":{"scope":"communes","communes":[]}})"),
            "invalid_target");
  EXPECT_EQ(problem(R"({"text":"a","severity":"urgent","link":"https://x.vn",)" + target + "}"), "ok");
}

// Issue 13, item 4: every way of writing a link that a phone makes tappable is a link,
// and a text of invisible characters is empty. These bound what a stolen token sends.
TEST(BroadcastRequest, LinksInTextAreFoundHoweverTheyAreWritten) {
  const std::vector<std::string> links = {
      "Nhận quà tại bit.ly/qua-tet",
      "Vào nhóm t.me/hotro_vneid ngay",
      "Xem https ://vcb-hotro.com/login",
      "Xem https: //vcb-hotro.com",
      "Truy cập \xEF\xBD\x88\xEF\xBD\x94\xEF\xBD\x94\xEF\xBD\x90\xEF\xBD\x93\xEF\xBC\x9A\xEF\xBC\x8F\xEF\xBC\x8F"
      "vcb.com.vn",                                   // ｈｔｔｐｓ：／／ full-width
      "Đăng nhập vcb.com.vn để nhận tiền",             // a bare domain
      "Đăng nhập VCB.COM.VN",                          // upper case
      "Gọi zalo.me/0912345678",
      "Trang vcb\xE3\x80\x82" "com\xE3\x80\x82vn",    // ideographic full stops
      "h\xE2\x80\x8Bttps://x.vn",                      // a zero-width space inside the scheme
      "www .vcb.vn",
      "WWW.VCB.VN",
      "Mở 192.168.1.10/login",
      "Mở 10.0.0.1:8080",
      "tải app tại abc.xyz/tai",
      "chuyển khoản qua mbbank.online",
      "\xF0\x9D\x90\xA1\xF0\x9D\x90\xAD\xF0\x9D\x90\xAD\xF0\x9D\x90\xA9://x.vn",  // mathematical bold http
      "tg://resolve?domain=hotro",
  };
  for (const auto& text : links) EXPECT_TRUE(has_link(text)) << text;
  EXPECT_EQ(check_text("Nhận quà tại bit.ly/qua-tet")->code, "link_in_text");

  // What officers write every day is not a link.
  const std::vector<std::string> plain = {
      "Cảnh báo: có kẻ giả danh công an gọi điện đòi mã OTP.",
      "Họp lúc 8.30 tại UBND xã, TP.HCM và TP.HN đã triển khai.",
      "Hỗ trợ 1.000.000 đồng/người, v.v. Gọi 113.",
      "Cảnh giác.Có kẻ gian nhắn tin",  // no space after a full stop
      "canh giac.co ke gian",          // the same without marks
      "Chỉ tra cứu, nộp phạt trên dichvucong.gov.vn, tự gõ địa chỉ.",
      "Q.Ba Đình, P.Tân Định, Đ.Lê Lợi",
      "Tỷ lệ 2.5% ... rồi....",
      "Giờ làm việc 7:30 - 11:30",
      "Ông A.B và bà C.D",
  };
  for (const auto& text : plain) EXPECT_FALSE(has_link(text)) << text;
}

TEST(BroadcastRequest, AnInvisibleTextIsEmpty) {
  const std::string target = R"("target":{"scope":"all"})";
  for (const char* invisible : {"\\u200b\\u200b\\u200b", "\\u200b \\u2060\\ufeff", "\\u3000\\u00a0", "\\u00ad\\u200d"}) {
    EXPECT_EQ(problem(std::string(R"({"text":")") + invisible + R"(","severity":"info",)" + target + "}"), "missing_text")
        << invisible;
  }
  EXPECT_FALSE(visibly_empty("\xE2\x80\x8B" "a"));
}

TEST(BroadcastRequest, TheLinkFieldLeadsOnlyWhereItSays) {
  const std::string target = R"("target":{"scope":"all"})";
  const auto link_problem = [&](const std::string& link) {
    return problem(R"({"text":"a","severity":"info","link":")" + link + R"(",)" + target + "}");
  };
  EXPECT_EQ(link_problem("https://vcb.com.vn@evil.example/login"), "invalid_link");
  EXPECT_EQ(link_problem("https://user:pass@evil.example"), "invalid_link");
  EXPECT_EQ(link_problem("https://vcb.com.vn\\\\@evil.example"), "invalid_link");
  EXPECT_EQ(link_problem("https://xn--vcb-xyz.com/"), "invalid_link");
  EXPECT_EQ(link_problem("https://localhost/"), "invalid_link");
  EXPECT_EQ(link_problem("https://x.vn:99999/"), "invalid_link");
  EXPECT_EQ(link_problem("https://a..vn/"), "invalid_link");
  EXPECT_EQ(link_problem("https://dichvucong.gov.vn/p/home/dvc-trang-chu.html?a=b@c"), "ok");  // '@' after the path
  EXPECT_EQ(link_problem("https://vneid.gov.vn:443/"), "ok");
}

// Targets name places through the one resolver: codes and province ids are stored;
// a typo, a former commune or a shared name is a 400 naming the closest units.
TEST(BroadcastRequest, PlaceNamesBecomeCodesAndUnclearOnesAreRefused) {
  const auto places = test::places();
  auto r = parse_request(
      R"({"text":"a","severity":"info","target":{"scope":"communes","communes":["Xã Thuận Châu","03664","phuong chieng an"]}})",
      test_templates(), places.get());
  ASSERT_TRUE(r.has_value());
  const std::vector<std::string> want = {"03721", "03664", "03664"};
  EXPECT_EQ(r.value().target.communes, want);
  auto p = parse_request(R"({"text":"a","severity":"info","target":{"scope":"province","province":"Tỉnh Sơn La"}})",
                         test_templates(), places.get());
  ASSERT_TRUE(p.has_value());
  EXPECT_EQ(p.value().target.province, "son-la");
  for (const char* unclear : {"thuan chu", "xa chieng xom", "muong chanh", "Hà Nội"}) {
    auto bad = parse_request(std::string(R"({"text":"a","severity":"info","target":{"scope":"communes","communes":[")") +
                                 unclear + "\"]}}",
                             test_templates(), places.get());
    ASSERT_TRUE(!bad.has_value()) << unclear;
    EXPECT_EQ(bad.problem().code, "invalid_target");
    EXPECT_NE(bad.problem().message.find(unclear), std::string::npos);
  }
  auto split = parse_request(R"({"text":"a","severity":"info","target":{"scope":"communes","communes":["xa chieng xom"]}})",
                             test_templates(), places.get());
  EXPECT_NE(split.problem().message.find("phường Chiềng An, Sơn La (03664"), std::string::npos);
  EXPECT_EQ(problem(R"({"text":"a","severity":"info","target":{"scope":"province","province":"Sơn La"}})"),
            "invalid_target");  // no places list: nothing is taken as typed
}

TEST(BroadcastRequest, ATemplateIdStandsForTheText) {
  auto r = parse_request(R"({"template":"gia-cong-an","severity":"warning","target":{"scope":"all"}})",
                         test_templates());
  ASSERT_TRUE(r.has_value());
  EXPECT_EQ(r.value().text, "Có kẻ giả danh công an đòi mã OTP.");
  EXPECT_EQ(problem(R"({"template":"khong-co","severity":"info","target":{"scope":"all"}})"), "unknown_template");
  EXPECT_EQ(problem(R"({"template":7,"severity":"info","target":{"scope":"all"}})"), "unknown_template");
  EXPECT_EQ(problem(R"({"template":"gia-cong-an","text":"a","severity":"info","target":{"scope":"all"}})"),
            "invalid_template");
}

// A content folder holding only broadcast/templates.json, and the problems its loading reports.
std::vector<std::string> template_problems(const std::string& json_text) {
  testing::TempDir dir;
  dir.write("broadcast/templates.json", json_text);
  std::vector<ContentProblem> problems;
  load_templates(dir.path(), Strings{}, problems);
  std::vector<std::string> out;
  for (const auto& p : problems) out.push_back(p.location + ": " + p.message);
  return out;
}

TEST(BroadcastTemplates, ShippedTemplatesLoadCleanAndFitAButton) {
  std::vector<ContentProblem> problems;
  const auto t = load_templates(std::filesystem::path(HOCVUSO_SOURCE_DIR) / "content", Strings{}, problems);
  EXPECT_TRUE(problems.empty()) << problems.front().location << ": " << problems.front().message;
  EXPECT_GE(t->list.size(), 5u);
  ASSERT_NE(t->find("gia-cong-an"), nullptr);
  EXPECT_EQ(t->find("nope"), nullptr);
}

TEST(BroadcastTemplates, EachBrokenRuleIsAProblemAtItsPath) {
  const auto problems = template_problems(R"({"templates":[
    {"id":"ok","label":"Được","text":"Cảnh báo."},
    {"id":"ok","label":"Một nhãn quá dài cho một cái nút","text":"Xem https://lua.vn"},
    {"id":"Có dấu","label":"","text":""}]})");
  const std::vector<std::string> want = {
      "templates[1].id: \"ok\" is used twice",
      "templates[1].label: must have 1 to 20 characters (a button label)",
      "templates[1].text: put the link in the link field, not in the text (web addresses, domain names such as "
      "bit.ly/... or t.me/..., and look-alike spellings are all links)",
      "templates[2].id: must be 1 to 24 of a-z, 0-9 and -",
      "templates[2].label: must have 1 to 20 characters (a button label)",
      "templates[2].text: text must be a non-empty string"};
  EXPECT_EQ(problems, want);
  EXPECT_EQ(template_problems(R"({"templates":{}})"), std::vector<std::string>{"templates: must be an array"});
}

}  // namespace
}  // namespace hocvuso::broadcast
