// Decodes application/x-www-form-urlencoded text (request bodies and query strings) into name/value pairs.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace hocvuso::fakes {

using FormFields = std::vector<std::pair<std::string, std::string>>;

// "a=1&b=x+y%21" -> {{"a","1"},{"b","x y!"}}; a bad escape is kept as written.
FormFields parse_form(std::string_view text);

std::string percent_decode(std::string_view text);

}  // namespace hocvuso::fakes
