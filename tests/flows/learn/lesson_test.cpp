// Tests lessons end to end through the Engine (flows/learn/lesson_flow.cpp): every
// lesson walked from start to end along every branch, back and restart, free text
// during a lesson, resume after a restart, and a step that vanished in a reload.
#include <set>

#include "flows/learn/flow.hpp"

#include "support/learn_test_support.hpp"

namespace hocvuso::learn::testing {
namespace {

using Lessons = LearnHarness;

// Walks a lesson from its start, taking choice `branch` at each fork (the last choice
// when there are fewer), and returns the step ids seen.
std::vector<std::string> walk(LearnHarness& h, const Lesson& lesson, std::size_t branch) {
  h.press("learn:" + lesson.id);
  std::vector<std::string> seen = {h.state().step};
  for (int guard = 0; guard < 50; ++guard) {
    const Step* step = lesson.step(h.state().step);
    if (!step || step->last()) break;
    const std::string go = step->next.empty() ? step->choices[std::min(branch, step->choices.size() - 1)].go : step->next;
    EXPECT_TRUE(h.has_payload("ls:" + lesson.id + ":" + go)) << lesson.id << " at " << step->id;
    h.press("ls:" + lesson.id + ":" + go);
    seen.push_back(h.state().step);
  }
  return seen;
}

TEST_F(Lessons, EveryLessonWalksToItsEndOnEveryBranch) {
  for (const auto& lesson : learning().lessons) {
    std::set<std::string> visited;
    for (std::size_t branch = 0; branch < 3; ++branch) {
      const auto seen = walk(*this, lesson, branch);
      visited.insert(seen.begin(), seen.end());
      const Step* end = lesson.step(seen.back());
      ASSERT_TRUE(end && end->last()) << lesson.id << " stopped at " << seen.back();
      EXPECT_TRUE(contains(text(), s("learn.lesson_done").substr(0, 20))) << lesson.id << ": " << text();
      EXPECT_TRUE(has_payload("qs:" + lesson.id)) << "the last step offers the quiz";
      EXPECT_TRUE(has_payload("menu:home"));
    }
    EXPECT_EQ(visited.size(), lesson.steps.size()) << lesson.id << ": some step is on no branch";
  }
}

// Pages of four lessons and one more button ("Xem thêm" or "Về menu"): at most five, so
// Zalo OA (four a message) needs at most one follow-up message (lay_out).
std::vector<std::string> list_pages(LearnHarness& h, const std::string& first, const std::string& prefix) {
  std::vector<std::string> payloads;
  h.press(first);
  for (int guard = 0; guard < 10; ++guard) {
    EXPECT_LE(h.buttons().size(), kMaxButtons + 1);
    for (const auto& b : h.buttons()) {
      if (b.payload.starts_with(prefix)) payloads.push_back(b.payload);
    }
    const std::string more = h.payload_starting(first == "menu:learn" ? "ll:" : "ql:");
    if (more.empty()) break;
    h.press(more);
  }
  EXPECT_TRUE(h.has_payload("menu:home")) << "the last page leads back to the menu";
  return payloads;
}

TEST_F(Lessons, ListPagesThroughEveryLessonAndMarksFinishedOnes) {
  std::vector<std::string> expected;
  for (const auto& lesson : learning().lessons) expected.push_back("learn:" + lesson.id);
  EXPECT_EQ(list_pages(*this, "menu:learn", "learn:"), expected);
  expected.clear();
  for (const auto& lesson : learning().lessons) expected.push_back("qs:" + lesson.id);
  EXPECT_EQ(list_pages(*this, "menu:quiz", "qs:"), expected);

  press("menu:learn");
  EXPECT_FALSE(contains(text(), "✅"));
  walk(*this, *learning().lesson("vneid-levels"), 0);
  press("menu:learn");
  EXPECT_TRUE(contains(text(), "✅ " + learning().lesson("vneid-levels")->title));
  press("ll:99");
  EXPECT_TRUE(has_payload("learn:health-book")) << "a page past the end shows the last";
}

TEST_F(Lessons, StepShowsNavigationButtons) {
  press("learn:vneid-install");
  EXPECT_EQ(state().flow, "lesson");
  EXPECT_EQ(state().step, "intro");
  EXPECT_TRUE(contains(text(), "📚 " + learning().lesson("vneid-install")->title));
  EXPECT_TRUE(has_payload("ls:vneid-install:phone"));
  EXPECT_FALSE(has_payload("lb:vneid-install")) << "nothing to go back to at the start";
  EXPECT_TRUE(has_payload("learn:vneid-install"));
  EXPECT_TRUE(has_payload("menu:home"));
  for (const auto& b : buttons()) EXPECT_LE(b.payload.size(), kMaxPayloadBytes);

  press("ls:vneid-install:phone");
  ASSERT_TRUE(has_payload("ls:vneid-install:android"));
  ASSERT_TRUE(has_payload("ls:vneid-install:iphone"));
  press("ls:vneid-install:iphone");
  EXPECT_TRUE(contains(text(), "App Store"));
  EXPECT_TRUE(has_payload("lb:vneid-install"));
}

TEST_F(Lessons, BackRetracesTheBranchTakenAndRestartBeginsAgain) {
  press("learn:vneid-install");
  press("ls:vneid-install:phone");
  press("ls:vneid-install:android");
  press("ls:vneid-install:safe");
  press("lb:vneid-install");
  EXPECT_EQ(state().step, "android");
  press("lb:vneid-install");
  EXPECT_EQ(state().step, "phone");
  press("lb:vneid-install");
  EXPECT_EQ(state().step, "intro");
  press("ls:vneid-install:phone");
  press("learn:vneid-install");
  EXPECT_EQ(state().step, "intro");
  EXPECT_FALSE(has_payload("lb:vneid-install"));
}

TEST_F(Lessons, MenuLeavesTheLesson) {
  press("learn:scams");
  say("/menu");
  EXPECT_EQ(state().flow, "");
}

TEST_F(Lessons, FreeTextGetsTheTextHandlerThenAContinueButton) {
  press("learn:scams");
  press("ls:scams:police");
  const auto replies = say("quên mật khẩu VNeID thì làm sao");
  ASSERT_EQ(replies.size(), 2u) << text();
  // The text handler (the FAQ) answers first: an answer carries its 👍 button.
  bool faq_answer = false;
  for (const auto& row : replies[0].buttons) {
    for (const auto& b : row) faq_answer = faq_answer || b.payload.starts_with("faq:up:");
  }
  EXPECT_TRUE(faq_answer) << replies[0].text;
  EXPECT_EQ(replies[1].text, s("learn.hint_lesson"));
  ASSERT_EQ(replies[1].buttons.size(), 1u);
  EXPECT_EQ(replies[1].buttons[0][0].payload, "lr:");
  EXPECT_EQ(state().step, "police") << "the position is kept";
  press("lr:");
  EXPECT_EQ(state().step, "police");
  EXPECT_TRUE(contains(text(), "Giả công an"));
}

TEST_F(Lessons, ResumesExactlyWhereLeftAfterARestart) {
  press("learn:vneid-new-phone");
  press("ls:vneid-new-phone:lost");
  press("ls:vneid-new-phone:lost2");
  open();  // new Store and Engine on the same file
  EXPECT_EQ(state().step, "lost2");
  press("lr:");
  EXPECT_TRUE(contains(text(), "tháo ốp dày"));
  press("lb:vneid-new-phone");
  EXPECT_EQ(state().step, "lost") << "the way back survives the restart too";
}

TEST_F(Lessons, ReloadThatRemovedTheStepMovesToTheLessonStartWithANote) {
  press("learn:vneid-install");
  press("ls:vneid-install:phone");
  press("ls:vneid-install:android");

  // SIGHUP: new content in which the step "android" is gone.
  auto changed = std::make_shared<Content>(*content_);
  auto learning_copy = std::make_shared<Learning>(learning());
  for (auto& lesson : learning_copy->lessons) {
    if (lesson.id != "vneid-install") continue;
    std::erase_if(lesson.steps, [](const Step& st) { return st.id == "android"; });
    lesson.steps[1].choices[0].go = "safe";
  }
  changed->parts[std::type_index(typeid(Learning))] = learning_copy;
  engine_->set_content(changed);

  press("lr:");
  EXPECT_TRUE(contains(text(), s("learn.step_moved"))) << text();
  EXPECT_EQ(state().step, "intro");

  press("ls:vneid-install:android");  // an old button for the vanished step
  EXPECT_TRUE(contains(text(), s("learn.step_moved")));
  EXPECT_EQ(state().step, "intro");
}

TEST_F(Lessons, UnknownLessonShowsTheListWithANote) {
  press("learn:no-such-lesson");
  EXPECT_TRUE(contains(text(), s("learn.lesson_gone")));
  EXPECT_TRUE(has_payload("learn:vneid-install"));
}

}  // namespace
}  // namespace hocvuso::learn::testing
