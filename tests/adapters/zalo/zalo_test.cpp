// Tests the Zalo OA adapter (adapters/zalo/zalo.hpp) against protocols.md section B.
#include "adapters/zalo/zalo.hpp"

#include <gtest/gtest.h>
#include <openssl/evp.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <variant>
#include <vector>

namespace hocvuso::zalo {
namespace {

using nlohmann::json;
using std::chrono::milliseconds;

constexpr const char* kAppId = "3608465248940903967";
constexpr const char* kOaSecret = "oa-secret-Zx81";
constexpr const char* kAppSecret = "app-secret-Q7";
constexpr std::int64_t kTs = 1763800000123;  // the B1 sample's timestamp

ZaloConfig config() {
  ZaloConfig c;
  c.app_id = kAppId;
  c.oa_secret = kOaSecret;
  c.app_secret = kAppSecret;
  c.signature_window_seconds = 7200;  // the least config.cpp allows
  return c;
}

const ZaloAdapter& adapter() {
  static const ZaloAdapter a(config());
  return a;
}

TimePoint at_ms(std::int64_t ms) { return TimePoint(milliseconds(ms)); }

// B2, computed independently of the adapter: "mac=" + hex SHA-256(app_id ‖ body ‖ timestamp ‖ secret).
std::string mac(const std::string& app_id, const std::string& body, const std::string& timestamp,
                const std::string& secret) {
  const std::string input = app_id + body + timestamp + secret;
  std::array<unsigned char, EVP_MAX_MD_SIZE> md{};
  unsigned int len = 0;
  EVP_Digest(input.data(), input.size(), md.data(), &len, EVP_sha256(), nullptr);
  std::string hex;
  for (unsigned int i = 0; i < len; ++i) {
    static constexpr char digits[] = "0123456789abcdef";
    hex += digits[md[i] >> 4];
    hex += digits[md[i] & 0xF];
  }
  return "mac=" + hex;
}

HeaderLookup headers(std::map<std::string, std::string> values) {
  return [values = std::move(values)](std::string_view name) -> std::string_view {
    const auto it = values.find(std::string(name));
    return it == values.end() ? std::string_view() : std::string_view(it->second);
  };
}

const std::string kTextBody =
    R"({"app_id":"3608465248940903967","user_id_by_app":"5521772797175877301","event_name":"user_send_text",)"
    R"("sender":{"id":"2468458835296197922"},"recipient":{"id":"3886132808798806451"},)"
    R"("message":{"msg_id":"96d3cdf3af150460909a","text":"/bai 2"},"timestamp":"1763800000123"})";

// ---------------------------------------------------------------------------------
// verify (B2)
// ---------------------------------------------------------------------------------

TEST(ZaloVerify, Table) {
  const std::string ts = std::to_string(kTs);
  const std::string good = mac(kAppId, kTextBody, ts, kOaSecret);
  const std::string other_app_body = R"({"app_id":"1111111111111111111","event_name":"user_send_text","timestamp":")" +
                                     ts + R"("})";
  const std::string numeric_ts_body = R"({"app_id":"3608465248940903967","event_name":"follow","timestamp":)" + ts + "}";
  const std::string upper = [&] {
    std::string s = good;
    for (std::size_t i = 4; i < s.size(); ++i) s[i] = static_cast<char>(std::toupper(static_cast<unsigned char>(s[i])));
    return s;
  }();
  const std::int64_t window_ms = 7'200'000;
  struct Case {
    std::string name;
    std::string body;
    std::optional<std::string> signature;  // nullopt: no header
    std::int64_t now_ms;
    std::optional<Rejection> want;
    std::string num_retry = {};  // non-empty: Zalo's redelivery header
  };
  const std::int64_t three_hours_ms = 3 * 3'600'000;
  const std::vector<Case> cases = {
      {"genuine with mac=", kTextBody, good, kTs + 1500, std::nullopt},
      {"genuine without mac=", kTextBody, good.substr(4), kTs, std::nullopt},
      {"genuine, upper-case hex", kTextBody, upper, kTs, std::nullopt},
      {"surrounding blanks", kTextBody, " " + good + " ", kTs, std::nullopt},
      {"numeric timestamp", numeric_ts_body, mac(kAppId, numeric_ts_body, ts, kOaSecret), kTs, std::nullopt},
      {"missing header", kTextBody, std::nullopt, kTs, Rejection{401, "missing_signature"}},
      {"empty header", kTextBody, "", kTs, Rejection{401, "missing_signature"}},
      {"bare mac=", kTextBody, "mac=", kTs, Rejection{401, "bad_signature"}},
      {"forged: wrong secret", kTextBody, mac(kAppId, kTextBody, ts, "guess"), kTs, Rejection{401, "bad_signature"}},
      {"forged: app secret, not OA secret", kTextBody, mac(kAppId, kTextBody, ts, kAppSecret), kTs,
       Rejection{401, "bad_signature"}},
      {"forged: body changed after signing", kTextBody + " ", good, kTs, Rejection{401, "bad_signature"}},
      {"forged: timestamp left out", kTextBody, mac(kAppId, kTextBody, "", kOaSecret), kTs,
       Rejection{401, "bad_signature"}},
      {"wrong app id", other_app_body, mac("1111111111111111111", other_app_body, ts, kOaSecret), kTs,
       Rejection{401, "wrong_app"}},
      {"old, at the window edge", kTextBody, good, kTs + window_ms, std::nullopt},
      {"old, past the window", kTextBody, good, kTs + window_ms + 1, Rejection{401, "stale"}},
      {"future, at the window edge", kTextBody, good, kTs - window_ms, std::nullopt},
      {"future, past the window", kTextBody, good, kTs - window_ms - 1, Rejection{401, "stale"}},
      // B1: Zalo's last retry comes ~1 h 50 min after the event, with the original body and timestamp.
      {"first delivery 1 h 51 min late", kTextBody, good, kTs + 6'660'000, std::nullopt},
      {"retry 3 h late, num_retry set", kTextBody, good, kTs + three_hours_ms, std::nullopt, "5"},
      {"retry 3 h late, num_retry blank", kTextBody, good, kTs + three_hours_ms, Rejection{401, "stale"}, " "},
      {"retry forged", kTextBody, mac(kAppId, kTextBody, ts, "guess"), kTs + three_hours_ms,
       Rejection{401, "bad_signature"}, "1"},
      {"retry unsigned", kTextBody, std::nullopt, kTs, Rejection{401, "missing_signature"}, "1"},
      {"timestamp only nested", R"({"app_id":"3608465248940903967","message":{"timestamp":"1763800000123"}})", good,
       kTs, Rejection{400, "malformed"}},
      {"timestamp an object", R"({"app_id":"3608465248940903967","timestamp":{"ms":"1763800000123"}})", good, kTs,
       Rejection{400, "malformed"}},
      {"JSON cut off", kTextBody.substr(0, kTextBody.size() - 2), good, kTs, Rejection{400, "malformed"}},
      {"empty probe, unsigned", "", std::nullopt, kTs, std::nullopt},
      {"empty probe, any signature", "", "mac=abc", kTs, std::nullopt},
      {"not JSON", "hello", good, kTs, Rejection{400, "malformed"}},
      {"JSON array", "[1,2]", good, kTs, Rejection{400, "malformed"}},
      {"no timestamp", R"({"app_id":"3608465248940903967","event_name":"follow"})", good, kTs,
       Rejection{400, "malformed"}},
      {"timestamp not digits", R"({"app_id":"3608465248940903967","timestamp":"17638e9"})", good, kTs,
       Rejection{400, "malformed"}},
      {"timestamp a float", R"({"app_id":"3608465248940903967","timestamp":1.7638e12})", good, kTs,
       Rejection{400, "malformed"}},
  };
  for (const Case& c : cases) {
    std::map<std::string, std::string> h;
    if (c.signature) h["X-ZEvent-Signature"] = *c.signature;
    if (!c.num_retry.empty()) h["num_retry"] = c.num_retry;
    const auto got = adapter().verify(c.body, headers(h), at_ms(c.now_ms));
    ASSERT_EQ(got.has_value(), c.want.has_value()) << c.name << (got ? ": " + got->reason : "");
    if (got) {
      EXPECT_EQ(got->status, c.want->status) << c.name;
      EXPECT_EQ(got->reason, c.want->reason) << c.name;
    }
  }
}

