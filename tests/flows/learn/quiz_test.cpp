// Tests quizzes through the Engine (flows/learn/quiz_flow.cpp): a quiz passed and one
// failed, feedback with the explanation, multiple choice, retry of the wrong items,
// the seeded order, stale buttons, attempts recorded, progress and the completion
// message of the learning path.
#include <SQLiteCpp/SQLiteCpp.h>

#include "flows/learn/item.hpp"
#include "flows/learn/learn_store.hpp"
#include "support/learn_test_support.hpp"

namespace hocvuso::learn::testing {
namespace {

using nlohmann::json;

class Quizzes : public LearnHarness {
 protected:
  json data() { return json::parse(state().data); }

  const QuizItem& current_item() {
    const json d = data();
    const Lesson* lesson = learning().lesson(d["lesson"].get<std::string>());
    return *lesson->item(d["order"][d["pos"].get<std::size_t>()].get<std::string>());
  }

  // Answers the current question, rightly or not.
  void answer(bool right) {
    const json d = data();
    const std::string ids = std::to_string(d["attempt"].get<std::int64_t>()) + ":" + std::to_string(d["pos"].get<int>());
    const QuizItem& item = current_item();
    if (item.kind == ItemKind::multi) {
      std::vector<int> pick = item.answer;
      if (!right) pick = {item.answer.front() == 0 ? 1 : 0};
      for (int o : pick) press("qm:" + ids + ":" + std::to_string(o));
      press("qd:" + ids);
      return;
    }
    int opt = item.answer.front();
    if (!right) opt = opt == 0 ? 1 : 0;
    press("qa:" + ids + ":" + std::to_string(opt));
  }

