// Result<T> / Problem: the one shape of an expected failure (bot/core/result.hpp).
#include "bot/core/result.hpp"

#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <type_traits>
#include <vector>

namespace hocvuso {
namespace {

Result<int> parse_age(const std::string& s) {
  if (s.empty()) return Problem{"missing_field", "age is required"};
  if (s.find_first_not_of("0123456789") != std::string::npos) return Problem{"bad_type", "age must be digits"};
  return std::stoi(s);
}

TEST(Result, AValueReadsAsTheValue) {
  const auto r = parse_age("72");
  ASSERT_TRUE(r.has_value());
  EXPECT_TRUE(static_cast<bool>(r));
  EXPECT_EQ(*r, 72);
  EXPECT_EQ(r.value(), 72);
}

TEST(Result, AProblemKeepsItsCodeAndMessage) {
  const auto missing = parse_age("");
  ASSERT_FALSE(missing.has_value());
  EXPECT_EQ(missing.problem().code, "missing_field");
  EXPECT_EQ(missing.problem().message, "age is required");
  EXPECT_EQ(parse_age("bảy mươi").problem().code, "bad_type");
}

TEST(Result, AskingForTheWrongSideIsABugThatThrows) {
  EXPECT_THROW((void)parse_age("").value(), std::bad_variant_access);
  EXPECT_THROW((void)parse_age("5").problem(), std::bad_variant_access);
}

TEST(Result, HoldsMoveOnlyValuesAndMovesThemOut) {
  Result<std::unique_ptr<std::string>> r = std::make_unique<std::string>("kết nối");
  ASSERT_TRUE(r);
  EXPECT_EQ(**r, "kết nối");
  std::unique_ptr<std::string> taken = std::move(r).value();
  EXPECT_EQ(*taken, "kết nối");
}

TEST(Result, AStringValueIsNotMistakenForAProblem) {
  // The old shape, variant<T, std::string>, could not hold a string value beside a reason.
  Result<std::string> text = std::string("Xin chào");
  ASSERT_TRUE(text);
  EXPECT_EQ(text->size(), std::string("Xin chào").size());
  Result<std::string> refused = Problem{"malformed", "not a JSON object"};
  EXPECT_FALSE(refused);
}

// An aggregate can be built from a string (its first member), but a reason given as a bare string
// must never pass for a value: it does not convert, and has to be written as a Problem.
struct Update {
  std::string key;
  int n = 0;
};
static_assert(!std::is_convertible_v<std::string, Result<Update>>);
static_assert(!std::is_convertible_v<const char*, Result<Update>>);
static_assert(std::is_convertible_v<Update, Result<Update>>);
static_assert(std::is_convertible_v<Problem, Result<Update>>);

TEST(Result, DefaultIsAValueInitialisedValue) {
  const Result<std::vector<int>> r;
  ASSERT_TRUE(r);
  EXPECT_TRUE(r->empty());
}

}  // namespace
}  // namespace hocvuso
