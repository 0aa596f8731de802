// Vietnamese numbers as a table: what each phrase is worth, or that it must not be
// read as one value (vague, a range, ambiguous between two readings).
#include <gtest/gtest.h>

#include "flows/reports/numbers.hpp"

namespace hocvuso::reports {
namespace {

struct Row {
  const char* text;
  long long value;  // -1: not one certain number
};

TEST(ReportNumbers, Table) {
  const Row rows[] = {
      // units and tens
      {"một", 1}, {"hai", 2}, {"bốn", 4}, {"năm", 5}, {"bảy", 7}, {"bẩy", 7}, {"chín", 9},
      {"mười", 10}, {"mười một", 11}, {"mười lăm", 15}, {"mười nhăm", 15}, {"mười bốn", 14}, {"mười tư", 14},
      {"hai mươi", 20}, {"hai mươi mốt", 21}, {"hai mươi một", 21}, {"hai mươi tư", 24}, {"hai mươi bốn", 24},
      {"hai mươi lăm", 25}, {"bốn mươi nhăm", 45}, {"chín mươi chín", 99}, {"năm mươi", 50},
      {"muoi hai", 12}, {"hai muoi lam", 25}, {"HAI MƯƠI LĂM", 25}, {"Mười Hai", 12},
      // colloquial
      {"hai lăm", 25}, {"ba lăm", 35}, {"bốn nhăm", 45}, {"ba chục", 30}, {"chục", 10}, {"hai chục", 20},
      // hundreds
      {"một trăm", 100}, {"một trăm linh năm", 105}, {"một trăm lẻ năm", 105}, {"ba trăm lẻ tư", 304},
      {"một trăm hai mươi", 120}, {"một trăm mười", 110}, {"hai trăm rưỡi", 250}, {"chín trăm chín mươi chín", 999},
      {"mot tram linh nam", 105}, {"một trăm hai chục", 120},
      // thousands, millions
      {"một nghìn", 1000}, {"một ngàn", 1000}, {"một nghìn hai trăm", 1200}, {"một ngàn không trăm năm mươi", 1050},
      {"hai nghìn linh năm", 2005}, {"nghìn rưỡi", -1}, {"một nghìn rưỡi", 1500}, {"hai triệu", 2000000},
      {"mười hai nghìn", 12000}, {"một trăm hai mươi nghìn", 120000},
      // digits, separators, mixed
      {"25", 25}, {"1.200", 1200}, {"2 chục", 20}, {"1 trăm 2 mươi", 120}, {"3 nghìn", 3000}, {"2 mươi 5", 25},
      {"1 trăm", 100}, {"0", 0},
      // not one certain number
      {"vài", -1}, {"vài chục", -1}, {"dăm", -1}, {"hàng chục", -1}, {"cả trăm", -1}, {"hơn chục", -1},
      {"mấy chục", -1}, {"một vài", -1}, {"hai ba", -1}, {"hai ba chục", -1}, {"mười lăm mười sáu", -1},
      {"một trăm năm", -1}, {"hai trăm mốt", -1}, {"một nghìn hai", -1}, {"mười năm", -1}, {"hai mươi năm", -1},
      {"20-25", -1}, {"1,5", -1}, {"60%", -1}, {"20 đến 25", -1}, {"mươi", -1}, {"trăm", -1},
      {"mười bón", -1}, {"hai mươii", -1}, {"ba chục hai", -1},
      // words that only look like numerals
      {"bà", -1}, {"sau", -1}, {"sáu", 6}, {"sau mươi", 60}, {"tạm", -1}, {"lăm", -1}, {"không", -1}, {"tư", -1},
  };
  for (const auto& r : rows) {
    const auto got = read_number_text(r.text);
    if (r.value < 0) {
      EXPECT_FALSE(got.has_value()) << r.text << " read as " << got.value_or(-1);
    } else {
      EXPECT_EQ(got, std::optional<long long>(r.value)) << r.text;
    }
  }
}

NumberRead at(std::string_view text, std::size_t i) {
  static std::vector<groups::Token> tokens;
  tokens = groups::tokenize(text);
  return read_number(tokens, i, text);
}

// Token offsets follow the bytes as written: a broken byte, an overlong 'A' (3 bytes) and
// a cut-off multi-byte letter at the end keep every token inside the text, the last
// ending at its end.
TEST(ReportTokens, OffsetsFollowTheBytesAsWritten) {
  const std::string text = "Bản\xff" "12 \xe0\x81\x81" "nh\xc3";
  const auto tokens = groups::tokenize(text);
  ASSERT_FALSE(tokens.empty());
  std::size_t last = 0;
  for (const auto& t : tokens) {
    EXPECT_LE(t.begin, t.end);
    EXPECT_LE(t.end, text.size());
    EXPECT_GE(t.begin, last);
    last = t.end;
  }
  EXPECT_EQ(tokens.back().end, text.size());
  EXPECT_EQ(tokens.front().folded, "ban");
  EXPECT_EQ(tokens.front().end, std::string_view("Bản").size());
}

TEST(ReportNumbers, InContext) {
  // "năm" is the year word before a year or after "trong", "cả".
  EXPECT_EQ(at("năm 2026", 0).status, NumberRead::Status::none);
  EXPECT_EQ(at("trong năm", 1).status, NumberRead::Status::none);
  EXPECT_EQ(at("năm nay", 0).status, NumberRead::Status::none);
  auto five = at("năm buổi", 0);
  EXPECT_TRUE(five.exact());
  EXPECT_EQ(five.value, 5);
  EXPECT_EQ(five.length, 1u);
  // "bà con", "ba con" (without marks), "sau khi", "một số": not numbers.
  EXPECT_EQ(at("ba con", 0).status, NumberRead::Status::none);
  EXPECT_EQ(at("sau khi", 0).status, NumberRead::Status::none);
  EXPECT_EQ(at("to chuc hai buoi", 1).status, NumberRead::Status::none);
  EXPECT_EQ(at("một số người", 0).status, NumberRead::Status::none);
  // The phrase stops where the number does.
  auto twelve = at("mười hai người", 0);
  EXPECT_TRUE(twelve.exact());
  EXPECT_EQ(twelve.value, 12);
  EXPECT_EQ(twelve.length, 2u);
  EXPECT_TRUE(twelve.in_words);
  auto hundred = at("một trăm người năm buổi", 0);
  EXPECT_EQ(hundred.value, 100);
  EXPECT_EQ(hundred.length, 2u);
  // An unsure phrase covers its words, so the caller can name it.
  auto vague = at("vài chục người", 0);
  EXPECT_TRUE(vague.unsure());
  EXPECT_EQ(vague.length, 2u);
}

}  // namespace
}  // namespace hocvuso::reports
