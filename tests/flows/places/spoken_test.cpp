// A place said the way people say it in chat: inside a sentence, with a former
// district after it, without diacritics, or under the wrong province. Every one of the
// 432 units is said in each way; the expected unit comes from the content files, never
// from the resolver. What a sentence cannot make sure of is asked, never taken.
#include <gtest/gtest.h>

#include "bot/text/fold.hpp"
#include "flows/places/explain.hpp"
#include "flows/places/resolve.hpp"
#include "support/places_checks.hpp"
#include "support/reports_support.hpp"

namespace hocvuso::places {
namespace {

using test_checks::among;
using test_checks::folded_name_counts;

// How people say where they live: the unit's type word and name, then whatever the
// habit of years puts after it (a district that no longer exists, a province, "ạ").
std::vector<std::string> sentences(const Commune& c, const std::string& province) {
  const std::string place = c.kind + " " + c.name;
  return {
      "cho tôi nhận cảnh báo ở " + place + " huyện Yên Châu",
      text::fold("cho tôi nhận cảnh báo ở " + place + " huyện Yên Châu"),
      "Nhà tôi ở " + place + ", tỉnh " + province + " ạ",
      text::fold("tôi ở " + place + " thị xã Mộc Châu tỉnh " + province),
      "Em ơi bác ở " + place + " nhé",
      "mình sống tại " + text::fold(place),
  };
}

TEST(SpokenPlace, EveryUnitSaidInASentenceWithItsTypeWordIsTakenOrAsked) {
  const auto places = test::places();
  const auto shared = folded_name_counts(*places);
  int taken = 0, asked = 0;
  for (const auto& p : places->provinces) {
    for (const auto& c : p.communes) {
      for (const auto& said : sentences(c, p.name)) {
        const auto r = resolve_spoken(*places, said);
        if (shared.at(c.key) == 1) {
          ASSERT_EQ(r.kind, Resolution::Kind::one) << said;
          ASSERT_EQ(r.unit(), &c) << said;
          ++taken;
        } else {
          // A shared name: the type word or the province may single it out; else asked.
          ASSERT_TRUE((r.kind == Resolution::Kind::one && r.unit() == &c) ||
                      (r.kind == Resolution::Kind::ask && among(r, c)))
              << said;
          (r.kind == Resolution::Kind::one ? taken : asked)++;
        }
      }
    }
  }
  EXPECT_EQ(taken + asked, 432 * 6);
  EXPECT_GT(asked, 0);
}

// Without its type word a name inside a sentence may be something else: offered as a
// button, never taken.
TEST(SpokenPlace, AUnitNamedWithoutItsTypeWordIsOfferedNeverTaken) {
  const auto places = test::places();
  int offered = 0;
  for (const auto& p : places->provinces) {
    for (const auto& c : p.communes) {
      if (text::fold_words(c.name).size() < 2) continue;  // one-word names are too common a word
      for (const std::string& said : {"tôi ở " + c.name + " huyện Yên Châu", text::fold("bác sống ở " + c.name + " nhé")}) {
        const auto r = resolve_spoken(*places, said);
        if (r.kind == Resolution::Kind::one) {
          // Only a name whose first word is a type word's ("Phượng Tiến", "Xà Hồ"): read
          // as that name, with its marks, as the plain resolver reads it.
          ASSERT_EQ(r.unit(), &c) << said;
          ASSERT_EQ(resolve(*places, c.name).unit(), &c) << said;
          const auto first = text::fold_words(c.name).front();
          ASSERT_TRUE(first == "phuong" || first == "xa") << said;
          continue;
        }
        ASSERT_EQ(r.kind, Resolution::Kind::ask) << said;
        ASSERT_TRUE(among(r, c)) << said;
        ++offered;
      }
    }
  }
  EXPECT_GT(offered, 700);
}

TEST(SpokenPlace, TheCasesPeopleWroteAreReadRight) {
  const auto places = test::places();
  const auto hac = resolve_spoken(*places, "cho toi nhan canh bao o xa chieng hac huyen yen chau");
  ASSERT_EQ(hac.kind, Resolution::Kind::one);
  EXPECT_EQ(hac.unit()->full_name(), "xã Chiềng Hặc");
  EXPECT_TRUE(hac.in_sentence);
  // Said plainly, the plain resolver is used: the same answer as before.
  EXPECT_EQ(resolve_spoken(*places, "Chiềng Hặc").unit(), resolve(*places, "Chiềng Hặc").unit());
  // A name without its type word, under a province that lacks it: offered from where it is.
  const auto pung = resolve_spoken(*places, "nhà tôi ở Púng Luông, Thanh Hóa");
  ASSERT_EQ(pung.kind, Resolution::Kind::ask);
  EXPECT_EQ(pung.other_province, "thanh-hoa");
  ASSERT_EQ(pung.candidates.size(), 1u);
  EXPECT_EQ(places->label(*pung.candidates.front().unit), "xã Púng Luông, Lào Cai");
  // No place at all in the sentence: nothing is made up.
  const auto nothing = resolve_spoken(*places, "cho tôi hỏi cách cài VNeID trên điện thoại");
  EXPECT_NE(nothing.kind, Resolution::Kind::one);
  EXPECT_TRUE(nothing.candidates.empty() || !nothing.in_sentence);
}

// "Chiềng Sinh, Lào Cai": no such unit in Lào Cai, but Sơn La has one. Asked, with the
// province said, never "not found" and never taken.
TEST(SpokenPlace, AUnitUnderTheWrongProvinceIsOfferedFromItsOwnProvince) {
  const auto places = test::places();
  const Strings strings = test_checks::vi_strings();
  int offered = 0;
  for (const auto& p : places->provinces) {
    const Province& other = &p == &places->provinces.front() ? places->provinces.back() : places->provinces.front();
    for (const auto& c : p.communes) {
      if (!places->find(c.name, other.id).empty()) continue;  // the other province has one of that name
      for (const std::string& said : {c.name + ", " + other.name, text::fold(c.kind + " " + c.name + " tinh " + other.name)}) {
        // resolve() for both spellings; resolve_spoken() (which begins with it) for the
        // plain one, where the sentence reading is tried too.
        std::vector<Resolution> readings = {resolve(*places, said)};
        if (said != c.name + ", " + other.name) readings.push_back(resolve_spoken(*places, said));
        for (const auto& r : readings) {
          ASSERT_EQ(r.kind, Resolution::Kind::ask) << said;
          ASSERT_TRUE(among(r, c)) << said;
          EXPECT_EQ(r.other_province, other.id) << said;
        }
        ++offered;
      }
    }
  }
  EXPECT_GT(offered, 800);
  const auto sinh = resolve(*places, "chieng sinh, lao cai");
  ASSERT_EQ(sinh.kind, Resolution::Kind::ask);
  EXPECT_EQ(ask_text(*places, strings, "vi", sinh),
            "Ở tỉnh Lào Cai không có xã, phường tên \"chieng sinh\". Có phải bạn muốn nói:");
  EXPECT_EQ(sinh.candidates.front().unit->province, "son-la");
}

}  // namespace
}  // namespace hocvuso::places
