// Scam-warning broadcasts in chat: /canhbao bat|tat [xã, tỉnh] (subscriptions; groups
// are in by default), /thongke [id] (progress for officers),
// /huycanhbao, /tamdung, /tieptuc <id> (the API's cancel, pause, resume), /duyet <id> (a second
// officer's approval), and the message text a warning goes out with.
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "bot/core/dispatcher.hpp"
#include "flows/broadcast/directory.hpp"

namespace hocvuso::broadcast {

// The directory for a handler's store and content: who is an officer, and where.
// The service wires RolesDirectory (roles granted with `hocvuso users grant`);
// the default, StoreDirectory, reads only this feature's own officer table.
using DirectoryFactory = std::function<std::unique_ptr<BroadcastDirectory>(Store&, const Content&)>;

// The service's settings the chat side follows (config keys of the same names).
struct BroadcastOptions {
  int daily_limit = 20;           // warnings one officer may start per Vietnam day
  bool require_approval = false;  // province-wide or larger waits for a second officer
};

void register_broadcast(Dispatcher& d, BroadcastOptions options = {}, DirectoryFactory directory = {});
std::vector<std::string> broadcast_string_keys();

// Payload of the "subscribe" button offered with the welcome.
inline constexpr const char* kSubscribePayload = "bc:on";

// The text recipients see: a header for the severity, the warning, the link, how
// to stop. severity: info | warning | urgent (anything else is refused earlier).
std::string render_warning(const Strings& strings, std::string_view severity, std::string_view text,
                           std::string_view link);
bool valid_severity(std::string_view severity);

// A target in words: "xã Thuận Châu, Sơn La; xã Mường La, Sơn La", "cả tỉnh Sơn La".
std::string target_words(const Context& ctx, const Target& target);

// How an officer in chat is named as author or approver: "<channel>:<user id>".
std::string chat_actor(const Context& ctx);

// Place names as stored and matched: folded, without a leading "xã" / "tỉnh".
std::string fold_commune(std::string_view name);
std::string fold_province(std::string_view name);

}  // namespace hocvuso::broadcast
