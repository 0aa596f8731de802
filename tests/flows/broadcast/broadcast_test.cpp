// Broadcast request checks: scopes, the rules of a request, links, templates. The
// repository's tests (who receives a target, the fan-out cursor, cancel, unsubscribe,
// tokens) run on both backends: broadcast_store_pg_test.cpp.
#include <gtest/gtest.h>

#include <sstream>

#include "flows/broadcast/broadcast_store.hpp"
#include "flows/broadcast/link_check.hpp"
#include "flows/broadcast/request.hpp"
#include "flows/broadcast/templates.hpp"
#include "support/reports_support.hpp"
#include "support/temp_dir.hpp"

namespace hocvuso::broadcast {
namespace {

TEST(BroadcastScope, OfficersReachOnlyTheirPlaceAdminsEverything) {
  const Scope admin{Role::admin, "", ""};
  const Scope province{Role::officer, "son la", ""};
  const Scope commune{Role::officer, "son la", "thuan chau"};
  const Target all{"all", "", {}};
  const Target son_la{"province", "son la", {}};
  const Target ha_noi{"province", "ha noi", {}};
  const Target thuan_chau{"communes", "", {"thuan chau"}};
  const Target two{"communes", "", {"thuan chau", "muong la"}};
  EXPECT_TRUE(allows(admin, all));
  EXPECT_FALSE(allows(province, all));
  EXPECT_TRUE(allows(province, son_la));
  EXPECT_FALSE(allows(province, ha_noi));
  EXPECT_TRUE(allows(commune, thuan_chau));
  EXPECT_FALSE(allows(commune, two));
  EXPECT_FALSE(allows(commune, son_la));
}

const ScamTemplates& test_templates() {
  static const ScamTemplates t{{{"gia-cong-an", "Giả công an", "Có kẻ giả danh công an đòi mã OTP."}}};
  return t;
}

std::string problem(std::string_view body) {
  auto r = parse_request(body, test_templates());
  return r ? "ok" : r.problem().code;
}

TEST(BroadcastRequest, EachRuleHasItsOwnRefusal) {
  const std::string target = R"("target":{"scope":"all"})";
  EXPECT_EQ(problem("nope"), "invalid_json");
  EXPECT_EQ(problem(R"({"severity":"info",)" + target + "}"), "missing_text");
  EXPECT_EQ(problem(R"({"text":"  ","severity":"info",)" + target + "}"), "missing_text");
  EXPECT_EQ(problem(R"({"text":")" + std::string(1001, 'a') + R"(","severity":"info",)" + target + "}"),
            "text_too_long");
  EXPECT_EQ(problem(R"({"text":"xem https://x.vn","severity":"info",)" + target + "}"), "link_in_text");
  EXPECT_EQ(problem(R"({"text":"a","severity":"loud",)" + target + "}"), "invalid_severity");
  EXPECT_EQ(problem(R"({"text":"a","severity":"info","link":"http://x.vn",)" + target + "}"), "invalid_link");
  EXPECT_EQ(problem(R"({"text":"a","severity":"info","link":"https://x.vn/a b",)" + target + "}"), "invalid_link");
  EXPECT_EQ(problem(R"({"text":"a","severity":"info"})"), "invalid_target");
  EXPECT_EQ(problem(R"({"text":"a","severity":"info","target":{"scope":"world"}})"), "invalid_target");
  EXPECT_EQ(problem(R"({"text":"a","severity":"info","target":{"scope":"province"}})"), "invalid_target");
  EXPECT_EQ(problem(R"({"text":"a","severity":"info","target":{"scope":"communes","communes":[]}})"),
            "invalid_target");
  EXPECT_EQ(problem(R"({"text":"a","severity":"urgent","link":"https://x.vn",)" + target + "}"), "ok");
}

// Issue 13, item 4: every way of writing a link that a phone makes tappable is a link,
// and a text of invisible characters is empty. These bound what a stolen token sends.
TEST(BroadcastRequest, LinksInTextAreFoundHoweverTheyAreWritten) {
  const std::vector<std::string> links = {
      "Nhận quà tại bit.ly/qua-tet",
      "Vào nhóm t.me/hotro_vneid ngay",
      "Xem https ://vcb-hotro.com/login",
      "Xem https: //vcb-hotro.com",
      "Truy cập \xEF\xBD\x88\xEF\xBD\x94\xEF\xBD\x94\xEF\xBD\x90\xEF\xBD\x93\xEF\xBC\x9A\xEF\xBC\x8F\xEF\xBC\x8F"
      "vcb.com.vn",                                   // ｈｔｔｐｓ：／／ full-width
      "Đăng nhập vcb.com.vn để nhận tiền",             // a bare domain
      "Đăng nhập VCB.COM.VN",                          // upper case
      "Gọi zalo.me/0912345678",
      "Trang vcb\xE3\x80\x82" "com\xE3\x80\x82vn",    // ideographic full stops
      "h\xE2\x80\x8Bttps://x.vn",                      // a zero-width space inside the scheme
      "www .vcb.vn",
      "WWW.VCB.VN",
      "Mở 192.168.1.10/login",
      "Mở 10.0.0.1:8080",
      "tải app tại abc.xyz/tai",
      "chuyển khoản qua mbbank.online",
      "\xF0\x9D\x90\xA1\xF0\x9D\x90\xAD\xF0\x9D\x90\xAD\xF0\x9D\x90\xA9://x.vn",  // mathematical bold http
      "tg://resolve?domain=hotro",
  };
  for (const auto& text : links) EXPECT_TRUE(has_link(text)) << text;
  EXPECT_EQ(check_text("Nhận quà tại bit.ly/qua-tet")->code, "link_in_text");

  // What officers write every day is not a link.
  const std::vector<std::string> plain = {
      "Cảnh báo: có kẻ giả danh công an gọi điện đòi mã OTP.",
      "Họp lúc 8.30 tại UBND xã, TP.HCM và TP.HN đã triển khai.",
      "Hỗ trợ 1.000.000 đồng/người, v.v. Gọi 113.",
      "Cảnh giác.Có kẻ gian nhắn tin",  // no space after a full stop
      "canh giac.co ke gian",          // the same without marks
      "Chỉ tra cứu, nộp phạt trên dichvucong.gov.vn, tự gõ địa chỉ.",
      "Q.Ba Đình, P.Tân Định, Đ.Lê Lợi",
      "Tỷ lệ 2.5% ... rồi....",
      "Giờ làm việc 7:30 - 11:30",
      "Ông A.B và bà C.D",
  };
  for (const auto& text : plain) EXPECT_FALSE(has_link(text)) << text;
}

TEST(BroadcastRequest, AnInvisibleTextIsEmpty) {
  const std::string target = R"("target":{"scope":"all"})";
  for (const char* invisible : {"\\u200b\\u200b\\u200b", "\\u200b \\u2060\\ufeff", "\\u3000\\u00a0", "\\u00ad\\u200d"}) {
    EXPECT_EQ(problem(std::string(R"({"text":")") + invisible + R"(","severity":"info",)" + target + "}"), "missing_text")
        << invisible;
  }
  EXPECT_FALSE(visibly_empty("\xE2\x80\x8B" "a"));
}

TEST(BroadcastRequest, TheLinkFieldLeadsOnlyWhereItSays) {
  const std::string target = R"("target":{"scope":"all"})";
  const auto link_problem = [&](const std::string& link) {
    return problem(R"({"text":"a","severity":"info","link":")" + link + R"(",)" + target + "}");
  };
  EXPECT_EQ(link_problem("https://vcb.com.vn@evil.example/login"), "invalid_link");
  EXPECT_EQ(link_problem("https://user:pass@evil.example"), "invalid_link");
  EXPECT_EQ(link_problem("https://vcb.com.vn\\\\@evil.example"), "invalid_link");
  EXPECT_EQ(link_problem("https://xn--vcb-xyz.com/"), "invalid_link");
  EXPECT_EQ(link_problem("https://localhost/"), "invalid_link");
  EXPECT_EQ(link_problem("https://x.vn:99999/"), "invalid_link");
  EXPECT_EQ(link_problem("https://a..vn/"), "invalid_link");
  EXPECT_EQ(link_problem("https://dichvucong.gov.vn/p/home/dvc-trang-chu.html?a=b@c"), "ok");  // '@' after the path
  EXPECT_EQ(link_problem("https://vneid.gov.vn:443/"), "ok");
}

// Targets name places through the one resolver: codes and province ids are stored;
// a typo, a former commune or a shared name is a 400 naming the closest units.
TEST(BroadcastRequest, PlaceNamesBecomeCodesAndUnclearOnesAreRefused) {
  const auto places = test::places();
  auto r = parse_request(
      R"({"text":"a","severity":"info","target":{"scope":"communes","communes":["Xã Thuận Châu","03664","phuong chieng an"]}})",
      test_templates(), places.get());
  ASSERT_TRUE(r.has_value());
  const std::vector<std::string> want = {"03721", "03664", "03664"};
  EXPECT_EQ(r.value().target.communes, want);
  auto p = parse_request(R"({"text":"a","severity":"info","target":{"scope":"province","province":"Tỉnh Sơn La"}})",
                         test_templates(), places.get());
  ASSERT_TRUE(p.has_value());
  EXPECT_EQ(p.value().target.province, "son-la");
  for (const char* unclear : {"thuan chu", "xa chieng xom", "muong chanh", "Hà Nội"}) {
    auto bad = parse_request(std::string(R"({"text":"a","severity":"info","target":{"scope":"communes","communes":[")") +
                                 unclear + "\"]}}",
                             test_templates(), places.get());
    ASSERT_TRUE(!bad.has_value()) << unclear;
    EXPECT_EQ(bad.problem().code, "invalid_target");
    EXPECT_NE(bad.problem().message.find(unclear), std::string::npos);
  }
  auto split = parse_request(R"({"text":"a","severity":"info","target":{"scope":"communes","communes":["xa chieng xom"]}})",
                             test_templates(), places.get());
  EXPECT_NE(split.problem().message.find("phường Chiềng An, Sơn La (03664"), std::string::npos);
  EXPECT_EQ(problem(R"({"text":"a","severity":"info","target":{"scope":"province","province":"Sơn La"}})"),
            "invalid_target");  // no places list: nothing is taken as typed
}

TEST(BroadcastRequest, ATemplateIdStandsForTheText) {
  auto r = parse_request(R"({"template":"gia-cong-an","severity":"warning","target":{"scope":"all"}})",
                         test_templates());
  ASSERT_TRUE(r.has_value());
  EXPECT_EQ(r.value().text, "Có kẻ giả danh công an đòi mã OTP.");
  EXPECT_EQ(problem(R"({"template":"khong-co","severity":"info","target":{"scope":"all"}})"), "unknown_template");
  EXPECT_EQ(problem(R"({"template":7,"severity":"info","target":{"scope":"all"}})"), "unknown_template");
  EXPECT_EQ(problem(R"({"template":"gia-cong-an","text":"a","severity":"info","target":{"scope":"all"}})"),
            "invalid_template");
}

// A content folder holding only broadcast/templates.json, and the problems its loading reports.
std::vector<std::string> template_problems(const std::string& json_text) {
  testing::TempDir dir;
  dir.write("broadcast/templates.json", json_text);
  std::vector<ContentProblem> problems;
  load_templates(dir.path(), Strings{}, problems);
  std::vector<std::string> out;
  for (const auto& p : problems) out.push_back(p.location + ": " + p.message);
  return out;
}

TEST(BroadcastTemplates, ShippedTemplatesLoadCleanAndFitAButton) {
  std::vector<ContentProblem> problems;
  const auto t = load_templates(std::filesystem::path(HOCVUSO_SOURCE_DIR) / "content", Strings{}, problems);
  EXPECT_TRUE(problems.empty()) << problems.front().location << ": " << problems.front().message;
  EXPECT_GE(t->list.size(), 5u);
  ASSERT_NE(t->find("gia-cong-an"), nullptr);
  EXPECT_EQ(t->find("nope"), nullptr);
}

TEST(BroadcastTemplates, EachBrokenRuleIsAProblemAtItsPath) {
  const auto problems = template_problems(R"({"templates":[
    {"id":"ok","label":"Được","text":"Cảnh báo."},
    {"id":"ok","label":"Một nhãn quá dài cho một cái nút","text":"Xem https://lua.vn"},
    {"id":"Có dấu","label":"","text":""}]})");
  const std::vector<std::string> want = {
      "templates[1].id: \"ok\" is used twice",
      "templates[1].label: must have 1 to 20 characters (a button label)",
      "templates[1].text: put the link in the link field, not in the text (web addresses, domain names such as "
      "bit.ly/... or t.me/..., and look-alike spellings are all links)",
      "templates[2].id: must be 1 to 24 of a-z, 0-9 and -",
      "templates[2].label: must have 1 to 20 characters (a button label)",
      "templates[2].text: text must be a non-empty string"};
  EXPECT_EQ(problems, want);
  EXPECT_EQ(template_problems(R"({"templates":{}})"), std::vector<std::string>{"templates: must be an array"});
}

}  // namespace
}  // namespace hocvuso::broadcast
