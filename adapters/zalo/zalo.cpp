// Zalo OA translation: webhook signature and events in, CS and group messages out,
// Zalo's error codes read into verdicts, and the OAuth v4 refresh (protocols.md B).
#include "adapters/zalo/zalo.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cstdint>
#include <initializer_list>
#include <nlohmann/json.hpp>

#include "bot/crypto/digest.hpp"

namespace hocvuso::zalo {

namespace {
using nlohmann::json;

// ---------------------------------------------------------------------------------
// Platform details that protocols.md marks unconfirmed, each kept in one place.
// ---------------------------------------------------------------------------------

// B2: what is hashed. Documented form: app id ‖ raw body ‖ the body's `timestamp` ‖
// OA secret key. Unconfirmed: which secret (OA vs app secret: configurable, we use
// ZaloConfig::oa_secret) and variants seen in the wild (oa_id for app_id, timestamp
// from a header), which are not tried.
std::string signature_input(std::string_view app_id, std::string_view body, std::string_view timestamp,
                            std::string_view secret) {
  std::string s;
  s.reserve(app_id.size() + body.size() + timestamp.size() + secret.size());
  s.append(app_id).append(body).append(timestamp).append(secret);
  return s;
}

// B3: buttons on a CS message. No official page for this form was found: the stored
// copy of the official pages (oneflow-vn/n8n-nodes-zalo res/messages2.json) holds only
// empty page shells for the CS message kinds, and none of them is a button page. The
// shape used is the one sent through Zalo partner eSMS, which forwards the object to
// /v3.0/oa/message/cs: message{text, attachment{type:"template", payload{buttons[
// {title, type, payload}]}}} (devesms/gitbook_esms_for_develop_v2
// esms-api/ham-gui-tin/tin-zalo-tu-van-dang-button.md; the same shape is in a
// production Odoo integration). "oa.query.hide" sends the payload as the user's text
// without showing it in the chat, so a click returns as user_send_text (B3).
constexpr const char* kButtonType = "oa.query.hide";
// Limits: the official v3 transaction and promotion template pages say "tối đa 4
// button" and a title of at most 35 characters (../shared/review/zalo.md, "Buttons").
// No page gives the limits of a CS message with buttons, so the template pages' are
// taken as the safe ones. The sender never hands render() more than kMaxButtons
// (max_buttons_per_message): the rest go in a follow-up message of kContinuation and
// buttons. A title over the limit is cut and ends in "…", so it still reads as cut.
constexpr std::size_t kMaxButtons = 4;
constexpr std::size_t kMaxButtonTitleUnits = 35;
// Why a second message and not numbered text: the people this serves tap far more
// easily than they type, and the fifth choice of the main menu is "Nhờ Tổ CNSCĐ hỗ
// trợ", the one a person who is stuck needs most; it must stay one tap away.
constexpr const char* kContinuation = "Xem thêm:";

// B5: "[@<user_id>]" mentions a member in a GMF group. A zero-width space between '['
// and '@' breaks the syntax and looks the same, so relayed text cannot mention anyone.
constexpr std::string_view kMentionOpen = "[@";
constexpr std::string_view kMentionBroken = "[\xE2\x80\x8B@";

// B3: what each `error` code means for the outbox. Anything not listed is a permanent
// failure for this message, reported with Zalo's `message` text.
struct ErrorRule {
  int code;
  Verdict verdict;
  int retry_after_seconds;
};
constexpr ErrorRule kErrorRules[] = {
    {-32, Verdict::retry_after, 2},        // rate limit per app or OA: a short back-off
    {-216, Verdict::refresh_token, 0},     // access token invalid
    {-124, Verdict::refresh_token, 0},     // "Access token invalid", seen live on message/cs (review item 5)
    {-220, Verdict::refresh_token, 0},     // access token expired or removed
    {-230, Verdict::outside_window, 0},    // no interaction in 7 days
    {-232, Verdict::outside_window, 0},    // no interaction, or it expired
    {-227, Verdict::chat_inactive, 0},     // user banned or inactive for 45+ days
    {-213, Verdict::chat_inactive, 0},     // user does not follow the OA
    {-403, Verdict::chat_inactive, 0},     // OA not in, or does not own, the group (B5)
    {-237, Verdict::chat_inactive, 0},     // group disabled: GMF asset expired (B5)
    // Not allowed at night (22:00-06:00, promotion sends): try again in an hour, which
    // lands in the morning after at most eight tries without knowing the clock here.
    {-234, Verdict::retry_after, 3600},
};
constexpr std::chrono::seconds kHttp429Wait{1};  // Retry-After is not passed to classify

// ---------------------------------------------------------------------------------

// The value at `path` inside nested objects, or null.
const json* find(const json& doc, std::initializer_list<std::string_view> path) {
  const json* at = &doc;
  for (std::string_view key : path) {
    if (!at->is_object()) return nullptr;
    const auto it = at->find(key);
    if (it == at->end()) return nullptr;
    at = &*it;
  }
  return at;
}

// An id as Zalo sends it: a decimal string that may exceed 2^53 (B1). An integer is
// accepted too (the parser keeps 64-bit integers exact); a float is refused, because an
// id that went through double is already wrong.
std::string id_of(const json* v) {
  if (v == nullptr) return {};
  if (v->is_string()) return v->get<std::string>();
  if (v->is_number_integer()) return v->dump();
  return {};
}

std::string text_of(const json* v) { return v != nullptr && v->is_string() ? v->get<std::string>() : std::string(); }

// A non-negative decimal count (epoch ms, seconds). Bounded so that turning epoch ms
// into a TimePoint cannot overflow.
constexpr std::int64_t kLatestMs = 4'102'444'800'000;  // 2100-01-01 UTC

std::optional<std::int64_t> parse_count(std::string_view s) {
  std::int64_t ms = 0;
  const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), ms);
  if (s.empty() || ec != std::errc() || end != s.data() + s.size() || ms < 0 || ms > 1'000'000'000'000'000) {
    return std::nullopt;
  }
  return ms;
}

