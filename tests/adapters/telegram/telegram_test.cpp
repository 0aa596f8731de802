// Tests the Telegram adapter (adapters/telegram) against protocols.md section A and the
// 105 real updates in tests/fixtures/telegram-updates, plus split_text and friends from
// adapters/channel.hpp.
#include "adapters/telegram/telegram.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <future>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>
#include <string>
#include <thread>
#include <variant>
#include <vector>

namespace hocvuso::telegram {
namespace {

using nlohmann::json;
namespace fs = std::filesystem;

const fs::path kUpdates = fs::path(HOCVUSO_FIXTURES_DIR) / "telegram-updates";

TelegramConfig config() {
  TelegramConfig c;
  c.token = "123:ABC";
  c.webhook_secret = "s3cret";
  c.bot_username = "hocvuso_bot";
  return c;
}

const TelegramAdapter& adapter() {
  static const TelegramAdapter a(config());
  return a;
}

// The same bot under the username command_tag_valid.json addresses ("/test@foo_bot").
const TelegramAdapter& foo_bot() {
  static const TelegramAdapter a = [] {
    TelegramConfig c = config();
    c.bot_username = "foo_bot";
    return TelegramAdapter(c);
  }();
  return a;
}

std::string read(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

std::string fixture(const std::string& name) { return read(kUpdates / name); }

ParsedUpdate parse_ok(const TelegramAdapter& a, const std::string& file) {
  auto r = a.parse(fixture(file));
  if (const std::string* e = r ? nullptr : &r.problem().message) {
    ADD_FAILURE() << file << ": " << *e;
    return {};
  }
  return *r;
}

HeaderLookup headers(std::map<std::string, std::string> values) {
  return [values = std::move(values)](std::string_view name) -> std::string_view {
    auto it = values.find(std::string(name));
    return it == values.end() ? std::string_view() : std::string_view(it->second);
  };
}

// ---- Every real update: accepted, keyed by update_id (README of tests/fixtures) ----

TEST(TelegramFixtures, EveryUpdateParsesWithoutErrorKeyedByUpdateId) {
  std::size_t files = 0;
  for (const auto& entry : fs::directory_iterator(kUpdates)) {
    if (entry.path().extension() != ".json") continue;
    ++files;
    const std::string name = entry.path().filename().string();
    const std::string body = read(entry.path());
    const json doc = json::parse(body);
    for (const TelegramAdapter* a : {&adapter(), &foo_bot()}) {
      Result<ParsedUpdate> r;
      ASSERT_NO_THROW(r = a->parse(body)) << name;
      ASSERT_TRUE(r.has_value()) << name << ": " << r.problem().message;
      const ParsedUpdate& p = *r;
      EXPECT_EQ(p.dedupe_key, std::to_string(doc.at("update_id").get<std::int64_t>())) << name;
      // Something happened, or there is a reason why nothing did.
      EXPECT_TRUE(p.message.has_value() || !p.events.empty() || !p.ignored.empty()) << name;
      EXPECT_TRUE(!p.message.has_value() || p.ignored.empty()) << name;
    }
  }
  EXPECT_EQ(files, 105u);
}

enum class Kind { text, command, button, unsupported, bot_added, bot_removed, title_changed, migrated, ignored };

struct Row {
  const char* file;
  Kind kind;
};

// The kinds hocvuso understands (A2), and a sample of those it must ignore.
const std::vector<Row>& table() {
  static const std::vector<Row> rows = {
      {"text.json", Kind::text},
      {"message.json", Kind::text},
      {"food.json", Kind::text},
      {"entities.json", Kind::text},
      {"not_command.json", Kind::text},
      {"message_general_topic.json", Kind::text},
      {"message_topic.json", Kind::text},
      {"message_forward_origin.json", Kind::text},
      {"edited_message.json", Kind::text},
      {"command.json", Kind::command},
      {"command_message.json", Kind::command},
      {"command_with_parameters.json", Kind::command},
      {"command_tag_valid.json", Kind::command},
      {"command_tag_wrong.json", Kind::ignored},
      {"callback_query.json", Kind::button},
      {"callback_query_complex.json", Kind::button},
      {"callback_query_inaccessible_message.json", Kind::button},
      {"callback_query_without_message.json", Kind::button},
      {"my_chat_member.json", Kind::bot_added},
      {"new_chat_title.json", Kind::title_changed},
      {"migrate_to_chat_id.json", Kind::migrated},
      {"migrate_from_chat_id.json", Kind::migrated},
      {"group_chat_created.json", Kind::bot_added},
      {"supergroup_chat_created.json", Kind::bot_added},
      {"photo.json", Kind::unsupported},
      {"sticker.json", Kind::unsupported},
      {"document.json", Kind::unsupported},
      {"animation.json", Kind::unsupported},
      {"audio.json", Kind::unsupported},
      {"voice.json", Kind::unsupported},
      {"video.json", Kind::unsupported},
      {"video_note.json", Kind::unsupported},
      {"contact.json", Kind::unsupported},
      {"location.json", Kind::unsupported},
      {"venue.json", Kind::unsupported},
      {"dice.json", Kind::unsupported},
      {"message_poll.json", Kind::unsupported},
      {"channel_post.json", Kind::ignored},
      {"edited_channel_post.json", Kind::ignored},
      {"inline_query.json", Kind::ignored},
      {"chosen_inline_result.json", Kind::ignored},
      {"poll.json", Kind::ignored},
      {"poll_answer.json", Kind::ignored},
      {"message_reaction.json", Kind::ignored},
      {"message_reaction_count.json", Kind::ignored},
      {"chat_member.json", Kind::ignored},
      {"chat_join_request.json", Kind::ignored},
      {"business_message.json", Kind::ignored},
      {"pre_checkout_query.json", Kind::ignored},
      {"shipping_query.json", Kind::ignored},
      {"new_chat_members.json", Kind::ignored},  // someone else joined, not the bot
      {"left_chat_member.json", Kind::ignored},  // someone else left
      {"pinned_message.json", Kind::ignored},
  };
  return rows;
}

std::optional<ChatEventKind> event_kind(Kind k) {
  switch (k) {
    case Kind::bot_added: return ChatEventKind::bot_added;
    case Kind::bot_removed: return ChatEventKind::bot_removed;
    case Kind::title_changed: return ChatEventKind::title_changed;
    case Kind::migrated: return ChatEventKind::migrated;
    default: return std::nullopt;
  }
}

TEST(TelegramFixtures, UnderstoodKindsHaveTheirEffect) {
  for (const auto& [file, kind] : table()) {
    SCOPED_TRACE(file);
    const ParsedUpdate p = parse_ok(foo_bot(), file);
    const json doc = json::parse(fixture(file));
    if (kind == Kind::ignored) {
      EXPECT_FALSE(p.message.has_value());
      EXPECT_TRUE(p.events.empty());
      EXPECT_FALSE(p.ignored.empty());
    } else if (auto ek = event_kind(kind)) {
      EXPECT_FALSE(p.message.has_value());
      ASSERT_EQ(p.events.size(), 1u);
      EXPECT_EQ(p.events[0].kind, *ek);
      EXPECT_EQ(p.events[0].chat.channel, Channel::telegram);
      EXPECT_FALSE(p.events[0].chat.id.empty());
    } else {
      ASSERT_TRUE(p.message.has_value());
      EXPECT_TRUE(p.events.empty());
      const Incoming& in = *p.message;
      EXPECT_EQ(in.chat.channel, Channel::telegram);
      EXPECT_FALSE(in.chat.id.empty());
      EXPECT_FALSE(in.sender_id.empty());
      const json& m = doc.contains("edited_message") ? doc["edited_message"] : doc.value("message", json());
      switch (kind) {
        case Kind::text:
          EXPECT_EQ(in.text, m.at("text").get<std::string>());
          EXPECT_TRUE(in.button_payload.empty());
          break;
        case Kind::command:
          ASSERT_FALSE(in.text.empty());
          EXPECT_EQ(in.text.front(), '/');
          break;
        case Kind::button:
          EXPECT_EQ(in.button_payload, doc["callback_query"]["data"].get<std::string>());
          EXPECT_TRUE(in.text.empty());
          break;
        case Kind::unsupported:
          EXPECT_EQ(in.button_payload, kUnsupportedContentPayload);
          EXPECT_TRUE(in.text.empty());
          break;
        default: ADD_FAILURE() << "unexpected kind";
      }
    }
    // Only a callback query is acknowledged at once.
    EXPECT_EQ(p.acknowledgements.size(), kind == Kind::button ? 1u : 0u);
  }
}

TEST(TelegramFixtures, TextMessageFields) {
  const ParsedUpdate p = parse_ok(adapter(), "text.json");
  ASSERT_TRUE(p.message.has_value());
  EXPECT_EQ(p.dedupe_key, "123456789");
  EXPECT_EQ(p.message->chat, (ChatRef{Channel::telegram, "12345678"}));
  EXPECT_EQ(p.message->chat_type, ChatType::private_chat);
  EXPECT_EQ(p.message->text, "aaaaaaaaaa");
  EXPECT_FALSE(p.message->edited);

  const ParsedUpdate g = parse_ok(adapter(), "message_general_topic.json");
  ASSERT_TRUE(g.message.has_value());
  EXPECT_EQ(g.message->chat.id, "-1001234567489");  // beyond 32 bits, exact
  EXPECT_EQ(g.message->chat_type, ChatType::group);
  EXPECT_EQ(g.message->chat_title, "Testing");
}

TEST(TelegramFixtures, EditedMessageIsMarkedEdited) {
  const ParsedUpdate p = parse_ok(adapter(), "edited_message.json");
  ASSERT_TRUE(p.message.has_value());
  EXPECT_TRUE(p.message->edited);
  EXPECT_EQ(p.message->text, "Editing this message");
  EXPECT_EQ(p.message->chat.id, "999999999");
}

TEST(TelegramFixtures, CommandsForAnotherBotAreIgnored) {
  // command_tag_valid.json says "/test@foo_bot", command_tag_wrong.json "/test@bar" (A2).
  const ParsedUpdate valid = parse_ok(foo_bot(), "command_tag_valid.json");
  ASSERT_TRUE(valid.message.has_value());
  EXPECT_EQ(valid.message->text, "/test@foo_bot");
  const ParsedUpdate wrong = parse_ok(foo_bot(), "command_tag_wrong.json");
  EXPECT_FALSE(wrong.message.has_value());
  EXPECT_EQ(wrong.ignored, "command for another bot");

  // Under our real name, both are someone else's; untagged commands stay ours.
  EXPECT_EQ(parse_ok(adapter(), "command_tag_valid.json").ignored, "command for another bot");
  EXPECT_EQ(parse_ok(adapter(), "command_tag_wrong.json").ignored, "command for another bot");
  EXPECT_TRUE(parse_ok(adapter(), "command.json").message.has_value());

  // The username compares case-insensitively (A2).
  TelegramAdapter shouty(config());
  shouty.set_username("FOO_Bot");
  EXPECT_EQ(shouty.username(), "FOO_Bot");
  EXPECT_TRUE(parse_ok(shouty, "command_tag_valid.json").message.has_value());
}

TEST(TelegramFixtures, CallbackQueriesAreAcknowledgedOnce) {
  for (const char* file : {"callback_query.json", "callback_query_complex.json",
                           "callback_query_inaccessible_message.json", "callback_query_without_message.json"}) {
    SCOPED_TRACE(file);
    const ParsedUpdate p = parse_ok(adapter(), file);
    const json q = json::parse(fixture(file))["callback_query"];
    ASSERT_TRUE(p.message.has_value());
    EXPECT_EQ(p.message->button_payload, q["data"].get<std::string>());
    EXPECT_EQ(p.message->sender_id, "222222222");
    // With the message gone or inaccessible, the answer goes to the presser's private chat.
    EXPECT_EQ(p.message->chat, (ChatRef{Channel::telegram, "222222222"}));
    EXPECT_EQ(p.message->chat_type, ChatType::private_chat);
    ASSERT_EQ(p.acknowledgements.size(), 1u);
    const ApiRequest& ack = p.acknowledgements[0];
    EXPECT_EQ(ack.api_method, "answerCallbackQuery");
    EXPECT_EQ(ack.path, "/bot123:ABC/answerCallbackQuery");
    EXPECT_EQ(json::parse(ack.body).at("callback_query_id"), q["id"]);
  }
}

TEST(TelegramFixtures, ChatEvents) {
  const ParsedUpdate member = parse_ok(adapter(), "my_chat_member.json");
  ASSERT_EQ(member.events.size(), 1u);
  EXPECT_EQ(member.events[0].chat.id, "987654321");
  EXPECT_EQ(member.events[0].actor_id, "123456789");

  const ParsedUpdate title = parse_ok(adapter(), "new_chat_title.json");
  ASSERT_EQ(title.events.size(), 1u);
  EXPECT_EQ(title.events[0].kind, ChatEventKind::title_changed);
  EXPECT_EQ(title.events[0].title, "wow");
  EXPECT_EQ(title.events[0].chat.id, "12345");

  // A2: the old group hears migrate_to_chat_id, the new supergroup migrate_from_chat_id;
  // both describe the move old -> new.
  const ParsedUpdate to = parse_ok(adapter(), "migrate_to_chat_id.json");
  ASSERT_EQ(to.events.size(), 1u);
  EXPECT_EQ(to.events[0].kind, ChatEventKind::migrated);
  EXPECT_EQ(to.events[0].chat.id, "12345");
  EXPECT_EQ(to.events[0].new_chat_id, "123456789");

  const ParsedUpdate from = parse_ok(adapter(), "migrate_from_chat_id.json");
  ASSERT_EQ(from.events.size(), 1u);
  EXPECT_EQ(from.events[0].kind, ChatEventKind::migrated);
  EXPECT_EQ(from.events[0].chat.id, "987654321");
  EXPECT_EQ(from.events[0].new_chat_id, "12345");

  for (const char* file : {"group_chat_created.json", "supergroup_chat_created.json"}) {
    const ParsedUpdate created = parse_ok(adapter(), file);
    ASSERT_EQ(created.events.size(), 1u) << file;
    EXPECT_EQ(created.events[0].kind, ChatEventKind::bot_added) << file;
    EXPECT_EQ(created.events[0].chat.id, "12345") << file;
  }
}

TEST(TelegramAdapter, MalformedBodiesAreErrorsNotThrows) {
  for (const char* body : {"", "nope", "[]", "{}", R"({"update_id":"1"})", R"({"update_id":1,"message":{"text":"x"}})",
                           R"({"update_id":1,"message":{"chat":{"id":5,"type":"private"},"new_chat_title":7}})"}) {
    Result<ParsedUpdate> r;
    ASSERT_NO_THROW(r = adapter().parse(body)) << body;
    EXPECT_TRUE(!r.has_value()) << body;
  }
}

// Issue 13, item 6: the largest update_id is itself, not "-1" (which another update
// could share as its key); a chat id that is an object or a fraction is refused, not
// read as a chat "" that everyone would share.
TEST(TelegramAdapter, IdsAreExactAndOnlyIntegersOrStrings) {
  const auto key_of = [](const std::string& body) {
    auto r = adapter().parse(body);
    return r.has_value() ? r->dedupe_key : "refused";
  };
  const std::string text = R"("message":{"message_id":1,"from":{"id":42,"is_bot":false,"first_name":"Lan"},)"
                           R"("chat":{"id":42,"type":"private"},"date":1,"text":"chào"})";
  EXPECT_EQ(key_of(R"({"update_id":18446744073709551615,)" + text + "}"), "18446744073709551615");
  EXPECT_EQ(key_of(R"({"update_id":9223372036854775807,)" + text + "}"), "9223372036854775807");
  EXPECT_EQ(key_of(R"({"update_id":-1,)" + text + "}"), "-1");

  auto ok = adapter().parse(R"({"update_id":5,"message":{"message_id":1,"from":{"id":18446744073709551615,"is_bot":false,)"
                            R"("first_name":"Lan"},"chat":{"id":18446744073709551615,"type":"private"},"date":1,"text":"a"}})");
  ASSERT_TRUE(ok.has_value());
  EXPECT_EQ(ok->message->chat.id, "18446744073709551615");

  for (const char* chat_id : {R"({"x":1})", "1.5", "true", "[1]", "null", R"("")"}) {
    const std::string body = std::string(R"({"update_id":7,"message":{"message_id":1,"from":{"id":42,"is_bot":false,)") +
                             R"("first_name":"Lan"},"chat":{"id":)" + chat_id + R"(,"type":"private"},"date":1,"text":"a"}})";
    Result<ParsedUpdate> r;
    ASSERT_NO_THROW(r = adapter().parse(body)) << chat_id;
    EXPECT_TRUE(!r.has_value()) << "chat.id " << chat_id << " was accepted";
  }
  // A sender id of the wrong type is refused too (a callback's from.id is required).
  const std::string cb = R"({"update_id":8,"callback_query":{"id":"q1","from":{"id":{"a":1},"is_bot":false,)"
                         R"("first_name":"Lan"},"chat_instance":"1","data":"x"}})";
  EXPECT_TRUE(!adapter().parse(cb).has_value());
}

// ---- verify (A1) ----

TEST(TelegramAdapter, VerifyChecksTheSecretHeader) {
  const char* h = "X-Telegram-Bot-Api-Secret-Token";
  EXPECT_FALSE(adapter().verify("{}", headers({{h, "s3cret"}}), {}).has_value());

  auto wrong = adapter().verify("{}", headers({{h, "s3creT"}}), {});
  ASSERT_TRUE(wrong.has_value());
  EXPECT_EQ(wrong->status, 401);
  EXPECT_EQ(wrong->reason, "bad_secret");

  auto missing = adapter().verify("{}", headers({}), {});
  ASSERT_TRUE(missing.has_value());
  EXPECT_EQ(missing->status, 401);
  EXPECT_EQ(missing->reason, "missing_secret");

  // A prefix or an extension of the secret differs only in length.
  for (const char* other : {"s3cre", "s3crett", "s3cret\n"}) {
    auto r = adapter().verify("{}", headers({{h, other}}), {});
    ASSERT_TRUE(r.has_value()) << other;
    EXPECT_EQ(r->reason, "bad_secret") << other;
  }
}

// ---- render (A3) ----

TEST(TelegramAdapter, RenderBuildsSendMessage) {
  Outgoing out;
  out.chat = ChatRef{Channel::telegram, "5512345678"};
  out.text = "Câu 1: ...";
  out.buttons = {{{"A", "q:12:A"}, {"B", "q:12:B"}}, {{"Bỏ qua", "skip"}}};
  const ApiRequest req = adapter().render(out, ChatType::private_chat);
  EXPECT_EQ(req.method, "POST");
  EXPECT_EQ(req.path, "/bot123:ABC/sendMessage");
  EXPECT_EQ(req.api_method, "sendMessage");
  const json body = json::parse(req.body);
  ASSERT_TRUE(body["chat_id"].is_number_integer());
  EXPECT_EQ(body["chat_id"].get<std::int64_t>(), 5512345678);
  EXPECT_EQ(body["text"], "Câu 1: ...");
  EXPECT_EQ(body["reply_markup"]["inline_keyboard"],
            json::parse(R"([[{"text":"A","callback_data":"q:12:A"},{"text":"B","callback_data":"q:12:B"}],)"
                        R"([{"text":"Bỏ qua","callback_data":"skip"}]])"));
  EXPECT_FALSE(body.contains("reply_parameters"));
}

TEST(TelegramAdapter, RenderSupergroupIdsExactlyAndReplies) {
  Outgoing out;
  out.chat = ChatRef{Channel::telegram, "-1001987654321"};
  out.text = "Đã ghi nhận";
  out.reply_to = "3301";
  const json body = json::parse(adapter().render(out, ChatType::group).body);
  ASSERT_TRUE(body["chat_id"].is_number_integer());
  EXPECT_EQ(body["chat_id"].get<std::int64_t>(), -1001987654321);
  EXPECT_FALSE(body.contains("reply_markup"));
  ASSERT_TRUE(body.contains("reply_parameters"));
  EXPECT_EQ(body["reply_parameters"]["message_id"], 3301);

  EXPECT_FALSE(body.contains("link_preview_options"));

  // A @channelusername stays a string.
  out.chat.id = "@hocvuso_news";
  EXPECT_EQ(json::parse(adapter().render(out, ChatType::group).body)["chat_id"], "@hocvuso_news");
}

TEST(TelegramAdapter, RenderTurnsLinkPreviewsOffWhenTheMessageSaysSo) {
  Outgoing out;
  out.chat = ChatRef{Channel::telegram, "42"};
  out.text = "Đăng nhập: https://x.vn/dashboard/dangnhap?t=abc";
  out.tag = "dashboard-link:abc";  // a tag alone says nothing about previews
  EXPECT_FALSE(json::parse(adapter().render(out, ChatType::private_chat).body).contains("link_preview_options"));
  out.link_preview = false;
  const json body = json::parse(adapter().render(out, ChatType::private_chat).body);
  EXPECT_EQ(body["link_preview_options"], json::parse(R"({"is_disabled":true})"));
}

// ---- classify (A4) ----

SendResult classify(int status, const std::string& body) { return adapter().classify(ApiResponse{status, body}); }

TEST(TelegramAdapter, ClassifyTooManyRequestsFixture) {
  const SendResult r = classify(429, read(fs::path(HOCVUSO_FIXTURES_DIR) / "telegram-too-many-requests.json"));
  EXPECT_EQ(r.verdict, Verdict::retry_after);
  EXPECT_EQ(r.retry_after, std::chrono::seconds(14));
}

TEST(TelegramAdapter, ClassifyErrors) {
  EXPECT_EQ(classify(403, R"({"ok":false,"error_code":403,"description":"Forbidden: bot was blocked by the user"})")
                .verdict,
            Verdict::chat_inactive);
  EXPECT_EQ(classify(400, R"({"ok":false,"error_code":400,"description":"Bad Request: chat not found"})").verdict,
            Verdict::chat_inactive);

  const SendResult moved =
      classify(400, R"({"ok":false,"error_code":400,"description":"Bad Request: group chat was upgraded to a )"
                    R"(supergroup chat","parameters":{"migrate_to_chat_id":-1002233445566}})");
  EXPECT_EQ(moved.verdict, Verdict::migrated);
  EXPECT_EQ(moved.new_chat_id, "-1002233445566");

