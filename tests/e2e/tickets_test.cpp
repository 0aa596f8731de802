// Help tickets end to end: the real service over real sockets with the fakes of
// Telegram, Zalo OA and the Zalo Bot Platform. A Zalo OA citizen's request appears in
// a Telegram team group, a member claims it (callback) and answers (a reply to the
// post), the citizen gets it on Zalo, answers back, ends it and rates it, and the
// commune's figures count it; then the reverse, a Telegram citizen helped from a Zalo
// Bot Platform group. No group-bound message carries the citizen's id or phone.
#include <gtest/gtest.h>

#include <chrono>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "bot/app/service.hpp"
#include "bot/store/store.hpp"
#include "fakes/fake_telegram.hpp"
#include "fakes/fake_zalo.hpp"
#include "fakes/fake_zalobot.hpp"
#include "flows/groups/group_store.hpp"
#include "support/e2e_helpers.hpp"
#include "support/fake_platforms.hpp"
#include "support/temp_dir.hpp"
#include "support/test_backend.hpp"
#include "support/test_threads.hpp"
#include "support/zalo_signing.hpp"

namespace hocvuso {
namespace {

using nlohmann::json;
using testing::post_json;
using testing::sql_one;
using testing::wait_until;
using testing::id_string;
using testing::now_ms;
using namespace std::chrono_literals;

constexpr const char* kAppId = testing::FakePlatforms::kZaloAppId;
constexpr const char* kOaSecret = testing::FakePlatforms::kZaloOaSecret;
constexpr const char* kAppSecret = testing::FakePlatforms::kZaloAppSecret;
constexpr const char* kZaloCitizen = "2468458835296197922";
constexpr const char* kPhone = "0987654321";
constexpr std::int64_t kTelegramGroup = -1001234567890;
constexpr std::int64_t kMember = 5550001;
constexpr std::int64_t kTelegramCitizen = 7770001;
constexpr const char* kBotToken = testing::FakePlatforms::kZaloBotToken;
constexpr const char* kBotSecret = testing::FakePlatforms::kZaloBotSecret;
constexpr const char* kBotGroup = "zb-group-thuanchau";
constexpr const char* kBotMember = "zb-member-1";
constexpr const char* kTgSecret = testing::FakePlatforms::kTelegramSecret;


class TicketsE2eTest : public ::testing::Test {
 protected:
  void TearDown() override {
    if (service_) service_->shutdown();
    EXPECT_TRUE(telegram_.spec_violations().empty()) << ::testing::PrintToString(telegram_.spec_violations());
  }
  std::filesystem::path db() const { return dir_ / "tickets.db"; }

  void start() {
    Config c = platforms_.config(db(), /*with_telegram=*/true);
    c.threads = testing::test_threads();
    service_ = std::make_unique<Service>(testing::use_test_backend(c));
    port_ = service_->start();
  }

  // --- Zalo OA citizen: text, or a button's payload as the platform sends it back ---
  void zalo_says(const std::string& text) {
    const std::string ts = now_ms();
    const std::string body = json{{"app_id", kAppId},
                                  {"user_id_by_app", "5521772797175877301"},
                                  {"event_name", "user_send_text"},
                                  {"sender", {{"id", kZaloCitizen}}},
                                  {"recipient", {{"id", "3886132808798806451"}}},
                                  {"message", {{"msg_id", "zmsg" + std::to_string(++seq_)}, {"text", text}}},
                                  {"timestamp", ts}}
                                 .dump();
    const std::string signature = testing::zalo_mac(kAppId, body, ts, kOaSecret);
    ASSERT_EQ(post_json(port_, "/webhook/zalo", body, {{"X-ZEvent-Signature", signature}}).status, 200);
  }
  std::vector<std::string> zalo_received() const {
    std::vector<std::string> out;
    for (const auto& m : zalo_.delivered_cs_messages()) {
      if (m["recipient"]["user_id"] == kZaloCitizen) out.push_back(m["message"]["text"]);
    }
    return out;
  }
  // Waits until the citizen has received n messages on Zalo and the outbox has recorded
  // them (with the options shown, which a payload typed back is matched against); the nth.
  std::string zalo_wait(std::size_t n) {
    EXPECT_TRUE(wait_until([&] { return zalo_received().size() >= n; })) << "Zalo got " << zalo_received().size();
    EXPECT_TRUE(wait_until([&] { return sql_one(db(), "SELECT count(*) FROM outbox WHERE status = 'pending'") == "0"; }));
    const auto got = zalo_received();
    return got.size() >= n ? got[n - 1] : std::string();
  }