TimePoint time_of(std::string_view timestamp) {
  const auto ms = parse_count(timestamp);
  // Past 2100 is no real message time, and past 2262 it overflows the clock's
  // nanoseconds (found by fuzzing): unknown, so the time of arrival is used.
  if (!ms || *ms > kLatestMs) return {};
  return TimePoint(std::chrono::duration_cast<TimePoint::duration>(std::chrono::milliseconds(*ms)));
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

// The longest prefix of `s` within `max_units` UTF-16 code units, cut between characters.
std::string truncate_units(std::string_view s, std::size_t max_units) {
  std::size_t at = 0, units = 0;
  while (at < s.size()) {
    const auto c = static_cast<unsigned char>(s[at]);
    const std::size_t n = c < 0x80 ? 1 : (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xE ? 3 : (c >> 3) == 0x1E ? 4 : 1;
    const std::size_t u = n == 4 ? 2 : 1;  // astral characters are surrogate pairs
    if (units + u > max_units || at + n > s.size()) break;
    units += u;
    at += n;
  }
  return std::string(s.substr(0, at));
}

std::string escape_mentions(std::string_view text) {
  std::string out;
  for (std::size_t pos = 0;;) {
    const auto hit = text.find(kMentionOpen, pos);
    out.append(text.substr(pos, hit == std::string_view::npos ? hit : hit - pos));
    if (hit == std::string_view::npos) return out;
    out.append(kMentionBroken);
    pos = hit + kMentionOpen.size();
  }
}

std::string button_title(std::string_view label) {
  if (utf16_units(label) <= kMaxButtonTitleUnits) return std::string(label);
  return truncate_units(label, kMaxButtonTitleUnits - 1) + "\xE2\x80\xA6";  // "…", one unit
}

json button_attachment(const ButtonRows& rows) {
  json buttons = json::array();
  for (const auto& row : rows) {
    for (const Button& b : row) {
      if (buttons.size() == kMaxButtons) break;  // lay_out() has already moved the rest on
      buttons.push_back({{"title", button_title(b.label)}, {"type", kButtonType}, {"payload", b.payload}});
    }
  }
  return {{"type", "template"}, {"payload", {{"buttons", buttons}}}};
}

std::string dump(const json& j) { return j.dump(-1, ' ', false, json::error_handler_t::replace); }

// B5 (unconfirmed shapes): where a group's id and name sit in group events. Message
// events put the group in recipient.id; some bots read recipient.group_id. Lifecycle
// events are undocumented, so the likely fields are tried in order; recipient.id is
// skipped when it is the OA itself.
std::string group_id_of(const json& doc) {
  const std::string oa = id_of(find(doc, {"oa_id"}));
  for (const json* v : {find(doc, {"recipient", "group_id"}), find(doc, {"group_id"}), find(doc, {"group", "group_id"}),
                        find(doc, {"group", "id"}), find(doc, {"recipient", "id"})}) {
    if (std::string id = id_of(v); !id.empty() && id != oa) return id;
  }
  return {};
}

std::string group_name_of(const json& doc) {
  for (const json* v : {find(doc, {"group_name"}), find(doc, {"name"}), find(doc, {"group", "name"}),
                        find(doc, {"group", "group_name"})}) {
    if (std::string name = text_of(v); !name.empty()) return name;
  }
  return {};
}

// Dedupe key for a delivery without a msg_id (B1): event name, who, and when.
std::string event_key(std::string_view event, std::initializer_list<std::string_view> ids,
                      std::string_view timestamp) {
  std::string key(event);
  for (std::string_view id : ids) key.append(":").append(id);
  return key.append(":").append(timestamp);
}

bool is_media_kind(std::string_view kind) {
  static constexpr std::string_view kKinds[] = {"image", "gif",      "sticker", "file", "audio",
                                                "video", "location", "link",    "business_card"};
  return std::find(std::begin(kKinds), std::end(kKinds), kind) != std::end(kKinds);
}

std::string form_encode(std::string_view s) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (const char ch : s) {
    const auto c = static_cast<unsigned char>(ch);
    if (std::isalnum(c) || c == '-' || c == '.' || c == '_' || c == '~') {
      out.push_back(ch);
    } else {
      out.push_back('%');
      out.push_back(kHex[c >> 4]);
      out.push_back(kHex[c & 0xF]);
    }
  }
  return out;
}

// Zalo's `error` field as an integer, whether sent as a number or a string.
std::optional<long long> error_code(const json* v) {
  if (v == nullptr) return std::nullopt;
  if (v->is_number_integer()) return v->get<long long>();
  if (v->is_string()) {
    const auto& s = v->get_ref<const std::string&>();
    long long code = 0;
    const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), code);
    if (!s.empty() && ec == std::errc() && end == s.data() + s.size()) return code;
  }
  return std::nullopt;
}

