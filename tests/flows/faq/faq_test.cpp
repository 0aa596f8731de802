// Tests flows/faq with the shipped content: the policy's verdicts, content checks,
// and the store's miss and feedback counts.
#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <iterator>

#include "bot/app/runtime.hpp"
#include "bot/content/content.hpp"
#include "bot/store/store.hpp"
#include "bot/text/secrets.hpp"
#include "flows/faq/faq_content.hpp"
#include "flows/faq/faq_eval.hpp"
#include "flows/faq/faq_policy.hpp"
#include "flows/faq/faq_store.hpp"
#include "support/temp_dir.hpp"

namespace hocvuso::faq {
namespace {

class FaqTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    content_ = new Content(load_content(std::filesystem::path(HOCVUSO_SOURCE_DIR) / "content", content_spec()));
  }
  static void TearDownTestSuite() {
    delete content_;
    content_ = nullptr;
  }
  const FaqContent& faq() const { return content_->get<FaqContent>(); }
  std::string top(const Decision& d) const { return d.hits.empty() ? "" : faq().entries[d.hits[0].doc].id; }
  static Content* content_;
};
Content* FaqTest::content_ = nullptr;

TEST_F(FaqTest, ShipsEnoughEntriesWithParaphrases) {
  EXPECT_GE(faq().entries.size(), 150u);
  for (const auto& e : faq().entries) EXPECT_GE(e.paraphrases.size(), 2u) << e.id;
}

TEST_F(FaqTest, WithAndWithoutDiacriticsFindTheSameEntry) {
  for (const char* q : {"quên mật khẩu vneid", "quen mat khau vneid", "quen mk vneid", "QUÊN MẬT KHẨU VNEID"}) {
    SCOPED_TRACE(q);
    const Decision d = decide(faq(), q);
    ASSERT_TRUE(d.outcome == Outcome::answer || d.outcome == Outcome::choices);
    EXPECT_EQ(top(d), "vneid-quen-mat-khau");
  }
}

TEST_F(FaqTest, AnswersWhenClearlyAhead) {
  const Decision d = decide(faq(), "đổi số điện thoại trên vneid thế nào");
  EXPECT_NE(d.outcome, Outcome::decline);
  EXPECT_EQ(top(d), "vneid-doi-so-dien-thoai");
}

// Siblings: a short question that one entry's wording says completely gets that entry
// as the one answer, though its siblings hold all its words too and add a condition it
// never named; naming the condition brings the sibling.
// A phone number she adds is masked, and its placeholder "[số điện thoại]" is not read as
// her words: she forgot her password, she did not lose her number.
TEST_F(FaqTest, AMaskedPhoneNumberAddsNoWordsToTheQuestion) {
  const Decision d = decide(faq(), text::mask_secrets("tôi quên mật khẩu vneid, gọi lại cho tôi 0912345678").text);
  EXPECT_EQ(d.outcome, Outcome::answer);
  EXPECT_EQ(top(d), "vneid-quen-mat-khau");
}

TEST_F(FaqTest, OneAnswerWhenOneWordingFitsAndTheSiblingsAddACondition) {
  for (const char* q : {"quên mật khẩu VNeID thì làm sao", "quen mat khau vneid"}) {
    SCOPED_TRACE(q);
    const Decision d = decide(faq(), q);
    EXPECT_EQ(d.outcome, Outcome::answer) << to_string(d.outcome);
    EXPECT_EQ(top(d), "vneid-quen-mat-khau");
    ASSERT_GT(d.hits.size(), 1u);
    EXPECT_DOUBLE_EQ(d.hits[0].fit, 1.0);
    EXPECT_LT(d.hits[1].fit, 0.8) << faq().entries[d.hits[1].doc].id;
  }
  const Decision sibling = decide(faq(), "quen mk vneid so cu khong con dung");
  EXPECT_EQ(sibling.outcome, Outcome::answer) << to_string(sibling.outcome);
  EXPECT_EQ(top(sibling), "vneid-quen-mk-mat-so");
}

