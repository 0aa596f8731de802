// /phatcanhbao: an officer composes a warning in a private chat: text, severity,
// target within their scope, a preview with the recipient count, confirm.
#pragma once

#include <string>
#include <vector>

#include "bot/core/dispatcher.hpp"
#include "flows/broadcast/broadcast.hpp"

namespace hocvuso::broadcast {

void register_composer(Dispatcher& d, BroadcastOptions options, DirectoryFactory directory);
std::vector<std::string> composer_string_keys();

}  // namespace hocvuso::broadcast