// Issue 13, item 7: the signature is checked before the body is parsed. A large body
// with a wrong signature is refused as unsigned (401) after a scan of its top-level
// fields, without building a document; a signed one is still read and checked in full.
TEST(ZaloVerify, ALargeUnsignedBodyIsRefusedWithoutBeingParsed) {
  const std::string ts = std::to_string(kTs);
  std::string big = R"({"app_id":"3608465248940903967","event_name":"user_send_text","timestamp":")" + ts +
                    R"(","message":{"text":")" + std::string(1 << 20, 'a') + "\"}}";
  std::map<std::string, std::string> h{{"X-ZEvent-Signature", mac(kAppId, big, ts, "guess")}};
  auto got = adapter().verify(big, headers(h), at_ms(kTs));
  ASSERT_TRUE(got);
  EXPECT_EQ(got->status, 401);
  EXPECT_EQ(got->reason, "bad_signature");

  // Signed, but the timestamp the signature covers is not the body's own.
  const std::string body = R"({"app_id":"3608465248940903967","event_name":"follow","note":{"timestamp":"1"},"timestamp":")" +
                           ts + R"("})";
  h["X-ZEvent-Signature"] = mac(kAppId, body, "1", kOaSecret);
  got = adapter().verify(body, headers(h), at_ms(kTs));
  ASSERT_TRUE(got);
  EXPECT_EQ(got->reason, "bad_signature");
  h["X-ZEvent-Signature"] = mac(kAppId, body, ts, kOaSecret);
  EXPECT_FALSE(adapter().verify(body, headers(h), at_ms(kTs)));
}

// ---------------------------------------------------------------------------------
// parse (B1, B5)
// ---------------------------------------------------------------------------------

