// The webhook's parses handed to the inbox lane: taken once, dropped on demand, and
// bounded (a missing entry only means parsing the stored body again).
#include "bot/app/parsed_updates.hpp"

#include <gtest/gtest.h>

namespace hocvuso {
namespace {

ParsedUpdate update(const std::string& key, const std::string& text) {
  ParsedUpdate u;
  u.dedupe_key = key;
  Incoming in;
  in.text = text;
  u.message = in;
  return u;
}

TEST(ParsedUpdates, EachEntryIsTakenOnce) {
  ParsedUpdates p;
  p.put("1", update("1", "xin chào"));
  auto got = p.take("1");
  ASSERT_TRUE(got);
  EXPECT_EQ(got->message->text, "xin chào");
  EXPECT_FALSE(p.take("1"));
  EXPECT_FALSE(p.take("2"));
}

TEST(ParsedUpdates, DroppedEntryIsGone) {
  ParsedUpdates p;
  p.put("1", update("1", "a"));
  p.drop("1");
  EXPECT_FALSE(p.take("1"));
}

TEST(ParsedUpdates, HoldsAtMostItsBoundAndThenDeclinesNewEntries) {
  ParsedUpdates p;
  for (std::size_t i = 0; i < ParsedUpdates::kMaxEntries + 10; ++i) p.put(std::to_string(i), update("", "x"));
  EXPECT_TRUE(p.take("0"));
  EXPECT_TRUE(p.take(std::to_string(ParsedUpdates::kMaxEntries - 1)));
  EXPECT_FALSE(p.take(std::to_string(ParsedUpdates::kMaxEntries)));
}

}  // namespace
}  // namespace hocvuso
