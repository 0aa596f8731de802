// The FAQ in conversation: free text in a private chat is a question; menu:faq invites
// one, menu:scam lists the common scams; faq:show:<id> shows an answer and
// faq:up:<id> / faq:down:<id> count feedback.
#pragma once

#include <string>
#include <vector>

#include "bot/core/dispatcher.hpp"

namespace hocvuso::faq {

void register_faq(Dispatcher& dispatcher);

// Bot strings this module uses; `content check` requires them in vi.json.
std::vector<std::string> faq_string_keys();

}  // namespace hocvuso::faq
