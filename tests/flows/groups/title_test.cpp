// Team group titles and the places list: "Tổ CNSCĐ-<Tên xã>" in the ways people
// type it, and the loader's checks.
#include "flows/groups/title.hpp"

#include <gtest/gtest.h>

#include <fstream>

#include "support/reports_support.hpp"
#include "support/temp_dir.hpp"

namespace hocvuso::groups {
namespace {

TEST(GroupTitle, VariantsLinkToThuanChau) {
  const auto places = test::places();
  for (const char* title : {"Tổ CNSCĐ-Xã Thuận Châu", "Tổ CNSCĐ - Xã Thuận Châu", "TỔ CNSCĐ–XÃ THUẬN CHÂU",
                            "to cnscd-xa thuan chau", "Tổ CNSCĐ—Thuận Châu", "Tổ  CNSCĐ -  thuận châu",
                            "tổ cnscđ xã thuận châu", "To CNSCD_Thuan Chau", "Tổ CNSCĐ-Phường Thuận Châu",
                            "Tổ CNSCĐ: xã Thuận Châu", "ToCNSCD - Thuận Châu",
                            // Decomposed (NFD) diacritics, as some keyboards send them.
                            "To\xCC\x82\xCC\x89 CNSC\xC4\x90-Xa\xCC\x83 Thua\xCC\x82\xCC\xA3n Cha\xCC\x82u"}) {
    const TitleMatch m = match_title(title, *places);
    EXPECT_TRUE(m.team_title) << title;
    ASSERT_EQ(m.communes.size(), 1u) << title;
    EXPECT_EQ(m.communes[0]->code, "03721") << title;
    EXPECT_EQ(m.communes[0]->province, "son-la") << title;
  }
}

TEST(GroupTitle, OtherGroupsAreNotTeams) {
  const auto places = test::places();
  for (const char* title : {"Gia đình", "Tổ dân phố 3", "CNSCĐ Thuận Châu", "Tổ Thuận Châu", ""}) {
    EXPECT_FALSE(match_title(title, *places).team_title) << title;
  }
}

TEST(GroupTitle, UnknownNameSuggestsTheClosest) {
  const auto places = test::places();
  const TitleMatch m = match_title("Tổ CNSCĐ-Xã Thuận Chao", *places);
  EXPECT_TRUE(m.team_title);
  EXPECT_TRUE(m.communes.empty());
  EXPECT_EQ(m.name, "Xã Thuận Chao");
  EXPECT_EQ(m.resolution.kind, places::Resolution::Kind::ask);  // a typo asks, never links
  EXPECT_EQ(m.resolution.candidates.at(0).unit->name, "Thuận Châu");
  ASSERT_FALSE(places->closest(m.name, 3).empty());
  EXPECT_EQ(places->closest(m.name, 3).front()->name, "Thuận Châu");
}

TEST(GroupTitle, SameNameInTwoProvincesIsAmbiguous) {
  testing::TempDir dir;
  std::filesystem::create_directories(dir / "places");
  std::ofstream(dir / "places/a.json")
      << R"({"province":"A","sources":["x"],"communes":[{"code":"00001","kind":"xã","name":"Tân Lập","unchanged":true}]})";
  std::ofstream(dir / "places/b.json") << R"({"province":"B","sources":["x"],"communes":[{"code":"00002",)"
                                          R"("name":"Tân Lập","kind":"phường","unchanged":true,"villages":["Tổ 1"]}]})";
  std::vector<ContentProblem> problems;
  const auto places = load_places(dir.path(), Strings{}, problems);
  EXPECT_TRUE(problems.empty());
  EXPECT_EQ(match_title("Tổ CNSCĐ-Tân Lập", *places).communes.size(), 2u);
  ASSERT_EQ(places->find("Tân Lập", "b").size(), 1u);
  EXPECT_EQ(places->find("Tân Lập", "b")[0]->villages.at(0).key, "to 1");
  EXPECT_TRUE(places->find("Tân Lập", "a")[0]->villages.empty());  // communes without villages are fine
}

TEST(GroupTitle, LoaderNamesEveryProblem) {
  testing::TempDir dir;
  std::filesystem::create_directories(dir / "places");
  std::ofstream(dir / "places/bad.json")
      << R"({"province":"","communes":[{"code":"00001","name":"Tân Lập","kind":"huyện","unchanged":true},)"
         R"({"code":"00002","kind":"xã","name":"Xã Tân Lập","unchanged":true},{"code":"00003","kind":"xã","name":""},)"
         R"({"code":"00004","kind":"xã","name":"X","unchanged":true,"villages":[3]}]})";
  std::vector<ContentProblem> problems;
  load_places(dir.path(), Strings{}, problems);
  std::vector<std::string> where;
  for (const auto& p : problems) where.push_back(p.location);
  EXPECT_EQ(where, (std::vector<std::string>{"province", "sources", "communes[0].kind", "communes[1].name",
                                             "communes[2].name", "communes[3].villages[0]"}));
}

TEST(GroupTitle, ShippedSonLaIsCompleteWithThuanChau) {
  const auto places = test::places();
  const Province* son_la = places->province("son-la");
  ASSERT_NE(son_la, nullptr);
  EXPECT_EQ(son_la->name, "Sơn La");
  EXPECT_FALSE(son_la->partial);
  ASSERT_NE(places->commune("son-la", "03721"), nullptr);
  EXPECT_EQ(places->commune("son-la", "03721")->full_name(), "xã Thuận Châu");
}

}  // namespace
}  // namespace hocvuso::groups
