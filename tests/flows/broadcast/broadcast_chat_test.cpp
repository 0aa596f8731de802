// The chat side of broadcasts through Engine::handle with shipped content: /canhbao
// subscriptions, the /phatcanhbao composer for an officer, /thongke.
#include <gtest/gtest.h>

#include <algorithm>

#include <SQLiteCpp/SQLiteCpp.h>

#include <nlohmann/json.hpp>

#include "flows/broadcast/broadcast_store.hpp"
#include "flows/broadcast/directory.hpp"
#include "flows/broadcast/templates.hpp"
#include "flows/groups/group_store.hpp"
#include "flows/places/places.hpp"
#include "flows/roles/roles.hpp"
#include "support/chat_test.hpp"

namespace hocvuso {
namespace {

namespace bc = broadcast;

// Second-officer approval on: it applies only to province-wide or larger targets.
Config approval_config() {
  Config c;
  c.broadcast_require_approval = 1;
  return c;
}

class BroadcastChatTest : public testing::ChatTest {
 protected:
  BroadcastChatTest() : ChatTest(approval_config()) {}

  // The one reply's text; its button payloads in `payloads`.
  std::string say(const Incoming& in, std::vector<std::string>* payloads = nullptr) {
    auto out = handle(in);
    EXPECT_EQ(out.size(), 1u);
    if (out.empty()) return {};
    if (payloads) {
      payloads->clear();
      for (const auto& row : out[0].message.buttons) {
        for (const auto& b : row) payloads->push_back(b.payload);
      }
    }
    return out[0].message.text;
  }
};

TEST_F(BroadcastChatTest, CanhbaoTurnsWarningsOnWithACommuneAndOff) {
  EXPECT_EQ(say(from("7", "/canhbao")).find(s("broadcast.sub.status_off")), 0u);
  EXPECT_NE(say(from("7", "/canhbao bat Xã Thuận Châu, Sơn La")).find("Bạn sẽ nhận cảnh báo của xã Thuận Châu, tỉnh Sơn La."),
            std::string::npos);
  auto& bs = bc::BroadcastStore::of(store_);
  EXPECT_EQ(bs.count_recipients({"communes", "", {"03721"}}), 1);
  EXPECT_EQ(bs.count_recipients({"province", "son-la", {}}), 1);
  EXPECT_EQ(say(from("7", "/canhbao tat")), s("broadcast.sub.off"));
  EXPECT_EQ(bs.count_recipients({"all", "", {}}), 0);
  EXPECT_EQ(say(from("7", "/canhbao xyz")), s("broadcast.sub.usage"));
}

TEST_F(BroadcastChatTest, GroupsAreInByDefaultAndCanOptOut) {
  say(from("8", "/canhbao", ChatType::group));
  auto& bs = bc::BroadcastStore::of(store_);
  EXPECT_EQ(bs.count_recipients({"groups", "", {}}), 1);
  EXPECT_EQ(say(from("8", "/canhbao tat", ChatType::group)), s("broadcast.sub.off_group"));
  EXPECT_EQ(bs.count_recipients({"groups", "", {}}), 0);
}

TEST_F(BroadcastChatTest, OnlyOfficersComposeAndACommuneOfficerSendsToTheirCommuneAfterAPreview) {
  say(from("7", "/canhbao bat Thuận Châu"));
  say(from("9", "/canhbao bat Mường La"));
  EXPECT_EQ(say(from("42", "/phatcanhbao")), s("broadcast.officer_only"));
  bc::StoreDirectory(store_).grant(Channel::telegram, "42", {bc::Role::officer, "son-la", "03721"});

  std::vector<std::string> payloads;
  EXPECT_NE(say(from("42", "/phatcanhbao")).find("Soạn cảnh báo"), std::string::npos);
  EXPECT_EQ(say(from("42", "Xem www.lua.vn")), s("broadcast.compose.no_links"));
  EXPECT_EQ(say(from("42", "Có kẻ giả danh công an gọi điện đòi mã OTP."), &payloads),
            s("broadcast.compose.ask_severity"));
  EXPECT_EQ(payloads, (std::vector<std::string>{"bc:sev:info", "bc:sev:warning", "bc:sev:urgent", "bc:x"}));
  EXPECT_NE(say(press("42", "bc:sev:urgent"), &payloads).find("link chính thức"), std::string::npos);
  EXPECT_EQ(payloads, (std::vector<std::string>{"bc:nolink", "bc:x"}));
  // The link step takes only an https address of plain ASCII.
  for (const char* bad : {"http://lua.vn", "https://lừa.vn", "https://a b.vn", "xem trang web"}) {
    EXPECT_NE(say(from("42", bad)).find("Link này không dùng được"), std::string::npos) << bad;
  }
  EXPECT_EQ(say(from("42", "https://example.gov.vn/canh-bao"), &payloads), s("broadcast.compose.ask_target"));
  EXPECT_EQ(payloads, (std::vector<std::string>{"bc:tg:commune", "bc:x"}));
  EXPECT_EQ(say(press("42", "bc:tg:all")), s("broadcast.compose.use_buttons"));  // not in their scope
  const std::string preview = say(press("42", "bc:tg:commune"), &payloads);
  EXPECT_NE(preview.find("Sẽ gửi tới 1 nơi nhận"), std::string::npos);
  EXPECT_NE(preview.find("giả danh công an"), std::string::npos);
  EXPECT_NE(preview.find(s("broadcast.header.urgent")), std::string::npos);
  EXPECT_NE(preview.find("🔗 https://example.gov.vn/canh-bao"), std::string::npos);
  EXPECT_EQ(payloads, (std::vector<std::string>{"bc:send", "bc:x"}));
  EXPECT_NE(say(press("42", "bc:send")).find("/thongke 1"), std::string::npos);
  EXPECT_EQ(say(press("42", "bc:send")), s("broadcast.compose.expired"));

  SQLite::Statement q(store_.database(), "SELECT author, scope, communes, severity, link FROM broadcasts");
  ASSERT_TRUE(q.executeStep());
  EXPECT_EQ(q.getColumn(0).getString(), "telegram:42");
  EXPECT_EQ(q.getColumn(1).getString(), "communes");
  EXPECT_EQ(q.getColumn(2).getString(), R"(["03721"])");
  EXPECT_EQ(q.getColumn(3).getString(), "urgent");
  EXPECT_EQ(q.getColumn(4).getString(), "https://example.gov.vn/canh-bao");
  EXPECT_FALSE(q.executeStep());

  bc::BroadcastStore::of(store_).fan_out(10, 10, now_);
  EXPECT_NE(say(from("42", "/thongke 1")).find("Đã xếp hàng: 1"), std::string::npos);
  EXPECT_EQ(say(from("7", "/thongke 1")), s("broadcast.officer_only"));
}

// An officer who types where a button is awaited (a commune's name at the severity, "gửi
// đi" at the preview) is told to press one, with that step's buttons shown again, not
// Cancel alone: on a phone the earlier buttons are far up the chat.
TEST_F(BroadcastChatTest, TypingWhereAButtonIsAwaitedShowsThatStepsButtonsAgain) {
  say(from("7", "/canhbao bat Thuận Châu"));
  bc::StoreDirectory(store_).grant(Channel::telegram, "42", {bc::Role::officer, "son-la", "03721"});
  say(from("42", "/phatcanhbao"));
  say(from("42", "Có kẻ giả danh công an gọi điện đòi mã OTP."));
  std::vector<std::string> payloads;
  EXPECT_EQ(say(from("42", "Thuận Châu"), &payloads), s("broadcast.compose.use_buttons"));
  EXPECT_EQ(payloads, (std::vector<std::string>{"bc:sev:info", "bc:sev:warning", "bc:sev:urgent", "bc:x"}));
  say(press("42", "bc:sev:warning"));
  say(press("42", "bc:nolink"));
  EXPECT_NE(say(press("42", "bc:tg:commune")).find("Sẽ gửi tới 1 nơi nhận"), std::string::npos);
  EXPECT_EQ(say(from("42", "gửi đi"), &payloads), s("broadcast.compose.use_buttons"));
  EXPECT_EQ(payloads, (std::vector<std::string>{"bc:send", "bc:x"}));
  // The typing sent nothing; the send button still works.
  SQLite::Statement before(store_.database(), "SELECT COUNT(*) FROM broadcasts");
  ASSERT_TRUE(before.executeStep());
  EXPECT_EQ(before.getColumn(0).getInt(), 0);
  EXPECT_NE(say(press("42", "bc:send")).find("/thongke 1"), std::string::npos);
  SQLite::Statement after(store_.database(), "SELECT COUNT(*) FROM broadcasts");
  ASSERT_TRUE(after.executeStep());
  EXPECT_EQ(after.getColumn(0).getInt(), 1);
}

// An officer granted with `hocvuso users grant` (flows/roles, places by id) composes
// for their commune, named as subscribers name it.
TEST_F(BroadcastChatTest, OfficerGrantedThroughRolesComposesForTheirCommune) {
  say(from("7", "/canhbao bat Thuận Châu"));
  EXPECT_EQ(say(from("43", "/phatcanhbao")), s("broadcast.officer_only"));
  roles::RoleStore::of(store_).grant({Channel::telegram, "43", roles::Role::officer, {"son-la", "03721"}}, now_);
  EXPECT_NE(say(from("43", "/phatcanhbao")).find("Soạn cảnh báo"), std::string::npos);
  say(from("43", "Có kẻ giả danh công an gọi điện đòi mã OTP."));
  std::vector<std::string> payloads;
  say(press("43", "bc:sev:warning"), &payloads);
  say(press("43", "bc:nolink"), &payloads);
  EXPECT_EQ(payloads, (std::vector<std::string>{"bc:tg:commune", "bc:x"}));
  EXPECT_NE(say(press("43", "bc:tg:commune")).find("Sẽ gửi tới 1 nơi nhận"), std::string::npos);
  // A leader is no officer.
  roles::RoleStore::of(store_).grant({Channel::telegram, "44", roles::Role::leader, {"son-la", "03721"}}, now_);
  EXPECT_EQ(say(from("44", "/phatcanhbao")), s("broadcast.officer_only"));
}

// Issue 16: a province officer picks one commune of her province by typing its name
// at the target step (the places resolver), without diacritics too; a typo asks with
// buttons; a commune of another province is refused; the send reaches that commune.
TEST_F(BroadcastChatTest, ProvinceOfficerTypesACommuneAtTheTargetStep) {
  say(from("7", "/canhbao bat Thuận Châu"));
  say(from("8", "/canhbao bat Mường La"));
  bc::StoreDirectory(store_).grant(Channel::telegram, "42", {bc::Role::officer, "son-la", ""});
  say(from("42", "/phatcanhbao"));
  say(from("42", "Có kẻ giả danh công an gọi điện đòi mã OTP."));
  say(press("42", "bc:sev:warning"));
  const std::string ask = say(press("42", "bc:nolink"));
  EXPECT_NE(ask.find(s("broadcast.compose.or_type_commune")), std::string::npos) << ask;
  // Exactly one unit: straight to the preview, which counts only that commune.
  EXPECT_NE(say(from("42", "xa thuan chau")).find("Sẽ gửi tới 1 nơi nhận"), std::string::npos);
  say(press("42", "bc:send"));
  const auto target = bc::BroadcastStore::of(store_).target_of(1);
  ASSERT_TRUE(target.has_value());
  EXPECT_EQ(target->scope, "communes");
  EXPECT_EQ(target->communes, (std::vector<std::string>{"03721"}));

  // A typo asks, with the unit among the buttons; one tap goes to the preview.
  say(from("42", "/phatcanhbao"));
  say(from("42", "Cảnh giác tin nhắn lạ."));
  say(press("42", "bc:sev:info"));
  say(press("42", "bc:nolink"));
  std::vector<std::string> payloads;
  say(from("42", "thuan chu"), &payloads);
  EXPECT_NE(std::find(payloads.begin(), payloads.end(), "bc:tg:c:03721"), payloads.end());
  EXPECT_NE(say(press("42", "bc:tg:c:03721")).find("Sẽ gửi tới 1 nơi nhận"), std::string::npos);
  // A commune outside her province is never a target, even by a crafted button.
  say(press("42", "bc:x"));
  say(from("42", "/phatcanhbao"));
  say(from("42", "Cảnh giác tin nhắn lạ."));
  say(press("42", "bc:sev:info"));
  say(press("42", "bc:nolink"));
  EXPECT_EQ(say(press("42", "bc:tg:c:04465")), s("broadcast.compose.use_buttons"));
}

// The scam templates from content/broadcast come first as buttons; one fills the text.
TEST_F(BroadcastChatTest, ComposerOffersTheContentTemplatesBeforeFreeText) {
  say(from("7", "/canhbao bat Thuận Châu"));
  bc::StoreDirectory(store_).grant(Channel::telegram, "42", {bc::Role::officer, "son-la", "03721"});
  std::vector<std::string> payloads;
  say(from("42", "/phatcanhbao"), &payloads);
  const auto& templates = content_->get<bc::ScamTemplates>().list;
  ASSERT_EQ(payloads.size(), templates.size() + 1);
  EXPECT_EQ(payloads.front(), "bc:tpl:" + templates.front().id);
  EXPECT_EQ(payloads.back(), "bc:x");

  // Issue 16: the template's full text first; then use it, edit it or see the others.
  const std::string& text = content_->get<bc::ScamTemplates>().find("gia-cong-an")->text;
  EXPECT_NE(say(press("42", "bc:tpl:gia-cong-an"), &payloads).find(text), std::string::npos);
  EXPECT_EQ(payloads, (std::vector<std::string>{"bc:tu:gia-cong-an", "bc:te:gia-cong-an", "bc:tl", "bc:x"}));
  EXPECT_NE(say(press("42", "bc:tl"), &payloads).find("Soạn cảnh báo"), std::string::npos);  // the list again
  EXPECT_EQ(payloads.size(), templates.size() + 1);
  EXPECT_EQ(say(press("42", "bc:tu:gia-cong-an")), s("broadcast.compose.ask_severity"));
  EXPECT_EQ(say(press("42", "bc:tu:gia-cong-an")), s("broadcast.compose.expired"));  // the text is chosen
  say(press("42", "bc:sev:warning"));
  say(press("42", "bc:nolink"));
  const std::string preview = say(press("42", "bc:tg:commune"));
  EXPECT_NE(preview.find(content_->get<bc::ScamTemplates>().find("gia-cong-an")->text), std::string::npos);
  EXPECT_EQ(say(press("7", "bc:tpl:gia-cong-an")), s("broadcast.officer_only"));
}

// /duyet follows the API's approve: another officer whose scope covers the target.
TEST_F(BroadcastChatTest, DuyetLetsASecondOfficerInScopeApprove) {
  say(from("7", "/canhbao bat Xã Thuận Châu, Sơn La"));
  bc::StoreDirectory(store_).grant(Channel::telegram, "42", {bc::Role::officer, "son-la", ""});
  bc::StoreDirectory(store_).grant(Channel::telegram, "43", {bc::Role::officer, "son-la", "03721"});
  bc::StoreDirectory(store_).grant(Channel::telegram, "44", {bc::Role::officer, "son-la", ""});
  say(from("42", "/phatcanhbao"));
  say(from("42", "Có kẻ giả danh công an gọi điện đòi mã OTP."));
  say(press("42", "bc:sev:warning"));
  say(press("42", "bc:nolink"));
  say(press("42", "bc:tg:province"));
  EXPECT_NE(say(press("42", "bc:send")).find("/duyet 1"), std::string::npos);
  ASSERT_TRUE(bc::BroadcastStore::of(store_).progress(1));
  EXPECT_EQ(bc::BroadcastStore::of(store_).progress(1)->status, "awaiting_approval");

  EXPECT_EQ(say(from("7", "/duyet 1")), s("broadcast.officer_only"));
  EXPECT_EQ(say(from("44", "/duyet")), s("broadcast.approve.usage"));
  EXPECT_EQ(say(from("42", "/duyet 1")), s("broadcast.approve.same_officer"));
  EXPECT_NE(say(from("43", "/duyet 1")).find("Không có cảnh báo số 1"), std::string::npos);  // a commune's officer
  EXPECT_EQ(bc::BroadcastStore::of(store_).progress(1)->status, "awaiting_approval");

  EXPECT_NE(say(from("44", "/duyet 1")).find("Đã duyệt cảnh báo số 1"), std::string::npos);
  EXPECT_EQ(bc::BroadcastStore::of(store_).progress(1)->status, "running");
  EXPECT_NE(say(from("44", "/duyet 1")).find("không chờ duyệt"), std::string::npos);
  SQLite::Statement q(store_.database(), "SELECT approved_by FROM broadcasts WHERE id = 1");
  ASSERT_TRUE(q.executeStep());
  EXPECT_EQ(q.getColumn(0).getString(), "telegram:44");
}

// A target nobody is in yet is refused at once, before any preview, and the draft stays.
TEST_F(BroadcastChatTest, TargetWithNoRecipientsIsRefusedBeforeThePreview) {
  bc::StoreDirectory(store_).grant(Channel::telegram, "42", {bc::Role::officer, "son-la", "03721"});
  say(from("42", "/phatcanhbao"));
  say(from("42", "Có kẻ giả danh công an gọi điện đòi mã OTP."));
  say(press("42", "bc:sev:warning"));
  say(press("42", "bc:nolink"));
  std::vector<std::string> payloads;
  EXPECT_EQ(say(press("42", "bc:tg:commune"), &payloads),
            "📍 Nơi nhận: xã Thuận Châu, Sơn La.\n" + s("broadcast.compose.no_recipients"));
  EXPECT_EQ(payloads, (std::vector<std::string>{"bc:tg:commune", "bc:x"}));
  say(from("7", "/canhbao bat Thuận Châu"));
  EXPECT_NE(say(press("42", "bc:tg:commune")).find("Sẽ gửi tới 1 nơi nhận"), std::string::npos);
}

// broadcast_daily_limit reaches the chat composer: a second warning the same day is refused.
TEST_F(BroadcastChatTest, ChatOfficerStopsAtTheConfiguredDailyLimit) {
  Config c;
  c.broadcast_daily_limit = 1;
  Engine engine(make_dispatcher(c), content_);
  auto say_in = [&](const Incoming& in) {
    auto out = engine.handle(store_, in, now_);
    return out.empty() ? std::string() : out[0].message.text;
  };
  say(from("7", "/canhbao bat Thuận Châu"));
  bc::StoreDirectory(store_).grant(Channel::telegram, "42", {bc::Role::officer, "son-la", "03721"});
  say_in(from("42", "/phatcanhbao"));
  say_in(from("42", "Có kẻ giả danh công an gọi điện đòi mã OTP."));
  say_in(press("42", "bc:sev:warning"));
  say_in(press("42", "bc:nolink"));
  say_in(press("42", "bc:tg:commune"));
  EXPECT_NE(say_in(press("42", "bc:send")).find("1"), std::string::npos);
  EXPECT_EQ(say_in(from("42", "/phatcanhbao")),
            content_->strings.format("broadcast.compose.limit", "vi", {{"limit", "1"}}));
}

// Issue 16: /huycanhbao, /tamdung, /tieptuc act like the API's cancel, pause and
// resume: same scope rule (her scope, or her own warning), same audit. A number
// outside her scope, unknown or malformed gets a sentence and changes nothing.
TEST_F(BroadcastChatTest, OfficerCancelsPausesAndResumesFromChatWithinHerScope) {
  say(from("7", "/canhbao bat Thuận Châu, Sơn La"));
  say(from("8", "/canhbao bat Mường La, Sơn La"));
  bc::StoreDirectory(store_).grant(Channel::telegram, "42", {bc::Role::officer, "son-la", "03721"});
  bc::StoreDirectory(store_).grant(Channel::telegram, "43", {bc::Role::officer, "son-la", ""});
  auto& bs = bc::BroadcastStore::of(store_);
  const auto id = bs.create({"token:1", "Cảnh giác.", "warning", "", {"communes", "", {"03721"}}}, now_);
  const auto other = bs.create({"token:1", "Cảnh giác.", "warning", "", {"province", "son-la", {}}}, now_);
  const auto audits = [&] {
    SQLite::Statement q(store_.database(), "SELECT group_concat(actor || ' ' || action, ', ') FROM broadcast_audit "
                                           "WHERE action IN ('cancel', 'pause', 'resume')");
    q.executeStep();
    return q.getColumn(0).isNull() ? std::string() : q.getColumn(0).getString();
  };
  const std::string sid = std::to_string(id), soth = std::to_string(other);

  EXPECT_EQ(say(from("7", "/tamdung " + sid)), s("broadcast.officer_only"));
  EXPECT_EQ(say(from("42", "/tamdung")), s("broadcast.pause.usage"));
  EXPECT_EQ(say(from("42", "/tamdung 1x")), s("broadcast.pause.usage"));
  // The province-wide warning is outside a commune officer's scope; 99 does not exist.
  EXPECT_NE(say(from("42", "/tamdung " + soth)).find("Không có cảnh báo số " + soth), std::string::npos);
  EXPECT_NE(say(from("42", "/huycanhbao 99")).find("Không có cảnh báo số 99"), std::string::npos);
  EXPECT_EQ(bs.progress(other)->status, "running");
  EXPECT_EQ(audits(), "");

  EXPECT_NE(say(from("42", "/tamdung " + sid)).find("Đã tạm dừng cảnh báo số " + sid), std::string::npos);
  EXPECT_EQ(bs.progress(id)->status, "paused");
  EXPECT_NE(say(from("42", "/tamdung " + sid)).find("không đang gửi"), std::string::npos);
  bs.fan_out(10, 10, now_);
  EXPECT_EQ(bs.progress(id)->queued, 0);  // paused: nothing of it queued
  EXPECT_NE(say(from("43", "/tieptuc " + sid)).find("Đã gửi tiếp cảnh báo số " + sid), std::string::npos);
  EXPECT_EQ(bs.progress(id)->status, "running");
  EXPECT_NE(say(from("43", "/tieptuc " + sid)).find("không bị tạm dừng"), std::string::npos);
  EXPECT_EQ(bs.fan_out(10, 10, now_), 1);
  EXPECT_NE(say(from("42", "/huycanhbao " + sid)).find("Đã hủy cảnh báo số " + sid), std::string::npos);
  EXPECT_EQ(bs.progress(id)->status, "cancelled");
  EXPECT_EQ(bs.progress(id)->cancelled, 1);  // the queued row never leaves
  EXPECT_NE(say(from("42", "/huycanhbao " + sid)).find("đã hủy từ trước"), std::string::npos);
  EXPECT_EQ(audits(), "telegram:42 pause, telegram:43 resume, telegram:42 cancel");
}

// /thongke without a number lists her recent warnings within her scope, newest first.
TEST_F(BroadcastChatTest, ThongkeAloneListsHerRecentWarningsWithProgress) {
  say(from("7", "/canhbao bat Thuận Châu, Sơn La"));
  bc::StoreDirectory(store_).grant(Channel::telegram, "42", {bc::Role::officer, "son-la", "03721"});
  bc::StoreDirectory(store_).grant(Channel::telegram, "44", {bc::Role::officer, "lao-cai", ""});
  EXPECT_EQ(say(from("42", "/thongke")), s("broadcast.stats.none"));
  auto& bs = bc::BroadcastStore::of(store_);
  const auto first = bs.create({"token:1", "Một.", "warning", "", {"communes", "", {"03721"}}}, now_);
  bs.create({"token:1", "Hai.", "warning", "", {"province", "son-la", {}}}, now_);  // not hers
  const auto third = bs.create({"telegram:42", "Ba.", "info", "", {"communes", "", {"03721"}}}, now_);
  bs.fan_out(10, 10, now_);
  const std::string list = say(from("42", "/thongke"));
  EXPECT_EQ(list.find(s("broadcast.stats.recent")), 0u) << list;
  const auto at_first = list.find("Số " + std::to_string(first) + " ");
  const auto at_third = list.find("Số " + std::to_string(third) + " ");
  ASSERT_NE(at_first, std::string::npos) << list;
  ASSERT_NE(at_third, std::string::npos) << list;
  EXPECT_LT(at_third, at_first);  // newest first
  EXPECT_EQ(list.find("Số 2 "), std::string::npos) << list;
  EXPECT_NE(list.find("xã Thuận Châu, Sơn La"), std::string::npos) << list;
  EXPECT_NE(list.find("Đã gửi 0/1, đang chờ 1"), std::string::npos) << list;
  EXPECT_EQ(say(from("44", "/thongke")), s("broadcast.stats.none"));
  EXPECT_EQ(say(from("7", "/thongke")), s("broadcast.officer_only"));
}

// Issue 16: the preview counts per kind (team groups, private chats) and per platform,
// and says exactly who is left out for having turned warnings off.
TEST_F(BroadcastChatTest, PreviewCountsPerKindAndPlatformAndSaysWhoTurnedWarningsOff) {
  // Thuận Châu (03721): two linked Telegram team groups (one sent /canhbao tat), a
  // Telegram and a Zalo subscriber, and one more Telegram subscriber who turned it off.
  for (const char* id : {"-100", "-200"}) {
    store_.touch_chat({Channel::telegram, id}, ChatType::group, "Tổ CNSCĐ-Xã Thuận Châu", now_);
    groups::GroupStore::of(store_).set_link({Channel::telegram, id}, {"son-la", "03721"}, "admin", now_);
  }
  Incoming off_group = from("9", "/canhbao tat", ChatType::group);
  off_group.chat.id = "-200";
  say(off_group);
  say(from("7", "/canhbao bat Thuận Châu, Sơn La"));
  Incoming zalo = from("z1", "/canhbao bat thuan chau, son la");
  zalo.chat = {Channel::zalo, "z1"};
  say(zalo);
  say(from("8", "/canhbao bat Thuận Châu, Sơn La"));
  say(from("8", "/canhbao tat"));
  say(from("5", "/canhbao bat Mường La, Sơn La"));  // another commune of the province

  auto& bs = bc::BroadcastStore::of(store_);
  const auto c = bs.count_by_kind({"communes", "", {"03721"}});
  EXPECT_EQ(c.total, 3);
  EXPECT_EQ(c.by_kind.groups, 1);
  EXPECT_EQ(c.by_kind.private_chats, 2);
  ASSERT_EQ(c.by_platform.size(), 2u);
  EXPECT_EQ(c.by_platform.at("telegram").groups, 1);
  EXPECT_EQ(c.by_platform.at("telegram").private_chats, 1);
  EXPECT_EQ(c.by_platform.at("zalo").groups, 0);
  EXPECT_EQ(c.by_platform.at("zalo").private_chats, 1);
  EXPECT_EQ(c.left_out.groups, 1);
  EXPECT_EQ(c.left_out.private_chats, 1);
  EXPECT_EQ(bs.count_recipients({"communes", "", {"03721"}}), 3);
  const auto p = bs.count_by_kind({"province", "son-la", {}});
  EXPECT_EQ(p.total, 4);
  EXPECT_EQ(p.by_kind.private_chats, 3);
  EXPECT_EQ(p.left_out.private_chats, 1);

  bc::StoreDirectory(store_).grant(Channel::telegram, "42", {bc::Role::officer, "son-la", ""});
  say(from("42", "/phatcanhbao"));
  say(from("42", "Có kẻ giả danh công an gọi điện đòi mã OTP."));
  say(press("42", "bc:sev:warning"));
  say(press("42", "bc:nolink"));
  const std::string preview = say(from("42", "Thuận Châu"));
  EXPECT_NE(preview.find("Sẽ gửi tới 3 nơi nhận.\nGồm 1 nhóm Tổ và 2 người nhận riêng.\n"
                         "• Telegram: 1 nhóm, 1 người.\n• Zalo OA: 0 nhóm, 1 người.\n"
                         "Không gửi cho 1 nhóm và 1 người đã tắt cảnh báo."),
            std::string::npos)
      << preview;
  // The counts stay with the broadcast (the API's GET shows them).
  say(press("42", "bc:send"));
  EXPECT_EQ(nlohmann::json::parse(*bs.recipients_of(1)),
            nlohmann::json::parse(R"({"recipients":3,"by_kind":{"groups":1,"private":2},)"
                                  R"("by_platform":{"telegram":{"groups":1,"private":1},"zalo":{"groups":0,"private":1}},)"
                                  R"("left_out":{"groups":1,"private":1}})"));
}

// Issue 16: "Sửa mẫu này" sends the template's text alone to copy; the edited text
// sent back is the warning (checked like any typed text).
TEST_F(BroadcastChatTest, ATemplateCanBeEditedAndTheEditedTextGoesOut) {
  say(from("7", "/canhbao bat Thuận Châu"));
  bc::StoreDirectory(store_).grant(Channel::telegram, "42", {bc::Role::officer, "son-la", "03721"});
  say(from("42", "/phatcanhbao"));
  const std::string& text = content_->get<bc::ScamTemplates>().find("gia-cong-an")->text;
  say(press("42", "bc:tpl:gia-cong-an"));
  const auto out = engine_.handle(store_, press("42", "bc:te:gia-cong-an"), now_);
  ASSERT_EQ(out.size(), 2u);
  EXPECT_EQ(out[0].message.text, s("broadcast.compose.template_edit"));
  EXPECT_EQ(out[1].message.text, text);  // alone, to copy
  EXPECT_EQ(say(from("42", text + " Xem www.lua.vn")), s("broadcast.compose.no_links"));
  EXPECT_EQ(say(from("42", "Ở xã Thuận Châu: " + text)), s("broadcast.compose.ask_severity"));
  say(press("42", "bc:sev:warning"));
  say(press("42", "bc:nolink"));
  EXPECT_NE(say(press("42", "bc:tg:commune")).find("Ở xã Thuận Châu: " + text), std::string::npos);
  say(press("42", "bc:send"));
  SQLite::Statement q(store_.database(), "SELECT text FROM broadcasts WHERE id = 1");
  ASSERT_TRUE(q.executeStep());
  EXPECT_NE(q.getColumn(0).getString().find("Ở xã Thuận Châu: " + text), std::string::npos);
}

// Issue 16: a province officer chooses several communes: from paged buttons (4 a page,
// a second press drops one), and by typing several names at once; the preview names
// every one; "➕ Thêm xã, phường" goes back keeping the choice; the target is stored.
TEST_F(BroadcastChatTest, ProvinceOfficerChoosesSeveralCommunesByPagedButtonsAndByTypedNames) {
  say(from("7", "/canhbao bat Thuận Châu, Sơn La"));   // 03721
  say(from("8", "/canhbao bat Mường La, Sơn La"));     // 03808
  say(from("9", "/canhbao bat Chiềng An, Sơn La"));    // 03664
  say(from("10", "/canhbao bat Lóng Sập, Sơn La"));    // 04045, never chosen
  bc::StoreDirectory(store_).grant(Channel::telegram, "42", {bc::Role::officer, "son-la", ""});
  const auto to_target = [&] {
    say(from("42", "/phatcanhbao"));
    say(from("42", "Có kẻ giả danh công an gọi điện đòi mã OTP."));
    say(press("42", "bc:sev:warning"));
    std::vector<std::string> p;
    say(press("42", "bc:nolink"), &p);
    return p;
  };
  EXPECT_EQ(to_target(), (std::vector<std::string>{"bc:tg:province", "bc:pg:0", "bc:x"}));
  const auto& communes = content_->get<places::Places>().communes_of("son-la");
  const auto page_of = [&](const std::string& code) {
    const auto at = std::find_if(communes.begin(), communes.end(), [&](const places::Commune& c) { return c.code == code; });
    return std::to_string((at - communes.begin()) / 4);
  };
  std::vector<std::string> payloads;
  EXPECT_NE(say(press("42", "bc:pg:0"), &payloads).find("trang 1/" + std::to_string((communes.size() + 3) / 4)),
            std::string::npos);
  ASSERT_EQ(payloads.size(), 6u);  // 4 communes, next page, quit
  EXPECT_EQ(payloads[0], "bc:pk:" + communes[0].code);
  EXPECT_EQ(payloads[4], "bc:pg:1");
  say(press("42", "bc:pg:" + page_of("03721")));
  say(press("42", "bc:pk:03721"), &payloads);
  EXPECT_NE(std::find(payloads.begin(), payloads.end(), "bc:ok"), payloads.end());
  say(press("42", "bc:pk:04045"));
  const std::string dropped = say(press("42", "bc:pk:04045"));  // pressed again: dropped
  EXPECT_EQ(dropped.find("Lóng Sập"), std::string::npos) << dropped;
  say(press("42", "bc:pk:03808"));
  EXPECT_EQ(say(press("42", "bc:pk:04465")), s("broadcast.compose.use_buttons"));  // another province
  std::string preview = say(press("42", "bc:ok"), &payloads);
  EXPECT_NE(preview.find("📍 Nơi nhận: xã Thuận Châu, Sơn La; xã Mường La, Sơn La."), std::string::npos) << preview;
  EXPECT_NE(preview.find("Sẽ gửi tới 2 nơi nhận"), std::string::npos) << preview;
  EXPECT_EQ(payloads, (std::vector<std::string>{"bc:send", "bc:more", "bc:x"}));
  EXPECT_NE(say(press("42", "bc:more")).find("Đã chọn: xã Thuận Châu, Sơn La; xã Mường La, Sơn La."), std::string::npos);
  preview = say(from("42", "chieng an"));  // typed: joins the two
  EXPECT_NE(preview.find("xã Thuận Châu, Sơn La; xã Mường La, Sơn La; phường Chiềng An, Sơn La."), std::string::npos)
      << preview;
  EXPECT_NE(preview.find("Sẽ gửi tới 3 nơi nhận"), std::string::npos) << preview;
  say(press("42", "bc:send"));
  ASSERT_TRUE(bc::BroadcastStore::of(store_).target_of(1));
  EXPECT_EQ(bc::BroadcastStore::of(store_).target_of(1)->communes, (std::vector<std::string>{"03721", "03808", "03664"}));

  // Several names typed at once: with ";" or with commas.
  for (const char* typed : {"thuan chau; muong la", "Thuận Châu, Mường La", "xa thuan chau\nxa muong la"}) {
    say(press("42", "bc:x"));
    to_target();
    preview = say(from("42", typed));
    EXPECT_NE(preview.find("📍 Nơi nhận: xã Thuận Châu, Sơn La; xã Mường La, Sơn La."), std::string::npos) << typed;
    EXPECT_NE(preview.find("Sẽ gửi tới 2 nơi nhận"), std::string::npos) << typed;
  }
  // A typo among them asks about that one and keeps the clear one.
  say(press("42", "bc:x"));
  to_target();
  const std::string ask = say(from("42", "thuan chau; muong laa"), &payloads);
  EXPECT_NE(ask.find("Đã chọn: xã Thuận Châu, Sơn La."), std::string::npos) << ask;
  ASSERT_NE(std::find(payloads.begin(), payloads.end(), "bc:tg:c:03808"), payloads.end()) << ask;
  preview = say(press("42", "bc:tg:c:03808"));
  EXPECT_NE(preview.find("Sẽ gửi tới 2 nơi nhận"), std::string::npos) << preview;
  // A commune of another province is not found in hers: said so, the clear one kept.
  say(press("42", "bc:x"));
  to_target();
  const std::string other = say(from("42", "thuan chau; 04465"));
  EXPECT_NE(other.find("Đã chọn: xã Thuận Châu, Sơn La.\n"), std::string::npos) << other;
  EXPECT_NE(other.find("\"04465\""), std::string::npos) << other;
  EXPECT_NE(say(press("42", "bc:ok")).find("Sẽ gửi tới 1 nơi nhận"), std::string::npos);
  // Nothing chosen yet: the preview button says so.
  say(press("42", "bc:x"));
  to_target();
  EXPECT_EQ(say(press("42", "bc:ok")), s("broadcast.compose.none_picked"));
}

// Issue 16: a citizen subscribes with the button of the ⚠️ menu (or at the end of the
// scam lesson); the place is asked with the resolver and confirmed back in words.
TEST_F(BroadcastChatTest, CitizenSubscribesWithTheButtonAndThePlaceIsAskedAndConfirmedInWords) {
  std::vector<std::string> payloads;
  say(press("7", "menu:scam"), &payloads);
  ASSERT_GE(payloads.size(), 2u);
  EXPECT_EQ(payloads[payloads.size() - 2], "bc:on");
  EXPECT_EQ(payloads.back(), "menu:home");
  EXPECT_EQ(say(press("7", "bc:on"), &payloads), s("broadcast.sub.ask_place"));
  EXPECT_EQ(payloads, (std::vector<std::string>{"bc:gen", "menu:home"}));
  auto& bs = bc::BroadcastStore::of(store_);
  // A typo asks with buttons and stores nothing yet.
  say(from("7", "thuan chu"), &payloads);
  EXPECT_NE(std::find(payloads.begin(), payloads.end(), "bc:on:03721"), payloads.end());
  EXPECT_EQ(bs.count_recipients({"all", "", {}}), 0);
  EXPECT_NE(say(from("7", "thuan chau, son la")).find("Bạn sẽ nhận cảnh báo của xã Thuận Châu, tỉnh Sơn La."),
            std::string::npos);
  EXPECT_EQ(bs.count_recipients({"communes", "", {"03721"}}), 1);
  // The place is remembered: the button again confirms it without asking.
  EXPECT_NE(say(press("7", "bc:on")).find("xã Thuận Châu, tỉnh Sơn La"), std::string::npos);
  // "Chỉ nhận cảnh báo chung": on, without a place.
  say(press("8", "bc:on"));
  EXPECT_EQ(say(press("8", "bc:gen")), s("broadcast.sub.on"));
  EXPECT_EQ(bs.count_recipients({"all", "", {}}), 2);
  // The end of the scam lesson offers the same button.
  say(press("9", "ls:scams:end"), &payloads);
  EXPECT_NE(std::find(payloads.begin(), payloads.end(), "bc:on"), payloads.end());
  say(press("9", "bc:on"));
  EXPECT_NE(say(from("9", "Chiềng An, Sơn La")).find("Bạn sẽ nhận cảnh báo của phường Chiềng An, tỉnh Sơn La."),
            std::string::npos);
}

// A citizen asks for the warnings in her own words, with no button pressed: the place
// in her sentence is used, or asked for; stopping is offered; a warning she received is
// a question for the FAQ, not a wish to subscribe.
TEST_F(BroadcastChatTest, CitizenAsksForTheWarningsInHerOwnWords) {
  auto& bs = bc::BroadcastStore::of(store_);
  EXPECT_NE(say(from("7", "cho toi nhan canh bao o xa muong bu huyen muong la a")).find("Bạn sẽ nhận cảnh báo của xã Mường Bú, tỉnh Sơn La."),
            std::string::npos);
  EXPECT_EQ(bs.count_recipients({"communes", "", {"03847"}}), 1);
  std::vector<std::string> payloads;
  EXPECT_EQ(say(from("8", "Tôi muốn nhận cảnh báo lừa đảo"), &payloads), s("broadcast.sub.ask_place"));
  EXPECT_EQ(payloads, (std::vector<std::string>{"bc:gen", "menu:home"}));
  EXPECT_NE(say(from("8", "Thuận Châu, Sơn La")).find("xã Thuận Châu, tỉnh Sơn La"), std::string::npos);
  // Stopping: her status and the button, nothing changed until she presses it.
  EXPECT_EQ(say(from("7", "thôi không muốn nhận cảnh báo nữa"), &payloads), s("broadcast.sub.status_on"));
  EXPECT_EQ(payloads, std::vector<std::string>{"bc:off"});
  EXPECT_EQ(bs.count_recipients({"communes", "", {"03847"}}), 1);
  // A warning received: answered as a question, nothing subscribed.
  const std::string answer = say(from("9", "tôi vừa nhận cảnh báo từ ngân hàng là tài khoản bị khóa"));
  EXPECT_EQ(answer.find("Bạn sẽ nhận cảnh báo"), std::string::npos);
  EXPECT_NE(answer, s("broadcast.sub.ask_place"));
  EXPECT_EQ(bs.count_recipients({"all", "", {}}), 2);
}

// Issue 16: /help shows an officer her warning commands; a citizen does not see them.
TEST_F(BroadcastChatTest, OfficersHelpListsTheWarningCommands) {
  EXPECT_EQ(say(from("7", "/help")).find("/phatcanhbao"), std::string::npos);
  roles::RoleStore::of(store_).grant({Channel::telegram, "43", roles::Role::officer, {"son-la", ""}}, now_);
  const std::string officer = say(from("43", "/help"));
  for (const char* command : {"/phatcanhbao", "/thongke", "/huycanhbao", "/tamdung", "/tieptuc", "/duyet"}) {
    EXPECT_NE(officer.find(command), std::string::npos) << command;
  }
}

}  // namespace
}  // namespace hocvuso