// B1: the header Zalo adds to a redelivery (its value is the retry's number).
constexpr std::string_view kRetryHeader = "num_retry";

// The top-level `timestamp` and `app_id` of a webhook body, read by a SAX pass that
// keeps nothing else. nullopt: not a JSON object.
struct SignedFields {
  std::string timestamp;
  std::string app_id;
  bool has_app_id = false;
};

class SignedFieldScanner {
 public:
  using number_integer_t = json::number_integer_t;
  using number_unsigned_t = json::number_unsigned_t;
  using number_float_t = json::number_float_t;
  using string_t = json::string_t;
  using binary_t = json::binary_t;

  explicit SignedFieldScanner(SignedFields& out) : out_(out) {}
  bool top_level_object() const { return saw_object_; }

  bool null() { return scalar({}); }
  bool boolean(bool) { return scalar({}); }
  bool number_integer(number_integer_t v) { return scalar(std::to_string(v)); }
  bool number_unsigned(number_unsigned_t v) { return scalar(std::to_string(v)); }
  bool number_float(number_float_t, const string_t&) { return scalar("-");  /* never a valid count */ }
  bool string(string_t& v) { return scalar(v); }
  bool binary(binary_t&) { return scalar({}); }
  bool start_object(std::size_t) {
    if (depth_ == 0) saw_object_ = true;
    ++depth_;
    return true;
  }
  bool end_object() {
    --depth_;
    return true;
  }
  bool start_array(std::size_t) {
    ++depth_;
    return true;
  }
  bool end_array() {
    --depth_;
    return true;
  }
  bool key(string_t& k) {
    if (depth_ == 1) key_ = k;
    return true;
  }
  bool parse_error(std::size_t, const std::string&, const nlohmann::detail::exception&) { return false; }

 private:
  bool scalar(std::string text) {
    if (depth_ != 1) return true;
    if (key_ == "timestamp") out_.timestamp = std::move(text);
    if (key_ == "app_id") {
      out_.app_id = std::move(text);
      out_.has_app_id = true;
    }
    return true;
  }
  SignedFields& out_;
  std::string key_;
  int depth_ = 0;
  bool saw_object_ = false;
};

