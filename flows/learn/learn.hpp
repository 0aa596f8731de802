// Lessons and quizzes: the public face of flows/learn for the composition root.
#pragma once

#include <string>
#include <vector>

#include "bot/content/content.hpp"
#include "bot/core/dispatcher.hpp"

namespace hocvuso::flows {

struct LearnOptions {
  int review_hour = 19;  // local hour of the daily review question (config review_hour)
};

// Lessons (menu:learn, learn:<id>), quizzes (menu:quiz), /tiendo, /ontap, /ngonngu,
// free text during a lesson or quiz, and the daily review tick.
void register_learn(Dispatcher& dispatcher, const LearnOptions& options);

// Bot strings the learning flows use; content check requires them in vi.json.
std::vector<std::string> learn_string_keys();

// content/learning/, for content_spec().
ContentPart learn_content_part();

}  // namespace hocvuso::flows
