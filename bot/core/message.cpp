// String forms of the message model's enums, as stored and shown in logs.
#include "bot/core/message.hpp"

namespace hocvuso {

std::string_view to_string(Channel c) {
  switch (c) {
    case Channel::console: return "console";
    case Channel::telegram: return "telegram";
    case Channel::zalo: return "zalo";
    case Channel::zalobot: return "zalobot";
  }
  return "unknown";
}

std::optional<Channel> channel_from_string(std::string_view s) {
  for (Channel c : {Channel::console, Channel::telegram, Channel::zalo, Channel::zalobot}) {
    if (to_string(c) == s) return c;
  }
  return std::nullopt;
}

}  // namespace hocvuso
