// Tests the Zalo Bot Platform adapter (adapters/zalobot) against protocols.md B5 ("Zalo Bot Platform").
#include "adapters/zalobot/zalobot.hpp"

#include "adapters/botapi/envelope.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <variant>
#include <vector>

namespace hocvuso::zalobot {
namespace {

using nlohmann::json;

constexpr const char* kToken = "1234567890:zbotSecretX";
constexpr const char* kSecret = "wh-secret-1234";

const ZaloBotAdapter& adapter() {
  static const ZaloBotAdapter a([] {
    ZaloBotConfig c;
    c.token = kToken;
    c.webhook_secret = kSecret;
    return c;
  }());
  return a;
}

HeaderLookup headers(std::map<std::string, std::string> values) {
  return [values = std::move(values)](std::string_view name) -> std::string_view {
    auto it = values.find(std::string(name));
    return it == values.end() ? std::string_view() : std::string_view(it->second);
  };
}

// An update in the B5 shape.
json update(const std::string& event, const std::string& chat_type = "PRIVATE", bool is_bot = false) {
  return {{"event_name", event},
          {"message",
           {{"message_id", "2d1f8a9c0b7e"},
            {"from", {{"id", "6ede9afa66b88fd6d5b9"}, {"display_name", "Lò Thị Hoa"}, {"is_bot", is_bot}}},
            {"chat", {{"id", chat_type == "GROUP" ? "g9a8b7c6d5" : "6ede9afa66b88fd6d5b9"}, {"chat_type", chat_type}}},
            {"text", "/start bai1"},
            {"date", 1763800500123}}}};
}

std::string wrapped(const json& u) { return json{{"ok", true}, {"result", u}}.dump(); }

ParsedUpdate parsed(const std::string& body) {
  auto r = adapter().parse(body);
  if (const std::string* e = r ? nullptr : &r.problem().message) {
    ADD_FAILURE() << "parse error: " << *e << " for " << body;
    return {};
  }
  return *r;
}

bool is_error(const std::string& body) { return !adapter().parse(body).has_value(); }

TEST(ZaloBotAdapter, Basics) {
  EXPECT_EQ(adapter().channel(), Channel::zalobot);
  EXPECT_FALSE(adapter().shows_buttons(ChatType::private_chat));
  EXPECT_FALSE(adapter().shows_buttons(ChatType::group));
  EXPECT_EQ(adapter().max_text_units(), 2000u);
}

TEST(ZaloBotAdapter, VerifyAcceptsTheRightSecret) {
  EXPECT_FALSE(adapter().verify("{}", headers({{"X-Bot-Api-Secret-Token", kSecret}}), {}).has_value());
}

TEST(ZaloBotAdapter, VerifyRefusesAWrongSecret) {
  for (const char* wrong : {"wh-secret-1235", "wh-secret-123", "wh-secret-12345", "x"}) {
    auto r = adapter().verify("{}", headers({{"X-Bot-Api-Secret-Token", wrong}}), {});
    ASSERT_TRUE(r.has_value()) << wrong;
    EXPECT_EQ(r->status, 401);
    EXPECT_EQ(r->reason, "bad_secret");
  }
}

TEST(ZaloBotAdapter, VerifyRefusesAMissingSecret) {
  // Telegram's header name is not this platform's (B5 vs A1).
  auto r = adapter().verify("{}", headers({{"X-Telegram-Bot-Api-Secret-Token", kSecret}}), {});
  ASSERT_TRUE(r.has_value());
  EXPECT_EQ(r->status, 401);
  EXPECT_EQ(r->reason, "missing_secret");
}

TEST(ZaloBotAdapter, ParsesATextMessageBareAndWrapped) {
  // B5: clients disagree on whether the body is wrapped in {ok,result}; both must parse alike.
  for (const std::string& body : {update("message.text.received").dump(), wrapped(update("message.text.received"))}) {
    const ParsedUpdate p = parsed(body);
    EXPECT_EQ(p.dedupe_key, "2d1f8a9c0b7e");
    EXPECT_TRUE(p.ignored.empty());
    ASSERT_TRUE(p.message.has_value()) << body;
    const Incoming& in = *p.message;
    EXPECT_EQ(in.chat, (ChatRef{Channel::zalobot, "6ede9afa66b88fd6d5b9"}));
    EXPECT_EQ(in.chat_type, ChatType::private_chat);
    EXPECT_EQ(in.sender_id, "6ede9afa66b88fd6d5b9");
    EXPECT_EQ(in.sender_name, "Lò Thị Hoa");
    EXPECT_EQ(in.text, "/start bai1");
    EXPECT_TRUE(in.button_payload.empty());
    EXPECT_EQ(in.platform_message_id, "2d1f8a9c0b7e");
    EXPECT_FALSE(in.edited);
    EXPECT_EQ(in.time, TimePoint(std::chrono::milliseconds(1763800500123)));  // date is in ms (B5)
    EXPECT_TRUE(p.acknowledgements.empty());
  }
}

TEST(ZaloBotAdapter, ParsesAGroupTextMessage) {
  const ParsedUpdate p = parsed(wrapped(update("message.text.received", "GROUP")));
  ASSERT_TRUE(p.message.has_value());
  EXPECT_EQ(p.message->chat.id, "g9a8b7c6d5");
  EXPECT_EQ(p.message->chat_type, ChatType::group);
  EXPECT_EQ(p.message->sender_id, "6ede9afa66b88fd6d5b9");
  EXPECT_EQ(p.message->text, "/start bai1");
}

TEST(ZaloBotAdapter, NonTextInAPrivateChatBecomesUnsupportedContent) {
  for (const char* event : {"message.image.received", "message.sticker.received", "message.unsupported.received"}) {
    json u = update(event);
    u["message"].erase("text");
    const ParsedUpdate p = parsed(u.dump());
    ASSERT_TRUE(p.message.has_value()) << event;
    EXPECT_EQ(p.message->button_payload, kUnsupportedContentPayload) << event;
    EXPECT_TRUE(p.message->text.empty());
    EXPECT_EQ(p.message->chat.id, "6ede9afa66b88fd6d5b9");
    EXPECT_EQ(p.dedupe_key, "2d1f8a9c0b7e");
  }
}

TEST(ZaloBotAdapter, NonTextInAGroupIsIgnored) {
  for (const char* event : {"message.image.received", "message.sticker.received", "message.unsupported.received"}) {
    const ParsedUpdate p = parsed(wrapped(update(event, "GROUP")));
    EXPECT_FALSE(p.message.has_value()) << event;
    EXPECT_FALSE(p.ignored.empty()) << event;
    EXPECT_EQ(p.dedupe_key, "2d1f8a9c0b7e");
  }
}

TEST(ZaloBotAdapter, MessagesFromBotsAreIgnored) {
  for (const char* type : {"PRIVATE", "GROUP"}) {
    const ParsedUpdate p = parsed(update("message.text.received", type, /*is_bot=*/true).dump());
    EXPECT_FALSE(p.message.has_value()) << type;
    EXPECT_FALSE(p.ignored.empty()) << type;
  }
}

TEST(ZaloBotAdapter, UnknownEventsAreIgnoredNotErrors) {
  for (const char* event : {"message.video.received", "bot.added_to_group", ""}) {
    const ParsedUpdate p = parsed(wrapped(update(event)));
    EXPECT_FALSE(p.message.has_value()) << event;
    EXPECT_FALSE(p.ignored.empty()) << event;
  }
  // Even with a message shape hocvuso does not know.
  const ParsedUpdate p = parsed(R"({"event_name":"message.location.received","message":{"location":{}}})");
  EXPECT_FALSE(p.ignored.empty());
}

TEST(ZaloBotAdapter, BigIntegerIdsStayExact) {
  // 2^63 + 1 overflows int64; the other two overflow every 64-bit integer and a double.
  const std::string body = R"({"event_name":"message.text.received","message":{)"
                           R"("message_id":123456789012345678901234567890,)"
                           R"("from":{"id":9223372036854775809,"display_name":"A","is_bot":false},)"
                           R"("chat":{"id":98765432109876543210987,"chat_type":"PRIVATE"},)"
                           R"("text":"hi","date":1763800500123}})";
  const ParsedUpdate p = parsed(body);
  EXPECT_EQ(p.dedupe_key, "123456789012345678901234567890");
  ASSERT_TRUE(p.message.has_value());
  EXPECT_EQ(p.message->platform_message_id, "123456789012345678901234567890");
  EXPECT_EQ(p.message->sender_id, "9223372036854775809");
  EXPECT_EQ(p.message->chat.id, "98765432109876543210987");

  // Ordinary 64-bit integers, negative ones too, print as themselves.
  const ParsedUpdate q = parsed(R"({"event_name":"message.text.received","message":{"message_id":-1002233445566,)"
                                R"("from":{"id":5512345678},"chat":{"id":-4123456789,"chat_type":"GROUP"},"text":"x"}})");
  EXPECT_EQ(q.dedupe_key, "-1002233445566");
  ASSERT_TRUE(q.message.has_value());
  EXPECT_EQ(q.message->chat.id, "-4123456789");
  EXPECT_EQ(q.message->sender_id, "5512345678");
}

TEST(ZaloBotAdapter, MalformedUpdatesAreErrors) {
  EXPECT_TRUE(is_error(""));
  EXPECT_TRUE(is_error("not json"));
  EXPECT_TRUE(is_error("[1,2]"));
  EXPECT_TRUE(is_error("\"text\""));
  EXPECT_TRUE(is_error(R"({"message":{"message_id":"1"}})"));                 // no event_name
  EXPECT_TRUE(is_error(R"({"ok":true,"result":{"message":{}}})"));            // wrapped, no event_name
  EXPECT_TRUE(is_error(R"({"event_name":"message.text.received"})"));         // no message
  EXPECT_TRUE(is_error(R"({"event_name":"message.text.received","message":"hi"})"));
  EXPECT_TRUE(is_error(R"({"ok":true,"result":[]})"));

  json no_chat_id = update("message.text.received");
  no_chat_id["message"]["chat"].erase("id");
  EXPECT_TRUE(is_error(no_chat_id.dump()));
  json no_from_id = update("message.text.received");
  no_from_id["message"]["from"].erase("id");
  EXPECT_TRUE(is_error(wrapped(no_from_id)));
  json no_from = update("message.text.received");
  no_from["message"].erase("from");
  EXPECT_TRUE(is_error(no_from.dump()));
  json wrong_type = update("message.text.received");
  wrong_type["message"]["from"]["is_bot"] = "no";
  EXPECT_TRUE(is_error(wrong_type.dump()));  // never a throw
}

TEST(ZaloBotAdapter, RenderSendsChatIdAndTextOnly) {
  Outgoing out;
  out.chat = ChatRef{Channel::zalobot, "6ede9afa66b88fd6d5b9"};
  out.text = "Câu 1: chọn\n1. A\n2. B";
  out.buttons = {{{"A", "q:1:A"}, {"B", "q:1:B"}}};
  out.reply_to = "2d1f8a9c0b7e";  // the platform cannot thread replies: dropped
  const ApiRequest req = adapter().render(out, ChatType::private_chat);
  EXPECT_EQ(req.method, "POST");
  EXPECT_EQ(req.path, std::string("/bot") + kToken + "/sendMessage");
  EXPECT_EQ(req.api_method, "sendMessage");
  EXPECT_EQ(req.content_type, "application/json");
  const json body = json::parse(req.body);
  EXPECT_EQ(body, (json{{"chat_id", "6ede9afa66b88fd6d5b9"}, {"text", "Câu 1: chọn\n1. A\n2. B"}}));
  EXPECT_FALSE(body.contains("reply_markup"));

  // chat_id is typed String (B5): an all-digit id is still sent as a string.
  out.chat.id = "1001987654321";
  const json group = json::parse(adapter().render(out, ChatType::group).body);
  ASSERT_TRUE(group["chat_id"].is_string());
  EXPECT_EQ(group["chat_id"], "1001987654321");
  EXPECT_FALSE(group.contains("reply_markup"));
}

TEST(ZaloBotAdapter, SenderNameFromDisplayNameFirstNameOrName) {
  for (const auto& [key, want] : std::vector<std::pair<std::string, std::string>>{
           {"display_name", "Bà Lan"}, {"first_name", "Lò Văn A"}, {"name", "Chú Tư"}}) {
    json u = update("message.text.received");
    u["message"]["from"].erase("display_name");
    u["message"]["from"][key] = want;
    const ParsedUpdate p = parsed(u.dump());
    ASSERT_TRUE(p.message.has_value()) << key;
    EXPECT_EQ(p.message->sender_name, want) << key;
  }
  json both = update("message.text.received");
  both["message"]["from"]["display_name"] = "";
  both["message"]["from"]["name"] = "Minh";
  EXPECT_EQ(parsed(both.dump()).message->sender_name, "Minh");
}

TEST(ZaloBotAdapter, AnEmptyLongPollIs408AndMeansNoUpdates) {
  const std::string timeout = R"({"ok":false,"error_code":408,"description":"Request timeout"})";
  for (int status : {200, 408}) {
    const auto got = botapi::parse_updates(ApiResponse{status, timeout});
    ASSERT_TRUE(got.has_value()) << status;
    EXPECT_TRUE(got->empty());
  }
  // One update object, no update_id, is one update with id 0.
  const auto one = botapi::parse_updates(ApiResponse{200, wrapped(update("message.text.received"))});
  ASSERT_TRUE(one.has_value());
  ASSERT_EQ(one->size(), 1u);
  EXPECT_EQ((*one)[0].update_id, 0);
  // Other refusals stay failures.
  EXPECT_FALSE(
      botapi::parse_updates(ApiResponse{200, R"({"ok":false,"error_code":401,"description":"Unauthorized"})"})
          .has_value());
  EXPECT_FALSE(botapi::parse_updates(ApiResponse{408, "<html>timeout</html>"}).has_value());
  EXPECT_FALSE(botapi::parse_updates(ApiResponse{502, ""}).has_value());
  const auto down = botapi::parse_updates(Problem{"timeout", "getUpdates: timed out"});
  ASSERT_FALSE(down.has_value());
  EXPECT_EQ(down.problem().message, "getUpdates answered HTTP 0: getUpdates: timed out");
}

SendResult classify(int status, const std::string& body) { return adapter().classify(ApiResponse{status, body}); }

TEST(ZaloBotAdapter, ClassifyReadsTheBotApiEnvelope) {
  auto ok = classify(200, R"({"ok":true,"result":{"message_id":"m-77","date":1763800500123}})");
  EXPECT_EQ(ok.verdict, Verdict::delivered);
  EXPECT_EQ(ok.platform_message_id, "m-77");

  auto limited = classify(429, R"({"ok":false,"error_code":429,"description":"Too Many Requests",)"
                               R"("parameters":{"retry_after":7}})");
  EXPECT_EQ(limited.verdict, Verdict::retry_after);
  EXPECT_EQ(limited.retry_after, std::chrono::seconds(7));

  EXPECT_EQ(classify(403, R"({"ok":false,"error_code":403,"description":"Forbidden"})").verdict,
            Verdict::chat_inactive);
  EXPECT_EQ(classify(400, R"({"ok":false,"error_code":400,"description":"Bad Request: chat not found"})").verdict,
            Verdict::chat_inactive);
  EXPECT_EQ(classify(400, R"({"ok":false,"error_code":400,"description":"Bad Request: text is empty"})").verdict,
            Verdict::failed);
  EXPECT_EQ(classify(500, R"({"ok":false,"error_code":500,"description":"Internal"})").verdict, Verdict::retry);
  EXPECT_EQ(classify(502, "<html>Bad Gateway</html>").verdict, Verdict::retry);
  EXPECT_EQ(classify(200, "<html>oops</html>").verdict, Verdict::retry);  // not the platform's word
  EXPECT_EQ(classify(0, "").verdict, Verdict::retry);
}

// The envelope is read defensively: odd field types never throw (a throw would make the
// sender retry in a tight loop).
TEST(ZaloBotAdapter, ClassifyNeverThrowsOnOddEnvelopes) {
  SendResult r;
  EXPECT_NO_THROW(r = classify(429, R"({"ok":false,"error_code":429,"description":"Too Many Requests",)"
                                    R"("parameters":null})"));
  EXPECT_EQ(r.verdict, Verdict::retry_after);
  EXPECT_NO_THROW(r = classify(403, R"({"ok":false,"error_code":403,"description":null})"));
  EXPECT_EQ(r.verdict, Verdict::chat_inactive);
  EXPECT_NO_THROW(r = classify(400, R"({"ok":false,"error_code":"400","description":"Bad Request"})"));
  EXPECT_EQ(r.verdict, Verdict::failed);
  EXPECT_NO_THROW(classify(400, R"({"ok":"false"})"));
}

TEST(ZaloBotAdapter, PollRequestSendsTimeoutAndOffsetOnlyWhenSet) {
  const auto first = adapter().poll_request(0, 30);
  ASSERT_TRUE(first.has_value());
  EXPECT_EQ(first->path, std::string("/bot") + kToken + "/getUpdates");
  EXPECT_EQ(first->api_method, "getUpdates");
  EXPECT_EQ(json::parse(first->body), (json{{"timeout", 30}}));

  const auto later = adapter().poll_request(42, 25);
  ASSERT_TRUE(later.has_value());
  EXPECT_EQ(json::parse(later->body), (json{{"timeout", 25}, {"offset", 42}}));
}

TEST(ZaloBotAdapter, WebhookAndIdentityCalls) {
  const ApiRequest set = adapter().set_webhook("https://hocvuso.example.vn/webhook/zalobot");
  EXPECT_EQ(set.path, std::string("/bot") + kToken + "/setWebhook");
  EXPECT_EQ(set.api_method, "setWebhook");
  EXPECT_EQ(json::parse(set.body),
            (json{{"url", "https://hocvuso.example.vn/webhook/zalobot"}, {"secret_token", kSecret}}));

  const ApiRequest del = adapter().delete_webhook();
  EXPECT_EQ(del.path, std::string("/bot") + kToken + "/deleteWebhook");
  EXPECT_EQ(del.api_method, "deleteWebhook");
  EXPECT_TRUE(json::parse(del.body).is_object());

  const ApiRequest me = adapter().get_me();
  EXPECT_EQ(me.path, std::string("/bot") + kToken + "/getMe");
  EXPECT_EQ(me.api_method, "getMe");
}

}  // namespace
}  // namespace hocvuso::zalobot
