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
