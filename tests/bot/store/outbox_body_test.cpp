// The outbox row codec: what encode_outgoing writes is JSON that decodes to the same
// message, whatever the text holds; options flatten in reading order.
#include "bot/store/outbox_body.hpp"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

namespace hocvuso {
namespace {

using nlohmann::json;

Outgoing message(std::string text, ButtonRows buttons = {}, std::optional<std::string> reply_to = std::nullopt) {
  return Outgoing{ChatRef{Channel::telegram, "42"}, std::move(text), std::move(buttons), std::move(reply_to)};
}

void expect_round_trip(const Outgoing& m) {
  const std::string body = encode_outgoing(m);
  const json doc = json::parse(body);  // valid JSON, and the same document nlohmann would write
  json rows = json::array();
  for (const auto& row : m.buttons) {
    json r = json::array();
    for (const auto& b : row) r.push_back({{"label", b.label}, {"payload", b.payload}});
    rows.push_back(r);
  }
  json expected = {{"text", m.text}, {"buttons", rows}};
  if (m.reply_to) expected["reply_to"] = *m.reply_to;
  if (!m.link_preview) expected["link_preview"] = false;
  EXPECT_EQ(doc, expected) << body;
  EXPECT_TRUE(decode_outgoing(Channel::telegram, "42", body) == m) << body;
}

TEST(OutboxBody, AnyTextRoundTrips) {
  expect_round_trip(message(""));
  expect_round_trip(message("Xin chào! Bạn muốn học gì hôm nay? 📚"));
  expect_round_trip(message("quotes \" and \\ backslashes \\\" mixed"));
  expect_round_trip(message("controls \n\r\t\b\f \x01 \x1f end\x7f"));
  expect_round_trip(message(std::string("nul\0inside", 10)));
  expect_round_trip(message("đ Đ ẫ ự 𝕏 — ₫ 中文", {}, "1234"));
}

// A sign-in link's "no preview" survives the outbox, or Telegram would fetch the link.
TEST(OutboxBody, NoLinkPreviewRoundTrips) {
  Outgoing m = message("Đăng nhập: https://x.vn/dashboard/dangnhap?t=abc");
  m.link_preview = false;
  expect_round_trip(m);
}

TEST(OutboxBody, ButtonsKeepTheirRowsAndOrder) {
  expect_round_trip(message("Chọn:", {{{"📚 Học kỹ năng số", "menu:learn"}, {"❓ Hỏi \"đáp\"", "menu:faq"}},
                                      {{"Về menu", "menu:main"}}}));
  EXPECT_EQ(encode_options({{{"A", "a"}, {"B", "b"}}, {{"C", "c"}}}),
            R"([{"label":"A","payload":"a"},{"label":"B","payload":"b"},{"label":"C","payload":"c"}])");
}

// Bytes that are not UTF-8 (never from a platform's JSON, but from a bad content
// edit perhaps) become U+FFFD: the row still parses and the rest of the text goes out.
TEST(OutboxBody, BytesThatAreNotUtf8BecomeReplacementCharacters) {
  const std::string fffd = "\xEF\xBF\xBD";
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"a\xC3", "a" + fffd},                         // cut short
      {"\xC0\xAF" "b", fffd + fffd + "b"},                // overlong
      {"\xED\xA0\x80", fffd + fffd + fffd},           // a surrogate
      {"\xF4\x90\x80\x80", fffd + fffd + fffd + fffd},  // above U+10FFFF
      {"x\xFFy", "x" + fffd + "y"},
      {"ok ẫ 𝕏", "ok ẫ 𝕏"},
  };
  for (const auto& [in, expected] : cases) {
    const std::string body = encode_outgoing(message(in));
    EXPECT_EQ(json::parse(body)["text"], expected) << body;
  }
}

TEST(OutboxBody, UnreadableBodyIsAnInvalidArgument) {
  for (const char* body : {"{\"text\": 1", R"({"text": "x"})", R"({"text": "x", "buttons": [[{"label": "a"}]]})",
                           R"({"text": "x", "buttons": [{"label": "a", "payload": "b"}]})",
                           R"({"text": "x", "buttons": [], "link_preview": "no"})", R"({"text": "x", "buttons": []} x)",
                           R"({"text": "x\ud800", "buttons": []})", "{\"text\": \"\xC3\", \"buttons\": []}", ""}) {
    EXPECT_THROW(decode_outgoing(Channel::telegram, "42", body), std::invalid_argument) << body;
  }
}

// Rows written by hand or by another writer still read: members in any order, spaces,
// escapes, and members this version does not know.
TEST(OutboxBody, ReadsAnyOrderSpacingAndUnknownMembers) {
  const Outgoing m = decode_outgoing(Channel::zalo, "7",
                                     " { \"buttons\" : [ [ {\"payload\":\"menu:main\", \"extra\": [1, {\"x\": null}],"
                                     " \"label\":\"V\\u1ec1 menu\"} ] ] , \"later\": true, \"text\": \"a\\nb\\ud83d\\ude00\","
                                     " \"link_preview\": false, \"reply_to\": \"9\" } ");
  Outgoing expected = message("a\nb😀", {{{"Về menu", "menu:main"}}}, "9");
  expected.chat = ChatRef{Channel::zalo, "7"};
  expected.link_preview = false;
  EXPECT_TRUE(m == expected);
}

}  // namespace
}  // namespace hocvuso
