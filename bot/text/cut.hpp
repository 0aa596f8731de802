// Cutting UTF-8 text to a length in characters, for what is shown or kept short.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace hocvuso::text {

// The first `max_chars` UTF-8 characters of text (never cutting one in half), "…" when cut.
std::string cut_utf8(std::string_view text, std::size_t max_chars);

}  // namespace hocvuso::text
