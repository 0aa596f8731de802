// Tests the console channel's JSON-lines protocol and choice resolution (adapters/console/console.hpp).
#include "adapters/console/console.hpp"

#include <gtest/gtest.h>

#include <string>
#include <variant>
#include <vector>

namespace hocvuso::console {
namespace {

TEST(ParseJsonl, PrivateText) {
  auto r = parse_jsonl(R"({"user":"u1","text":"/start"})");
  ASSERT_TRUE(r.has_value()) << r.problem().message;
  const Incoming& in = *r;
  EXPECT_EQ(in.chat, (ChatRef{Channel::console, "u1"}));
  EXPECT_EQ(in.chat_type, ChatType::private_chat);
  EXPECT_EQ(in.sender_id, "u1");
  EXPECT_EQ(in.sender_name, "");
  EXPECT_EQ(in.text, "/start");
  EXPECT_EQ(in.button_payload, "");
}

TEST(ParseJsonl, PrivateButton) {
  auto r = parse_jsonl(R"({"user":"u1","button":"menu:learn"})");
  ASSERT_TRUE(r.has_value()) << r.problem().message;
  const Incoming& in = *r;
  EXPECT_EQ(in.chat.id, "u1");
  EXPECT_EQ(in.text, "");
  EXPECT_EQ(in.button_payload, "menu:learn");
}

TEST(ParseJsonl, Group) {
  auto r = parse_jsonl(
      R"({"user":"u7","name":"Lò Văn A","chat":"g1","chat_type":"group","chat_title":"Tổ CNSCĐ","text":"chào"})");
  ASSERT_TRUE(r.has_value()) << r.problem().message;
  const Incoming& in = *r;
  EXPECT_EQ(in.chat, (ChatRef{Channel::console, "g1"}));
  EXPECT_EQ(in.chat_type, ChatType::group);
  EXPECT_EQ(in.chat_title, "Tổ CNSCĐ");
  EXPECT_EQ(in.sender_id, "u7");
  EXPECT_EQ(in.sender_name, "Lò Văn A");
  EXPECT_EQ(in.text, "chào");
}

TEST(ParseJsonl, ExplicitPrivateChatEqualToUser) {
  auto r = parse_jsonl(R"({"user":"u1","chat":"u1","chat_type":"private","text":"hi"})");
  ASSERT_TRUE(r.has_value()) << r.problem().message;
  EXPECT_EQ(r->chat.id, "u1");
}

TEST(ParseJsonl, Rejects) {
  struct Case {
    std::string line, reason_part;
  };
  const std::vector<Case> cases = {
      {"not json", "not valid JSON"},
      {"", "not valid JSON"},
      {R"(["user","u1"])", "must be a JSON object"},
      {R"("text")", "must be a JSON object"},
      {R"({"text":"hi"})", "\"user\" is required"},
      {R"({"user":"","text":"hi"})", "\"user\" is required"},
      {R"({"user":"u1","text":"hi","button":"menu:learn"})", "exactly one of"},
      {R"({"user":"u1"})", "exactly one of"},
      {R"({"user":"u1","text":"hi","extra":"x"})", "unknown key \"extra\""},
      {R"({"user":1,"text":"hi"})", "\"user\" must be a string"},
      {R"({"user":"u1","text":["hi"]})", "\"text\" must be a string"},
      {R"({"user":"u1","text":"hi","chat_type":"group"})", "\"chat\" is required for a group"},
      {R"({"user":"u1","text":"hi","chat":"g1","chat_type":"channel"})", "\"chat_type\" must be"},
      {R"({"user":"u1","text":"hi","chat":"u2"})", "must equal \"user\""},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.line);
    auto r = parse_jsonl(c.line);
    ASSERT_TRUE(!r.has_value());
    EXPECT_NE(r.problem().message.find(c.reason_part), std::string::npos) << r.problem().message;
  }
}

TEST(RenderJsonl, KeyOrderAndExactShape) {
  const std::vector<Outgoing> replies = {
      Outgoing{ChatRef{Channel::console, "u1"}, "Chào \"bạn\"",
               {{Button{"📚 Học", "menu:learn"}}, {Button{"A", "a"}, Button{"B", "b"}}}, std::nullopt},
  };
  EXPECT_EQ(render_jsonl(replies),
            R"({"replies":[{"chat":"u1","text":"Chào \"bạn\"","buttons":[[{"label":"📚 Học","payload":"menu:learn"}],)"
            R"([{"label":"A","payload":"a"},{"label":"B","payload":"b"}]]}]})");
}

TEST(RenderJsonl, EmptyAndReplyTo) {
  EXPECT_EQ(render_jsonl({}), R"({"replies":[]})");
  const std::vector<Outgoing> replies = {
      Outgoing{ChatRef{Channel::console, "g1"}, "x", {}, std::string("m1")},
      Outgoing{ChatRef{Channel::console, "g1"}, "y\nz", {}, std::nullopt},
  };
  EXPECT_EQ(render_jsonl(replies),
            R"({"replies":[{"chat":"g1","text":"x","buttons":[],"reply_to":"m1"},)"
            R"({"chat":"g1","text":"y\nz","buttons":[]}]})");
}

TEST(RenderJsonl, Error) {
  EXPECT_EQ(render_jsonl_error("bad \"line\""), R"({"replies":[],"error":"bad \"line\""})");
  EXPECT_EQ(render_jsonl_error(""), R"({"replies":[],"error":""})");
}

