// Words for a Resolution, the same in every feature: the button label of a choice,
// what to say above the buttons, the note when a link corrected the type word, and
// one line naming the candidates for the command line and the API. Strings come
// from content/strings (keys in places_string_keys()).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "bot/core/strings.hpp"
#include "flows/places/resolve.hpp"

namespace hocvuso::places {

// "phường Chiềng An, Sơn La": the unit's type, name and (several provinces loaded) province.
std::string choice_label(const Places& places, const Candidate& c);

// Above the buttons of an `ask`, or for a `none` ("did you mean …"): why these
// choices ("xã Chiềng Xôm nay thuộc phường Chiềng An, Sơn La.").
std::string ask_text(const Places& places, const Strings& strings, std::string_view locale, const Resolution& r);

// For `one` when the type word was wrong ("Chiềng An là phường, không phải xã."), else "".
std::string kind_note(const Strings& strings, std::string_view locale, const Resolution& r);

// For the command line and the API (English around official names): "not one current
// unit: did you mean phường Chiềng An, Sơn La (03664, former xã Chiềng Xôm); …".
std::string refusal(const Places& places, std::string_view given, const Resolution& r);

std::vector<std::string> places_string_keys();

}  // namespace hocvuso::places
