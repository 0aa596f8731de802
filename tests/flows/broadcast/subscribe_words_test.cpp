// A citizen's own words for "send me the scam warnings" and "stop them", against the
// many ways people write about warnings they received, which must stay with the FAQ.
// The wishes are generated: openings × the service's names × endings, with and without
// diacritics, so a list of a few hundred sentences covers how people write it.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "bot/text/fold.hpp"
#include "flows/broadcast/subscribe_words.hpp"

namespace hocvuso::broadcast {
namespace {

using Kind = SubscribeWish;

std::vector<std::string> with_and_without_marks(const std::vector<std::string>& sentences) {
  std::vector<std::string> out = sentences;
  for (const auto& s : sentences) out.push_back(text::fold(s));
  return out;
}

TEST(SubscribeWords, WishesToReceiveTheWarningsAreRead) {
  const std::vector<std::string> openings = {"cho tôi ", "tôi muốn ", "bà muốn ", "xin cho tôi được ", "làm sao để ",
                                             "cách ", "giúp tôi ", "con muốn ", "cho em xin ", "làm thế nào để "};
  const std::vector<std::string> services = {"nhận cảnh báo", "nhận cảnh báo lừa đảo", "đăng ký nhận cảnh báo",
                                             "nhận tin cảnh báo", "đăng ký cảnh báo lừa đảo"};
  const std::vector<std::string> endings = {"", " ạ", " với", " mới nhất", " nhé", " ở xã Mường Bú"};
  std::vector<std::string> wishes;
  for (const auto& o : openings)
    for (const auto& s : services)
      for (const auto& e : endings) wishes.push_back(o + s + e);
  wishes.push_back("Nhận cảnh báo lừa đảo");
  wishes.push_back("đăng ký cảnh báo");
  wishes.push_back("bật cảnh báo");
  wishes.push_back("làm thế nào để nhận được cảnh báo lừa đảo mới nhất vậy con");
  int read = 0;
  for (const auto& w : with_and_without_marks(wishes)) {
    EXPECT_EQ(read_subscribe_wish(w), Kind::on) << w;
    ++read;
  }
  EXPECT_GT(read, 600);
}

TEST(SubscribeWords, WishesToStopThemAreRead) {
  for (const auto& w : with_and_without_marks({"tôi không muốn nhận cảnh báo nữa", "thôi nhận cảnh báo",
                                               "huỷ nhận cảnh báo lừa đảo", "tắt cảnh báo", "ngừng nhận tin cảnh báo",
                                               "làm sao để không nhận cảnh báo nữa"})) {
    EXPECT_EQ(read_subscribe_wish(w), Kind::off) << w;
  }
}

// Stories and questions about a warning received, or about warnings in general: the FAQ's.
TEST(SubscribeWords, AWarningReceivedOrAskedAboutIsLeftToTheFaq) {
  for (const auto& w : with_and_without_marks({
           "tôi vừa nhận cảnh báo từ ngân hàng là tài khoản bị khóa, có thật không",
           "tôi đã nhận cảnh báo tài khoản bị khóa",
           "tôi nhận cảnh báo này có phải lừa đảo không",
           "điện thoại tôi hay nhận cảnh báo virus",
           "tôi nhận được tin nhắn cảnh báo tài khoản bị khóa",
           "nhận được cảnh báo tài khoản bị khóa",
           "tôi vừa nhận được cảnh báo từ ngân hàng",
           "mẹ tôi bị nhận cảnh báo giả qua tin nhắn",
           "nhận cảnh báo từ số lạ thì làm gì",
           "nhận cảnh báo qua zalo có thật không",
           "cảnh báo lừa đảo qua điện thoại",
           "có cảnh báo lừa đảo mới không",
           "công an cảnh báo gì về lừa đảo mới",
           "tôi muốn biết các cảnh báo lừa đảo",
           "dùng zalo để trả tiền điện",
           "tôi muốn cài VNeID",
       })) {
    EXPECT_EQ(read_subscribe_wish(w), Kind::none) << w;
  }
}

}  // namespace
}  // namespace hocvuso::broadcast
