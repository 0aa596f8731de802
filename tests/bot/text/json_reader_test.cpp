// The reader against nlohmann::json, the parser it stands in for on the hot paths: on
// generated documents, on thousands of mutations of them (cut off, bytes dropped,
// JSON's own punctuation and broken UTF-8 put in), and on the grammar's edge cases. The
// two must accept the same texts and read the same values.
#include "bot/text/json_reader.hpp"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <random>
#include <string>

namespace hocvuso::text {
namespace {

using nlohmann::json;

// A document read through the reader alone, member by member.
json read_any(JsonReader& in) {
  switch (in.peek()) {
    case JsonReader::Kind::object: {
      json o = json::object();
      in.object([&](const std::string& key) { o[key] = read_any(in); });
      return o;
    }
    case JsonReader::Kind::array: {
      json a = json::array();
      in.array([&] { a.push_back(read_any(in)); });
      return a;
    }
    case JsonReader::Kind::string: return in.string();
    case JsonReader::Kind::number: return json::parse(std::string(in.number()));
    case JsonReader::Kind::boolean: return in.boolean();
    case JsonReader::Kind::null: in.null(); return nullptr;
  }
  return nullptr;
}

std::optional<json> read_whole(std::string_view text) {
  try {
    JsonReader in(text);
    json v = read_any(in);
    in.end();
    return v;
  } catch (const JsonError&) {
    return std::nullopt;
  }
}

bool skips_whole(std::string_view text) {
  try {
    JsonReader in(text);
    in.skip();
    in.end();
    return true;
  } catch (const JsonError&) {
    return false;
  }
}

// Checks one text both ways against nlohmann; returns whether it was valid.
bool agrees(const std::string& text) {
  const bool valid = json::accept(text);
  EXPECT_EQ(skips_whole(text), valid) << "skip() on: " << text;
  const auto read = read_whole(text);
  EXPECT_EQ(read.has_value(), valid) << "reading on: " << text;
  if (read && valid) {
    EXPECT_EQ(*read, json::parse(text)) << "values of: " << text;
  }
  return valid;
}

class Generator {
 public:
  explicit Generator(unsigned seed) : rng_(seed) {}

  json value(int depth) {
    switch (pick(depth > 3 ? 5 : 7)) {
      case 0: return nullptr;
      case 1: return pick(2) == 0;
      case 2: return number();
      case 3:
      case 4: return string();
      case 5: {
        json a = json::array();
        for (int n = pick(4); n > 0; --n) a.push_back(value(depth + 1));
        return a;
      }
      default: {
        json o = json::object();
        for (int n = pick(4); n > 0; --n) o[string()] = value(depth + 1);
        return o;
      }
    }
  }

  // The text of a value, with whitespace of every allowed kind put between tokens.
  std::string text(const json& v) {
    std::string s = v.dump(pick(2) == 0 ? -1 : 1, pick(2) == 0 ? ' ' : '\t', pick(2) == 0);
    if (pick(4) == 0) s = "\r\n " + s + " \n";
    if (pick(10) == 0) s = "\xEF\xBB\xBF" + s;
    return s;
  }

  std::string mutate(std::string s) {
    static const std::string kPieces[] = {"\"", "\\", "\\u", "\\ud83d", "\\udc00", ",", ":", "{", "}", "[", "]",
                                          "0", "01", "-", ".", "e", "+", "1e", "true", "nul", " ", "\x01",
                                          "\x80", "\xC3", "\xE1\xBB", "\xED\xA0\x80", "\xF4\x90\x80\x80", "ệ"};
    for (int n = 1 + pick(2); n > 0 && !s.empty(); --n) {
      const std::size_t at = static_cast<std::size_t>(pick(static_cast<int>(s.size())));
      switch (pick(4)) {
        case 0: s.erase(at, 1 + static_cast<std::size_t>(pick(3))); break;
        case 1: s.insert(at, kPieces[pick(std::size(kPieces))]); break;
        case 2: s.resize(at); break;
        default: s[at] = kPieces[pick(std::size(kPieces))][0];
      }
    }
    return s;
  }

  int pick(int n) { return std::uniform_int_distribution<int>(0, n - 1)(rng_); }