TEST_F(FaqTest, DeclinesRefusesAndGreets) {
  EXPECT_EQ(decide(faq(), "kết quả xổ số hôm nay").outcome, Outcome::decline);
  EXPECT_EQ(decide(faq(), "nấu canh chua thế nào").outcome, Outcome::decline);
  EXPECT_EQ(decide(faq(), "có ai bán tk ngân hàng không").outcome, Outcome::refuse);
  EXPECT_EQ(decide(faq(), "cách hack facebook người yêu").outcome, Outcome::refuse);
  // Without diacritics too, though a bare "tai" is ambiguous to the search.
  EXPECT_EQ(decide(faq(), "mua tai khoan ngan hang o dau").outcome, Outcome::refuse);
  // A real word the FAQ does not know is no typo: "banh" (bánh) is not "danh".
  EXPECT_EQ(decide(faq(), "cach lam banh chung").outcome, Outcome::decline);
  EXPECT_EQ(decide(faq(), "tai vneid o dau").outcome, Outcome::answer);
  EXPECT_EQ(decide(faq(), "cai vneid o dau").outcome, Outcome::answer);  // "cai" is cài here, not filler cái
  EXPECT_EQ(decide(faq(), "1").outcome, Outcome::decline);
  EXPECT_EQ(decide(faq(), "xin chào ạ").outcome, Outcome::greeting);
  // "giá" (price) is not "giả" (fake): a question about value is not refused.
  EXPECT_NE(decide(faq(), "bằng lái trên vneid có giá trị không").outcome, Outcome::refuse);
}

// The issue's cases: a lawful question sharing a scam entry's words, a victim's report
// sharing a refusal rule's words.
TEST_F(FaqTest, NeverHarmsALawfulQuestionOrAVictim) {
  auto shows_scam = [&](const Decision& d) {
    const std::size_t shown = d.outcome == Outcome::answer ? 1 : d.outcome == Outcome::choices ? d.hits.size() : 0;
    for (std::size_t i = 0; i < shown; ++i)
      if (faq().entries[d.hits[i].doc].scam) return true;
    return false;
  };
  for (const char* q : {"tiền điện trả qua điện thoại được ko", "tien dien tra qua dien thoai duoc khong",
                        "công an xã hướng dẫn kích hoạt định danh mức 2 tại trụ sở có đúng không",
                        "có định danh mức 3 không", "nộp phạt nguội trên dịch vụ công được không",
                        "cài vneid từ ch play thế nào", "con tôi bị tai nạn gọi cấp cứu số mấy"}) {
    SCOPED_TRACE(q);
    const Decision d = decide(faq(), q);
    EXPECT_NE(d.outcome, Outcome::refuse);
    EXPECT_FALSE(shows_scam(d)) << top(d);
  }
  EXPECT_EQ(top(decide(faq(), "tiền điện trả qua điện thoại được ko")), "pay-hoa-don");
  for (const char* q : {"tôi bị hack tài khoản Facebook", "bị hack zalo phải làm sao", "báo sim rác ở đâu",
                        "tôi bị người ta làm giả giấy tờ thì báo ai"}) {
    SCOPED_TRACE(q);
    EXPECT_NE(decide(faq(), q).outcome, Outcome::refuse);
  }
  EXPECT_EQ(top(decide(faq(), "tôi bị hack tài khoản Facebook")), "tk-bi-chiem");
  EXPECT_EQ(top(decide(faq(), "báo sim rác ở đâu")), "scam-5656");
  // Intent to do harm is still refused; a scam signal still gets the warning.
  EXPECT_EQ(decide(faq(), "cách hack facebook của vợ").outcome, Outcome::refuse);
  EXPECT_EQ(decide(faq(), "muốn mua sim rác số lượng lớn").outcome, Outcome::refuse);
  EXPECT_EQ(top(decide(faq(), "có người gọi xưng điện lực bắt cài app evn để trả tiền điện")), "scam-dien-luc");
  EXPECT_EQ(top(decide(faq(), "có người gọi xưng công an bảo kích hoạt mức 2 qua điện thoại")), "scam-cong-an-muc2");
}

TEST_F(FaqTest, SmallTalkGetsAFriendlyWordNotAMiss) {
  for (const char* q : {"alo", "em ơi", "xin chào", "chào bạn", "bạn khỏe không", "có ai không", "alo alo em oi"}) {
    SCOPED_TRACE(q);
    EXPECT_EQ(decide(faq(), q).outcome, Outcome::greeting);
  }
  for (const char* q : {"cảm ơn", "cam on chau nhieu nha", "thanks em"}) {
    SCOPED_TRACE(q);
    EXPECT_EQ(decide(faq(), q).outcome, Outcome::thanks);
  }
  EXPECT_EQ(top(decide(faq(), "em ơi quên mật khẩu vneid")), "vneid-quen-mat-khau") << "a question after a greeting";
}

