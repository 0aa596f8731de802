// What the bot remembers about a person and a conversation between messages.
#pragma once

#include <string>

namespace hocvuso {

struct UserProfile {
  bool is_new = false;       // first message ever from this person on this channel
  std::string display_name;  // latest name the platform gave
  std::string locale = "vi";
};

// One state per (chat, user). A flow owns `flow` and `step`; `data` is its JSON.
struct ConversationState {
  std::string flow;
  std::string step;
  std::string data = "{}";

  friend bool operator==(const ConversationState&, const ConversationState&) = default;
};

}  // namespace hocvuso
