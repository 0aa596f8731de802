// Zalo Bot Platform update -> Incoming, Outgoing -> sendMessage (protocols.md B5).
#include "adapters/zalobot/zalobot.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <chrono>
#include <nlohmann/json.hpp>

#include "adapters/botapi/envelope.hpp"

namespace hocvuso::zalobot {

namespace {

using nlohmann::json;

// The DOM parser, except that an integer literal too long for 64 bits is kept as its
// exact digits (a string) instead of becoming a rounded double: ids are compared and
// sent back, so they must survive byte for byte.
class ExactIdParser : public nlohmann::detail::json_sax_dom_parser<json> {
 public:
  using nlohmann::detail::json_sax_dom_parser<json>::json_sax_dom_parser;

  // Hides the base's number_float; sax_parse calls it on this type, not virtually.
  bool number_float(number_float_t value, const string_t& text) {
    if (text.find_first_of(".eE") == string_t::npos) {
      string_t digits = text;
      return string(digits);
    }
    return json_sax_dom_parser::number_float(value, text);
  }
};

json parse_exact(std::string_view body) {
  json doc;
  ExactIdParser sax(doc, /*allow_exceptions=*/false);
  if (!json::sax_parse(body, &sax) || sax.is_errored()) return json(json::value_t::discarded);
  return doc;
}

// Ids may come as strings or integers of any size: keep them as exact strings.
std::string id_of(const json& v) {
  if (v.is_number_unsigned()) return std::to_string(v.get<std::uint64_t>());
  if (v.is_number_integer()) return std::to_string(v.get<std::int64_t>());
  if (v.is_string()) return v.get<std::string>();
  return {};
}

std::string field_id(const json& object, const char* key) {
  return object.is_object() && object.contains(key) ? id_of(object[key]) : std::string();
}

bool iequals(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y));
         });
}

// --- Leniency: where clients disagree on the update's shape (protocols.md B5) -------------
// * The webhook body comes wrapped, {"ok":true,"result":{update}}, or bare, {update}:
//   the sources disagree, so both are accepted.
// * chat.chat_type is documented as "PRIVATE"|"GROUP"; compared case-insensitively.
// * message.date is in milliseconds; accepted as a number or a numeric string.
const json* unwrap(const json& doc) {
  if (!doc.contains("event_name") && doc.contains("result") && doc["result"].is_object()) return &doc["result"];
  return &doc;
}

ChatType chat_type_of(const json& chat) {
  const json type = chat.is_object() ? chat.value("chat_type", json()) : json();
  return type.is_string() && iequals(type.get_ref<const std::string&>(), "GROUP") ? ChatType::group
                                                                                  : ChatType::private_chat;
}

TimePoint time_of(const json& message) {
  const json date = message.value("date", json());
  std::int64_t ms = 0;
  if (date.is_number_integer()) {
    ms = date.get<std::int64_t>();
  } else if (date.is_string()) {
    const auto& s = date.get_ref<const std::string&>();
    std::from_chars(s.data(), s.data() + s.size(), ms);  // not a number: stays 0
  }
  // Past 2100 (or before 1970) is no real message time, and past 2262 it overflows the
  // clock's nanoseconds (found by fuzzing): unknown, so the time of arrival is used.
  if (ms <= 0 || ms > 4'102'444'800'000) return {};
  return TimePoint(std::chrono::milliseconds(ms));
}
// --- end of leniency ------------------------------------------------------------------------

// The official sample and OpenClaw show the sender's name as display_name, first_name
// or name (../shared/review/zalo.md item 8): the first non-empty string wins.
std::string sender_name_of(const json& from) {
  for (const char* key : {"display_name", "first_name", "name"}) {
    const auto it = from.find(key);
    if (it != from.end() && it->is_string() && !it->get_ref<const std::string&>().empty()) return it->get<std::string>();
  }
  return {};
}

constexpr std::string_view kText = "message.text.received";

bool is_known_event(std::string_view e) {
  return e == kText || e == "message.image.received" || e == "message.sticker.received" ||
         e == "message.unsupported.received";
}