std::vector<Button> menu() {
  return {{"📚 Học kỹ năng số", "menu:learn"},
          {"✅ Kiểm tra kiến thức", "menu:quiz"},
          {"❓ Hỏi đáp", "menu:faq"},
          {"Plain", "plain"}};
}

TEST(ResolveChoice, Table) {
  struct Case {
    std::string input, payload;
  };
  const std::vector<Case> cases = {
      {"1", "menu:learn"},
      {"2", "menu:quiz"},
      {" 4 ", "plain"},
      {"0", ""},
      {"5", ""},
      {"-1", ""},
      {"99999999999999", ""},
      {"học kỹ năng số", "menu:learn"},        // the label's words after the emoji
      {"Học kỹ năng số", "menu:learn"},        // ASCII case folded
      {"  hỏi đáp  ", "menu:faq"},
      {"📚 Học kỹ năng số", "menu:learn"},     // the whole label
      {"plain", "plain"},
      {"kỹ năng", ""},                         // words in the middle are not the label
      {"hello", ""},
      {"", ""},
      {"   ", ""},
      {"2 please", ""},
  };
  for (const auto& c : cases) EXPECT_EQ(resolve_choice(c.input, menu()), c.payload) << "input: \"" << c.input << "\"";
  EXPECT_EQ(resolve_choice("1", {}), "");
}

// Only a whole label (with or without its leading emoji) is a choice; ordinary words
// that happen to end a label ("số", "kiến thức") are sent as text.
TEST(ResolveChoice, TrailingWordsOfALabelAreNotAChoice) {
  EXPECT_EQ(resolve_choice("số", menu()), "");
  EXPECT_EQ(resolve_choice("kiến thức", menu()), "");
  EXPECT_EQ(resolve_choice("đáp", menu()), "");
}

TEST(NumberedButtons, OrderAcrossRepliesAndRows) {
  const ChatRef chat{Channel::console, "u1"};
  const std::vector<Outgoing> replies = {
      Outgoing{chat, "first", {{Button{"A", "a"}, Button{"B", "b"}}, {Button{"C", "c"}}}, std::nullopt},
      Outgoing{chat, "no buttons", {}, std::nullopt},
      Outgoing{chat, "second", {{Button{"D", "d"}}}, std::nullopt},
  };
  const std::vector<Button> want = {{"A", "a"}, {"B", "b"}, {"C", "c"}, {"D", "d"}};
  EXPECT_EQ(numbered_buttons(replies), want);
  EXPECT_EQ(render_text(replies),
            "first\n   1. A\n   2. B\n   3. C\n\nno buttons\n\nsecond\n   4. D\n\n");
  EXPECT_EQ(resolve_choice("4", numbered_buttons(replies)), "d");
}

}  // namespace
}  // namespace hocvuso::console
