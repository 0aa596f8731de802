// Tests parse_command and trim (bot/core/command.hpp).
#include "bot/core/command.hpp"

#include <gtest/gtest.h>

#include <optional>
#include <string>
#include <vector>

namespace hocvuso {
namespace {

struct CommandCase {
  std::string text;
  std::string name;
  std::string addressee;
  std::string args;
};

TEST(ParseCommand, Commands) {
  const std::vector<CommandCase> cases = {
      {"/start", "start", "", ""},
      {"/START", "start", "", ""},
      {"/Menu", "menu", "", ""},
      {"/start@HocVuSoBot args", "start", "HocVuSoBot", "args"},
      {"  /menu  ", "menu", "", ""},
      {"/start123", "start123", "", ""},
      {"/cmd@bot", "cmd", "bot", ""},
      {"/start   some  args  ", "start", "", "some  args"},
      {"/start\targs", "start", "", "args"},
      {"/start\nline two", "start", "", "line two"},
      {"/bao_cao x", "bao_cao", "", "x"},
      {"\t/help", "help", "", ""},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE("text: \"" + c.text + "\"");
    auto cmd = parse_command(c.text);
    ASSERT_TRUE(cmd.has_value());
    EXPECT_EQ(cmd->name, c.name);
    EXPECT_EQ(cmd->addressee, c.addressee);
    EXPECT_EQ(cmd->args, c.args);
  }
}

TEST(ParseCommand, NotCommands) {
  const std::vector<std::string> cases = {
      "", "/", "/ ", "/ start", "hello", "hello /start", "//start", "/start-now", "/start!", "/@bot",
      "/xin_chào", "  ",
  };
  for (const auto& text : cases) {
    SCOPED_TRACE("text: \"" + text + "\"");
    EXPECT_FALSE(parse_command(text).has_value());
  }
}

TEST(Trim, StripsAsciiWhitespaceBothEnds) {
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"", ""}, {"   ", ""}, {" a ", "a"}, {"\t\r\na b\n", "a b"}, {"x", "x"},
  };
  for (const auto& [in, want] : cases) EXPECT_EQ(trim(in), want) << "input: \"" << in << "\"";
}

}  // namespace
}  // namespace hocvuso
