// Telegram Update -> Incoming / ChatEvent, Outgoing -> sendMessage.
#include "adapters/telegram/telegram.hpp"

#include <algorithm>
#include <cctype>
#include <nlohmann/json.hpp>
#include <stdexcept>

#include "adapters/botapi/envelope.hpp"
#include "bot/text/json_string.hpp"

namespace hocvuso::telegram {

namespace {

using nlohmann::json;

// An id that is neither an integer nor a string (an object, 1.5, true): the update is
// malformed. Read as "", it would have made one chat "" shared by everyone.
struct BadId : std::runtime_error {
  BadId() : std::runtime_error("an id is not an integer") {}
};

// Chat and user ids can exceed 32 bits (they fit in 52): keep them as exact strings.
// An unsigned value above INT64_MAX stays itself (18446744073709551615, not "-1", which
// would share its key with another update). null (absent) reads as "".
std::string id_of(const json& v) {
  if (v.is_number_unsigned()) return std::to_string(v.get<std::uint64_t>());
  if (v.is_number_integer()) return std::to_string(v.get<std::int64_t>());
  if (v.is_string()) return v.get<std::string>();
  if (v.is_null()) return {};
  throw BadId();
}

// An id the update cannot do without (a chat's, a sender's): present and not empty.
std::string required_id(const json& v) {
  std::string id = id_of(v);
  if (id.empty()) throw BadId();
  return id;
}

// A message's `date` (Unix seconds). Anything else (a fraction, a string, a year past
// 2100, which past 2262 overflows the clock's nanoseconds; found by fuzzing) is unknown:
// the time of arrival is used instead.
TimePoint time_of(const json& date) {
  constexpr std::int64_t kLatest = 4'102'444'800;  // 2100-01-01 UTC
  if (!date.is_number_integer()) return {};
  if (date.is_number_unsigned() && date.get<std::uint64_t>() > static_cast<std::uint64_t>(kLatest)) return {};
  const auto seconds = date.get<std::int64_t>();
  if (seconds <= 0 || seconds > kLatest) return {};
  return TimePoint(std::chrono::seconds(seconds));
}

// A member by reference, or `fallback` when it is absent: json::value() copies the
// member's whole tree (a callback's message, keyboard and all) on every update.
const json& member_or(const json& o, const char* key, const json& fallback) {
  if (!o.is_object()) return o.at(key);  // throws json's type_error, as value() did: malformed
  const auto it = o.find(key);
  return it == o.end() ? fallback : *it;
}
const json kNoObject = json::object();
const json kNothing;

std::string display_name(const json& user) {
  std::string name = user.value("first_name", std::string());
  const std::string last = user.value("last_name", std::string());
  if (!last.empty()) name += (name.empty() ? "" : " ") + last;
  if (name.empty()) name = user.value("username", std::string());
  return name;
}

bool same_name(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y));
         });
}

ChatType chat_type_of(const json& chat) {
  const std::string t = chat.value("type", std::string());
  return t == "group" || t == "supergroup" ? ChatType::group : ChatType::private_chat;
}

// Media and other content a person may send that hocvuso cannot read.
bool has_unreadable_content(const json& m) {
  for (const char* k : {"photo", "sticker", "document", "audio", "voice", "video", "video_note", "animation",
                        "contact", "location", "venue", "poll", "dice"}) {
    if (m.contains(k)) return true;
  }
  return false;
}

class UpdateParser {
 public:
  UpdateParser(const json& update, const std::string& bot_username)
      : update_(update), bot_(bot_username) {}

  // Set by a callback_query: the id to answer.
  const std::string& callback_id() const { return callback_id_; }

  ParsedUpdate run() {
    out_.dedupe_key = id_of(update_.at("update_id"));
    if (update_.contains("message")) {
      message(update_["message"], false);
    } else if (update_.contains("edited_message")) {
      message(update_["edited_message"], true);
    } else if (update_.contains("callback_query")) {
      callback(update_["callback_query"]);
    } else if (update_.contains("my_chat_member")) {
      membership(update_["my_chat_member"]);
    } else {
      // channel posts, inline queries, payments, reactions...: acknowledged, ignored (A2).
      out_.ignored = "update kind not used";
      for (const auto& [key, _] : update_.items()) {
        if (key != "update_id") out_.ignored = key;
      }
    }
    return std::move(out_);
  }

 private:
  bool is_us(const json& user) const {
    return user.value("is_bot", false) && !bot_.empty() && same_name(user.value("username", std::string()), bot_);
  }

  ChatEvent event(ChatEventKind kind, const json& chat, const json& from) const {
    ChatEvent e;
    e.kind = kind;
    e.chat = ChatRef{Channel::telegram, required_id(chat.at("id"))};
    e.chat_type = chat_type_of(chat);
    e.title = chat.value("title", std::string());
    if (from.is_object()) e.actor_id = id_of(from.value("id", json()));
    return e;
  }

