// The n-gram channel finds the wording a citizen meant where whole syllables do not
// meet: a letter missing or swapped, words run together or split.
#include "flows/faq/faq_ngrams.hpp"

#include <gtest/gtest.h>

#include "bot/text/fold.hpp"

namespace hocvuso::faq {
namespace {

std::vector<std::string> words(const char* text) { return text::fold_words(text); }

// Three entries, two or three wordings each, as the content loader gives them.
NgramIndex small_faq() {
  return NgramIndex({
      {words("Quên mật khẩu VNeID thì làm sao?"), words("lấy lại mật khẩu vneid"), words("Quên mật khẩu")},
      {words("Cài VNeID trên điện thoại thế nào?"), words("tải ứng dụng định danh"), words("Cài VNeID")},
      {words("Đóng tiền điện qua ngân hàng"), words("trả tiền điện hàng tháng")},
  });
}

std::size_t best(const std::vector<double>& scores) {
  return static_cast<std::size_t>(std::max_element(scores.begin(), scores.end()) - scores.begin());
}

TEST(FaqNgramsTest, GramsMarkWordEdgesAndNeighbours) {
  const auto g = NgramIndex::grams({"mat", "khau"});
  EXPECT_NE(std::find(g.begin(), g.end(), "_ma"), g.end());
  EXPECT_NE(std::find(g.begin(), g.end(), "at_"), g.end());
  EXPECT_NE(std::find(g.begin(), g.end(), "t_kh"), g.end());  // across the two words
  EXPECT_NE(std::find(g.begin(), g.end(), "khau_"), g.end());
  EXPECT_TRUE(NgramIndex::grams({}).empty());
}

TEST(FaqNgramsTest, AMisspeltWordStillFindsItsEntry) {
  const auto index = small_faq();
  // "mạt khảu" typed as "mat khua", "vneid" as "vnied": no syllable of the entry is whole.
  const auto s = index.scores(words("quen mat khua vnied"));
  EXPECT_EQ(best(s), 0u);
  EXPECT_GT(s[0], 2 * s[1]);
}

TEST(FaqNgramsTest, WordsRunTogetherOrSplitStillFindTheirEntry) {
  const auto index = small_faq();
  EXPECT_EQ(best(index.scores(words("quenmatkhau"))), 0u);
  EXPECT_EQ(best(index.scores(words("cai vne id tren dien thoai"))), 1u);
  EXPECT_EQ(best(index.scores(words("dongtien dien"))), 2u);
}

TEST(FaqNgramsTest, TheNearestWordingDecidesNotTheEntryAsAWhole) {
  const auto index = small_faq();
  // The short wording "Cài VNeID" is all the question says: a full cosine.
  const auto s = index.scores(words("cài vneid"));
  EXPECT_EQ(best(s), 1u);
  EXPECT_NEAR(s[1], 1.0, 1e-6);
}

TEST(FaqNgramsTest, AQuestionAboutSomethingElseScoresLowEverywhere) {
  const auto index = small_faq();
  const auto s = index.scores(words("giá vàng hôm nay bao nhiêu"));
  for (double x : s) EXPECT_LT(x, 0.2);
  for (double x : index.scores({})) EXPECT_EQ(x, 0);
  EXPECT_EQ(index.size(), 3u);
}

}  // namespace
}  // namespace hocvuso::faq
