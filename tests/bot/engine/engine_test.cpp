// Tests Engine::handle with the real dispatcher, shipped content and a Store on disk (bot/engine/engine.hpp).
#include "bot/engine/engine.hpp"

#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <vector>

#include "bot/app/runtime.hpp"
#include "flows/menu.hpp"
#include "support/shipped_content.hpp"
#include "support/temp_dir.hpp"

namespace hocvuso {
namespace {

using hocvuso::testing::TempDir;

const TimePoint kT0 = TimePoint{} + std::chrono::hours(24 * 365 * 55);

class EngineTest : public ::testing::Test {
 protected:
  EngineTest()
      : content_(hocvuso::testing::shipped_content()),
        engine_(make_dispatcher(Config{}), content_),
        store_(tmp_ / "bot.db") {}

  static Incoming private_text(std::string text, std::string name = "Lan") {
    Incoming in;
    in.chat = {Channel::console, "u1"};
    in.sender_id = "u1";
    in.sender_name = std::move(name);
    in.text = std::move(text);
    return in;
  }
  static Incoming group_text(std::string text) {
    Incoming in;
    in.chat = {Channel::console, "g1"};
    in.chat_type = ChatType::group;
    in.chat_title = "Tổ CNSCĐ";
    in.sender_id = "u7";
    in.text = std::move(text);
    return in;
  }
  static Incoming button(std::string payload) {
    Incoming in = private_text("");
    in.button_payload = std::move(payload);
    return in;
  }

  std::vector<OutboxItem> handle(const Incoming& in) { return engine_.handle(store_, in, kT0); }
  std::string s(const char* key) const { return content_->strings.get(key); }

