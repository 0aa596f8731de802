// /phatcanhbao: an officer composes a warning in a private chat: text, severity,
// target within their scope, a preview with the recipient count, confirm.
#pragma once

#include <string>
#include <vector>

#include "bot/core/dispatcher.hpp"
#include "flows/broadcast/broadcast.hpp"

namespace hocvuso::broadcast {

// Warnings one chat officer may start per Vietnam day (the API uses the
// broadcast_daily_limit config key; handlers do not see the config yet).
inline constexpr int kChatDailyLimit = 20;

void register_composer(Dispatcher& d, DirectoryFactory directory);
std::vector<std::string> composer_string_keys();

}  // namespace hocvuso::broadcast
