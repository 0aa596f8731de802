// /dangnhap's chat side through Engine::handle with shipped content: an officer or
// leader who asks in their own words how to reach the web dashboard is told how, with a
// button that sends the link; a citizen's words about signing in stay the FAQ's.
#include <gtest/gtest.h>

#include "flows/roles/roles.hpp"
#include "support/chat_test.hpp"

namespace hocvuso {
namespace {

class SignInChatTest : public testing::ChatTest {
 protected:
  SignInChatTest() : ChatTest(config()) {
    roles::RoleStore::of(store_).grant(
        roles::Grant{Channel::telegram, "cb1", roles::Role::officer, roles::Scope{"son-la", ""}}, now_);
    roles::RoleStore::of(store_).grant(
        roles::Grant{Channel::telegram, "tt1", roles::Role::leader, roles::Scope{"son-la", "03721"}}, now_);
  }
  static Config config() {
    Config c;
    c.public_url = "https://hocvuso.sonla.gov.vn";
    return c;
  }
  std::vector<OutboxItem> say(const std::string& user, std::string text, std::string payload = "",
                              ChatType type = ChatType::private_chat) {
    Incoming in = from(user, std::move(text), type, "Cán bộ");
    in.button_payload = std::move(payload);
    return handle(in);
  }
};

TEST_F(SignInChatTest, AnOfficerAskingForTheDashboardInOwnWordsIsToldHow) {
  for (const char* asked : {"đăng nhập trang quản lý", "lam sao vao trang quan ly", "xin link dashboard",
                            "Cho tôi vào trang web quản lý báo cáo với", "xin link dang nhap",
                            "vao trang admin the nao"}) {
    const auto out = say("cb1", asked);
    ASSERT_EQ(out.size(), 1u) << asked;
    EXPECT_EQ(out[0].message.text, s("dashboard.how_to")) << asked;
    ASSERT_EQ(out[0].message.buttons.size(), 1u);
    EXPECT_EQ(out[0].message.buttons[0][0].payload, "dash:link");
  }
  // The button sends the one-time link, without a preview, as /dangnhap does.
  const auto link = say("cb1", "", "dash:link");
  ASSERT_EQ(link.size(), 1u);
  EXPECT_NE(link[0].message.text.find("https://hocvuso.sonla.gov.vn/dashboard/dangnhap?t="), std::string::npos);
  EXPECT_FALSE(link[0].message.link_preview);
  // A team leader may sign in too (read-only pages).
  EXPECT_EQ(say("tt1", "vào trang quản lý kiểu gì")[0].message.text, s("dashboard.how_to"));
}

TEST_F(SignInChatTest, ACitizensSignInQuestionStaysWithTheFaq) {
  // No role: the FAQ answers (or declines), never the dashboard's hint.
  for (const char* asked : {"đăng nhập trang quản lý", "dang nhap vneid the nao"}) {
    const auto out = say("dan1", asked);
    ASSERT_FALSE(out.empty()) << asked;
    EXPECT_NE(out[0].message.text, s("dashboard.how_to")) << asked;
  }
  // An officer's VNeID question is a VNeID question.
  const auto vneid = say("cb1", "dang nhap vneid the nao");
  ASSERT_FALSE(vneid.empty());
  EXPECT_NE(vneid[0].message.text, s("dashboard.how_to"));
  // In a group, no link and no hint: the message is the group's.
  for (const auto& o : say("cb1", "trang quản lý vào thế nào", "", ChatType::group)) {
    EXPECT_NE(o.message.text, s("dashboard.how_to"));
  }
}

}  // namespace
}  // namespace hocvuso