  TempDir tmp_;
  std::shared_ptr<const Content> content_;
  Engine engine_;
  Store store_;
};

std::vector<std::string> payloads(const ButtonRows& rows) {
  std::vector<std::string> out;
  for (const auto& row : rows) {
    for (const auto& b : row) out.push_back(b.payload);
  }
  return out;
}

TEST_F(EngineTest, StartShowsMenuAndQueuesReply) {
  const auto replies = handle(private_text("/start"));
  ASSERT_EQ(replies.size(), 1u);
  const OutboxItem& r = replies[0];
  EXPECT_EQ(r.message.chat, (ChatRef{Channel::console, "u1"}));
  EXPECT_EQ(r.priority, static_cast<int>(OutboxPriority::reply));
  EXPECT_NE(r.message.text.find("Xin chào Lan"), std::string::npos) << r.message.text;
  EXPECT_NE(r.message.text.find(s("menu.prompt")), std::string::npos) << r.message.text;
  EXPECT_EQ(payloads(r.message.buttons),
            (std::vector<std::string>{"menu:learn", "menu:quiz", "menu:faq", "menu:scam", "menu:team"}));
  ASSERT_EQ(r.message.buttons.size(), 5u);
  for (const auto& row : r.message.buttons) EXPECT_EQ(row.size(), 1u);  // one button a row
  EXPECT_EQ(r.message.buttons[0][0].label, s("menu.learn"));

  const auto pending = store_.pending(Channel::console, 10);
  ASSERT_EQ(pending.size(), 1u);
  EXPECT_EQ(pending[0].id, r.id);
  EXPECT_EQ(pending[0].message, r.message);
  EXPECT_EQ(store_.outbox_depth(), 1);
}

TEST_F(EngineTest, SecondStartGreetsAgain) {
  handle(private_text("/start"));
  const auto replies = handle(private_text("/start", ""));
  ASSERT_EQ(replies.size(), 1u);
  EXPECT_NE(replies[0].message.text.find("gặp lại"), std::string::npos) << replies[0].message.text;
  EXPECT_NE(replies[0].message.text.find("Lan"), std::string::npos) << "the stored name is used";
  EXPECT_EQ(store_.outbox_depth(), 2);
}

TEST_F(EngineTest, NamelessNewUserIsCalledFriend) {
  const auto replies = handle(private_text("/start", ""));
  ASSERT_EQ(replies.size(), 1u);
  EXPECT_NE(replies[0].message.text.find("Xin chào " + s("common.friend")), std::string::npos)
      << replies[0].message.text;
}

TEST_F(EngineTest, GroupFreeTextGetsNoReply) {
  EXPECT_TRUE(handle(group_text("chào cả nhà")).empty());
  EXPECT_TRUE(handle(group_text("/unknowncmd")).empty());
  EXPECT_EQ(store_.outbox_depth(), 0);
}

TEST_F(EngineTest, HelpInGroupGetsGroupHelp) {
  const auto replies = handle(group_text("/help"));
  ASSERT_EQ(replies.size(), 1u);
  EXPECT_EQ(replies[0].message.chat, (ChatRef{Channel::console, "g1"}));
  EXPECT_EQ(replies[0].message.text, s("help.group"));
  EXPECT_EQ(payloads(replies[0].message.buttons), (std::vector<std::string>{flows::kMenuHome}));

  const auto private_help = handle(private_text("/help"));
  ASSERT_EQ(private_help.size(), 1u);
  EXPECT_EQ(private_help[0].message.text, s("help.private"));
}

TEST_F(EngineTest, PrivateFallbacksAndMenuButtons) {
  struct Case {
    Incoming in;
    std::string text;
    std::vector<std::string> payloads;
  };
  const std::vector<std::string> menu = {"menu:learn", "menu:quiz", "menu:faq", "menu:scam", "menu:team"};
  const std::vector<Case> cases = {
      {private_text("xin chào"), s("faq.smalltalk.hello"), menu},  // small talk: a friendly word, not "chưa hiểu"
      {private_text("/khongco"), "Mình chưa biết lệnh /khongco. Gõ /help để xem cách dùng.", {"menu:home"}},
      {button("menu:team"), s("tickets.ask_commune"), {"menu:home"}},
      {button("menu:home"), s("menu.title") + "\n\n" + s("menu.prompt"), menu},
      {private_text("/menu"), s("menu.title") + "\n\n" + s("menu.prompt"), menu},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE("text=\"" + c.in.text + "\" payload=\"" + c.in.button_payload + "\"");
    const auto replies = handle(c.in);
    ASSERT_EQ(replies.size(), 1u);
    EXPECT_EQ(replies[0].message.text, c.text);
    EXPECT_EQ(payloads(replies[0].message.buttons), c.payloads);
  }
  EXPECT_EQ(store_.outbox_depth(), static_cast<std::int64_t>(cases.size()));
}

TEST_F(EngineTest, UnknownButtonGetsNoReply) {
  EXPECT_TRUE(handle(button("quiz:42")).empty());
  EXPECT_EQ(store_.outbox_depth(), 0);
}

TEST_F(EngineTest, MenuResetsConversationState) {
  const ChatRef chat{Channel::console, "u1"};
  store_.save_state(chat, "u1", ConversationState{"quiz", "q2", R"({"score":1})"}, kT0);
  handle(private_text("/menu"));
  EXPECT_EQ(store_.load_state(chat, "u1"), ConversationState{});
}

TEST_F(EngineTest, SetContentSwapsStrings) {
  auto changed = std::make_shared<Content>(*content_);
  changed->strings.set("vi", "help.private", "Trợ giúp mới");
  engine_.set_content(changed);
  EXPECT_EQ(engine_.content(), changed);
  const auto replies = handle(private_text("/help"));
  ASSERT_EQ(replies.size(), 1u);
  EXPECT_EQ(replies[0].message.text, "Trợ giúp mới");
}

// Handlers see the store, content and the message's time; free text in a flow goes
// to that flow; a locale change is stored; periodic jobs queue notices.
TEST_F(EngineTest, FlowTextLocaleAndTicks) {
  auto d = std::make_shared<Dispatcher>();
  d->on_text([](Context& ctx) { ctx.reply("default"); });
  d->on_flow_text("lesson", [](Context& ctx) {
    ctx.store().kv_set("seen", ctx.in().text);
    ctx.set_locale("en");
    ctx.reply(ctx.now() == kT0 ? "in lesson at kT0" : "wrong time");
  });
  d->on_tick([](JobContext& t) {
    if (t.store().kv_get("ticked")) return;  // idempotent: once per due item
    t.store().kv_set("ticked", "1");
    t.send(Outgoing{ChatRef{Channel::console, "u1"}, "nhắc", {}, std::nullopt});
  });
  Engine engine(d, content_);
  const ChatRef chat{Channel::console, "u1"};

  auto replies = engine.handle(store_, private_text("xin chao"), kT0);
  ASSERT_EQ(replies.size(), 1u);
  EXPECT_EQ(replies[0].message.text, "default");

  store_.save_state(chat, "u1", ConversationState{"lesson", "s1", "{}"}, kT0);
  replies = engine.handle(store_, private_text("cau hoi"), kT0);
  ASSERT_EQ(replies.size(), 1u);
  EXPECT_EQ(replies[0].message.text, "in lesson at kT0");
  EXPECT_EQ(store_.kv_get("seen"), "cau hoi");
  EXPECT_EQ(store_.touch_user(Channel::console, "u1", "Lan", kT0).locale, "en");

  auto notices = engine.tick(store_, kT0);
  ASSERT_EQ(notices.size(), 1u);
  EXPECT_EQ(notices[0].priority, static_cast<int>(OutboxPriority::notice));
  EXPECT_TRUE(engine.tick(store_, kT0).empty());
}

}  // namespace
}  // namespace hocvuso