// One update of a known or unknown kind, its envelope already checked.
Result<ParsedUpdate> parse_message(const std::string& event, const json& m) {
  const json chat = m.value("chat", json::object());
  const json from = m.value("from", json::object());
  ParsedUpdate out;
  // The platform gives no update_id: the message id is the delivery's identity.
  out.dedupe_key = field_id(m, "message_id");
  if (!is_known_event(event)) {
    // New event kinds may appear at any time: acknowledge them, never refuse them.
    out.ignored = "event " + event;
    return out;
  }

  Incoming in;
  in.chat = ChatRef{Channel::zalobot, field_id(chat, "id")};
  in.chat_type = chat_type_of(chat);
  in.sender_id = field_id(from, "id");
  if (in.chat.id.empty() || in.sender_id.empty()) return Problem{"malformed", "malformed " + event + ": no chat.id or from.id"};
  if (out.dedupe_key.empty()) {
    // No message_id: an empty key would make the webhook drop the update as a probe.
    out.dedupe_key = event + ":" + in.chat.id + ":" + in.sender_id + ":" + id_of(m.value("date", json()));
  }
  if (from.value("is_bot", false)) {
    out.ignored = "message from a bot";
    return out;
  }
  in.sender_name = sender_name_of(from);
  in.platform_message_id = field_id(m, "message_id");
  in.time = time_of(m);

  if (event == kText) {
    if (!m.contains("text") || !m["text"].is_string()) {
      out.ignored = "text event without text";
      return out;
    }
    in.text = m["text"].get<std::string>();
  } else if (in.chat_type == ChatType::private_chat) {
    // An image, a sticker or something newer: the core says only text is understood.
    in.button_payload = kUnsupportedContentPayload;
  } else {
    // In a group, people share photos and stickers with each other: not for us.
    out.ignored = "non-text message in a group";
    return out;
  }
  out.message = std::move(in);
  return out;
}

}  // namespace

ZaloBotAdapter::ZaloBotAdapter(const ZaloBotConfig& config)
    : token_(config.token), secret_(config.webhook_secret) {}

std::optional<Rejection> ZaloBotAdapter::verify(std::string_view, const HeaderLookup& header, TimePoint) const {
  const std::string_view got = header("X-Bot-Api-Secret-Token");
  if (got.empty()) return Rejection{401, "missing_secret"};
  if (!constant_time_equal(got, secret_)) return Rejection{401, "bad_secret"};
  return std::nullopt;
}

Result<ParsedUpdate> ZaloBotAdapter::parse(std::string_view body) const {
  const json doc = parse_exact(body);
  if (!doc.is_object()) return Problem{"malformed", "not a JSON object"};
  const json& update = *unwrap(doc);
  if (!update.contains("event_name") || !update["event_name"].is_string()) return Problem{"malformed", "no event_name"};
  if (!update.contains("message") || !update["message"].is_object()) return Problem{"malformed", "no message object"};
  const std::string& event = update["event_name"].get_ref<const std::string&>();
  const json& m = update["message"];

  try {
    return parse_message(event, m);
  } catch (const json::exception& e) {
    // A field of the wrong type ("is_bot":"yes"): the update is malformed.
    return Problem{"malformed", std::string("malformed update: ") + e.what()};
  }
}

ApiRequest ZaloBotAdapter::render(const Outgoing& message, ChatType) const {
  // Buttons are not sent: the platform has no inline keyboards, and shows_buttons() is
  // false, so the sender has already written them into the text as numbered options.
  // reply_to is dropped: sendMessage takes only chat_id and text (B5), no reply threading.
  // chat_id is typed String (B5 docs), whatever it looks like: "12345" stays a string.
  json body = {{"chat_id", message.chat.id}, {"text", message.text}};
  return botapi::call(token_, "sendMessage", body.dump(-1, ' ', false, json::error_handler_t::replace));
}

SendResult ZaloBotAdapter::classify(const ApiResponse& response) const { return botapi::classify(response); }

std::optional<ApiRequest> ZaloBotAdapter::poll_request(std::int64_t offset, int timeout_seconds) const {
  json body = {{"timeout", timeout_seconds}};
  // getUpdates is documented with `timeout` only (B5) and its updates carry no
  // update_id, so `offset` semantics are unconfirmed: sent only when someone sets one.
  if (offset != 0) body["offset"] = offset;
  return botapi::call(token_, "getUpdates", body.dump());
}

ApiRequest ZaloBotAdapter::set_webhook(std::string_view url) const {
  json body = {{"url", url}, {"secret_token", secret_}};
  return botapi::call(token_, "setWebhook", body.dump());
}

ApiRequest ZaloBotAdapter::delete_webhook() const { return botapi::call(token_, "deleteWebhook", "{}"); }

ApiRequest ZaloBotAdapter::get_me() const { return botapi::call(token_, "getMe", "{}"); }

}  // namespace hocvuso::zalobot
