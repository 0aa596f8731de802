// Tests the learning content loader and its checks (flows/learn/content.hpp): the
// shipped content is clean and big enough, and every kind of mistake has a broken
// fixture under tests/fixtures/learn-broken/ that content check reports.
#include <gtest/gtest.h>

#include <set>

#include "flows/learn/content.hpp"

namespace hocvuso::learn {
namespace {

namespace fs = std::filesystem;

const fs::path kFixtures = fs::path(HOCVUSO_FIXTURES_DIR) / "learn-broken";

std::vector<ContentProblem> problems_of(const std::string& fixture, const std::vector<std::string>& required = {}) {
  std::vector<ContentProblem> problems;
  auto learning = load_learning(kFixtures / fixture, required, problems);
  EXPECT_EQ(learning == nullptr, !problems.empty()) << "nullptr exactly when there are problems";
  return problems;
}

std::string all(const std::vector<ContentProblem>& problems) {
  std::string out;
  for (const auto& p : problems) out += p.to_string() + "\n";
  return out;
}

// Some problem names this file (suffix), location and message (substring).
void expect_problem(const std::vector<ContentProblem>& problems, const std::string& file, const std::string& location,
                    const std::string& message) {
  for (const auto& p : problems) {
    if (p.file.ends_with(file) && p.location == location && p.message.find(message) != std::string::npos) return;
  }
  ADD_FAILURE() << "expected " << file << ":" << location << ": ..." << message << "... in\n" << all(problems);
}

TEST(LearnContent, ShippedContentIsCleanAndComplete) {
  std::vector<ContentProblem> problems;
  auto learning = load_learning(fs::path(HOCVUSO_SOURCE_DIR) / "content", linked_lesson_ids(), problems);
  ASSERT_TRUE(learning) << all(problems);
  EXPECT_GE(learning->lessons.size(), 10u);
  std::size_t items = 0;
  std::set<ItemKind> kinds;
  for (const auto& lesson : learning->lessons) {
    items += lesson.quiz.size();
    for (const auto& q : lesson.quiz) {
      kinds.insert(q.kind);
      EXPECT_FALSE(q.explain.empty()) << lesson.id << "/" << q.id;
    }
  }
  EXPECT_GE(items, 100u);
  EXPECT_EQ(kinds.size(), 4u) << "single, multi, true/false and yes/no items all ship";
  for (const auto& id : linked_lesson_ids()) EXPECT_TRUE(learning->lesson(id)) << id;
  std::size_t translated = 0;
  for (const auto& lesson : learning->lessons) translated += lesson.translations.contains("en");
  EXPECT_GE(translated, 2u);
}

TEST(LearnContent, ValidFixtureLoads) {
  std::vector<ContentProblem> problems;
  auto learning = load_learning(kFixtures / "valid", {}, problems);
  ASSERT_TRUE(learning) << all(problems);
  ASSERT_EQ(learning->lessons.size(), 1u);
  const Lesson& a = learning->lessons[0];
  EXPECT_EQ(a.steps.size(), 3u);
  EXPECT_EQ(a.quiz[1].answer, std::vector<int>{0}) << "true is option 0";
  EXPECT_EQ(learning->path.quizzes, std::vector<std::string>{"a"});
}

TEST(LearnContent, SchemaErrors) {
  const auto p = problems_of("schema");
  expect_problem(p, "vi/a.json", "steps[1]", "missing \"text\"");
  expect_problem(p, "vi/a.json", "quiz.items[0].type", "\"essay\" is not single, multi, truefalse or yes_no");
}

TEST(LearnContent, SyntaxErrorHasLineAndColumn) {
  expect_problem(problems_of("syntax"), "vi/a.json", "1:22", "invalid JSON");
}

TEST(LearnContent, DanglingStep) {
  expect_problem(problems_of("dangling"), "vi/a.json", "steps[0].next", "step \"nowhere\" does not exist (dangling)");
}

TEST(LearnContent, UnreachableStep) {
  expect_problem(problems_of("unreachable"), "vi/a.json", "steps[3]", "\"orphan\" is unreachable from the start step");
}

TEST(LearnContent, DuplicateIds) {
  const auto p = problems_of("duplicate-ids");
  expect_problem(p, "vi/a.json", "steps[2].id", "duplicate step id \"s1\"");
  expect_problem(p, "vi/a.json", "quiz.items[1].id", "duplicate quiz item id \"q1\"");
  expect_problem(problems_of("duplicate-lesson"), "vi/b.json", "id", "duplicate lesson id \"a\"");
}

TEST(LearnContent, LabelOverZaloLimit) {
  expect_problem(problems_of("long-label"), "vi/a.json", "steps[1].choices[0].label", "longer than 20 characters");
}

TEST(LearnContent, StepWithMoreButtonsThanTwoZaloMessagesShow) {
  // Six choices, Quay lại, Làm lại từ đầu, Về menu: nine, more than two messages of four.
  expect_problem(problems_of("too-many-buttons"), "vi/a.json", "steps[1]",
                 "shows 9 buttons, more than 8 (two Zalo OA messages of 4)");
}

TEST(LearnContent, PayloadOverTelegramLimit) {
  const auto p = problems_of("long-payload");
  expect_problem(p, "vi/a.json", "steps[1].id", "longer than 64 bytes");
  expect_problem(p, "vi/a.json", "steps[1].id", "must be 1-24 of a-z 0-9 - _");
}

TEST(LearnContent, BotStringsOnButtonsFitTheLabelLimitInEveryLocale) {
  Strings strings;
  strings.set("vi", "learn.next", "Tiếp ▶️");
  strings.set("en", "learn.next", "Go on to the next step ▶️");
  std::vector<ContentProblem> problems;
  check_button_labels("content", strings, problems);
  expect_problem(problems, "strings/en.json", "learn.next", "longer than 20 characters");
  EXPECT_EQ(problems.size(), 1u) << all(problems);
}

TEST(LearnContent, QuizKeysMustFitTheItem) {
  const auto p = problems_of("bad-answer");
  expect_problem(p, "vi/a.json", "quiz.items[0].answer", "option index 0..1");
  expect_problem(p, "vi/a.json", "quiz.items[1].answer", "must be true or false");
  expect_problem(p, "vi/a.json", "quiz.items[2].answer", "non-empty array");
}

TEST(LearnContent, TranslationKeysMustBeASubsetOfVi) {
  const auto p = problems_of("locale-extra");
  expect_problem(p, "en/a.json", "steps.ghost", "not in vi");
  expect_problem(p, "en/a.json", "quiz.q9", "not in vi");
  expect_problem(p, "en/a.json", "steps.s2.choices", "as many labels as vi (2)");
}

TEST(LearnContent, OrderAndPathNameRealLessons) {
  const auto p = problems_of("path-unknown");
  expect_problem(p, "learning.json", "order[1]", "\"zz\" has no file");
  expect_problem(p, "learning.json", "path.lessons[0]", "unknown lesson \"nope\"");
  expect_problem(problems_of("not-in-order"), "vi/a.json", "id", "not in learning.json \"order\" (unreachable)");
}

TEST(LearnContent, LinkedLessonsMustExist) {
  expect_problem(problems_of("valid", {"vneid-install"}), "learning.json", "order",
                 "lesson \"vneid-install\" is missing");
}

}  // namespace
}  // namespace hocvuso::learn
