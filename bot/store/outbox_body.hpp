// The JSON an outbox row keeps for its message, and the options a chat was shown.
// Public so the sender can decode and encode on its own thread: the store thread is
// the one every update waits on, so it only moves strings in and out of SQLite.
#pragma once

#include <string>
#include <string_view>

#include "bot/core/message.hpp"

namespace hocvuso {

// {"text": …, "buttons": [[{"label", "payload"}…]…], "reply_to"?: …}; the tag has a column of its own.
std::string encode_outgoing(const Outgoing& message);
// Throws std::invalid_argument when the body is not one encode_outgoing wrote.
Outgoing decode_outgoing(Channel channel, std::string chat_id, std::string_view body);

// [{"label", "payload"}…], flattened in reading order (chat_options.options).
std::string encode_options(const ButtonRows& rows);

}  // namespace hocvuso