  void message(const json& m, bool edited) {
    const json& chat = m.at("chat");
    if (chat.value("type", std::string()) == "channel") {
      out_.ignored = "channel message";
      return;
    }
    const json& from = member_or(m, "from", kNoObject);

    // Service messages: group life events (A2).
    if (m.contains("migrate_to_chat_id")) {
      auto e = event(ChatEventKind::migrated, chat, from);
      e.new_chat_id = id_of(m["migrate_to_chat_id"]);
      out_.events.push_back(std::move(e));
      return;
    }
    if (m.contains("migrate_from_chat_id")) {
      // The new supergroup's half of the same migration: old id -> this chat.
      ChatEvent e = event(ChatEventKind::migrated, chat, from);
      e.new_chat_id = e.chat.id;
      e.chat.id = id_of(m["migrate_from_chat_id"]);
      out_.events.push_back(std::move(e));
      return;
    }
    if (m.contains("new_chat_title")) {
      auto e = event(ChatEventKind::title_changed, chat, from);
      e.title = m["new_chat_title"].get<std::string>();
      out_.events.push_back(std::move(e));
      return;
    }
    if (m.value("group_chat_created", false) || m.value("supergroup_chat_created", false)) {
      out_.events.push_back(event(ChatEventKind::bot_added, chat, from));
      return;
    }
    if (m.contains("new_chat_members")) {
      for (const auto& u : m["new_chat_members"]) {
        if (is_us(u)) out_.events.push_back(event(ChatEventKind::bot_added, chat, from));
      }
      if (out_.events.empty()) out_.ignored = "new_chat_members";
      return;
    }
    if (m.contains("left_chat_member")) {
      if (is_us(m["left_chat_member"])) {
        out_.events.push_back(event(ChatEventKind::bot_removed, chat, from));
      } else {
        out_.ignored = "left_chat_member";
      }
      return;
    }

    Incoming in;
    in.chat = ChatRef{Channel::telegram, required_id(chat.at("id"))};
    in.chat_type = chat_type_of(chat);
    in.chat_title = chat.value("title", std::string());
    in.sender_id = id_of(from.value("id", json()));
    in.sender_name = display_name(from);
    in.platform_message_id = id_of(m.value("message_id", json()));
    in.time = time_of(m.value("date", json()));
    in.edited = edited;
    if (m.contains("reply_to_message")) in.reply_to = id_of(m["reply_to_message"].value("message_id", json()));
    if (in.sender_id.empty()) {
      out_.ignored = "message without a sender";
      return;
    }

    if (m.contains("text")) {
      in.text = m["text"].get<std::string>();
      if (!addressed_to_us(m)) {
        out_.ignored = "command for another bot";
        return;
      }
    } else if (has_unreadable_content(m) && in.chat_type == ChatType::private_chat) {
      in.button_payload = kUnsupportedContentPayload;
    } else {
      out_.ignored = "message without text";
      return;
    }
    out_.message = std::move(in);
  }

  // "/cmd@OtherBot" is for another bot: ignore it (A2). The command entity sits at offset 0.
  bool addressed_to_us(const json& m) const {
    const std::string& text = m["text"].get_ref<const std::string&>();
    if (text.empty() || text[0] != '/') return true;
    const auto end = text.find_first_of(" \n\t");
    const std::string word = text.substr(0, end);
    const auto at = word.find('@');
    if (at == std::string::npos || bot_.empty()) return true;
    return same_name(word.substr(at + 1), bot_);
  }

  void callback(const json& q) {
    callback_id_ = id_of(q.at("id"));
    const json& from = q.at("from");
    if (!q.contains("data")) {
      out_.ignored = "callback without data";
      return;
    }
    Incoming in;
    // An inaccessible or missing message: answer in the presser's private chat.
    const json& msg = member_or(q, "message", kNoObject);
    if (msg.contains("chat")) {
      in.chat = ChatRef{Channel::telegram, required_id(msg["chat"].at("id"))};
      in.chat_type = chat_type_of(msg["chat"]);
      in.chat_title = msg["chat"].value("title", std::string());
      in.reply_to = id_of(msg.value("message_id", json()));
    } else {
      in.chat = ChatRef{Channel::telegram, required_id(from.at("id"))};
    }
    in.sender_id = required_id(from.at("id"));
    in.sender_name = display_name(from);
    in.button_payload = q["data"].get<std::string>();
    in.platform_message_id = callback_id_;
    out_.message = std::move(in);
  }

  void membership(const json& u) {
    const json& chat = u.at("chat");
    const std::string status = u.at("new_chat_member").value("status", std::string());
    const bool present = status == "member" || status == "administrator" || status == "creator" ||
                         status == "restricted";
    // In a private chat this is the person blocking (kicked) or unblocking the bot.
    out_.events.push_back(
        event(present ? ChatEventKind::bot_added : ChatEventKind::bot_removed, chat, member_or(u, "from", kNothing)));
  }