  // --- Telegram ---
  void telegram_update(json update) {
    update["update_id"] = ++seq_;
    ASSERT_EQ(post_json(port_, "/webhook/telegram", update.dump(), {{"X-Telegram-Bot-Api-Secret-Token", kTgSecret}}).status,
              200);
  }
  static json group_chat() {
    return {{"id", kTelegramGroup}, {"title", "Tổ CNSCĐ-Xã Thuận Châu"}, {"type", "supergroup"}};
  }
  static json member() { return {{"id", kMember}, {"is_bot", false}, {"first_name", "Tuấn"}, {"last_name", "Lò"}}; }
  void member_says(const std::string& text, std::optional<std::int64_t> reply_to = std::nullopt) {
    json m = {{"message_id", ++seq_}, {"from", member()}, {"chat", group_chat()}, {"date", 1763900000}, {"text", text}};
    if (reply_to) m["reply_to_message"] = {{"message_id", *reply_to}, {"chat", group_chat()}, {"date", 1763900000}};
    telegram_update({{"message", m}});
  }
  void member_presses(std::int64_t message_id, const std::string& data) {
    const json shown = {{"message_id", message_id}, {"chat", group_chat()}, {"date", 1763900000}, {"text", "…"}};
    telegram_update({{"callback_query",
                      {{"id", "cb" + std::to_string(++seq_)}, {"from", member()}, {"message", shown},
                       {"chat_instance", "42"}, {"data", data}}}});
  }
  void telegram_citizen(const std::string& text) {
    const json me = {{"id", kTelegramCitizen}, {"is_bot", false}, {"first_name", "Hoa"}};
    telegram_update({{"message",
                      {{"message_id", ++seq_}, {"from", me}, {"chat", {{"id", kTelegramCitizen}, {"type", "private"}}},
                       {"date", 1763900000}, {"text", text}}}});
  }
  void telegram_citizen_presses(const std::string& data) {
    const json me = {{"id", kTelegramCitizen}, {"is_bot", false}, {"first_name", "Hoa"}};
    const json shown = {{"message_id", 1}, {"chat", {{"id", kTelegramCitizen}, {"type", "private"}}}, {"date", 1763900000},
                        {"text", "…"}};
    telegram_update({{"callback_query",
                      {{"id", "cb" + std::to_string(++seq_)}, {"from", me}, {"message", shown}, {"chat_instance", "43"},
                       {"data", data}}}});
  }
  // Delivered Telegram messages to a chat, as the fake answered them (with message_id).
  std::vector<json> telegram_delivered(std::int64_t chat) const {
    std::vector<json> out;
    for (auto& m : telegram_.delivered_messages()) {
      if (m["chat"]["id"] == chat) out.push_back(std::move(m));
    }
    return out;
  }
  json telegram_wait(std::int64_t chat, const std::string& words) {
    json found;
    EXPECT_TRUE(wait_until([&] {
      for (const auto& m : telegram_delivered(chat)) {
        if (m["text"].get<std::string>().find(words) != std::string::npos) {
          found = m;
          return true;
        }
      }
      return false;
    })) << "no Telegram message to " << chat << " with: " << words;
    return found;
  }

  // --- Zalo Bot Platform ---
  void bot_says(const std::string& chat, const std::string& from, const std::string& text, bool group) {
    const json update = {{"event_name", "message.text.received"},
                         {"message",
                          {{"message_id", "zb" + std::to_string(++seq_)},
                           {"from", {{"id", from}, {"display_name", "Cầm Thị Hoa"}, {"is_bot", false}}},
                           {"chat", {{"id", chat}, {"chat_type", group ? "GROUP" : "PRIVATE"}}},
                           {"text", text},
                           {"date", std::stoll(now_ms())}}}};
    ASSERT_EQ(post_json(port_, "/webhook/zalobot", update.dump(), {{"X-Bot-Api-Secret-Token", kBotSecret}}).status, 200);
  }
  std::vector<std::string> bot_sent(const std::string& chat) const {
    std::vector<std::string> out;
    for (const auto& p : bot_.sent_messages()) {
      if (id_string(p["chat_id"]) == chat) out.push_back(p["text"]);
    }
    return out;
  }
  std::string bot_wait(const std::string& chat, const std::string& words) {
    std::string found;
    EXPECT_TRUE(wait_until([&] {
      for (const auto& t : bot_sent(chat)) {
        if (t.find(words) != std::string::npos) {
          found = t;
          return true;
        }
      }
      return false;
    })) << "no Zalo Bot message to " << chat << " with: " << words;
    return found;
  }