ParsedUpdate parsed(const std::string& body) {
  auto r = adapter().parse(body);
  if (const std::string* err = r ? nullptr : &r.problem().message) ADD_FAILURE() << "refused: " << *err << "\n" << body;
  return r.has_value() ? *r : ParsedUpdate{};
}

TEST(ZaloParse, PrivateText) {
  const ParsedUpdate u = parsed(kTextBody);
  ASSERT_TRUE(u.message);
  EXPECT_TRUE(u.ignored.empty());
  EXPECT_TRUE(u.events.empty());
  EXPECT_EQ(u.dedupe_key, "96d3cdf3af150460909a");
  const Incoming& in = *u.message;
  EXPECT_EQ(in.chat, (ChatRef{Channel::zalo, "2468458835296197922"}));
  EXPECT_EQ(in.chat_type, ChatType::private_chat);
  EXPECT_EQ(in.sender_id, "2468458835296197922");
  EXPECT_EQ(in.text, "/bai 2");
  EXPECT_EQ(in.button_payload, "");
  EXPECT_EQ(in.platform_message_id, "96d3cdf3af150460909a");
  EXPECT_EQ(in.time, at_ms(kTs));
}

TEST(ZaloParse, ButtonClickComesBackAsText) {
  // B3: an oa.query.hide click is a user_send_text whose text is the payload.
  const ParsedUpdate u = parsed(
      R"({"app_id":"3608465248940903967","event_name":"user_send_text","sender":{"id":"2468458835296197922"},)"
      R"("recipient":{"id":"3886132808798806451"},"message":{"msg_id":"a0a0","text":"menu:learn"},"timestamp":"1763800000500"})");
  ASSERT_TRUE(u.message);
  EXPECT_EQ(u.message->text, "menu:learn");
}

