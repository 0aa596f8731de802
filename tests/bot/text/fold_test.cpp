#include "bot/text/fold.hpp"

#include <gtest/gtest.h>

using hocvuso::text::fold;
using hocvuso::text::fold_words;

TEST(Fold, RemovesEveryVietnameseMarkAndLowercases) {
  EXPECT_EQ(fold("Tổ CNSCĐ-Xã Thuận Châu"), "to cnscd-xa thuan chau");
  EXPECT_EQ(fold("ĂÂÊÔƠƯĐ ăâêôơưđ"), "aaeooud aaeooud");
  EXPECT_EQ(fold("Quên mật khẩu VNeID"), "quen mat khau vneid");
  EXPECT_EQ(fold("hoà hòa HOÀ"), "hoa hoa hoa");
  EXPECT_EQ(fold("ma má mà mã mạ mả"), "ma ma ma ma ma ma");
}

TEST(Fold, DecomposedInputFoldsLikePrecomposed) {
  // "Việt" typed with combining marks (NFD): e + U+0302 + U+0323.
  EXPECT_EQ(fold("Vie\xcc\x82\xcc\xa3t"), "viet");
}

TEST(Fold, KeepsOtherTextAndSurvivesBadBytes) {
  EXPECT_EQ(fold("1900 0368 ☎"), "1900 0368 ☎");
  EXPECT_EQ(fold("a\xff" "b"), "a\xef\xbf\xbd" "b");
}

TEST(Fold, SplitsWords) {
  EXPECT_EQ(fold_words("Sđt đổi rồi, đăng nhập ko được!"),
            (std::vector<std::string>{"sdt", "doi", "roi", "dang", "nhap", "ko", "duoc"}));
}

// Offsets into a text come from the bytes each code point took there, whatever the
// code point's own UTF-8 length: a broken byte took 1 (its U+FFFD would take 3), an
// overlong form took all its bytes.
TEST(Fold, DecodeSaysTheBytesEachCodePointTookInTheText) {
  std::vector<std::uint8_t> took;
  EXPECT_EQ(hocvuso::text::decode_utf8("a\xff" "ệ\xe0\x81\x81" "\xc3", took), (std::u32string{U'a', 0xFFFD, U'ệ', U'A', 0xFFFD}));
  EXPECT_EQ(took, (std::vector<std::uint8_t>{1, 1, 3, 3, 1}));
  std::size_t total = 0;
  for (auto n : took) total += n;
  EXPECT_EQ(total, std::string_view("a\xff" "ệ\xe0\x81\x81" "\xc3").size());
  EXPECT_EQ(hocvuso::text::decode_utf8("", took), std::u32string());
  EXPECT_TRUE(took.empty());
}
