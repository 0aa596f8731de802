// The button payloads of lessons, quizzes, review and locale choice: short ASCII,
// built and parsed in one place so content check can measure the longest ones.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace hocvuso::learn {

inline constexpr std::string_view kStartLesson = "learn:";  // learn:<lesson> (fixed: the FAQ links to it)
inline constexpr std::string_view kShowStep = "ls:";       // ls:<lesson>:<step>
inline constexpr std::string_view kStepBack = "lb:";       // lb:<lesson>
inline constexpr std::string_view kResume = "lr:";         // lr: show where the person is
inline constexpr std::string_view kStartQuiz = "qs:";      // qs:<lesson>
inline constexpr std::string_view kRetryWrong = "qr:";     // qr:<lesson>
inline constexpr std::string_view kAnswer = "qa:";         // qa:<attempt>:<position>:<option>
inline constexpr std::string_view kToggle = "qm:";         // qm:<attempt>:<position>:<option> (multiple choice)
inline constexpr std::string_view kDone = "qd:";           // qd:<attempt>:<position>
inline constexpr std::string_view kReview = "rv:";         // rv:<lesson>:<item>:<option>
inline constexpr std::string_view kLocale = "lang:";       // lang:<locale>
inline constexpr std::string_view kLessonPage = "ll:";     // ll:<page> of the lesson list
inline constexpr std::string_view kQuizPage = "ql:";       // ql:<page> of the quiz list

// "<prefix><a>:<b>:..."
std::string make_payload(std::string_view prefix, const std::vector<std::string>& parts);
// The parts after prefix, split at ':'; nullopt when the count differs from `count`.
std::optional<std::vector<std::string>> payload_parts(std::string_view payload, std::string_view prefix,
                                                      std::size_t count);
// A non-negative number, or nullopt.
std::optional<int> to_index(std::string_view s);

}  // namespace hocvuso::learn
