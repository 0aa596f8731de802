// The platform-neutral message model: what every adapter produces and consumes.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace hocvuso {

// Where a message came from or goes to. Adapters translate to and from this;
// nothing in bot/ or flows/ knows a platform's own types.
enum class Channel { console, telegram, zalo, zalobot };

std::string_view to_string(Channel c);
std::optional<Channel> channel_from_string(std::string_view s);

enum class ChatType { private_chat, group };

using TimePoint = std::chrono::system_clock::time_point;

// A chat on one channel. Ids are strings because platforms disagree on their shape.
struct ChatRef {
  Channel channel = Channel::console;
  std::string id;

  friend bool operator==(const ChatRef&, const ChatRef&) = default;
};

struct Incoming {
  ChatRef chat;
  ChatType chat_type = ChatType::private_chat;
  std::string chat_title;        // groups only
  std::string sender_id;         // platform user id; never logged at info level
  std::string sender_name;       // display name as the platform gives it
  std::string text;              // empty when a button was pressed
  std::string button_payload;    // set when a button was pressed
  std::string platform_message_id;
  std::string reply_to;  // platform message id this one replies to, if any
  bool edited = false;   // an edit of an earlier message, not a new one
  TimePoint time{};
};

struct Button {
  std::string label;
  std::string payload;

  friend bool operator==(const Button&, const Button&) = default;
};

using ButtonRows = std::vector<std::vector<Button>>;

// Button payload of the Incoming an adapter makes for a message it cannot read
// (an image, a sticker, a file): the core answers that only text is understood.
inline constexpr const char* kUnsupportedContentPayload = "sys:unsupported";

struct Outgoing {
  ChatRef chat;
  std::string text;
  ButtonRows buttons;
  std::optional<std::string> reply_to;  // platform message id to thread under
  // What the message is about, for a feature that must find it later: once delivered,
  // (chat, platform message id) -> tag is kept so replies to it are recognised, and the
  // feature may erase its text (bot/store/sent_tags.hpp).
  std::optional<std::string> tag{};
  // False for a message whose link must not be opened by anyone but its reader (a
  // sign-in link): platforms that preview links are told not to (Telegram fetches a
  // previewed page from its own servers).
  bool link_preview = true;

  friend bool operator==(const Outgoing&, const Outgoing&) = default;
};

// Something that happened to a chat rather than a message in it.
enum class ChatEventKind { bot_added, bot_removed, title_changed, migrated, followed, unfollowed };

struct ChatEvent {
  ChatEventKind kind = ChatEventKind::bot_added;
  ChatRef chat;
  ChatType chat_type = ChatType::group;
  std::string title;        // bot_added, title_changed (when known)
  std::string new_chat_id;  // migrated: the chat's id from now on
  std::string actor_id;     // the user who did it, when known
};

}  // namespace hocvuso
