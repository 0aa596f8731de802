// Tests bot/text/normalize.hpp and bot/text/secrets.hpp: the forms people type meet,
// and secrets never survive masking.
#include <gtest/gtest.h>

#include "bot/text/normalize.hpp"
#include "bot/text/secrets.hpp"

using hocvuso::text::mask_secrets;
using hocvuso::text::normalize;

TEST(Normalize, ComposesDecomposedInputAndLowercases) {
  // "Việt" with combining marks (NFD): e + U+0302 + U+0323.
  EXPECT_EQ(normalize("Vie\xcc\x82\xcc\xa3t Nam"), "việt nam");
  EXPECT_EQ(normalize("QUÊN MẬT KHẨU"), "quên mật khẩu");
  EXPECT_EQ(normalize("  Tổ CNSCĐ-Xã   Thuận Châu!! "), "tổ cnscđ xã thuận châu");
}

TEST(Normalize, BothTonePlacementsMeet) {
  EXPECT_EQ(normalize("hoà"), normalize("hòa"));
  EXPECT_EQ(normalize("thuý"), normalize("thúy"));
  EXPECT_EQ(normalize("khoẻ"), normalize("khỏe"));
  // Marked vowels and closed syllables have one placement only; it is kept.
  EXPECT_EQ(normalize("toán quyền người"), "toán quyền người");
  EXPECT_EQ(normalize("quý già"), "quý già");
}

TEST(Normalize, TonesStayDistinct) {
  EXPECT_NE(normalize("mã"), normalize("má"));
  EXPECT_NE(normalize("giá"), normalize("giả"));
}

TEST(Normalize, RepairsTelexAndVniLeftovers) {
  EXPECT_EQ(normalize("quen mat khaaur"), "quen mat khẩu");
  EXPECT_EQ(normalize("ddoori"), "đổi");
  EXPECT_EQ(normalize("dduowcj"), "được");
  EXPECT_EQ(normalize("d9a6t1"), "đất");
  EXPECT_EQ(normalize("mu7c1 2"), "mức 2");
  // Words that are no Vietnamese syllable after the repair stay as typed.
  EXPECT_EQ(normalize("apps sms vneid zalo facebook"), "apps sms vneid zalo facebook");
}

TEST(Normalize, SyllableShape) {
  EXPECT_TRUE(hocvuso::text::is_vietnamese_syllable("nghiêng"));
  EXPECT_TRUE(hocvuso::text::is_vietnamese_syllable("quá"));
  EXPECT_FALSE(hocvuso::text::is_vietnamese_syllable("vneid"));
  EXPECT_FALSE(hocvuso::text::is_vietnamese_syllable("facebook"));
}

TEST(MaskSecrets, CodesCardsIdentityNumbersAndPasswords) {
  struct Case {
    const char* in;
    const char* out;
    unsigned kinds;
  };
  using namespace hocvuso::text;
  const Case cases[] = {
      {"mã otp là 123456 nhé", "mã otp là [mã] nhé", kSecretOtp},
      {"otp 4821", "otp [mã]", kSecretOtp},
      {"thẻ 4111 1111 1111 1111 bị khóa", "thẻ [số thẻ] bị khóa", kSecretCard},
      {"cccd 001203004005", "cccd [số định danh]", kSecretIdentity},
      {"số định danh 001 203 004 005", "số định danh [số định danh]", kSecretIdentity},
      {"mật khẩu của tôi là Hoa@1975 mà không vào được", "mật khẩu của tôi là [mật khẩu] mà không vào được",
       kSecretPassword},
      {"mk: abc12345", "mk: [mật khẩu]", kSecretPassword},
      {"mật khẩu là HoaMai", "mật khẩu là [mật khẩu]", kSecretPassword},
      {"mật khẩu Hoa1975 đúng mà không vào", "mật khẩu [mật khẩu] đúng mà không vào", kSecretPassword},
      {"gọi tôi số 0912345678", "gọi tôi số [số điện thoại]", kSecretPhone},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.in);
    const auto m = mask_secrets(c.in);
    EXPECT_EQ(m.text, c.out);
    EXPECT_EQ(m.kinds, c.kinds);
  }
  EXPECT_FALSE(mask_secrets("gọi tôi số 0912345678").needs_warning());
  EXPECT_TRUE(mask_secrets("otp 123456").needs_warning());
}

// For reading the question, a placeholder is no word: "[số điện thoại]" is blanked.
TEST(MaskSecrets, PlaceholdersAreBlankedForReading) {
  EXPECT_EQ(hocvuso::text::without_placeholders(mask_secrets("quên mật khẩu, gọi 0912345678 nhé").text),
            "quên mật khẩu, gọi   nhé");
  EXPECT_EQ(hocvuso::text::without_placeholders(
                mask_secrets("otp 123456, mk: abc12345, cccd 001203004005, thẻ 4111111111111111").text),
            "otp  , mk:  , cccd  , thẻ  ");
}

TEST(MaskSecrets, LeavesOrdinaryNumbersAndQuestionsAlone) {
  for (const char* s : {"gọi 1900 0368 bấm phím 4", "chuyển trên 10 triệu, 100.000 đồng", "mức 2 từ 01/7/2024",
                        "quên mật khẩu vneid thì làm sao", "Quên mật khẩu VNeID thì làm sao?",
                        "đổi mật khẩu VssID", "mật khẩu là gì", "nhắn 5656 hoặc gọi 156",
                        "thẻ 4111 1111 1111 1112"}) {
    SCOPED_TRACE(s);
    const auto m = mask_secrets(s);
    EXPECT_EQ(m.text, s);
    EXPECT_FALSE(m.needs_warning());
  }
}

TEST(MaskSecrets, Luhn) {
  EXPECT_TRUE(hocvuso::text::luhn_valid("4111111111111111"));
  EXPECT_FALSE(hocvuso::text::luhn_valid("4111111111111112"));
  EXPECT_FALSE(hocvuso::text::luhn_valid(""));
}