 private:
  json number() {
    switch (pick(5)) {
      case 0: return pick(1000);
      case 1: return -static_cast<std::int64_t>(pick(1 << 30)) * 4096;
      case 2: return 0.5 * pick(100);
      case 3: return 9007199254740993.0;
      default: return static_cast<std::uint64_t>(18446744073709551615ULL);
    }
  }
  std::string string() {
    static const std::string kPieces[] = {"a", "Tổ", " CNSCĐ", "\"", "\\", "/", "\n", "\t", std::string(1, '\0'),
                                          "\x1f", "ệ", "😀", "𝄞", "định danh", "\xEF\xBF\xBD", "label", "payload"};
    std::string s;
    for (int n = pick(6); n > 0; --n) s += kPieces[pick(std::size(kPieces))];
    return s;
  }

  std::mt19937 rng_;
};

TEST(JsonReader, ReadsWhatNlohmannReadsOnGeneratedDocuments) {
  Generator gen(20261207);
  for (int i = 0; i < 3000; ++i) EXPECT_TRUE(agrees(gen.text(gen.value(0))));
}

TEST(JsonReader, AcceptsAndRejectsWhatNlohmannDoesOnMutatedDocuments) {
  Generator gen(7122026);
  int valid = 0, invalid = 0;
  for (int i = 0; i < 20000; ++i) (agrees(gen.mutate(gen.text(gen.value(0)))) ? valid : invalid) += 1;
  // Both sides of the line are exercised, not only broken texts.
  EXPECT_GT(valid, 1000) << valid << " valid, " << invalid << " invalid";
  EXPECT_GT(invalid, 10000);
}

TEST(JsonReader, GrammarEdgesAsNlohmann) {
  for (const std::string text :
       {"", " ", "{}", "[]", "[1,]", "[,1]", "{\"a\":1,}", "{,}", "{\"a\"}", "{\"a\" 1}", "{1:2}", "01", "-0", "-",
        "1.", ".5", "+1", "1e", "1e+", "1E-2", "-0.0e0", "tru", "true false", "nullx", "\"\\u00e9\"", "\"\\uD83D\\uDE00\"",
        "\"\\ud83d\"", "\"\\ude00\"", "\"\\ud83d\\u0041\"", "\"\\x\"", "\"\\u12\"", "\"a\tb\"", "\"\xC0\xAF\"",
        "\"\xED\xA0\x80\"", "\"\xF4\x90\x80\x80\"", "\"\xE1\xBB\x87\"", "\xEF\xBB\xBF{}", "\xEF\xBB{}", "[[[[[]]]]]",
        "[[[[[]]]]", "{\"a\":[{\"b\":{}}]}", "\"unterminated", "\"\\", "[1 2]", "{\"a\":1 \"b\":2}", "1 ", " 1",
        "18446744073709551616", "-9223372036854775809", "1e400"}) {
    SCOPED_TRACE(text);
    agrees(text);
  }
}

TEST(JsonReader, SkipsNestingDeeperThanAStackWouldHold) {
  const std::string deep = std::string(200000, '[') + std::string(200000, ']');
  EXPECT_TRUE(skips_whole(deep));
  EXPECT_FALSE(skips_whole(deep.substr(0, deep.size() - 1)));
}

TEST(JsonReader, IntegerOnlyForWholeNumbersThatFit) {
  const auto integer = [](std::string_view t) {
    JsonReader in(t);
    return in.integer();
  };
  EXPECT_EQ(integer("-42"), -42);
  EXPECT_EQ(integer("9223372036854775807"), INT64_MAX);
  EXPECT_EQ(integer("9223372036854775808"), std::nullopt);
  EXPECT_EQ(integer("1.0"), std::nullopt);
  EXPECT_EQ(integer("1e3"), std::nullopt);
  EXPECT_THROW(integer("\"1\""), JsonError);
}

TEST(JsonReader, SaysWhereTheTextBroke) {
  JsonReader in("{\"text\": \"a\" \"b\"}");
  try {
    in.object([&](const std::string&) { in.skip(); });
    FAIL() << "a missing comma was read";
  } catch (const JsonError& e) {
    EXPECT_STREQ(e.what(), "expected , or } in an object at byte 13");
  }
}

}  // namespace
}  // namespace hocvuso::text
