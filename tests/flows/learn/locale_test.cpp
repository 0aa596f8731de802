// Tests /ngonngu and per-locale content (flows/learn/locale_flow.cpp, content.cpp):
// the choice is stored, bot strings and translated lessons follow it, and what is
// not translated falls back to vi.
#include "support/learn_test_support.hpp"

namespace hocvuso::learn::testing {
namespace {

using Locales = LearnHarness;

TEST_F(Locales, SwitchToEnglishAndBackWithFallbackToVietnamese) {
  say("/ngonngu");
  EXPECT_TRUE(has_payload("lang:vi"));
  EXPECT_TRUE(has_payload("lang:en"));
  for (const auto& b : buttons()) {
    if (b.payload == "lang:en") {
      EXPECT_EQ(b.label, "English");
    } else if (b.payload == "lang:vi") {
      EXPECT_EQ(b.label, "Tiếng Việt");
    }
  }
  press("lang:en");
  EXPECT_TRUE(contains(text(), s("locale.set", "en")));
  EXPECT_TRUE(contains(buttons()[0].label, "Learn digital skills"));

  open();  // the choice is stored
  press("learn:scams");
  EXPECT_TRUE(contains(text(), "Golden rules")) << text();
  EXPECT_TRUE(has_payload("ls:scams:police"));
  EXPECT_EQ(buttons()[0].label, "Next ▶️");

  press("learn:vneid-levels");  // not translated: vi text, English buttons
  EXPECT_TRUE(contains(text(), "Tài khoản định danh điện tử có hai mức")) << text();
  EXPECT_EQ(buttons()[0].label, "Next ▶️");

  press("qs:vneid-install");
  EXPECT_TRUE(contains(text(), "Question 1/10")) << text();

  say("/ngonngu");
  press("lang:vi");
  EXPECT_TRUE(contains(text(), s("locale.set")));
  press("learn:scams");
  EXPECT_TRUE(contains(text(), "Nguyên tắc vàng"));
}

TEST_F(Locales, MissingTranslationPiecesFallBackPieceByPiece) {
  const Lesson& install = *learning().lesson("vneid-install");
  EXPECT_EQ(lesson_title(install, "en"), "Install the VNeID app safely");
  EXPECT_EQ(lesson_title(install, "hmn"), install.title) << "an unknown locale is vi";
  const Step& phone = *install.step("phone");
  EXPECT_EQ(choice_label(install, phone, 1, "en"), "iPhone");
  const Lesson& levels = *learning().lesson("vneid-levels");
  EXPECT_EQ(step_text(levels, levels.steps[0], "en"), levels.steps[0].text);
  const ItemView v = item_view(install, install.quiz[1], "en");
  EXPECT_TRUE(v.options.empty()) << "true/false";
  EXPECT_TRUE(contains(v.question, "police"));
}

TEST_F(Locales, AnUnknownLocalePayloadOffersTheChoiceAgain) {
  press("lang:xx");
  EXPECT_TRUE(has_payload("lang:vi"));
  EXPECT_TRUE(contains(text(), s("locale.choose")));
}

}  // namespace
}  // namespace hocvuso::learn::testing
