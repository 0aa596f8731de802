// Tests Strings lookup with fallback to vi and fill_placeholders (bot/core/strings.hpp).
#include "bot/core/strings.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace hocvuso {
namespace {

Strings sample() {
  Strings s;
  s.set("vi", "greet", "Xin chào {name}");
  s.set("vi", "only_vi", "chỉ tiếng Việt");
  s.set("en", "greet", "Hello {name}");
  return s;
}

TEST(Strings, LookupAndFallback) {
  const Strings s = sample();
  struct Case {
    std::string key, locale, want;
  };
  const std::vector<Case> cases = {
      {"greet", "vi", "Xin chào {name}"},
      {"greet", "en", "Hello {name}"},
      {"only_vi", "en", "chỉ tiếng Việt"},     // en lacks it: falls back to vi
      {"greet", "fr", "Xin chào {name}"},      // unknown locale: vi
      {"no.such.key", "vi", "no.such.key"},    // missing everywhere: the key itself
      {"no.such.key", "en", "no.such.key"},
  };
  for (const auto& c : cases) {
    EXPECT_EQ(s.get(c.key, c.locale), c.want) << c.key << " / " << c.locale;
  }
  EXPECT_EQ(s.get("greet"), "Xin chào {name}");  // default locale is vi
}

TEST(Strings, HasAndLocales) {
  const Strings s = sample();
  EXPECT_TRUE(s.has("vi", "greet"));
  EXPECT_TRUE(s.has("en", "greet"));
  EXPECT_FALSE(s.has("en", "only_vi"));  // has() does not fall back
  EXPECT_FALSE(s.has("fr", "greet"));
  EXPECT_EQ(s.locales(), (std::vector<std::string>{"en", "vi"}));
  ASSERT_NE(s.table("vi"), nullptr);
  EXPECT_EQ(s.table("vi")->size(), 2u);
  EXPECT_EQ(s.table("fr"), nullptr);
}

TEST(Strings, SetReplaces) {
  Strings s;
  s.set("vi", "k", "one");
  s.set("vi", "k", "two");
  EXPECT_EQ(s.get("k"), "two");
}

TEST(Strings, FormatFillsInLocale) {
  const Strings s = sample();
  EXPECT_EQ(s.format("greet", "en", {{"name", "Lan"}}), "Hello Lan");
  EXPECT_EQ(s.format("greet", "vi", {{"name", "Lan"}}), "Xin chào Lan");
  EXPECT_EQ(s.format("missing", "vi", {{"name", "Lan"}}), "missing");
}

TEST(FillPlaceholders, Table) {
  struct Case {
    std::string text;
    Strings::Vars vars;
    std::string want;
  };
  const std::vector<Case> cases = {
      {"Hi {name}!", {{"name", "Lan"}}, "Hi Lan!"},
      {"{name} and {name}", {{"name", "A"}}, "A and A"},                 // repeated
      {"{a}{b}", {{"a", "1"}, {"b", "2"}}, "12"},                        // adjacent
      {"{{name}}", {{"name", "X"}}, "{X}"},                              // doubled braces
      {"Hi {unknown}", {{"name", "Lan"}}, "Hi {unknown}"},               // unknown kept
      {"Hi {name", {{"name", "Lan"}}, "Hi {name"},                       // unclosed
      {"a } b {", {}, "a } b {"},
      {"{name}", {{"name", ""}}, ""},
      {"{name}", {{"name", "{name}"}}, "{name}"},                        // no re-expansion
      {"{x} {y}", {{"y", "2"}}, "{x} 2"},
      {"Chào {name} 👋", {{"name", "Đức"}}, "Chào Đức 👋"},
      {"", {{"name", "x"}}, ""},
  };
  for (const auto& c : cases) EXPECT_EQ(fill_placeholders(c.text, c.vars), c.want) << "text: " << c.text;
}

TEST(FillPlaceholders, FirstMatchingVarWins) {
  EXPECT_EQ(fill_placeholders("{n}", {{"n", "first"}, {"n", "second"}}), "first");
}

}  // namespace
}  // namespace hocvuso