  const SendResult bad =
      classify(400, R"({"ok":false,"error_code":400,"description":"Bad Request: message text is empty"})");
  EXPECT_EQ(bad.verdict, Verdict::failed);
  EXPECT_EQ(bad.detail, "Bad Request: message text is empty");

  EXPECT_EQ(classify(500, R"({"ok":false,"error_code":500,"description":"Internal Server Error"})").verdict,
            Verdict::retry);
  const SendResult down = no_answer(Problem{"timeout", "connect: timed out"});  // no HTTP answer at all
  EXPECT_EQ(down.verdict, Verdict::retry);
  EXPECT_EQ(down.detail, "connect: timed out");
}

TEST(TelegramAdapter, ClassifyDelivered) {
  const SendResult r = classify(
      200, R"({"ok":true,"result":{"message_id":18,"chat":{"id":5512345678,"type":"private"},"date":1763800020}})");
  EXPECT_EQ(r.verdict, Verdict::delivered);
  EXPECT_EQ(r.platform_message_id, "18");
}

// The answer to sendMessage carries the whole sent message back; every member of a real
// one (entities, a keyboard, nested chats) is skipped but the id.
TEST(TelegramAdapter, ClassifyDeliveredReadsTheIdOutOfARealMessage) {
  for (const char* name : {"entities.json", "callback_query_complex.json", "contact.json"}) {
    const json update = json::parse(read(fs::path(HOCVUSO_FIXTURES_DIR) / "telegram-updates" / name));
    const json message = update.contains("message") ? update["message"] : update["callback_query"]["message"];
    const SendResult r = classify(200, json{{"ok", true}, {"result", message}}.dump(2));
    EXPECT_EQ(r.verdict, Verdict::delivered) << name;
    EXPECT_EQ(r.platform_message_id, std::to_string(message["message_id"].get<std::int64_t>())) << name;
  }
}

// Read defensively, as the document reader read it: fields of an unexpected type count
// as absent, a repeated member as its last copy, and only a whole JSON object is the
// platform's word.
TEST(TelegramAdapter, ClassifyReadsTheEnvelopeDefensively) {
  const SendResult slow = classify(429, R"({"ok":"true","error_code":"429","parameters":{"retry_after":"7"}})");
  EXPECT_EQ(slow.verdict, Verdict::retry_after);
  EXPECT_EQ(slow.retry_after, std::chrono::seconds(7));
  EXPECT_EQ(classify(429, R"({"ok":false,"parameters":{"retry_after":0.5}})").retry_after, std::chrono::seconds(1));
  EXPECT_EQ(classify(200, R"({"ok":true,"ok":false,"error_code":403})").verdict, Verdict::chat_inactive);
  EXPECT_EQ(classify(400, R"({"ok":false,"error_code":400,"description":null,"parameters":[1]})").verdict,
            Verdict::failed);
  EXPECT_EQ(classify(400, R"({"ok":false,"parameters":{"migrate_to_chat_id":0}})").verdict, Verdict::failed);
  for (const char* broken : {"<html>502 Bad Gateway</html>", R"({"ok":true,"result":{"message_id":1)", "[]",
                             R"({"ok":true} {"ok":true})", R"({"ok":true,"result":{"text":"\ud800"}})", ""}) {
    const SendResult r = classify(200, broken);
    EXPECT_EQ(r.verdict, Verdict::retry) << broken;
    EXPECT_EQ(r.detail, "HTTP 200 without a JSON envelope") << broken;
  }
}

// ---- setWebhook (A1) ----

TEST(TelegramAdapter, SetWebhookAsksForTheKindsWeUse) {
  const ApiRequest req = adapter().set_webhook("https://hocvuso.example.vn/webhook/telegram");
  EXPECT_EQ(req.path, "/bot123:ABC/setWebhook");
  EXPECT_EQ(req.api_method, "setWebhook");
  const json body = json::parse(req.body);
  EXPECT_EQ(body["url"], "https://hocvuso.example.vn/webhook/telegram");
  EXPECT_EQ(body["secret_token"], "s3cret");
  // Leaving allowed_updates out keeps whatever was set before (A1): always send it.
  const auto kinds = body.at("allowed_updates").get<std::vector<std::string>>();
  for (const char* k : {"message", "edited_message", "callback_query", "my_chat_member"}) {
    EXPECT_NE(std::find(kinds.begin(), kinds.end(), k), kinds.end()) << k;
  }
  const json poll = json::parse(adapter().poll_request(7, 30)->body);
  EXPECT_EQ(poll["offset"], 7);
  EXPECT_EQ(poll["timeout"], 30);
}

// ---- split_text, utf16_units, constant_time_equal (adapters/channel.hpp) ----

bool is_space(char c) { return c == ' ' || c == '\n'; }

// The pieces, in order, are the text with only whitespace dropped at the cuts.
::testing::AssertionResult reassembles(const std::string& text, const std::vector<std::string>& pieces) {
  std::size_t pos = 0;
  for (std::size_t i = 0; i < pieces.size(); ++i) {
    while (pos < text.size() && is_space(text[pos]) && text.compare(pos, pieces[i].size(), pieces[i]) != 0) ++pos;
    if (text.compare(pos, pieces[i].size(), pieces[i]) != 0) {
      return ::testing::AssertionFailure() << "piece " << i << " does not continue the text at byte " << pos;
    }
    pos += pieces[i].size();
  }
  while (pos < text.size() && is_space(text[pos])) ++pos;
  if (pos != text.size()) return ::testing::AssertionFailure() << "text left over from byte " << pos;
  return ::testing::AssertionSuccess();
}

bool valid_utf8(std::string_view s) {
  for (std::size_t i = 0; i < s.size();) {
    const auto c = static_cast<unsigned char>(s[i]);
    const std::size_t n = c < 0x80 ? 1 : (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xE ? 3 : (c >> 3) == 0x1E ? 4 : 0;
    if (n == 0 || i + n > s.size()) return false;
    for (std::size_t k = 1; k < n; ++k) {
      if ((static_cast<unsigned char>(s[i + k]) >> 6) != 0x2) return false;
    }
    i += n;
  }
  return true;
}

std::size_t code_points(std::string_view s) {
  return static_cast<std::size_t>(
      std::count_if(s.begin(), s.end(), [](char c) { return (static_cast<unsigned char>(c) >> 6) != 0x2; }));
}

TEST(SplitText, UnitsCountUtf16) {
  EXPECT_EQ(utf16_units(""), 0u);
  EXPECT_EQ(utf16_units("abc"), 3u);
  EXPECT_EQ(utf16_units("Học vụ số"), 9u);  // 2- and 3-byte characters are one unit
  EXPECT_EQ(utf16_units("😀"), 2u);         // astral plane: a surrogate pair
  EXPECT_EQ(utf16_units("a😀b👍"), 6u);
}

TEST(SplitText, ShortTextIsOnePiece) {
  EXPECT_EQ(split_text("Xin chào", 4096), std::vector<std::string>{"Xin chào"});
  EXPECT_TRUE(split_text("", 4096).empty());
}

TEST(SplitText, LongTextCutsAtParagraphBreaks) {
  // About 10,000 characters in paragraphs of varying length, with diacritics and emoji.
  std::string text;
  int n = 0;
  while (code_points(text) < 10000) {
    if (!text.empty()) text += "\n\n";
    const int sentences = 3 + (n * 7) % 9;
    for (int s = 0; s < sentences; ++s) {
      text += "Đoạn " + std::to_string(n) + ", câu " + std::to_string(s) + ": người dân được hướng dẫn 👍 nộp hồ sơ. ";
    }
    text += "Hết đoạn.";
    ++n;
  }
  ASSERT_GE(code_points(text), 10000u);
  const auto pieces = split_text(text, 4096);
  ASSERT_GE(pieces.size(), 3u);
  EXPECT_TRUE(reassembles(text, pieces));
  std::size_t pos = 0;
  for (std::size_t i = 0; i < pieces.size(); ++i) {
    EXPECT_LE(utf16_units(pieces[i]), 4096u) << i;
    EXPECT_TRUE(valid_utf8(pieces[i])) << i;
    pos = text.find(pieces[i], pos) + pieces[i].size();
    // Every cut but the end of the text falls on a paragraph break.
    if (i + 1 < pieces.size()) {
      EXPECT_EQ(text.compare(pos, 2, "\n\n"), 0) << "cut " << i;
    }
  }
}

TEST(SplitText, EmojiAreNeverSplit) {
  std::string emoji;
  for (int i = 0; i < 5000; ++i) emoji += "😀";  // 10,000 units, no spaces
  auto pieces = split_text(emoji, 4096);
  EXPECT_TRUE(reassembles(emoji, pieces));
  for (const auto& p : pieces) {
    EXPECT_LE(utf16_units(p), 4096u);
    EXPECT_TRUE(valid_utf8(p));
    EXPECT_EQ(p.size() % 4, 0u);
  }

  // An odd start makes a cut fall in the middle of a surrogate pair: it must move before it.
  const std::string odd = "a" + emoji;
  pieces = split_text(odd, 4096);
  EXPECT_TRUE(reassembles(odd, pieces));
  ASSERT_GE(pieces.size(), 2u);
  EXPECT_EQ(utf16_units(pieces[0]), 4095u);
  for (const auto& p : pieces) {
    EXPECT_LE(utf16_units(p), 4096u);
    EXPECT_TRUE(valid_utf8(p));
  }
}

TEST(SplitText, TextWithoutSpacesIsHardCutOnCharacterBoundaries) {
  std::string text;
  for (int i = 0; i < 10000; ++i) text += "ệ";  // 3 bytes, 1 unit each
  const auto pieces = split_text(text, 4096);
  ASSERT_EQ(pieces.size(), 3u);
  EXPECT_EQ(utf16_units(pieces[0]), 4096u);
  EXPECT_EQ(utf16_units(pieces[1]), 4096u);
  EXPECT_EQ(utf16_units(pieces[2]), 10000u - 2 * 4096u);
  for (const auto& p : pieces) EXPECT_TRUE(valid_utf8(p));
  EXPECT_EQ(pieces[0] + pieces[1] + pieces[2], text);
}

// A character wider than the limit is sent whole instead of looping forever; the split
// runs on a detached thread so that a regression fails instead of hanging.
TEST(SplitText, TerminatesWhenOneCharacterExceedsTheLimit) {
  auto done = std::make_shared<std::promise<std::vector<std::string>>>();
  auto result = done->get_future();
  std::thread([done] { done->set_value(split_text("😀😀", 1)); }).detach();
  ASSERT_EQ(result.wait_for(std::chrono::seconds(2)), std::future_status::ready) << "split_text hangs";
  EXPECT_EQ(result.get(), (std::vector<std::string>{"😀", "😀"}));
}

TEST(SplitText, ConstantTimeEqualBasics) {
  EXPECT_TRUE(constant_time_equal("", ""));
  EXPECT_TRUE(constant_time_equal("s3cret", "s3cret"));
  EXPECT_FALSE(constant_time_equal("s3cret", "s3creT"));
  EXPECT_FALSE(constant_time_equal("s3cret", "s3cre"));
  EXPECT_FALSE(constant_time_equal("s3cre", "s3cret"));
  EXPECT_FALSE(constant_time_equal("", "x"));
  // Trailing NULs are not a way to match a shorter secret.
  EXPECT_FALSE(constant_time_equal("abc", std::string_view("abc\0", 4)));
}

}  // namespace
}  // namespace hocvuso::telegram