std::optional<SignedFields> scan_signed_fields(std::string_view body) {
  SignedFields out;
  SignedFieldScanner scanner(out);
  if (!json::sax_parse(body, &scanner) || !scanner.top_level_object()) return std::nullopt;
  return out;
}

}  // namespace

ZaloAdapter::ZaloAdapter(const ZaloConfig& config)
    : app_id_(config.app_id),
      app_secret_(config.app_secret),
      oa_secret_(config.oa_secret),
      signature_window_(config.signature_window_seconds) {}

std::optional<Rejection> ZaloAdapter::verify(std::string_view body, const HeaderLookup& header,
                                             TimePoint now) const {
  // B1: saving the webhook URL sends a probe that may be empty and unsigned. An empty
  // body carries nothing to act on, so accepting it unsigned is safe.
  if (body.empty()) return std::nullopt;
  std::string_view provided = trim(header("X-ZEvent-Signature"));
  if (provided.empty()) return Rejection{401, "missing_signature"};

  // Only the two top-level fields the signature needs are read, without building a
  // document: an unsigned body costs one scan, and parse() builds the DOM only after
  // the signature holds.
  const auto head = scan_signed_fields(body);
  if (!head) return Rejection{400, "malformed"};
  // B2: the timestamp inside the body, as its exact text (a number is accepted too).
  const auto sent_ms = parse_count(head->timestamp);
  if (!sent_ms) return Rejection{400, "malformed"};
  if (head->has_app_id && head->app_id != app_id_) return Rejection{401, "wrong_app"};

  if (provided.starts_with("mac=")) provided.remove_prefix(4);
  std::string given(provided);
  std::transform(given.begin(), given.end(), given.begin(), [](unsigned char c) { return std::tolower(c); });
  const std::string expected = crypto::sha256_hex(signature_input(app_id_, body, head->timestamp, oa_secret_));
  if (given.empty() || expected.empty() || !constant_time_equal(given, expected)) {
    return Rejection{401, "bad_signature"};
  }

  // B1 retries: Zalo resends the same body, with its original timestamp and a
  // `num_retry` header, 30 s, 5, 15, 30 min and 1 h later, then disables the webhook.
  // A genuine retry is therefore never stale: it is accepted at any age, and the
  // inbox's dedupe key (msg_id, or event:ids:timestamp) makes a replay harmless.
  if (!trim(header(kRetryHeader)).empty()) return std::nullopt;
  // Replay window for first deliveries (unconfirmed as a Zalo rule): both directions,
  // edges inclusive. At least kMinSignatureWindow (config.cpp refuses less).
  const std::int64_t now_ms =
      std::chrono::duration_cast<std::chrono::milliseconds>(now.time_since_epoch()).count();
  const std::int64_t window_ms = static_cast<std::int64_t>(signature_window_.count()) * 1000;
  if (now_ms - *sent_ms > window_ms || *sent_ms - now_ms > window_ms) return Rejection{401, "stale"};
  return std::nullopt;
}

