// The places list and the one resolver over all 432 units of content/places: every
// unit from a group title in the ways people write it, every former unit, the names
// several units share, the contradicting type word, typos, codes, and the checks of
// `hocvuso content check`. Expected units come from the content files themselves,
// never from the resolver.
#include "flows/places/resolve.hpp"

#include <gtest/gtest.h>

#include <fstream>
#include <map>
#include <nlohmann/json.hpp>

#include "bot/text/fold.hpp"
#include "flows/groups/title.hpp"
#include "flows/places/explain.hpp"
#include "support/places_checks.hpp"
#include "support/reports_support.hpp"
#include "support/temp_dir.hpp"

namespace hocvuso::places {
namespace {

using test_checks::among;
using test_checks::folded_name_counts;
using test_checks::vi_strings;

std::string upper(std::string_view s) {
  static const std::u32string lower = U"abcdefghijklmnopqrstuvwxyzđàáảãạăằắẳẵặâầấẩẫậèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵ";
  static const std::u32string upper = U"ABCDEFGHIJKLMNOPQRSTUVWXYZĐÀÁẢÃẠĂẰẮẲẴẶÂẦẤẨẪẬÈÉẺẼẸÊỀẾỂỄỆÌÍỈĨỊÒÓỎÕỌÔỒỐỔỖỘƠỜỚỞỠỢÙÚỦŨỤƯỪỨỬỮỰỲÝỶỸỴ";
  std::string out;
  for (char32_t c : text::decode_utf8(s)) {
    const auto at = lower.find(c);
    text::append_utf8(out, at == std::u32string::npos ? c : upper[at]);
  }
  return out;
}

std::string capitalised(const std::string& kind) { return kind == "xã" ? "Xã" : "Phường"; }

TEST(Places, AllFourProvincesAre432UnitsWithCodes) {
  const auto places = test::places();
  std::map<std::string, std::size_t> sizes;
  for (const auto& p : places->provinces) sizes[p.id] = p.communes.size();
  EXPECT_EQ(sizes, (std::map<std::string, std::size_t>{{"lao-cai", 99}, {"son-la", 75}, {"thai-nguyen", 92}, {"thanh-hoa", 166}}));
  const auto* c = places->unit("03664");
  ASSERT_NE(c, nullptr);
  EXPECT_EQ(c->full_name(), "phường Chiềng An");
  EXPECT_EQ(places->label(*c), "phường Chiềng An, Sơn La");
  EXPECT_EQ(places->commune("son-la", "03664"), c);
  EXPECT_EQ(places->commune("lao-cai", "03664"), nullptr);
  EXPECT_EQ(places->communes_of("son-la").size(), 75u);
  EXPECT_TRUE(places->communes_of("ha-noi").empty());
}

// Issue 14, tests 1: every unit from a group title in at least five spellings links,
// or asks with that unit among the choices where its name is shared.
TEST(Places, EveryUnitFromAGroupTitleInFiveSpellings) {
  const auto places = test::places();
  const auto shared = folded_name_counts(*places);
  int linked = 0, asked = 0;
  for (const auto& p : places->provinces) {
    for (const auto& c : p.communes) {
      const std::string written = "Tổ CNSCĐ-" + capitalised(c.kind) + " " + c.name;
      const std::vector<std::string> titles = {
          written,                                                 // as written
          text::fold(written),                                     // no diacritics
          upper(written),                                          // upper case
          "Tổ CNSCĐ - " + c.name,                                  // no type word, spaced dash
          "to cnscd " + c.kind + " " + text::fold(c.name),         // no hyphen, type word with marks
          "TO CNSCD-" + upper(text::fold(c.name)),                 // upper, no marks, no type word
      };
      for (const auto& title : titles) {
        const auto m = groups::match_title(title, *places);
        ASSERT_TRUE(m.team_title) << title;
        const auto& r = m.resolution;
        if (shared.at(c.key) == 1) {
          ASSERT_EQ(r.kind, Resolution::Kind::one) << title;
          EXPECT_EQ(r.unit(), &c) << title;
          ++linked;
        } else {
          ASSERT_TRUE((r.kind == Resolution::Kind::one && r.unit() == &c) ||
                      (r.kind == Resolution::Kind::ask && among(r, c)))
              << title;
          (r.kind == Resolution::Kind::one ? linked : asked)++;
        }
      }
      // As written with its type word and diacritics, a unit links unless another
      // unit of the same type has the same name as written (the official list has none).
      const auto exact = groups::match_title(written, *places).resolution;
      if (exact.kind == Resolution::Kind::ask) {
        for (const auto* other : exact.units()) EXPECT_EQ(other->exact, c.exact) << written;
      }
    }
  }
  EXPECT_EQ(linked + asked, 432 * 6);
  EXPECT_GT(asked, 0);
}

// Issue 14, tests 2: every former unit named as people still name it resolves to its
// new unit or asks with it among the choices (with the province, when it is shared
// by more units than fit in one question).
TEST(Places, EveryFormerNameResolvesOrAsks) {
  const auto places = test::places();
  int former_names = 0, current_wins = 0;
  for (const auto& p : places->provinces) {
    for (const auto& c : p.communes) {
      for (const auto& f : c.former) {
        ++former_names;
        for (const std::string& text : {f.full_name(), text::fold(f.full_name()), f.name}) {
          const auto r = resolve(*places, text, c.province);
          ASSERT_NE(r.kind, Resolution::Kind::none) << text;
          if (r.kind == Resolution::Kind::one && r.unit() != &c) {
            // Only a current unit of the same name wins over a former one.
            EXPECT_EQ(r.unit()->key, f.key) << text;
            ++current_wins;
            continue;
          }
          EXPECT_TRUE(r.unit() == &c || among(r, c)) << text << " -> " << c.full_name();
        }
        const auto anywhere = resolve(*places, f.full_name() + ", " + p.name);
        EXPECT_TRUE(anywhere.unit() != nullptr || among(anywhere, c)) << f.full_name();
      }
    }
  }
  EXPECT_GT(former_names, 1000);
  EXPECT_GT(current_wins, 0);
}

TEST(Places, FormerCommuneAsksAndSaysWhereItIsNow) {
  const auto places = test::places();
  const auto r = resolve(*places, "xa Chieng Xom");
  ASSERT_EQ(r.kind, Resolution::Kind::ask);
  ASSERT_EQ(r.candidates.size(), 1u);
  EXPECT_EQ(r.candidates[0].unit->code, "03664");
  EXPECT_EQ(r.candidates[0].why, Why::former);
  const Strings strings = vi_strings();
  EXPECT_NE(ask_text(*places, strings, "vi", r).find("xã Chiềng Xôm nay thuộc phường Chiềng An, Sơn La."),
            std::string::npos)
      << ask_text(*places, strings, "vi", r);
}

// Nothing near at all: the answer asks again instead of ending on an empty "Gần nhất: .".
TEST(Places, NothingNearAsksAgainWithoutAnEmptyList) {
  const auto places = test::places();
  const auto r = resolve(*places, "04465", "son-la");  // a commune code of another province
  ASSERT_EQ(r.kind, Resolution::Kind::none);
  const Strings strings = vi_strings();
  const std::string text = ask_text(*places, strings, "vi", r);
  ASSERT_TRUE(r.candidates.empty());
  EXPECT_EQ(text, "Mình chưa tìm thấy xã, phường \"04465\". Bạn gõ lại tên xã, phường cho đúng nhé.");
}

TEST(Places, SplitFormerUnitAsksBetweenItsNewUnits) {
  const auto places = test::places();
  const auto r = resolve(*places, "xã Thượng Đình");
  ASSERT_EQ(r.kind, Resolution::Kind::ask);
  std::vector<std::string> names;
  for (const auto* u : r.units()) names.push_back(u->name);
  EXPECT_EQ(names, (std::vector<std::string>{"Phú Bình", "Điềm Thụy"}));
}

// Issue 14, tests 3: names shared by several units ask, each choice with its type
// and province.
TEST(Places, SharedNamesAskWithTypeAndProvince) {
  const auto places = test::places();
  std::map<std::string, std::vector<const Commune*>> by_key;
  for (const auto& p : places->provinces) {
    for (const auto& c : p.communes) by_key[c.key].push_back(&c);
  }
  int shared = 0;
  for (const auto& [key, units] : by_key) {
    if (units.size() < 2) continue;
    ++shared;
    const auto r = resolve(*places, key);
    ASSERT_EQ(r.kind, Resolution::Kind::ask) << key;
    for (const auto* u : units) {
      EXPECT_TRUE(among(r, *u)) << key;
      const std::string label = places->label(*u);
      EXPECT_TRUE(label.starts_with(u->kind + " ")) << label;
      EXPECT_TRUE(label.ends_with(", " + places->province_name(u->province))) << label;
    }
  }
  EXPECT_EQ(shared, 14);
  // Diacritics or the type word, when given, narrow: Văn Lăng and Văn Lang are both xã
  // of Thái Nguyên; phường Đông Tiến and xã Đồng Tiến of Thanh Hóa.
  EXPECT_EQ(resolve(*places, "Văn Lăng").unit()->name, "Văn Lăng");
  EXPECT_EQ(resolve(*places, "văn lang").unit()->name, "Văn Lang");
  EXPECT_EQ(resolve(*places, "van lang").kind, Resolution::Kind::ask);
  EXPECT_EQ(resolve(*places, "phuong dong tien").unit()->name, "Đông Tiến");
  EXPECT_EQ(resolve(*places, "xa dong tien").unit()->name, "Đồng Tiến");
  // The province named after the name narrows too.
  EXPECT_EQ(resolve(*places, "Mường Chanh, Sơn La").unit()->code, resolve(*places, "muong chanh son la").unit()->code);
  EXPECT_EQ(resolve(*places, "muong chanh tinh thanh hoa").unit()->province, "thanh-hoa");
  EXPECT_EQ(resolve(*places, "muong chanh", "son-la").unit()->province, "son-la");
}

TEST(Places, TypeWordThatContradictsTheUnitLinksAndSaysSo) {
  const auto places = test::places();
  const auto r = resolve(*places, "xã Chiềng An");
  ASSERT_EQ(r.kind, Resolution::Kind::one);
  EXPECT_EQ(r.unit()->code, "03664");
  EXPECT_TRUE(r.kind_contradicts());
  const Strings strings = vi_strings();
  EXPECT_EQ(kind_note(strings, "vi", r), "Lưu ý: Chiềng An là phường, không phải xã.");
  EXPECT_FALSE(resolve(*places, "phường Chiềng An").kind_contradicts());
  EXPECT_EQ(kind_note(strings, "vi", resolve(*places, "Chiềng An")), "");
}

TEST(Places, CurrentNameWinsOverAFormerOne) {
  const auto places = test::places();
  const auto r = resolve(*places, "Mường Sại");  // a current xã, and a former unit of itself
  ASSERT_EQ(r.kind, Resolution::Kind::one);
  EXPECT_EQ(r.unit()->name, "Mường Sại");
  EXPECT_EQ(r.candidates[0].why, Why::name);
}

TEST(Places, TyposAskNeverLink) {
  const auto places = test::places();
  for (const char* typo : {"thuan chu", "Thuận Chau x", "chieng ann", "muong buu", "chiengan"}) {
    const auto r = resolve(*places, typo);
    EXPECT_NE(r.kind, Resolution::Kind::one) << typo;
  }
  const auto r = resolve(*places, "thuan chu");
  ASSERT_EQ(r.kind, Resolution::Kind::ask);
  EXPECT_EQ(r.candidates[0].unit->name, "Thuận Châu");
  EXPECT_EQ(r.candidates[0].why, Why::typo);
  const auto none = resolve(*places, "qwertyuiop");
  EXPECT_EQ(none.kind, Resolution::Kind::none);
  EXPECT_EQ(none.candidates.size(), 3u);
}

TEST(Places, PrefixesCodesAndNamesThatLookLikeTypeWords) {
  const auto places = test::places();
  for (const char* text : {"P. Chiềng An", "p chieng-an", "PHƯỜNG CHIỀNG-AN", "03664", "  Chiềng   An  "}) {
    EXPECT_EQ(resolve(*places, text).unit(), places->unit("03664")) << text;
  }
  // "Phượng Tiến" is a xã, not a phường named "Tiến"; "Xà Hồ" a former xã, not xã "Hồ".
  EXPECT_EQ(resolve(*places, "phuong tien").unit()->name, "Phượng Tiến");
  EXPECT_EQ(resolve(*places, "Phượng Tiến").unit()->name, "Phượng Tiến");
  const auto xa_ho = resolve(*places, "Xà Hồ");
  ASSERT_EQ(xa_ho.kind, Resolution::Kind::ask);
  EXPECT_EQ(xa_ho.candidates[0].former->name, "Xà Hồ");
  EXPECT_EQ(resolve_province(*places, "tỉnh Sơn La")->id, "son-la");
  EXPECT_EQ(resolve_province(*places, "THANH HOA")->id, "thanh-hoa");
  EXPECT_EQ(resolve_province(*places, "lao-cai")->id, "lao-cai");
  EXPECT_EQ(resolve_province(*places, "Hà Nội"), nullptr);
}

TEST(Places, RefusalNamesTheClosestUnitsWithCodes) {
  const auto places = test::places();
  const std::string msg = refusal(*places, "xa chieng xom", resolve(*places, "xa chieng xom"));
  EXPECT_NE(msg.find("phường Chiềng An, Sơn La (03664, former xã Chiềng Xôm)"), std::string::npos) << msg;
}

void write(const std::filesystem::path& p, const std::string& text) { std::ofstream(p) << text; }

TEST(Places, ContentCheckRefusesDuplicateCodesNfdAndTwins) {
  testing::TempDir dir;
  std::filesystem::create_directories(dir / "places");
  write(dir / "places/a.json", R"j({"province":"A","sources":["x"],"communes":[
    {"code":"00001","kind":"xã","name":"Tân Lập","unchanged":true},
    {"code":"00002","kind":"xã","name":"Tân Lập","unchanged":true},
    {"code":"00003","kind":"phường","name":"Tân Lập","former":["xã Cũ (huyện X)"]},
    {"code":"123","kind":"xã","name":"Mã Ngắn","unchanged":true},
    {"code":"00004","kind":"xã","name":"Va)j" "\xCC\x86" R"j(n Lang","unchanged":true},
    {"code":"00005","kind":"thị trấn","name":"Cũ","unchanged":true},
    {"code":"00006","kind":"xã","name":"Không Nguồn"}]})j");
  write(dir / "places/b.json", R"({"province":"B","sources":["x"],"communes":[
    {"code":"00001","kind":"xã","name":"Tân Lập","unchanged":true}]})");
  std::vector<ContentProblem> problems;
  load_places(dir.path(), Strings{}, problems);
  std::string all;
  for (const auto& p : problems) all += p.to_string() + "\n";
  EXPECT_NE(all.find("\"xã Tân Lập\" is listed twice"), std::string::npos) << all;
  EXPECT_NE(all.find("code 00001 is used twice"), std::string::npos) << all;
  EXPECT_NE(all.find("5-digit"), std::string::npos) << all;
  EXPECT_NE(all.find("NFC"), std::string::npos) << all;
  EXPECT_NE(all.find("must be \"xã\" or \"phường\""), std::string::npos) << all;
  EXPECT_NE(all.find("needs \"former\""), std::string::npos) << all;
  EXPECT_EQ(all.find("phường Tân Lập"), std::string::npos) << all;  // another type, same name: fine
}

TEST(Places, VillagesMayBeAddedLater) {
  testing::TempDir dir;
  std::filesystem::create_directories(dir / "places");
  write(dir / "places/a.json", R"({"province":"A","sources":["x"],"communes":[
    {"code":"00001","kind":"xã","name":"Tân Lập","unchanged":true,"villages":["Bản Mòng","Tiểu khu 3"]}]})");
  std::vector<ContentProblem> problems;
  const auto places = load_places(dir.path(), Strings{}, problems);
  EXPECT_TRUE(problems.empty());
  ASSERT_EQ(places->unit("00001")->villages.size(), 2u);
  EXPECT_EQ(places->unit("00001")->villages[1].key, "tieu khu 3");
  EXPECT_EQ(places->label(*places->unit("00001")), "xã Tân Lập");  // one province: not named
}

}  // namespace
}  // namespace hocvuso::places
