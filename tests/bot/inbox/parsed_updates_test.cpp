// The webhook's parses handed to the inbox lane: taken once, dropped on demand, and
// bounded (a missing entry only means parsing the stored body again); never the parse
// of another body under the same key.
#include "bot/inbox/parsed_updates.hpp"

#include <gtest/gtest.h>

namespace hocvuso {
namespace {

using inbox::ParsedUpdates;

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
  EXPECT_TRUE(p.put("1", "{body 1}", update("1", "xin chào")));
  auto got = p.take("1", "{body 1}");
  ASSERT_TRUE(got);
  EXPECT_EQ(got->message->text, "xin chào");
  EXPECT_FALSE(p.take("1", "{body 1}"));
  EXPECT_FALSE(p.take("2", "{body 2}"));
}

TEST(ParsedUpdates, DroppedEntryIsGone) {
  ParsedUpdates p;
  p.put("1", "{a}", update("1", "a"));
  p.drop("1");
  EXPECT_FALSE(p.take("1", "{a}"));
}

TEST(ParsedUpdates, HoldsAtMostItsBoundAndThenDeclinesNewEntries) {
  ParsedUpdates p;
  for (std::size_t i = 0; i < ParsedUpdates::kMaxEntries + 10; ++i) p.put(std::to_string(i), "x", update("", "x"));
  EXPECT_TRUE(p.take("0", "x"));
  EXPECT_TRUE(p.take(std::to_string(ParsedUpdates::kMaxEntries - 1), "x"));
  EXPECT_FALSE(p.take(std::to_string(ParsedUpdates::kMaxEntries), "x"));
}

// Two updates whose ids map to one key: the first's parse stays, the second's put is
// refused (so it must not drop the first's), and a row holding the second body never
// gets the first's parse (the reply would go to the wrong person).
TEST(ParsedUpdates, ASecondBodyUnderTheSameKeyNeverReplacesOrBorrowsTheFirstParse) {
  ParsedUpdates p;
  EXPECT_TRUE(p.put("-1", "{from bà Lan}", update("-1", "bà Lan")));
  EXPECT_FALSE(p.put("-1", "{from ông Tư}", update("-1", "ông Tư")));
  auto first = p.take("-1", "{from bà Lan}");
  ASSERT_TRUE(first);
  EXPECT_EQ(first->message->text, "bà Lan");

  p.put("7", "{from bà Lan}", update("7", "bà Lan"));
  EXPECT_FALSE(p.take("7", "{from ông Tư}")) << "the stored body is another update's";
  EXPECT_FALSE(p.take("7", "{from bà Lan}")) << "a mismatched entry is dropped, not kept";
}

}  // namespace
}  // namespace hocvuso
