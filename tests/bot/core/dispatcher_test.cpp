// Tests Dispatcher routing and Context (bot/core/dispatcher.hpp).
#include "bot/core/dispatcher.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace hocvuso {
namespace {

Incoming text_in(std::string text, ChatType type = ChatType::private_chat) {
  Incoming in;
  in.chat = {Channel::console, type == ChatType::group ? "g1" : "u1"};
  in.chat_type = type;
  in.sender_id = "u1";
  in.text = std::move(text);
  return in;
}

Incoming button_in(std::string payload, ChatType type = ChatType::private_chat) {
  Incoming in = text_in("", type);
  in.button_payload = std::move(payload);
  return in;
}

// Runs one message through a dispatcher: whether it was taken, and the replies.
struct Outcome {
  bool taken = false;
  std::vector<Outgoing> replies;
};

Outcome run(const Dispatcher& d, const Incoming& in) {
  UserProfile user;
  ConversationState state;
  Strings strings;
  strings.set("vi", "hello", "Chào {name}");
  Context ctx(in, user, state, strings);
  Outcome r;
  r.taken = d.dispatch(ctx);
  r.replies = ctx.replies();
  return r;
}

Dispatcher::Handler says(std::string what) {
  return [what](Context& ctx) { ctx.reply(what); };
}

Dispatcher full() {
  Dispatcher d;
  d.on_command("start", says("start"));
  d.on_command("menu", says("menu"));
  d.on_payload("menu:", says("menu:*"));
  d.on_payload("menu:learn", says("menu:learn"));
  d.on_payload("menu:learn:deep", says("menu:learn:deep"));
  d.on_payload("quiz:", says("quiz:*"));
  d.on_text(says("text"));
  d.on_unknown_command(says("unknown"));
  return d;
}

std::string handled_by(const Outcome& r) { return r.replies.empty() ? "<none>" : r.replies.front().text; }

TEST(Dispatcher, Routing) {
  const Dispatcher d = full();
  struct Case {
    Incoming in;
    bool taken;
    std::string handler;
  };
  const std::vector<Case> cases = {
      {text_in("/start"), true, "start"},
      {text_in("/START@HocVuSoBot"), true, "start"},
      {text_in("/menu now"), true, "menu"},
      {text_in("/start", ChatType::group), true, "start"},
      {text_in("/nope"), true, "unknown"},                        // private: unknown handler
      {text_in("/nope", ChatType::group), false, "<none>"},       // group: may be another bot's
      {text_in("hello"), true, "text"},
      {text_in("hello", ChatType::group), false, "<none>"},       // no on_group_text
      {button_in("menu:learn"), true, "menu:learn"},              // longest prefix wins
      {button_in("menu:learn:deep:1"), true, "menu:learn:deep"},
      {button_in("menu:quiz"), true, "menu:*"},
      {button_in("menu:"), true, "menu:*"},
      {button_in("quiz:1:a"), true, "quiz:*"},
      {button_in("other:x"), false, "<none>"},                    // no handler for payload
      {button_in("menu"), false, "<none>"},                       // shorter than every prefix
  };
  for (const auto& c : cases) {
    SCOPED_TRACE("text=\"" + c.in.text + "\" payload=\"" + c.in.button_payload + "\" group=" +
                 std::to_string(c.in.chat_type == ChatType::group));
    Outcome r = run(d, c.in);
    EXPECT_EQ(r.taken, c.taken);
    EXPECT_EQ(handled_by(r), c.handler);
  }
}

TEST(Dispatcher, ButtonWithCommandLikeTextIsAPayload) {
  const Dispatcher d = full();
  Incoming in = button_in("menu:learn");
  in.text = "/start";  // a button press is never parsed as a command
  EXPECT_EQ(handled_by(run(d, in)), "menu:learn");
}

TEST(Dispatcher, RegistrationOrderDoesNotMatterForPrefixes) {
  Dispatcher d;
  d.on_payload("a:b:c", says("abc"));
  d.on_payload("a:", says("a"));
  d.on_payload("a:b", says("ab"));
  EXPECT_EQ(handled_by(run(d, button_in("a:b:c:d"))), "abc");
  EXPECT_EQ(handled_by(run(d, button_in("a:b:x"))), "ab");
  EXPECT_EQ(handled_by(run(d, button_in("a:z"))), "a");
}

TEST(Dispatcher, ReRegistrationReplaces) {
  Dispatcher d;
  d.on_command("start", says("old"));
  d.on_command("start", says("new"));
  d.on_payload("menu:learn", says("old payload"));
  d.on_payload("menu:learn", says("new payload"));
  d.on_text(says("old text"));
  d.on_text(says("new text"));
  d.on_unknown_command(says("old unknown"));
  d.on_unknown_command(says("new unknown"));

  const Outcome start = run(d, text_in("/start"));
  ASSERT_EQ(start.replies.size(), 1u);
  EXPECT_EQ(start.replies[0].text, "new");
  const Outcome payload = run(d, button_in("menu:learn"));
  ASSERT_EQ(payload.replies.size(), 1u);
  EXPECT_EQ(payload.replies[0].text, "new payload");
  EXPECT_EQ(handled_by(run(d, text_in("hi"))), "new text");
  EXPECT_EQ(handled_by(run(d, text_in("/x"))), "new unknown");
}

TEST(Dispatcher, GroupTextOnlyWithHandler) {
  Dispatcher d = full();
  d.on_group_text(says("group text"));
  EXPECT_EQ(handled_by(run(d, text_in("hello", ChatType::group))), "group text");
  EXPECT_EQ(handled_by(run(d, text_in("hello"))), "text");
  // Unknown commands in groups stay ignored even with a group text handler.
  EXPECT_FALSE(run(d, text_in("/nope", ChatType::group)).taken);
}

TEST(Dispatcher, NothingRegistered) {
  const Dispatcher d;
  EXPECT_FALSE(run(d, text_in("/start")).taken);
  EXPECT_FALSE(run(d, text_in("hello")).taken);
  EXPECT_FALSE(run(d, button_in("menu:learn")).taken);
}

TEST(Context, CommandRepliesAndStrings) {
  const Incoming in = text_in("/start@Bot  hi there ", ChatType::group);
  UserProfile user;
  ConversationState state;
  Strings strings;
  strings.set("vi", "hello", "Chào {name}");
  strings.set("en", "hello", "Hi {name}");
  Context ctx(in, user, state, strings);

  ASSERT_TRUE(ctx.command().has_value());
  EXPECT_EQ(ctx.command()->name, "start");
  EXPECT_EQ(ctx.command()->addressee, "Bot");
  EXPECT_EQ(ctx.command()->args, "hi there");
  EXPECT_TRUE(ctx.in_group());
  EXPECT_EQ(ctx.t("hello", {{"name", "Lan"}}), "Chào Lan");

  ctx.state().flow = "quiz";
  EXPECT_EQ(state.flow, "quiz");  // the handler changes the caller's state

  ctx.reply("one", {{Button{"A", "a"}}});
  ctx.reply("two");
  ASSERT_EQ(ctx.replies().size(), 2u);
  EXPECT_EQ(ctx.replies()[0], (Outgoing{in.chat, "one", {{Button{"A", "a"}}}, std::nullopt}));
  EXPECT_EQ(ctx.replies()[1].chat, in.chat);
  EXPECT_TRUE(ctx.replies()[1].buttons.empty());
}

TEST(Context, UsesUserLocale) {
  const Incoming in = text_in("hi");
  UserProfile user;
  user.locale = "en";
  ConversationState state;
  Strings strings;
  strings.set("vi", "hello", "Chào {name}");
  strings.set("en", "hello", "Hi {name}");
  strings.set("vi", "bye", "Tạm biệt");
  Context ctx(in, user, state, strings);
  EXPECT_FALSE(ctx.command().has_value());
  EXPECT_EQ(ctx.t("hello", {{"name", "Lan"}}), "Hi Lan");
  EXPECT_EQ(ctx.t("bye"), "Tạm biệt");
}

TEST(Dispatcher, TextClaimsComeBeforeFreeTextButAfterCommandsAndButtons) {
  Dispatcher d = full();
  d.on_group_text(says("group text"));
  // Takes only text starting with "HT", in any chat.
  d.on_text_claim([](Context& ctx) {
    if (!ctx.in().text.starts_with("HT")) return false;
    ctx.reply("claimed");
    return true;
  });
  const auto claimed = run(d, text_in("HT12 xin chào"));
  EXPECT_TRUE(claimed.taken);
  ASSERT_EQ(claimed.replies.size(), 1u);
  EXPECT_EQ(claimed.replies[0].text, "claimed");
  EXPECT_EQ(run(d, text_in("HT12", ChatType::group)).replies[0].text, "claimed");
  EXPECT_EQ(run(d, text_in("xin chào")).replies[0].text, "text");  // not taken: falls through
  EXPECT_EQ(run(d, text_in("xin chào", ChatType::group)).replies[0].text, "group text");
  EXPECT_EQ(run(d, text_in("/start")).replies[0].text, "start");  // commands first
  EXPECT_EQ(run(d, button_in("menu:learn")).replies[0].text, "menu:learn");
}

}  // namespace
}  // namespace hocvuso
