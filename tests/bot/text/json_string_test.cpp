// text::append_json_string writes what a JSON parser reads back as the same string.
#include "bot/text/json_string.hpp"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

namespace hocvuso {
namespace {

std::string as_json(std::string_view s) {
  std::string out = "x";
  text::append_json_string(out, s);
  return out.substr(1);
}

TEST(JsonString, EscapesOnlyWhatJsonRequires) {
  EXPECT_EQ(as_json(""), R"("")");
  EXPECT_EQ(as_json("Xin chào"), "\"Xin chào\"");
  EXPECT_EQ(as_json("a\"b\\c"), R"("a\"b\\c")");
  EXPECT_EQ(as_json("\n\r\t\b\f"), R"("\n\r\t\b\f")");
  EXPECT_EQ(as_json(std::string("\x01\x1f\x7f", 3)), "\"\\u0001\\u001f\x7f\"");
  EXPECT_EQ(as_json(std::string("a\0b", 3)), R"("a\u0000b")");
  EXPECT_EQ(as_json("/"), R"("/")");
}

TEST(JsonString, EveryByteStringReadsBackAsItsWellFormedSelf) {
  // All one- and two-byte strings: each result parses, and valid UTF-8 comes back unchanged.
  for (int a = 0; a < 256; ++a) {
    for (int b = -1; b < 256; b += 5) {
      std::string s(1, static_cast<char>(a));
      if (b >= 0) s += static_cast<char>(b);
      const auto back = nlohmann::json::parse(as_json(s), nullptr, false);
      ASSERT_FALSE(back.is_discarded()) << a << " " << b;
      bool well_formed = true;
      try {
        (void)nlohmann::json(s).dump();  // throws on bytes that are not UTF-8
      } catch (const nlohmann::json::exception&) {
        well_formed = false;
      }
      if (well_formed) {
        EXPECT_EQ(back.get<std::string>(), s);
      }
    }
  }
}

}  // namespace
}  // namespace hocvuso
