// Slash-command parsing shared by every channel.
#include "bot/core/command.hpp"

#include <cctype>

namespace hocvuso {

namespace {
bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }
bool is_name_char(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '_';
}
}  // namespace

std::string trim(std::string_view s) {
  while (!s.empty() && is_space(s.front())) s.remove_prefix(1);
  while (!s.empty() && is_space(s.back())) s.remove_suffix(1);
  return std::string(s);
}

std::optional<Command> parse_command(std::string_view text) {
  std::string_view s = text;
  while (!s.empty() && is_space(s.front())) s.remove_prefix(1);
  if (s.size() < 2 || s.front() != '/') return std::nullopt;
  s.remove_prefix(1);

  Command cmd;
  std::size_t i = 0;
  while (i < s.size() && is_name_char(s[i])) {
    cmd.name.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(s[i]))));
    ++i;
  }
  if (cmd.name.empty()) return std::nullopt;
  if (i < s.size() && s[i] == '@') {
    ++i;
    while (i < s.size() && is_name_char(s[i])) cmd.addressee.push_back(s[i++]);
  }
  // "/start123abc" is a command only if the name ends at a space or the end.
  if (i < s.size() && !is_space(s[i])) return std::nullopt;
  cmd.args = trim(s.substr(i));
  return cmd;
}

}  // namespace hocvuso