Result<ParsedUpdate> ZaloAdapter::parse(std::string_view body) const {
  ParsedUpdate out;
  if (body.empty()) {
    out.ignored = "registration probe";  // B1: sent when the webhook URL is saved
    return out;
  }
  const json doc = json::parse(body, nullptr, false);
  if (doc.is_discarded() || !doc.is_object()) return Problem{"malformed", "not a JSON object"};
  const std::string event = text_of(find(doc, {"event_name"}));
  if (event.empty()) return Problem{"malformed", "no event_name"};

  const std::string timestamp = id_of(find(doc, {"timestamp"}));
  const std::string sender = id_of(find(doc, {"sender", "id"}));
  const std::string msg_id = id_of(find(doc, {"message", "msg_id"}));

  auto incoming = [&](std::string chat_id, ChatType type) {
    Incoming in;
    in.chat = {Channel::zalo, std::move(chat_id)};
    in.chat_type = type;
    in.sender_id = sender;
    in.platform_message_id = msg_id;
    in.time = time_of(timestamp);
    return in;
  };
  auto ignore = [&](std::string why) {
    out.ignored = std::move(why);
    out.dedupe_key = msg_id.empty() ? event_key(event, {sender}, timestamp) : event + ":" + msg_id;
    return out;
  };
  auto chat_event = [&](ChatEventKind kind, const std::string& group) {
    ChatEvent e;
    e.kind = kind;
    e.chat = {Channel::zalo, group};
    e.chat_type = ChatType::group;
    e.title = group_name_of(doc);
    e.actor_id = sender;
    out.events.push_back(std::move(e));
    out.dedupe_key = event_key(event, {group, sender}, timestamp);
    return out;
  };

  // Text from a person, 1:1 (B1) or in a GMF group (B5). A button click arrives here
  // too, as text equal to the button's payload (B3).
  if (event == "user_send_text" || event == "user_send_group_text") {
    if (sender.empty()) return Problem{"malformed", event + " without sender.id"};
    if (msg_id.empty()) return Problem{"malformed", event + " without message.msg_id"};
    const bool group = event == "user_send_group_text";
    std::string chat_id = group ? group_id_of(doc) : sender;
    if (chat_id.empty()) return Problem{"malformed", event + " without recipient.id"};
    out.message = incoming(std::move(chat_id), group ? ChatType::group : ChatType::private_chat);
    out.message->text = text_of(find(doc, {"message", "text"}));
    out.dedupe_key = msg_id;
    return out;
  }
  if (event.starts_with("user_send_group_")) return ignore("group media");  // keep groups quiet (B5)
  if (event.starts_with("user_send_") && is_media_kind(std::string_view(event).substr(10))) {
    if (sender.empty()) return Problem{"malformed", event + " without sender.id"};
    out.message = incoming(sender, ChatType::private_chat);
    out.message->button_payload = kUnsupportedContentPayload;
    out.dedupe_key = msg_id.empty() ? event_key(event, {sender}, timestamp) : msg_id;
    return out;
  }

  if (event == "follow" || event == "unfollow") {
    const std::string follower = id_of(find(doc, {"follower", "id"}));
    if (follower.empty()) return ignore("follow event without follower.id");
    ChatEvent e;
    e.kind = event == "follow" ? ChatEventKind::followed : ChatEventKind::unfollowed;
    e.chat = {Channel::zalo, follower};
    e.chat_type = ChatType::private_chat;
    e.actor_id = follower;
    out.events.push_back(std::move(e));
    out.dedupe_key = event_key(event, {follower}, timestamp);
    return out;
  }

  // GMF lifecycle (B5). The leave and disband names differ by source: both are handled.
  if (event == "user_out_group" || event == "user_leave_group") return ignore("member left group");
  // user_join_group fires for any member who joins (../shared/review/zalo.md item 9),
  // not for the OA: the OA is in a GMF group because it created it (create_group). Only
  // when the member is the OA itself (unseen, but possible) is it the bot being added.
  if (event == "user_join_group" && (sender.empty() || sender != id_of(find(doc, {"oa_id"})))) {
    return ignore("member joined group");
  }
  const bool added = event == "create_group" || event == "user_join_group";
  const bool renamed = event == "update_group_info";
  const bool removed = event == "disperse_group" || event == "delete_group";
  if (added || renamed || removed) {
    const std::string group = group_id_of(doc);
    if (group.empty()) return ignore("group event without group id");
    return chat_event(added     ? ChatEventKind::bot_added
                      : renamed ? ChatEventKind::title_changed
                                : ChatEventKind::bot_removed,
                      group);
  }

  if (event.starts_with("oa_send_")) return ignore("echo of an OA message");
  if (event == "user_received_message" || event == "user_seen_message") return ignore("delivery receipt");
  if (event.ends_with("_reacted_message")) return ignore("reaction");
  return ignore("unhandled event");
}

std::size_t ZaloAdapter::max_buttons_per_message() const { return kMaxButtons; }
std::string ZaloAdapter::continuation_text() const { return kContinuation; }

ApiRequest ZaloAdapter::render(const Outgoing& message, ChatType type) const {
  ApiRequest req;
  json msg;
  json body;
  if (type == ChatType::group) {
    // B5: text only (no templates or buttons in GMF groups), mentions made inert.
    msg["text"] = escape_mentions(message.text);
    body = {{"recipient", {{"group_id", message.chat.id}}}, {"message", msg}};
    req.path = "/v3.0/oa/group/message";
    req.api_method = "group/message";
  } else {
    msg["text"] = message.text;
    if (message.reply_to) msg["quote_message_id"] = *message.reply_to;  // B3
    if (!message.buttons.empty()) msg["attachment"] = button_attachment(message.buttons);
    body = {{"recipient", {{"user_id", message.chat.id}}}, {"message", msg}};
    req.path = "/v3.0/oa/message/cs";
    req.api_method = "message/cs";
  }
  req.body = dump(body);
  return req;
}