  // Finishes the running quiz with the first `right` answers right, the rest wrong.
  void finish(std::size_t right) {
    for (std::size_t i = 0; state().flow == "quiz"; ++i) answer(i < right);
  }
};

TEST_F(Quizzes, PassedQuizScoresAndRecordsTheAttempt) {
  press("qs:vneid-levels");
  EXPECT_EQ(state().flow, "quiz");
  EXPECT_TRUE(contains(text(), "Câu 1/11")) << text();
  finish(11);
  EXPECT_TRUE(contains(text(), "Bạn đúng 11/11 câu. Bạn đã đạt!")) << text();
  EXPECT_EQ(state().flow, "");
  auto& store = LearnStore::of(*store_);
  const auto scores = store.best_scores({Channel::console, "u1"});
  ASSERT_EQ(scores.size(), 1u);
  EXPECT_EQ(scores[0].correct, 11);
  EXPECT_TRUE(scores[0].passed);
}

TEST_F(Quizzes, FailedQuizOffersRetryOfTheWrongItemsOnly) {
  press("qs:scams");
  finish(3);
  EXPECT_TRUE(contains(text(), "Bạn đúng 3/12 câu. Cần đúng 9 câu để đạt.")) << text();
  ASSERT_TRUE(has_payload("qr:scams"));
  EXPECT_TRUE(has_payload("learn:scams")) << "a failed quiz offers the lesson again";
  press("qr:scams");
  EXPECT_TRUE(contains(text(), "Câu 1/9")) << text();
  finish(9);
  // A retry scores over the whole quiz: 3 right before and 9 now make 12/12.
  EXPECT_TRUE(contains(text(), "Bạn đúng 12/12 câu. Bạn đã đạt!")) << text();
  SQLite::Statement st(store_->database(), "SELECT kind, total, correct, passed FROM learn_attempts ORDER BY id");
  std::vector<std::string> rows;
  while (st.executeStep()) {
    rows.push_back(st.getColumn(0).getString() + " " + std::to_string(st.getColumn(1).getInt()) + " " +
                   std::to_string(st.getColumn(2).getInt()) + " " + std::to_string(st.getColumn(3).getInt()));
  }
  EXPECT_EQ(rows, (std::vector<std::string>{"full 12 3 0", "retry 12 12 1"})) << "every attempt recorded";
  auto& store = LearnStore::of(*store_);
  EXPECT_TRUE(store.quiz_passed({Channel::console, "u1"}, "scams")) << "the pass announced is the pass recorded";
  say("/tiendo");
  EXPECT_TRUE(contains(text(), ": 12/12 ✅")) << "/tiendo shows the passing attempt: " << text();
}

TEST_F(Quizzes, ARetryThatStillFailsScoresTheWholeQuiz) {
  press("qs:scams");
  finish(3);
  press("qr:scams");
  finish(4);  // 3 + 4 = 7 of 12, 9 needed
  EXPECT_TRUE(contains(text(), "Bạn đúng 7/12 câu. Cần đúng 9 câu để đạt.")) << text();
  press("qr:scams");
  EXPECT_TRUE(contains(text(), "Câu 1/5")) << "only the items still wrong: " << text();
  finish(5);
  EXPECT_TRUE(contains(text(), "Bạn đúng 12/12 câu. Bạn đã đạt!")) << text();
}

// Said around with politeness, with and without marks; an answer or a question is not it.
TEST(QuizItems, DontKnowIsRecognisedAsPeopleTypeIt) {
  for (const char* t : {"không biết", "dạ con không biết ạ", "chịu thôi cháu ơi", "chẳng biết", "ko biet", "quên rồi"})
    EXPECT_TRUE(says_dont_know(t)) << t;
  for (const char* t : {"biết", "b", "không", "không biết vneid là gì", "mai tôi hỏi con gái"})
    EXPECT_FALSE(says_dont_know(t)) << t;
}

TEST_F(Quizzes, TypedLettersAndNumbersAnswerTheItem) {
  press("qs:vneid-levels");
  for (int i = 0; i < 4 && state().flow == "quiz"; ++i) {
    const QuizItem& item = current_item();
    const int pos = data()["pos"].get<int>();
    std::string typed;
    if (item.kind == ItemKind::multi) {
      for (int o : item.answer) typed += std::string(typed.empty() ? "" : " ") + char('a' + o);
    } else if (i % 2 == 0) {
      typed = std::string(1, char('A' + item.answer.front()));  // "A", "B"
    } else {
      typed = "chọn " + std::to_string(item.answer.front() + 1);  // "chọn 2"
    }
    say(typed);
    EXPECT_TRUE(contains(text(), s("quiz.right"))) << typed << ": " << text();
    EXPECT_EQ(data()["pos"].get<int>(), pos + 1) << typed;
  }
  const int pos = data()["pos"].get<int>();
  say("không biết");  // not an answer, and not a question: encouraged to pick, the same item again
  EXPECT_TRUE(contains(text(), s("quiz.dont_know"))) << text();
  EXPECT_EQ(data()["pos"].get<int>(), pos);
  say("mai tôi hỏi con gái");  // no answer: the quiz waits, with the hint
  EXPECT_TRUE(contains(text(), s("learn.hint_quiz"))) << text();
  EXPECT_EQ(data()["pos"].get<int>(), pos);
}

TEST_F(Quizzes, YesNoItemIsAnsweredCoKhong) {
  const Lesson* lesson = learning().lesson("vneid-install");
  ASSERT_NE(lesson, nullptr);
  const QuizItem* q2 = lesson->item("q2");
  ASSERT_NE(q2, nullptr);
  EXPECT_EQ(q2->kind, ItemKind::yes_no);
  auto t = typed_answer(*q2, "không");
  ASSERT_TRUE(t.has_value());
  EXPECT_EQ(*t, std::set<int>{1});
  EXPECT_EQ(typed_answer(*q2, "dạ có").value_or(std::set<int>{}), std::set<int>{0});
  EXPECT_FALSE(typed_answer(*q2, "c").has_value()) << "a yes/no item has two answers";
  // Every item phrased as a question ("…không?") is written yes_no, not true/false.
  for (const auto& l : learning().lessons) {
    for (const auto& item : l.quiz) {
      if (item.kind == ItemKind::truefalse) {
        EXPECT_FALSE(item.question.ends_with("?")) << l.id << " " << item.id;
      }
    }
  }
}

TEST_F(Quizzes, PlatformItemsFollowThePhoneChosenInTheLesson) {
  press("learn:vneid-install");
  press("ls:vneid-install:android");
  press("qs:vneid-install");
  std::vector<std::string> order = data()["order"].get<std::vector<std::string>>();
  EXPECT_EQ(std::count(order.begin(), order.end(), "q3"), 0) << "q3 is about iPhone";
  EXPECT_EQ(std::count(order.begin(), order.end(), "q4"), 1) << "q4 is about Android";
  press("learn:vneid-install");
  press("ls:vneid-install:iphone");
  press("qs:vneid-install");
  order = data()["order"].get<std::vector<std::string>>();
  EXPECT_EQ(std::count(order.begin(), order.end(), "q3"), 1);
  EXPECT_EQ(std::count(order.begin(), order.end(), "q4"), 0);
  // Yes/no shows Có / Không.
  while (current_item().id != "q2") answer(true);
  std::vector<std::string> labels;
  for (const auto& b : buttons()) labels.push_back(b.label);
  EXPECT_NE(std::find(labels.begin(), labels.end(), "Có"), labels.end());
  EXPECT_NE(std::find(labels.begin(), labels.end(), "Không"), labels.end());
  EXPECT_EQ(std::find(labels.begin(), labels.end(), "Đúng"), labels.end());
}

TEST_F(Quizzes, PassingOffersTheNextLessonOfThePath) {
  const LearningPath& path = learning().path;
  ASSERT_GE(path.lessons.size(), 2u);
  press(std::string("qs:") + path.lessons[0]);
  finish(100);
  EXPECT_TRUE(contains(text(), "Bạn đã đạt!")) << text();
  EXPECT_TRUE(has_payload("learn:" + path.lessons[1])) << text();
  EXPECT_TRUE(contains(text(), "Bài tiếp theo trong lộ trình")) << text();
}

TEST_F(Quizzes, EveryAnswerGetsFeedbackWithTheExplanation) {
  press("qs:vneid-install");
  const QuizItem first = current_item();
  answer(false);
  ASSERT_GE(last_.size(), 2u);
  EXPECT_TRUE(contains(last_[0].text, "❌ Chưa đúng. Đáp án đúng:")) << last_[0].text;
  EXPECT_TRUE(contains(last_[0].text, first.explain));
  EXPECT_TRUE(contains(last_[1].text, "Câu 2/10"));
  const QuizItem second = current_item();
  answer(true);
  EXPECT_TRUE(contains(text(), "✅ Đúng rồi!\n" + second.explain));
}

TEST_F(Quizzes, MultipleChoiceTogglesThenChecksTheWholeSet) {
  press("qs:vneid-install");
  while (current_item().kind != ItemKind::multi) answer(true);
  // Four options and Xong make five (Zalo OA shows Xong in a second message): no "Về menu" then.
  EXPECT_LE(buttons().size(), kMaxButtons + 1);
  const json d = data();
  const std::string ids = std::to_string(d["attempt"].get<std::int64_t>()) + ":" + std::to_string(d["pos"].get<int>());
  press("qd:" + ids);
  EXPECT_TRUE(contains(text(), s("quiz.pick_first")));
  press("qm:" + ids + ":0");
  EXPECT_TRUE(contains(text(), "Bạn đã chọn: A."));
  EXPECT_TRUE(has_payload("qd:" + ids));
  press("qm:" + ids + ":1");
  press("qm:" + ids + ":0");  // untick
  EXPECT_TRUE(contains(text(), "Bạn đã chọn: B."));
  press("qm:" + ids + ":0");
  press("qm:" + ids + ":3");
  press("qd:" + ids);  // A, B, D: the right set for vneid-install's multi item
  EXPECT_TRUE(contains(text(), "✅ Đúng rồi!")) << text();
}

TEST_F(Quizzes, OrderIsShuffledPerAttemptAndReproducible) {
  press("qs:scams");
  const auto first = data()["order"];
  press("qs:scams");
  const auto second = data()["order"];
  EXPECT_NE(first, second) << "a new attempt, a new order";
  open();
  std::filesystem::remove(tmp_.path() / "other.db");
  Store other(tmp_.path() / "other.db");
  Engine engine(make_dispatcher(Config{}), content_);
  Incoming in = message("u9", "", "qs:scams");
  engine.handle(other, in, now_);
  EXPECT_EQ(json::parse(other.load_state({Channel::console, "u9"}, "u9").data)["order"], first)
      << "attempt 1 has the same order in any database";
}

TEST_F(Quizzes, OldAnswerButtonReasksTheCurrentQuestion) {
  press("qs:scams");
  const json d = data();
  const std::string stale = "qa:" + std::to_string(d["attempt"].get<std::int64_t>()) + ":0:0";
  answer(true);
  press(stale);
  EXPECT_TRUE(contains(text(), s("quiz.stale")));
  EXPECT_TRUE(contains(text(), "Câu 2/12"));
  EXPECT_EQ(data()["pos"], 1) << "an old button changes nothing";
}

TEST_F(Quizzes, ReloadThatRemovedTheCurrentItemRestartsTheQuizWithANote) {
  press("qs:scams");
  answer(true);
  const std::string gone = current_item().id;
  const json d = data();
  auto changed = std::make_shared<Content>(*content_);
  auto learning_copy = std::make_shared<Learning>(learning());
  for (auto& lesson : learning_copy->lessons) {
    if (lesson.id == "scams") std::erase_if(lesson.quiz, [&](const QuizItem& q) { return q.id == gone; });
  }
  changed->parts[std::type_index(typeid(Learning))] = learning_copy;
  engine_->set_content(changed);

  press("qa:" + std::to_string(d["attempt"].get<std::int64_t>()) + ":1:0");
  EXPECT_TRUE(contains(text(), s("quiz.changed"))) << text();
  EXPECT_TRUE(contains(text(), "Câu 1/11"));
}

TEST_F(Quizzes, FreeTextDuringAQuizKeepsItAndOffersToContinue) {
  press("qs:scams");
  answer(true);
  say("khó quá");
  EXPECT_TRUE(contains(text(), s("learn.hint_quiz")));
  press("lr:");
  EXPECT_TRUE(contains(text(), "Câu 2/12"));
}

TEST_F(Quizzes, ProgressShowsLessonsAndBestScoresAfterARestart) {
  say("/tiendo");
  EXPECT_TRUE(contains(text(), s("progress.none")));
  press("learn:health-book");
  for (const char* st : {"need", "use", "see", "end"}) press(std::string("ls:health-book:") + st);
  press("qs:health-book");
  finish(8);
  press("qs:health-book");
  finish(5);
  open();
  say("/tiendo");
  EXPECT_TRUE(contains(text(), "Bài đã học xong: 1/11"));
  EXPECT_TRUE(contains(text(), "✅ Sổ sức khỏe điện tử trên VNeID"));
  EXPECT_TRUE(contains(text(), "• Sổ sức khỏe điện tử trên VNeID: 8/10 ✅")) << text();
  EXPECT_TRUE(contains(text(), "Lộ trình \"Công dân số cơ bản\": xong 0/8 phần."));
}

TEST_F(Quizzes, FinishingTheLearningPathSendsTheCompletionMessageOnce) {
  const LearningPath& path = learning().path;
  for (const auto& id : path.lessons) {
    const Lesson& lesson = *learning().lesson(id);
    press("learn:" + id);
    while (!lesson.step(state().step)->last()) {
      const Step& st = *lesson.step(state().step);
      press("ls:" + id + ":" + (st.next.empty() ? st.choices[0].go : st.next));
    }
  }
  EXPECT_FALSE(contains(text(), "🎓"));
  for (std::size_t i = 0; i < path.quizzes.size(); ++i) {
    press("qs:" + path.quizzes[i]);
    finish(100);
    EXPECT_EQ(contains(text(), "🎓"), i + 1 == path.quizzes.size()) << text();
  }
  EXPECT_TRUE(contains(text(), "Chúc mừng Bà Lan!"));
  EXPECT_TRUE(contains(text(), "Ngày 23/11/2026"));
  EXPECT_TRUE(contains(text(), "Công dân số cơ bản"));
  EXPECT_TRUE(contains(text(), "Đạt bài kiểm tra: Nhận biết lừa đảo"));
  press("qs:scams");
  finish(100);
  EXPECT_FALSE(contains(text(), "🎓")) << "sent once";
}

}  // namespace
}  // namespace hocvuso::learn::testing