// Replies and asides that are no question: acknowledgements, goodbyes, an emoji with its
// variation selector (U+FE0F), an old person introducing herself. They got "no answer"
// or, worse, choices ("bai bai" -> the course's order, "bạn tên gì" -> a wrong name on a
// QR code). A question that starts the same way is still a question.
// A call is a scam signal unless it asks the person to come in person: the commune's
// police or a bank branch inviting her is lawful, whatever words it shares with the
// warnings. Impersonation or a demand over the phone is still a scam.
TEST_F(FaqTest, ACallInvitingToTheOfficeIsNoScamSignal) {
  for (const char* q : {"công an phường gọi điện bảo tôi ra trụ sở làm căn cước cho con",
                        "ngân hàng gọi cho tôi mời đến chi nhánh cập nhật khuôn mặt", "xa goi dien bao len xa lam muc 2"}) {
    SCOPED_TRACE(q);
    std::string what;
    EXPECT_FALSE(harmful(faq(), q, &what)) << what;
  }
  EXPECT_EQ(top(decide(faq(), "có người gọi điện xưng công an bảo kích hoạt mức 2 qua điện thoại")), "scam-cong-an-muc2");
  EXPECT_EQ(top(decide(faq(), "co nguoi goi dien bat toi lam muc 2 ngay tren dien thoai")), "scam-cong-an-muc2");
}

TEST_F(FaqTest, AcknowledgementsEmojiAndIntroductionsAreSmallTalk) {
  for (const char* q : {"a lô", "oki cháu", "bai bai nhé", "❤️", "❤️❤️ 👍", "đã hiểu rồi ạ",
                        "bạn tên gì thế", "giỏi quá em ơi", "bác là người già không biết dùng", "không có gì đâu"}) {
    SCOPED_TRACE(q);
    EXPECT_EQ(decide(faq(), q).outcome, Outcome::greeting);
  }
  EXPECT_EQ(top(decide(faq(), "người già làm mức 2 ở đâu")), "vneid-muc2-o-dau");
  EXPECT_NE(decide(faq(), "không sao vào được vneid").outcome, Outcome::greeting);
  // "không sao" is "no problem": it gets the thanks reply ("Không có gì ạ… cứ hỏi mình"),
  // not the greeting ("Chào bạn 👋 Mình là trợ lý…") in the middle of a conversation.
  for (const char* q : {"không sao", "dạ không sao đâu ạ", "ko sao dau"}) {
    SCOPED_TRACE(q);
    EXPECT_EQ(decide(faq(), q).outcome, Outcome::thanks);
  }
}

TEST_F(FaqTest, OneAnswerWhenOneClearlyFits) {
  // The issue's case: the install entry comes first (not old iPhones). It is still
  // offered with a close second (old iPhones, whose paraphrases say "cài vneid" too)
  // as choices, not yet as the one answer: issue 20's bar is not met for it.
  const Decision d = decide(faq(), "lam sao cai vneid");
  EXPECT_NE(d.outcome, Outcome::decline);
  EXPECT_EQ(top(d), "vneid-cai-dat");
  for (const auto& e : faq().entries) EXPECT_EQ(e.answer.find("nguồn yếu"), std::string::npos) << e.id;
}

// Words that only give a question its form ("ở đâu", "được không") do not make a
// question the FAQ can answer: the subject must be known. (Own wording, not from any
// eval set.)
// The second retrieval channel (letter runs, faq_ngrams.hpp) beside the syllables, on by
// default: when both put the same entry first, a smaller lead is enough for the one
// answer; when the letter runs clearly prefer another entry, the citizen gets choices
// (here the right entry stays first among them: the price of the wrong answers this rule
// prevents). Without it the same questions get choices and the one answer.
TEST_F(FaqTest, TwoChannelsAgreeingAnswerAndDisagreeingGiveChoices) {
  const DecideOptions syllables_only{.second_opinion = false};
  for (const char* q : {"kich hoat tai khoan dinh danh dien tu the nao", "kích hoạt tk định danh điện tử sao"}) {
    SCOPED_TRACE(q);
    const Decision d = decide(faq(), q);
    EXPECT_EQ(d.outcome, Outcome::answer);
    EXPECT_EQ(top(d), "vneid-kich-hoat");
    EXPECT_STREQ(d.rule, "channels agree");
    EXPECT_EQ(decide(faq(), q, syllables_only).outcome, Outcome::choices);
  }
  const char* q = "quên mật khẩu vneid mà số cũ mất rồi";
  const Decision d = decide(faq(), q);
  EXPECT_EQ(d.outcome, Outcome::choices);
  EXPECT_EQ(top(d), "vneid-quen-mk-mat-so");
  EXPECT_STREQ(d.rule, "channels disagree");
  EXPECT_EQ(decide(faq(), q, syllables_only).outcome, Outcome::answer);
}

