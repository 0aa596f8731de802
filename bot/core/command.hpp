// Parsing of slash commands ("/start", "/baocao@HocVuSoBot args") from message text.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace hocvuso {

struct Command {
  std::string name;       // lower-case, without the slash: "start"
  std::string addressee;  // "HocVuSoBot" in "/start@HocVuSoBot"; empty when none
  std::string args;       // the rest of the text, trimmed
};

// A command is a '/' at the start of the text followed by a name of ASCII letters,
// digits or '_' (Telegram's rule, which the other channels follow by convention).
std::optional<Command> parse_command(std::string_view text);

std::string trim(std::string_view s);

}  // namespace hocvuso