  testing::TempDir dir_;
  testing::FakePlatforms platforms_;
  fakes::FakeZalo& zalo_ = platforms_.zalo;
  fakes::FakeZaloBot& bot_ = platforms_.bot;
  fakes::FakeTelegram& telegram_ = platforms_.telegram;
  std::unique_ptr<Service> service_;
  std::uint16_t port_ = 0;
  int seq_ = 1000;
};

TEST_F(TicketsE2eTest, ZaloCitizenIsHelpedFromATelegramTeamGroup) {
  start();
  member_says("Chào cả tổ");  // the group is linked to xã Thuận Châu from its title
  telegram_wait(kTelegramGroup, "Đã liên kết nhóm này");

  // Each step waits for the previous answer: Zalo buttons come back as their payload text,
  // which is matched against the options the bot last showed.
  zalo_says("/start");
  zalo_wait(2);  // the menu: four buttons, then "Xem thêm:" with the fifth (Zalo OA)
  zalo_says("menu:team");
  EXPECT_NE(zalo_wait(3).find("xã, phường nào"), std::string::npos);
  zalo_says("Thuận Châu");
  EXPECT_NE(zalo_wait(4).find("xã Thuận Châu, Sơn La"), std::string::npos);
  zalo_says(std::string("Không đăng nhập được VNeID, gọi tôi số ") + kPhone);
  // Zalo OA webhooks carry no display name: the citizen says how the team should call them.
  EXPECT_NE(zalo_wait(5).find("Bạn muốn Tổ gọi bạn là gì"), std::string::npos);
  zalo_says("Bà Lan");
  EXPECT_NE(zalo_wait(6).find("Đã gửi yêu cầu HT1"), std::string::npos);

  // The post in the Telegram group, with the claim button; a member presses it.
  const json post = telegram_wait(kTelegramGroup, "Yêu cầu hỗ trợ HT1");
  const std::int64_t post_id = post["message_id"];
  ASSERT_TRUE(wait_until([&] { return sql_one(db(), "SELECT tag FROM sent_tags WHERE message_id = '" +
                                                        std::to_string(post_id) + "'") == "ticket:1"; }));
  member_presses(post_id, "tk:claim:1");
  telegram_wait(kTelegramGroup, "Tuấn Lò đã nhận HT1");
  EXPECT_NE(zalo_wait(7).find("Người hỗ trợ bạn: Tuấn Lò"), std::string::npos);

  // The member replies to the post; the citizen reads it on Zalo and answers.
  member_says("Bác mở VNeID, bấm Quên mật khẩu nhé", post_id);
  EXPECT_NE(zalo_wait(8).find("Bác mở VNeID, bấm Quên mật khẩu nhé"), std::string::npos);
  zalo_says("Được rồi, cảm ơn cháu");
  telegram_wait(kTelegramGroup, "(HT1): Được rồi, cảm ơn cháu");
  zalo_wait(9);  // "Đã gửi cho Tổ"

  // The citizen ends it and rates it.
  zalo_says("/xong");
  // Five star buttons: four here, the fifth in an 11th message "Xem thêm:" (Zalo OA).
  EXPECT_NE(zalo_wait(10).find("Bạn thấy Tổ hỗ trợ thế nào"), std::string::npos);
  telegram_wait(kTelegramGroup, "người dân đã kết thúc");
  zalo_says("tk:rate:1:5");
  EXPECT_NE(zalo_wait(12).find("Cảm ơn bạn đã đánh giá"), std::string::npos);

  // The commune's figures count it.
  EXPECT_EQ(sql_one(db(), "SELECT status || ',' || rating || ',' || (CASE WHEN first_answer_at IS NOT NULL THEN 1 ELSE 0 END) FROM tickets"),
            "closed,5,1");
  member_says("/hoatdong");
  telegram_wait(kTelegramGroup, "1 yêu cầu, 1 được nhận, 1 đã giải quyết");

  // Privacy: nothing the group saw carries the citizen's Zalo id or phone number.
  for (const auto& m : telegram_delivered(kTelegramGroup)) {
    const std::string text = m["text"];
    EXPECT_EQ(text.find(kZaloCitizen), std::string::npos) << text;
    EXPECT_EQ(text.find(kPhone), std::string::npos) << text;
  }
  // ... and the member's Telegram id never reached the citizen.
  for (const auto& text : zalo_received()) EXPECT_EQ(text.find(std::to_string(kMember)), std::string::npos) << text;
}

TEST_F(TicketsE2eTest, TelegramCitizenIsHelpedFromAZaloBotGroup) {
  {
    // The Zalo Bot Platform gives no group title: the team linked it with /lienket.
    auto opened = testing::open_test_store(db());
    Store& store = *opened;
    groups::GroupStore::of(store).set_link({Channel::zalobot, kBotGroup}, {"son-la", "03721"}, "admin",
                                       std::chrono::system_clock::now());
    store.touch_chat({Channel::zalobot, kBotGroup}, ChatType::group, "", std::chrono::system_clock::now());
  }
  start();
  telegram_citizen_presses("menu:team");
  telegram_wait(kTelegramCitizen, "xã, phường nào");
  telegram_citizen("Thuận Châu");
  telegram_wait(kTelegramCitizen, "Nơi ở: xã Thuận Châu");
  telegram_citizen(std::string("Cài ứng dụng VNeID ở đâu? Số tôi ") + kPhone);
  telegram_wait(kTelegramCitizen, "Tổ sẽ thấy tên bạn là: Hoa");
  telegram_citizen_presses("tk:own");
  telegram_wait(kTelegramCitizen, "Đã gửi yêu cầu HT1");

  // No buttons in Zalo Bot groups: the claim is the numbered option (or /nhan HT1).
  const std::string post = bot_wait(kBotGroup, "Yêu cầu hỗ trợ HT1");
  EXPECT_NE(post.find("/nhan HT1"), std::string::npos);
  EXPECT_NE(post.find("1. 🙋 Nhận hỗ trợ"), std::string::npos) << post;
  ASSERT_TRUE(wait_until([&] { return sql_one(db(), "SELECT count(*) FROM outbox WHERE status = 'pending'") == "0"; }));
  bot_says(kBotGroup, kBotMember, "1", true);
  bot_wait(kBotGroup, "Cầm Thị Hoa đã nhận HT1");
  telegram_wait(kTelegramCitizen, "Người hỗ trợ bạn: Cầm Thị Hoa");

  // No replies in Zalo Bot groups either: the member answers privately with the code.
  bot_says(kBotMember, kBotMember, "HT1 Bạn tải VNeID trên CH Play hoặc App Store nhé", false);
  telegram_wait(kTelegramCitizen, "Bạn tải VNeID trên CH Play hoặc App Store nhé");
  bot_wait(kBotMember, "Đã chuyển cho người dân (HT1)");
  telegram_citizen("Cảm ơn chị");
  bot_wait(kBotGroup, "Hoa (HT1): Cảm ơn chị");
  bot_wait(kBotMember, "Hoa (HT1): Cảm ơn chị");
  bot_says(kBotGroup, kBotMember, "/xong HT1", true);
  telegram_wait(kTelegramCitizen, "Yêu cầu HT1 đã kết thúc");
  telegram_citizen_presses("tk:rate:1:4");
  telegram_wait(kTelegramCitizen, "Cảm ơn bạn đã đánh giá");
  EXPECT_EQ(sql_one(db(), "SELECT status || ',' || closed_by || ',' || rating FROM tickets"), "closed,helper,4");

  for (const auto& text : bot_sent(kBotGroup)) {
    EXPECT_EQ(text.find(std::to_string(kTelegramCitizen)), std::string::npos) << text;
    EXPECT_EQ(text.find(kPhone), std::string::npos) << text;
  }
}

}  // namespace
}  // namespace hocvuso
