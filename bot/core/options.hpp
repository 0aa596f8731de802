// Which shown option a typed reply means: "2", "2." or the option's words (with or
// without its leading emoji), or its payload typed back (Zalo buttons). One rule for
// the console and for chats where options are numbered.
#pragma once

#include <optional>
#include <string_view>
#include <vector>

#include "bot/core/message.hpp"

namespace hocvuso {

// The index of the chosen option. Without `by_number_or_label` only an exact payload
// counts (where real buttons are shown, "1" is just text).
std::optional<std::size_t> choose_option(std::string_view said, const std::vector<Button>& options,
                                         bool by_number_or_label);

}  // namespace hocvuso
