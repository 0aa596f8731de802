// The main menu, help, and the answer for an unknown command (free text goes to
// the FAQ, flows/faq). Features of later issues replace the "coming soon" entries by registering
// their own handler for the same payload.
#pragma once

#include <string>
#include <vector>

#include "bot/core/dispatcher.hpp"

namespace hocvuso::flows {

// Button payloads of the main menu; features register handlers for these.
inline constexpr const char* kMenuHome = "menu:home";
inline constexpr const char* kMenuLearn = "menu:learn";
inline constexpr const char* kMenuQuiz = "menu:quiz";
inline constexpr const char* kMenuFaq = "menu:faq";
inline constexpr const char* kMenuScam = "menu:scam";
inline constexpr const char* kMenuTeam = "menu:team";

void register_menu(Dispatcher& dispatcher);

// The menu as buttons, in the user's language; other features end on it too.
ButtonRows menu_buttons(const Context& ctx);
ButtonRows back_to_menu(const Context& ctx);

// Bot strings this module uses; `content check` requires them in vi.json.
std::vector<std::string> menu_string_keys();

}  // namespace hocvuso::flows