  const json& update_;
  const std::string& bot_;
  ParsedUpdate out_;
  std::string callback_id_;
};

}  // namespace

const std::vector<std::string>& allowed_updates() {
  static const std::vector<std::string> kinds = {"message", "edited_message", "callback_query", "my_chat_member"};
  return kinds;
}

TelegramAdapter::TelegramAdapter(const TelegramConfig& config)
    : token_(config.token),
      secret_(config.webhook_secret),
      username_(std::make_shared<const std::string>(config.bot_username)) {}

void TelegramAdapter::set_username(std::string username) {
  username_.store(std::make_shared<const std::string>(std::move(username)));
}

std::string TelegramAdapter::username() const { return *username_.load(); }

std::optional<Rejection> TelegramAdapter::verify(std::string_view, const HeaderLookup& header, TimePoint) const {
  const std::string_view got = header("X-Telegram-Bot-Api-Secret-Token");
  if (got.empty()) return Rejection{401, "missing_secret"};
  if (!constant_time_equal(got, secret_)) return Rejection{401, "bad_secret"};
  return std::nullopt;
}

Result<ParsedUpdate> TelegramAdapter::parse(std::string_view body) const {
  json update = json::parse(body, nullptr, false);
  if (!update.is_object()) return Problem{"malformed", "not a JSON object"};
  if (!update.contains("update_id") || !update["update_id"].is_number_integer()) {
    return Problem{"malformed", "no integer update_id"};
  }
  const auto bot = username_.load();
  try {
    UpdateParser parser(update, *bot);
    ParsedUpdate parsed = parser.run();
    // Always answered, even when the press leads nowhere: the client shows a spinner until then (A2).
    if (!parser.callback_id().empty()) parsed.acknowledgements.push_back(answer_callback(parser.callback_id()));
    return parsed;
  } catch (const json::exception& e) {
    // A required field missing or of the wrong type: the update is malformed.
    return Problem{"malformed", std::string("malformed update: ") + e.what()};
  } catch (const BadId& e) {
    return Problem{"malformed", std::string("malformed update: ") + e.what()};
  }
}

// Written directly, not through a JSON tree: every message of every broadcast passes
// here on the sender's thread (text::append_json_string says why that matters).
ApiRequest TelegramAdapter::render(const Outgoing& message, ChatType) const {
  std::string body = "{\"chat_id\":" + botapi::json_chat_id(message.chat.id) + ",\"text\":";
  text::append_json_string(body, message.text);
  if (!message.buttons.empty()) {
    body += ",\"reply_markup\":{\"inline_keyboard\":[";
    for (std::size_t r = 0; r < message.buttons.size(); ++r) {
      body += r == 0 ? "[" : ",[";
      for (std::size_t b = 0; b < message.buttons[r].size(); ++b) {
        body += b == 0 ? "{\"text\":" : ",{\"text\":";
        text::append_json_string(body, message.buttons[r][b].label);
        body += ",\"callback_data\":";
        text::append_json_string(body, message.buttons[r][b].payload);
        body += '}';
      }
      body += ']';
    }
    body += "]}";
  }
  if (!message.link_preview) {
    // No preview, so Telegram's servers do not fetch the link (Bot API 7.0
    // link_preview_options).
    body += ",\"link_preview_options\":{\"is_disabled\":true}";
  }
  if (message.reply_to) {
    // reply_parameters replaced reply_to_message_id in Bot API 7.0 (A3); a reply to a
    // deleted message is still sent, just not threaded.
    body += ",\"reply_parameters\":{\"allow_sending_without_reply\":true,\"message_id\":" +
            botapi::json_chat_id(*message.reply_to) + "}";
  }
  body += '}';
  return botapi::call(token_, "sendMessage", std::move(body));
}

SendResult TelegramAdapter::classify(const ApiResponse& response) const { return botapi::classify(response); }

ApiRequest TelegramAdapter::get_me() const { return botapi::call(token_, "getMe", "{}"); }

ApiRequest TelegramAdapter::set_webhook(std::string_view url) const {
  json body = {{"url", url}, {"secret_token", secret_}, {"allowed_updates", allowed_updates()}};
  return botapi::call(token_, "setWebhook", body.dump());
}

ApiRequest TelegramAdapter::delete_webhook() const { return botapi::call(token_, "deleteWebhook", "{}"); }

ApiRequest TelegramAdapter::get_updates(std::int64_t offset, int timeout_seconds) const {
  json body = {{"offset", offset}, {"timeout", timeout_seconds}, {"allowed_updates", allowed_updates()}};
  return botapi::call(token_, "getUpdates", body.dump());
}

ApiRequest TelegramAdapter::answer_callback(std::string_view callback_query_id) const {
  json body = {{"callback_query_id", callback_query_id}};
  return botapi::call(token_, "answerCallbackQuery", body.dump());
}

}  // namespace hocvuso::telegram