TEST(ZaloParse, MediaKindsAreUnsupportedContent) {
  const std::vector<std::pair<std::string, std::string>> kinds = {
      {"image", R"({"type":"image","payload":{"url":"https://s120.zdn.vn/a.jpg","thumbnail":"https://s120.zdn.vn/t.jpg"}})"},
      {"gif", R"({"type":"gif","payload":{"url":"https://s120.zdn.vn/a.gif","thumbnail":""}})"},
      {"sticker", R"({"type":"sticker","payload":{"id":"bfe458bf64fa8da4d4eb","url":"https://zalo-api.zadn.vn/s"}})"},
      {"file", R"({"type":"file","payload":{"url":"https://f.zdn.vn/x.pdf","name":"x.pdf","size":"1024","type":"pdf"}})"},
      {"audio", R"({"type":"audio","payload":{"url":"https://f.zdn.vn/v.aac"}})"},
      {"video", R"({"type":"video","payload":{"url":"https://f.zdn.vn/v.mp4","thumbnail":"https://f.zdn.vn/v.jpg"}})"},
      {"location", R"({"type":"location","payload":{"coordinates":{"latitude":"21.02","longitude":"105.84"}}})"},
      {"link", R"({"type":"link","payload":{"url":"https://vnexpress.net","description":"","thumbnail":""}})"},
      {"business_card", R"({"type":"business_card","payload":{"description":"card"}})"},
  };
  for (const auto& [kind, attachment] : kinds) {
    const std::string body = R"({"app_id":"3608465248940903967","event_name":"user_send_)" + kind +
                             R"(","sender":{"id":"2468458835296197922"},"recipient":{"id":"3886132808798806451"},)"
                             R"("message":{"msg_id":"m-)" + kind + R"(","attachments":[)" + attachment +
                             R"(]},"timestamp":"1763800000123"})";
    const ParsedUpdate u = parsed(body);
    ASSERT_TRUE(u.message) << kind;
    EXPECT_EQ(u.message->button_payload, kUnsupportedContentPayload) << kind;
    EXPECT_EQ(u.message->text, "") << kind;
    EXPECT_EQ(u.message->chat, (ChatRef{Channel::zalo, "2468458835296197922"})) << kind;
    EXPECT_EQ(u.message->chat_type, ChatType::private_chat) << kind;
    EXPECT_EQ(u.dedupe_key, "m-" + kind) << kind;
  }
}

TEST(ZaloParse, FollowAndUnfollow) {
  const std::string follow =
      R"({"app_id":"3608465248940903967","oa_id":"3886132808798806451","user_id_by_app":"5521772797175877301",)"
      R"("event_name":"follow","follower":{"id":"2468458835296197922"},"source":"oa_profile","timestamp":"1763800001000"})";
  std::string unfollow = follow;
  unfollow.replace(unfollow.find("\"follow\""), 8, "\"unfollow\"");

  const ParsedUpdate f = parsed(follow);
  ASSERT_EQ(f.events.size(), 1u);
  EXPECT_FALSE(f.message);
  EXPECT_EQ(f.events[0].kind, ChatEventKind::followed);
  EXPECT_EQ(f.events[0].chat, (ChatRef{Channel::zalo, "2468458835296197922"}));
  EXPECT_EQ(f.events[0].chat_type, ChatType::private_chat);
  EXPECT_EQ(f.dedupe_key, "follow:2468458835296197922:1763800001000");

  const ParsedUpdate u = parsed(unfollow);
  ASSERT_EQ(u.events.size(), 1u);
  EXPECT_EQ(u.events[0].kind, ChatEventKind::unfollowed);
  EXPECT_EQ(u.dedupe_key, "unfollow:2468458835296197922:1763800001000");
  EXPECT_NE(f.dedupe_key, u.dedupe_key);
}

const std::string kGroupText =
    R"({"app_id":"3608465248940903967","event_name":"user_send_group_text","sender":{"id":"2468458835296197922"},)"
    R"("recipient":{"id":"f414c8f76fa586fbdfb4"},"message":{"msg_id":"a1b2c3d4e5f6a7b8c9d0","text":"/baocao Q3 45 lượt"},)"
    R"("timestamp":"1763800500000"})";

TEST(ZaloParse, GroupText) {
  const ParsedUpdate u = parsed(kGroupText);
  ASSERT_TRUE(u.message);
  EXPECT_EQ(u.message->chat, (ChatRef{Channel::zalo, "f414c8f76fa586fbdfb4"}));
  EXPECT_EQ(u.message->chat_type, ChatType::group);
  EXPECT_EQ(u.message->sender_id, "2468458835296197922");
  EXPECT_EQ(u.message->text, "/baocao Q3 45 lượt");
  EXPECT_EQ(u.dedupe_key, "a1b2c3d4e5f6a7b8c9d0");
  EXPECT_EQ(u.message->time, at_ms(1763800500000));
}

TEST(ZaloParse, GroupTextWithRecipientGroupId) {
  const ParsedUpdate u = parsed(
      R"({"app_id":"3608465248940903967","oa_id":"3886132808798806451","event_name":"user_send_group_text",)"
      R"("sender":{"id":"2468458835296197922"},"recipient":{"id":"3886132808798806451","group_id":"f414c8f76fa586fbdfb4"},)"
      R"("message":{"msg_id":"g2","text":"chào"},"timestamp":"1763800500000"})");
  ASSERT_TRUE(u.message);
  EXPECT_EQ(u.message->chat.id, "f414c8f76fa586fbdfb4");
}

TEST(ZaloParse, GroupLifecycle) {
  struct Case {
    std::string event;
    std::optional<ChatEventKind> kind;  // nullopt: ignored
    std::string title;
  };
  const std::vector<Case> cases = {
      {"create_group", ChatEventKind::bot_added, "Tổ CNSCĐ phường 3"},
      {"user_join_group", std::nullopt, ""},  // a member joined, not the OA
      {"update_group_info", ChatEventKind::title_changed, "Tổ CNSCĐ phường 3"},
      {"disperse_group", ChatEventKind::bot_removed, "Tổ CNSCĐ phường 3"},
      {"delete_group", ChatEventKind::bot_removed, "Tổ CNSCĐ phường 3"},
      {"user_out_group", std::nullopt, ""},
      {"user_leave_group", std::nullopt, ""},
  };
  for (const Case& c : cases) {
    const std::string body = R"({"app_id":"3608465248940903967","oa_id":"3886132808798806451","event_name":")" +
                             c.event +
                             R"(","sender":{"id":"2468458835296197922"},"recipient":{"id":"f414c8f76fa586fbdfb4"},)"
                             R"("group_name":"Tổ CNSCĐ phường 3","timestamp":"1763800600000"})";
    const ParsedUpdate u = parsed(body);
    EXPECT_FALSE(u.message) << c.event;
    EXPECT_FALSE(u.dedupe_key.empty()) << c.event;
    if (!c.kind) {
      EXPECT_FALSE(u.ignored.empty()) << c.event;
      EXPECT_TRUE(u.events.empty()) << c.event;
      continue;
    }
    EXPECT_TRUE(u.ignored.empty()) << c.event;
    ASSERT_EQ(u.events.size(), 1u) << c.event;
    EXPECT_EQ(u.events[0].kind, *c.kind) << c.event;
    EXPECT_EQ(u.events[0].chat, (ChatRef{Channel::zalo, "f414c8f76fa586fbdfb4"})) << c.event;
    EXPECT_EQ(u.events[0].chat_type, ChatType::group) << c.event;
    EXPECT_EQ(u.events[0].title, c.title) << c.event;
    EXPECT_EQ(u.events[0].actor_id, "2468458835296197922") << c.event;
    EXPECT_EQ(u.dedupe_key, c.event + ":f414c8f76fa586fbdfb4:2468458835296197922:1763800600000") << c.event;
  }
}

TEST(ZaloParse, UserJoinGroupIsTheBotOnlyWhenTheMemberIsTheOa) {
  const std::string oa_joins =
      R"({"app_id":"3608465248940903967","oa_id":"3886132808798806451","event_name":"user_join_group",)"
      R"("sender":{"id":"3886132808798806451"},"recipient":{"id":"f414c8f76fa586fbdfb4"},"timestamp":"1763800600000"})";
  const ParsedUpdate u = parsed(oa_joins);
  ASSERT_EQ(u.events.size(), 1u);
  EXPECT_EQ(u.events[0].kind, ChatEventKind::bot_added);
  EXPECT_EQ(u.events[0].chat.id, "f414c8f76fa586fbdfb4");
}

TEST(ZaloParse, GroupEventWithoutNameHasEmptyTitle) {
  const ParsedUpdate u = parsed(
      R"({"app_id":"3608465248940903967","event_name":"create_group","group_id":"f414c8f76fa586fbdfb4","timestamp":"1"})");
  ASSERT_EQ(u.events.size(), 1u);
  EXPECT_EQ(u.events[0].chat.id, "f414c8f76fa586fbdfb4");
  EXPECT_EQ(u.events[0].title, "");
}

TEST(ZaloParse, IgnoredKinds) {
  const std::vector<std::string> bodies = {
      // group media: never answered, to keep groups quiet
      R"({"event_name":"user_send_group_image","sender":{"id":"1"},"recipient":{"id":"f414"},"message":{"msg_id":"x1","attachments":[]},"timestamp":"1"})",
      R"({"event_name":"user_send_group_sticker","sender":{"id":"1"},"recipient":{"id":"f414"},"message":{"msg_id":"x2"},"timestamp":"1"})",
      // echoes, receipts, reactions
      R"({"event_name":"oa_send_text","sender":{"id":"3886132808798806451"},"recipient":{"id":"2468458835296197922"},"message":{"msg_id":"e1","text":"hi"},"timestamp":"1"})",
      R"({"event_name":"oa_send_template","sender":{"id":"3886132808798806451"},"recipient":{"id":"2468458835296197922"},"message":{"msg_id":"e2"},"timestamp":"1"})",
      R"({"event_name":"oa_send_group_text","sender":{"id":"3886132808798806451"},"recipient":{"id":"f414"},"message":{"msg_id":"e3"},"timestamp":"1"})",
      R"({"event_name":"user_received_message","sender":{"id":"3886132808798806451"},"recipient":{"id":"2468458835296197922"},"message":{"msg_id":"e1"},"timestamp":"2"})",
      R"({"event_name":"user_seen_message","sender":{"id":"3886132808798806451"},"recipient":{"id":"2468458835296197922"},"message":{"msg_ids":["e1","e2"]},"timestamp":"3"})",
      R"({"event_name":"user_reacted_message","sender":{"id":"2468458835296197922"},"message":{"msg_id":"r1","react_icon":"/-heart"},"timestamp":"4"})",
      R"({"event_name":"oa_reacted_message","sender":{"id":"3886132808798806451"},"message":{"msg_id":"r2"},"timestamp":"5"})",
      // other and unknown events
      R"({"event_name":"user_click_chatnow","user_id":"2468458835296197922","oa_id":"3886132808798806451","timestamp":"6"})",
      R"({"event_name":"user_submit_info","sender":{"id":"2468458835296197922"},"info":{"name":"A"},"timestamp":"7"})",
      R"({"event_name":"anonymous_send_text","sender":{"id":"anon"},"message":{"msg_id":"an1","text":"x"},"timestamp":"8"})",
      R"({"event_name":"permission_revoked","timestamp":"9"})",
      R"({"event_name":"user_send_hologram","sender":{"id":"2468458835296197922"},"message":{"msg_id":"h1"},"timestamp":"10"})",
      R"({"event_name":"follow","timestamp":"11"})",
      R"({"event_name":"create_group","timestamp":"12"})",
  };
  std::vector<std::string> keys;
  for (const std::string& body : bodies) {
    const ParsedUpdate u = parsed(body);
    EXPECT_FALSE(u.ignored.empty()) << body;
    EXPECT_FALSE(u.message) << body;
    EXPECT_TRUE(u.events.empty()) << body;
    EXPECT_FALSE(u.dedupe_key.empty()) << body;
    keys.push_back(u.dedupe_key);
  }
  // The OA's echo and its delivery receipt share a msg_id but are two deliveries.
  std::sort(keys.begin(), keys.end());
  EXPECT_EQ(std::adjacent_find(keys.begin(), keys.end()), keys.end());
}

TEST(ZaloParse, RegistrationProbe) {
  const ParsedUpdate u = parsed("");
  EXPECT_EQ(u.ignored, "registration probe");
  EXPECT_EQ(u.dedupe_key, "");
  EXPECT_FALSE(u.message);
}

TEST(ZaloParse, LargeIdsArePreservedExactly) {
  // Past 2^64 as a string, and 2^53 + 1 as a bare JSON number: a double would turn it into 2^53.
  const ParsedUpdate a = parsed(
      R"({"event_name":"user_send_text","sender":{"id":"184467440737095516161234"},"message":{"msg_id":"9007199254740993123","text":"x"},"timestamp":"1763800000123"})");
  ASSERT_TRUE(a.message);
  EXPECT_EQ(a.message->sender_id, "184467440737095516161234");
  EXPECT_EQ(a.message->chat.id, "184467440737095516161234");
  EXPECT_EQ(a.dedupe_key, "9007199254740993123");

  const ParsedUpdate b = parsed(
      R"({"event_name":"user_send_text","sender":{"id":9007199254740993},"message":{"msg_id":"m","text":"x"},"timestamp":1763800000123})");
  ASSERT_TRUE(b.message);
  EXPECT_EQ(b.message->sender_id, "9007199254740993");
  EXPECT_EQ(b.message->time, at_ms(kTs));

  const ParsedUpdate f =
      parsed(R"({"event_name":"follow","follower":{"id":18446744073709551615},"timestamp":"1763800000123"})");
  ASSERT_EQ(f.events.size(), 1u);
  EXPECT_EQ(f.events[0].chat.id, "18446744073709551615");
}

TEST(ZaloParse, Malformed) {
  const std::vector<std::string> bodies = {
      "not json",
      "[]",
      R"("user_send_text")",
      "{}",
      R"({"event_name":5})",
      R"({"event_name":""})",
      R"({"event_name":"user_send_text","message":{"msg_id":"m1","text":"x"},"timestamp":"1"})",
      R"({"event_name":"user_send_text","sender":{"id":"1"},"message":{"text":"x"},"timestamp":"1"})",
      R"({"event_name":"user_send_text","sender":{"id":1.5},"message":{"msg_id":"m1","text":"x"},"timestamp":"1"})",
      R"({"event_name":"user_send_group_text","sender":{"id":"1"},"message":{"msg_id":"m1","text":"x"},"timestamp":"1"})",
      R"({"event_name":"user_send_image","message":{"msg_id":"m1"},"timestamp":"1"})",
  };
  for (const std::string& body : bodies) {
    EXPECT_TRUE(!adapter().parse(body).has_value()) << body;
  }
}

// ---------------------------------------------------------------------------------
// render (B3, B5)
// ---------------------------------------------------------------------------------

Outgoing out_to(std::string chat, std::string text) {
  Outgoing o;
  o.chat = {Channel::zalo, std::move(chat)};
  o.text = std::move(text);
  return o;
}

TEST(ZaloRender, Limits) {
  EXPECT_EQ(adapter().channel(), Channel::zalo);
  EXPECT_EQ(adapter().max_text_units(), 2000u);
  EXPECT_TRUE(adapter().shows_buttons(ChatType::private_chat));
  EXPECT_FALSE(adapter().shows_buttons(ChatType::group));
}

TEST(ZaloRender, PrivateText) {
  const ApiRequest r = adapter().render(out_to("2468458835296197922", "Xin chào 👋"), ChatType::private_chat);
  EXPECT_EQ(r.method, "POST");
  EXPECT_EQ(r.path, "/v3.0/oa/message/cs");
  EXPECT_EQ(r.api_method, "message/cs");
  EXPECT_EQ(r.content_type, "application/json");
  EXPECT_TRUE(r.headers.empty());  // the sender adds access_token
  EXPECT_EQ(json::parse(r.body),
            json::parse(R"({"recipient":{"user_id":"2468458835296197922"},"message":{"text":"Xin chào 👋"}})"));
}

TEST(ZaloRender, PrivateButtonsAndQuote) {
  Outgoing o = out_to("2468458835296197922", "Chọn bài học:");
  o.buttons = {{{"Bài 1", "lesson:1"}, {"Bài 2", "lesson:2"}}, {{"Về menu", "menu"}}};
  o.reply_to = "96d3cdf3af150460909a";
  const ApiRequest r = adapter().render(o, ChatType::private_chat);
  EXPECT_EQ(json::parse(r.body), json::parse(R"({
    "recipient":{"user_id":"2468458835296197922"},
    "message":{
      "text":"Chọn bài học:",
      "quote_message_id":"96d3cdf3af150460909a",
      "attachment":{"type":"template","payload":{"buttons":[
        {"title":"Bài 1","type":"oa.query.hide","payload":"lesson:1"},
        {"title":"Bài 2","type":"oa.query.hide","payload":"lesson:2"},
        {"title":"Về menu","type":"oa.query.hide","payload":"menu"}]}}}})"));
}

TEST(ZaloRender, ButtonCountAndTitleLimits) {
  // Official v3 template pages: at most 4 buttons, titles of at most 35 characters.
  EXPECT_EQ(adapter().max_buttons_per_message(), 4u);
  EXPECT_EQ(adapter().continuation_text(), "Xem thêm:");
  Outgoing o = out_to("1", "t");
  std::vector<Button> row;
  for (int i = 1; i <= 7; ++i) row.push_back({"B" + std::to_string(i), "p" + std::to_string(i)});
  o.buttons = {row};
  std::string long_title;
  for (int i = 0; i < 30; ++i) long_title += "ệ";  // 3 bytes, 1 unit each
  o.buttons[0][0].label = long_title + long_title;      // 60 units
  o.buttons[0][1].label = std::string(34, 'a') + "😀";  // the emoji (2 units) would make 36
  o.buttons[0][2].label = std::string(35, 'b');         // exactly the limit: kept whole
  const json body = json::parse(adapter().render(o, ChatType::private_chat).body);
  const json& buttons = body["message"]["attachment"]["payload"]["buttons"];
  ASSERT_EQ(buttons.size(), 4u);  // never more; the sender moves the rest on (lay_out)
  EXPECT_EQ(buttons[3]["payload"], "p4");
  const std::string t0 = buttons[0]["title"];
  EXPECT_EQ(utf16_units(t0), 35u);
  EXPECT_EQ(t0, (long_title + long_title).substr(0, 34 * 3) + "…");
  EXPECT_EQ(buttons[1]["title"], std::string(34, 'a') + "…");
  EXPECT_EQ(buttons[2]["title"], std::string(35, 'b'));
}

// The main menu's five buttons on Zalo OA: four, then "Xem thêm:" with the fifth, in order.
TEST(ZaloRender, FiveButtonsFlowIntoASecondMessage) {
  const ButtonRows menu = {{{"📚 Học kỹ năng số", "menu:learn"}},
                           {{"✅ Kiểm tra kiến thức", "menu:quiz"}},
                           {{"❓ Hỏi đáp", "menu:faq"}},
                           {{"🛡 Cảnh báo lừa đảo", "menu:scam"}},
                           {{"🤝 Nhờ Tổ CNSCĐ hỗ trợ", "menu:team"}}};
  const auto pieces = lay_out("Xin chào bà Lan!", menu, adapter().max_text_units(),
                              adapter().max_buttons_per_message(), adapter().continuation_text());
  ASSERT_EQ(pieces.size(), 2u);
  EXPECT_EQ(pieces[0].text, "Xin chào bà Lan!");
  EXPECT_EQ(pieces[0].buttons, ButtonRows(menu.begin(), menu.begin() + 4));
  EXPECT_EQ(pieces[1].text, "Xem thêm:");
  EXPECT_EQ(pieces[1].buttons, ButtonRows{menu[4]});
  for (const auto& p : pieces) {
    Outgoing o = out_to("1", p.text);
    o.buttons = p.buttons;
    const json body = json::parse(adapter().render(o, ChatType::private_chat).body);
    EXPECT_LE(body["message"]["attachment"]["payload"]["buttons"].size(), 4u);
  }
}

TEST(ZaloRender, GroupEscapesMentionsAndDropsButtons) {
  Outgoing o = out_to("f414c8f76fa586fbdfb4", "Báo cáo từ [@2468458835296197922] gửi [@all] [@");
  o.buttons = {{{"Bài 1", "lesson:1"}}};
  o.reply_to = "a1b2";
  const ApiRequest r = adapter().render(o, ChatType::group);
  EXPECT_EQ(r.path, "/v3.0/oa/group/message");
  EXPECT_EQ(r.api_method, "group/message");
  EXPECT_TRUE(r.headers.empty());
  const std::string zwsp = "\xE2\x80\x8B";
  EXPECT_EQ(json::parse(r.body), (json{{"recipient", {{"group_id", "f414c8f76fa586fbdfb4"}}},
                                       {"message",
                                        {{"text", "Báo cáo từ [" + zwsp + "@2468458835296197922] gửi [" + zwsp +
                                                      "@all] [" + zwsp + "@"}}}}));
  EXPECT_EQ(r.body.find("[@"), std::string::npos);
}

// ---------------------------------------------------------------------------------
// classify (B3)
// ---------------------------------------------------------------------------------

TEST(ZaloClassify, Table) {
  auto err = [](int code, const std::string& message) {
    return R"({"error":)" + std::to_string(code) + R"(,"message":")" + message + R"("})";
  };
  struct Case {
    int status;
    std::string body;
    Verdict verdict;
    int retry_after = 0;
    std::string detail;
    std::string message_id;
  };
  const std::vector<Case> cases = {
      {200,
       R"({"data":{"message_id":"6ef6ba9ea18a4bd412c3","user_id":"2468458835296197922","quota":{"quota_type":"reply","remain":"7","total":"8"}},"error":0,"message":"Success"})",
       Verdict::delivered, 0, "", "6ef6ba9ea18a4bd412c3"},
      {200, R"({"data":{"message_id":"x","group_id":"f414"},"error":0,"message":"Success"})", Verdict::delivered, 0,
       "", "x"},
      {500, "oops", Verdict::retry, 0, "http 500", ""},
      {503, "", Verdict::retry, 0, "http 503", ""},
      {429, "", Verdict::retry_after, 1, "http 429", ""},
      {401, "", Verdict::refresh_token, 0, "http 401", ""},
      {404, "", Verdict::failed, 0, "http 404", ""},
      {200, "<html>bad gateway</html>", Verdict::retry, 0, "unreadable answer", ""},
      {200, R"({"message":"no code"})", Verdict::retry, 0, "unreadable answer", ""},
      {200, err(-32, "Reached limit call api"), Verdict::retry_after, 2, "Reached limit call api", ""},
      {200, err(-216, "Access token is invalid"), Verdict::refresh_token, 0, "Access token is invalid", ""},
      {200, err(-124, "Access token invalid"), Verdict::refresh_token, 0, "Access token invalid", ""},
      {200, err(-220, "Access token has expired"), Verdict::refresh_token, 0, "Access token has expired", ""},
      {200, err(-230, "User has not interacted with the OA in the past 7 days"), Verdict::outside_window, 0,
       "User has not interacted with the OA in the past 7 days", ""},
      {200, err(-232, "No interaction"), Verdict::outside_window, 0, "No interaction", ""},
      {200, err(-227, "User is banned"), Verdict::chat_inactive, 0, "User is banned", ""},
      {200, err(-213, "User has not followed OA"), Verdict::chat_inactive, 0, "User has not followed OA", ""},
      {200, err(-403, "OA is not in group"), Verdict::chat_inactive, 0, "OA is not in group", ""},
      {200, err(-237, "Group is disabled"), Verdict::chat_inactive, 0, "Group is disabled", ""},
      {200, err(-234, "Not allowed at night"), Verdict::retry_after, 3600, "Not allowed at night", ""},
      {200, err(-201, "Parameters are invalid"), Verdict::failed, 0, "Parameters are invalid", ""},
      {200, err(-233, "Message type is invalid"), Verdict::failed, 0, "Message type is invalid", ""},
      {200, err(-211, "Out of quota"), Verdict::failed, 0, "Out of quota", ""},
      {200, R"({"error":-999})", Verdict::failed, 0, "error -999", ""},  // unknown: permanent
      {200, R"({"error":"-216","message":"as a string"})", Verdict::refresh_token, 0, "as a string", ""},
  };
  for (const Case& c : cases) {
    const SendResult got = adapter().classify(ApiResponse{c.status, c.body});
    const std::string label = std::to_string(c.status) + " " + c.body;
    EXPECT_EQ(to_string(got.verdict), to_string(c.verdict)) << label;
    EXPECT_EQ(got.retry_after, std::chrono::seconds(c.retry_after)) << label;
    EXPECT_EQ(got.detail, c.detail) << label;
    EXPECT_EQ(got.platform_message_id, c.message_id) << label;
  }
}

// ---------------------------------------------------------------------------------
// token refresh (B4)
// ---------------------------------------------------------------------------------

TEST(ZaloRefresh, Request) {
  const ApiRequest r = adapter().refresh_request("rT+/=x y&z");
  EXPECT_EQ(r.method, "POST");
  EXPECT_EQ(r.path, "/v4/oa/access_token");
  EXPECT_EQ(r.content_type, "application/x-www-form-urlencoded");
  EXPECT_EQ(r.api_method, "oauth/access_token");
  ASSERT_EQ(r.headers.size(), 1u);
  EXPECT_EQ(r.headers[0], (std::pair<std::string, std::string>{"secret_key", kAppSecret}));
  EXPECT_EQ(r.body, "app_id=3608465248940903967&grant_type=refresh_token&refresh_token=rT%2B%2F%3Dx%20y%26z");
}

TEST(ZaloRefresh, ParsesPairs) {
  for (const std::string body : {R"({"access_token":"AT1","refresh_token":"RT1","expires_in":"90000"})",
                                 R"({"access_token":"AT1","refresh_token":"RT1","expires_in":90000})"}) {
    const auto r = parse_refresh(ApiResponse{200, body});
    ASSERT_TRUE(r.has_value()) << r.problem().message;
    const TokenPair& p = *r;
    EXPECT_EQ(p.access_token, "AT1");
    EXPECT_EQ(p.refresh_token, "RT1");
    EXPECT_EQ(p.expires_in, std::chrono::seconds(90000));
  }
}

TEST(ZaloRefresh, ReportsFailures) {
  struct Case {
    Result<ApiResponse> response;
    std::string want;
  };
  const std::vector<Case> cases = {
      {ApiResponse{200, R"({"error":-14020,"error_name":"Invalid refresh token","error_description":"Refresh token is expired or used"})"},
       "error -14020 Invalid refresh token: Refresh token is expired or used"},
      {ApiResponse{200, R"({"error_name":"invalid_request","error_description":"app_id is missing"})"},
       "error invalid_request: app_id is missing"},
      {ApiResponse{200, R"({"error":"-14014"})"}, "error -14014"},
      {ApiResponse{400, R"({"error":-14002,"error_description":"Invalid app_id"})"}, "error -14002: Invalid app_id"},
      {ApiResponse{502, "<html/>"}, "unreadable answer, http 502"},
      {ApiResponse{500, "{}"}, "http 500"},
      {Problem{"tls_failed", "tls handshake failed"}, "no answer: tls handshake failed"},
      {ApiResponse{200, R"({"access_token":"AT1","expires_in":"90000"})"}, "answer without both tokens"},
      {ApiResponse{200, R"({"access_token":"AT1","refresh_token":"RT1"})"}, "answer without a valid expires_in"},
      {ApiResponse{200, R"({"access_token":"AT1","refresh_token":"RT1","expires_in":"soon"})"},
       "answer without a valid expires_in"},
  };
  for (const Case& c : cases) {
    const auto r = parse_refresh(c.response);
    ASSERT_TRUE(!r.has_value()) << c.want;
    EXPECT_EQ(r.problem().message, c.want);
  }
  // A zero error code with tokens is a success.
  EXPECT_TRUE(
      parse_refresh(ApiResponse{200, R"({"error":0,"access_token":"A","refresh_token":"R","expires_in":"3600"})"})
          .has_value());
}

}  // namespace
}  // namespace hocvuso::zalo