TEST_F(FaqTest, AQuestionFormAloneIsNoMatch) {
  for (const char* q : {"đăng ký nuôi chó ở đâu", "mua phân bón ở đâu rẻ",
                        "bao lâu thì lúa chín"}) {
    SCOPED_TRACE(q);
    EXPECT_EQ(decide(faq(), q).outcome, Outcome::decline) << top(decide(faq(), q));
  }
  // The same forms with a known subject are answered.
  EXPECT_EQ(top(decide(faq(), "đổi passcode vneid ở đâu")), "vneid-doi-passcode");
  EXPECT_EQ(top(decide(faq(), "làm mức 2 ở đâu được không")), "vneid-muc2-o-dau");
  // "xe máy" is a motorbike, not a phone ("máy" alone means the phone).
  const Analysis a = faq().index->analyze("sửa xe máy ở đâu");
  EXPECT_NE(std::find(a.exact.begin(), a.exact.end(), "máy"), a.exact.end());
  EXPECT_EQ(std::find(a.exact.begin(), a.exact.end(), "thoại"), a.exact.end());
}

// Typed without any marks, "ho" is most often hồ sơ, hộ or hỗ trợ, not the filler
// "hở": a filler form the entries mostly use as a content word is kept (optional: it
// counts only where an entry holds it). Typed with marks, the filler stays filler, and
// a greeting or thanks with such a particle is still small talk (own wording).
TEST_F(FaqTest, AnUnmarkedWordThatIsAlsoFillerCountsWhereAnEntryHoldsIt) {
  const Analysis unmarked = faq().index->analyze("xem nhung nguoi trong ho nha minh");
  const auto ho = std::find(unmarked.exact.begin(), unmarked.exact.end(), "ho");
  ASSERT_NE(ho, unmarked.exact.end());
  EXPECT_TRUE(unmarked.optional[static_cast<std::size_t>(ho - unmarked.exact.begin())]);
  const Analysis marked = faq().index->analyze("vneid là gì hở");
  EXPECT_EQ(std::find(marked.exact.begin(), marked.exact.end(), "hở"), marked.exact.end());

  const Decision household = decide(faq(), "xem nhung nguoi trong ho nha minh tren vneid");
  EXPECT_EQ(household.outcome, Outcome::answer) << to_string(household.outcome);
  EXPECT_EQ(top(household), "vneid-thanh-vien-ho");
  const Decision file = decide(faq(), "tra cuu ho so da nop tren dich vu cong");
  EXPECT_EQ(file.outcome, Outcome::answer) << to_string(file.outcome);
  EXPECT_EQ(top(file), "dvc-tra-cuu");

  EXPECT_EQ(decide(faq(), "cam on nha").outcome, Outcome::thanks);
  EXPECT_EQ(decide(faq(), "chao em nha").outcome, Outcome::greeting);
}

// An account already taken over is the victim's story: the entries on what to do now
// answer, never a warning not to lend money (own wording).
TEST_F(FaqTest, ATakenOverAccountGetsHelpNotAScamWarning) {
  for (const char* q : {"facebook của tôi bị hack rồi, nó nhắn tin mượn tiền người quen của tôi",
                        "zalo toi bi chiem, no nhan tin vay tien ban be"}) {
    SCOPED_TRACE(q);
    const Decision d = decide(faq(), q);
    ASSERT_TRUE(d.outcome == Outcome::answer || d.outcome == Outcome::choices) << to_string(d.outcome);
    for (const auto& h : d.hits) EXPECT_FALSE(faq().entries[h.doc].scam) << faq().entries[h.doc].id;
    EXPECT_EQ(top(d), "tk-bi-chiem");
  }
}