SendResult ZaloAdapter::classify(const ApiResponse& response) const {
  SendResult out;
  if (response.status >= 500) {
    out.verdict = Verdict::retry;
    out.detail = "http " + std::to_string(response.status);
    return out;
  }
  if (response.status == 429) {
    out.verdict = Verdict::retry_after;
    out.retry_after = kHttp429Wait;
    out.detail = "http 429";
    return out;
  }
  if (response.status == 401) {  // B3: like -216
    out.verdict = Verdict::refresh_token;
    out.detail = "http 401";
    return out;
  }
  if (response.status < 200 || response.status >= 300) {
    out.verdict = Verdict::failed;
    out.detail = "http " + std::to_string(response.status);
    return out;
  }

  // B3: errors come back as HTTP 200 with a non-zero `error`.
  const json doc = json::parse(response.body, nullptr, false);
  const auto code = doc.is_object() ? error_code(find(doc, {"error"})) : std::nullopt;
  if (!code) {
    out.verdict = Verdict::retry;  // a proxy's page or a cut-off answer: try again
    out.detail = "unreadable answer";
    return out;
  }
  if (*code == 0) {
    out.verdict = Verdict::delivered;
    out.platform_message_id = id_of(find(doc, {"data", "message_id"}));
    return out;
  }
  out.detail = text_of(find(doc, {"message"}));
  if (out.detail.empty()) out.detail = "error " + std::to_string(*code);
  out.verdict = Verdict::failed;
  for (const ErrorRule& rule : kErrorRules) {
    if (rule.code == *code) {
      out.verdict = rule.verdict;
      out.retry_after = std::chrono::seconds(rule.retry_after_seconds);
      break;
    }
  }
  return out;
}

ApiRequest ZaloAdapter::refresh_request(std::string_view refresh_token) const {
  // B4: form-encoded, app secret in the `secret_key` header.
  ApiRequest req;
  req.path = "/v4/oa/access_token";
  req.content_type = "application/x-www-form-urlencoded";
  req.headers = {{"secret_key", app_secret_}};
  req.body = "app_id=" + form_encode(app_id_) + "&grant_type=refresh_token&refresh_token=" + form_encode(refresh_token);
  req.api_method = "oauth/access_token";
  return req;
}

Result<TokenPair> parse_refresh(const Result<ApiResponse>& answer) {
  if (!answer) return Problem{"no_answer", "no answer: " + answer.problem().message};
  const ApiResponse& response = *answer;
  const json doc = json::parse(response.body, nullptr, false);
  if (doc.is_discarded() || !doc.is_object()) {
    return Problem{"bad_answer", "unreadable answer, http " + std::to_string(response.status)};
  }

  // B4: failures may still be HTTP 200, with error / error_name / error_description.
  const json* err = find(doc, {"error"});
  const auto code = error_code(err);
  const std::string name = text_of(find(doc, {"error_name"}));
  const std::string description = text_of(find(doc, {"error_description"}));
  const bool failed = (err != nullptr && (!code || *code != 0)) || !name.empty() || !description.empty();
  if (failed) {
    std::string why = "error";
    if (code) why += " " + std::to_string(*code);
    if (!name.empty()) why += " " + name;
    if (!description.empty()) why += ": " + description;
    return Problem{"refused", why};
  }
  if (response.status < 200 || response.status >= 300) return Problem{"http_status", "http " + std::to_string(response.status)};

  TokenPair pair;
  pair.access_token = text_of(find(doc, {"access_token"}));
  pair.refresh_token = text_of(find(doc, {"refresh_token"}));
  if (pair.access_token.empty() || pair.refresh_token.empty()) return Problem{"bad_answer", "answer without both tokens"};
  // B4: "expires_in":"90000", sometimes a number.
  const auto seconds = parse_count(id_of(find(doc, {"expires_in"})));
  if (!seconds || *seconds == 0) return Problem{"bad_answer", "answer without a valid expires_in"};
  pair.expires_in = std::chrono::seconds(*seconds);
  return pair;
}

}  // namespace hocvuso::zalo