// A victim's plea too short to be sure of one entry still gets the entries on what to do
// after a scam, as choices, never "no answer" and never a warning; a question without a
// victim's words is declined as before (own wording).
TEST_F(FaqTest, AVictimsPleaTheRankingIsUnsureOfGetsTheWhatToDoEntries) {
  for (const char* q : {"bi lua roi giup toi voi", "toi bi lua roi"}) {
    SCOPED_TRACE(q);
    const Decision d = decide(faq(), q);
    ASSERT_EQ(d.outcome, Outcome::choices) << d.rule;
    for (const auto& h : d.hits) {
      EXPECT_EQ(faq().entries[h.doc].topic, "scam") << faq().entries[h.doc].id;
      EXPECT_FALSE(faq().entries[h.doc].scam) << faq().entries[h.doc].id;
    }
    const bool offers_money_steps = std::any_of(d.hits.begin(), d.hits.end(), [&](const Hit& h) {
      return faq().entries[h.doc].id == "scam-da-chuyen-tien";
    });
    EXPECT_TRUE(offers_money_steps);
  }
  EXPECT_EQ(decide(faq(), "ruong lua bi sau").outcome, Outcome::decline);
}

// The question inside a long story is found, and a long story is the one answer only
// when its first entry is clearly ahead (own wording).
TEST_F(FaqTest, ALongStoryFindsTheQuestionInside) {
  const Decision d = decide(faq(),
                            "hôm qua con trai tôi mua cho cái điện thoại mới, nó cài sẵn vneid rồi đi làm xa, "
                            "giờ tôi quên mật khẩu vneid không đăng nhập được, phải làm sao hả cháu");
  ASSERT_TRUE(d.outcome == Outcome::answer || d.outcome == Outcome::choices) << to_string(d.outcome);
  EXPECT_EQ(top(d), "vneid-quen-mat-khau");
  if (d.outcome == Outcome::answer && d.hits.size() > 1) {
    const bool by_score = d.hits[0].score >= 1.4 * d.hits[1].score;
    const bool by_fit = confidence(d.hits[0]) - confidence(d.hits[1]) >= 0.2 ||
                        d.hits[0].doc_coverage - d.hits[1].doc_coverage >= 0.2;
    EXPECT_TRUE(by_score || by_fit) << "a long story answered without a clear lead";
  }
}

// A long story that shares everyday words with the entries (mật khẩu, điện thoại, ngân
// hàng) but names none of their topics is declined; the same story naming the topic is
// answered (language.json topic_anchors).
TEST_F(FaqTest, ALongStoryThatNamesNoTopicIsDeclined) {
  for (const char* story :
       {"con gái tôi cài cho cái khóa màn hình điện thoại bằng mật khẩu rồi nó đi lấy chồng xa, giờ tôi quên mất "
        "mật khẩu đó, mở máy không được, làm sao lấy lại",
        "ông nhà tôi để dành được ít tiền muốn gửi ngân hàng cho con sau này đi học, không biết gửi kỳ hạn mấy "
        "tháng thì được nhiều lãi hơn hả cháu",
        "bà hàng xóm nhờ tôi hỏi hộ, cái điện thoại bà mới mua bị nóng ran lên mỗi khi sạc pin qua đêm, có nguy "
        "hiểm gì không, có nên mang đi đổi không"}) {
    const Decision d = decide(faq(), story);
    EXPECT_EQ(d.outcome, Outcome::decline) << story << " -> " << (d.hits.empty() ? "" : top(d));
  }
  const Decision named = decide(faq(),
                                "con gái tôi cài cho cái vneid trên điện thoại rồi nó đi lấy chồng xa, giờ tôi quên "
                                "mất mật khẩu vneid, đăng nhập không được, làm sao lấy lại");
  ASSERT_TRUE(named.outcome == Outcome::answer || named.outcome == Outcome::choices) << to_string(named.outcome);
  EXPECT_TRUE(top(named).starts_with("vneid-quen-m")) << top(named);  // the password entries: plain, or lost number
}

TEST_F(FaqTest, ContentCheckReportsAuthorMistakes) {
  hocvuso::testing::TempDir dir;
  std::filesystem::copy(std::filesystem::path(HOCVUSO_SOURCE_DIR) / "content", dir.path(),
                        std::filesystem::copy_options::recursive);
  dir.write("faq/entries/zz-bad.json",
            R"({"entries":[{"id":"vneid-la-gi","topic":"x","title":"t","question":"q","answer":"a",)"
            R"("paraphrases":["p"],"lesson":"nope"}]})");
  std::vector<std::string> messages;
  for (const auto& p : check_content(dir.path(), content_spec())) messages.push_back(p.to_string());
  auto has = [&](const std::string& needle) {
    return std::any_of(messages.begin(), messages.end(), [&](const auto& m) { return m.find(needle) != std::string::npos; });
  };
  EXPECT_TRUE(has("zz-bad.json:entries[0].id: duplicate id vneid-la-gi"));
  EXPECT_TRUE(has("zz-bad.json:entries[0].lesson: unknown lesson id nope"));
  EXPECT_TRUE(has("zz-bad.json:entries[0].paraphrases: needs at least 2"));
  dir.write("faq/entries/zz-bad.json",
            R"({"entries":[{"id":"zz-label","topic":"x","title":"t","question":"q","answer":"Theo (nguồn yếu): a",)"
            R"("paraphrases":["p","r"],"signals":["gọi"]}]})");
  messages.clear();
  for (const auto& p : check_content(dir.path(), content_spec())) messages.push_back(p.to_string());
  EXPECT_TRUE(has("zz-bad.json:entries[0].answer: shows the internal label")) << "internal labels never reach citizens";
  EXPECT_TRUE(has("zz-bad.json:entries[0].signals: only an entry with"));

  // topic_anchors may name only topics that entries have.
  const auto language = dir.path() / "faq" / "language.json";
  std::ifstream in(language);
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  const auto at = text.find("\"topic_anchors\": {");
  ASSERT_NE(at, std::string::npos);
  text.insert(at + std::string("\"topic_anchors\": {").size(), "\"thoi-tiet\": [\"mưa\"], ");
  std::ofstream(language) << text;
  messages.clear();
  for (const auto& p : check_content(dir.path(), content_spec())) messages.push_back(p.to_string());
  EXPECT_TRUE(has("language.json:topic_anchors.thoi-tiet: no entry has this topic"));
}

TEST(FaqStore, CountsMissesAndFeedback) {
  hocvuso::testing::TempDir dir;
  Store store(dir / "t.db");
  auto& faq = FaqStore::of(store);
  const TimePoint t0{std::chrono::milliseconds(1000)};
  faq.record_miss("giá vàng", "decline", "", t0);
  faq.record_miss("giá vàng", "decline", "", t0 + std::chrono::seconds(1));
  faq.record_miss("thời tiết", "choices", "vneid-la-gi", t0);
  const auto misses = faq.misses(10);
  ASSERT_EQ(misses.size(), 2u);
  EXPECT_EQ(misses[0].question, "giá vàng");
  EXPECT_EQ(misses[0].count, 2);
  EXPECT_EQ(misses[1].best_id, "vneid-la-gi");

  faq.record_feedback("vneid-la-gi", true);
  faq.record_feedback("vneid-la-gi", false);
  faq.record_feedback("vneid-la-gi", true);
  const auto fb = faq.feedback();
  ASSERT_EQ(fb.size(), 1u);
  EXPECT_EQ(fb[0].up, 2);
  EXPECT_EQ(fb[0].down, 1);
}

TEST(FaqStore, KeepsMissesBoundedInAgeAndNumber) {
  hocvuso::testing::TempDir dir;
  Store store(dir / "t.db");
  auto& faq = FaqStore::of(store);
  const TimePoint t0 = std::chrono::sys_days{std::chrono::year{2026} / 1 / 1};
  faq.record_miss("câu cũ", "decline", "", t0);
  faq.record_miss("câu vẫn được hỏi", "decline", "", t0);
  faq.record_miss("câu vẫn được hỏi", "decline", "", t0 + std::chrono::days(100));
  // 181 days on: the question unseen since t0 is gone, the one asked again on day 100 stays.
  faq.record_miss("câu mới", "choices", "vneid-la-gi", t0 + std::chrono::days(kMissDays + 1));
  std::vector<std::string> kept;
  for (const auto& m : faq.misses(10)) kept.push_back(m.question);
  EXPECT_EQ(kept, (std::vector<std::string>{"câu vẫn được hỏi", "câu mới"}));

  // A flood of distinct questions: the table stops at kMissesKept, and the most asked stay.
  store.set_full_sync(false);
  store.begin();
  const TimePoint t1 = t0 + std::chrono::days(kMissDays + 2);
  for (std::int64_t i = 0; i < kMissesKept + 20; ++i) faq.record_miss("câu số " + std::to_string(i), "decline", "", t1);
  store.commit();
  const auto all = faq.misses(static_cast<std::size_t>(kMissesKept) + 100);
  EXPECT_EQ(static_cast<std::int64_t>(all.size()), kMissesKept);
  EXPECT_EQ(all.front().question, "câu vẫn được hỏi");  // asked twice: kept before any asked once
}

}  // namespace
}  // namespace hocvuso::faq
