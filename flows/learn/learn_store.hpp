// The learning tables (migration 2): lessons done, quiz attempts, Leitner review
// boxes, review opt-in and completion certificates. Used on the store thread only.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "bot/core/message.hpp"

namespace SQLite {
class Database;
}

namespace hocvuso::flows::learn {

// Who: a person on one channel.
struct Learner {
  Channel channel = Channel::console;
  std::string user_id;
};

struct QuizScore {
  std::string lesson_id;
  int correct = 0;
  int total = 0;
  bool passed = false;
};

struct FinishedAttempt {
  std::int64_t id = 0;
  std::string kind;
  std::vector<std::string> wrong_items;
  int correct = 0;  // over the whole quiz (a retry's row holds the combined score)
  int total = 0;
};

struct ReviewItem {
  std::string lesson_id;
  std::string item_id;
  int box = 0;
  std::string due_day;
};

struct ReviewRecipient {
  Learner learner;
  std::string chat_id;
  std::string locale;
};

class LearnStore {
 public:
  explicit LearnStore(SQLite::Database& db) : db_(db) {}

  // Lessons.
  void mark_lesson_done(const Learner& who, std::string_view lesson_id, TimePoint now);
  std::vector<std::string> lessons_done(const Learner& who);

  // Quiz attempts.
  std::int64_t start_attempt(const Learner& who, std::string_view lesson_id, std::string_view kind, int total,
                             TimePoint now);
  // `total`: the number of items the score is out of; a retry of the wrong items
  // records the combined score over the whole quiz (the earlier right answers and
  // the retried ones), so /tiendo shows the attempt that passed.
  void finish_attempt(std::int64_t id, int correct, int total, bool passed, const std::vector<std::string>& wrong_items,
                      TimePoint now);
  // The best finished attempt of each quiz, full or a retry (passed first, then most correct).
  std::vector<QuizScore> best_scores(const Learner& who);
  std::optional<FinishedAttempt> last_finished_attempt(const Learner& who, std::string_view lesson_id);
  bool quiz_passed(const Learner& who, std::string_view lesson_id);

  // Spaced review. Days are local dates "YYYY-MM-DD".
  std::optional<ReviewItem> review_box(const Learner& who, std::string_view lesson_id, std::string_view item_id);
  void set_review_box(const Learner& who, std::string_view lesson_id, std::string_view item_id, int box,
                      std::string_view due_day);
  // Items due on or before `day`, most overdue and lowest box first.
  std::vector<ReviewItem> due_items(const Learner& who, std::string_view day, int limit);
  bool has_review_item(const Learner& who, std::string_view lesson_id, std::string_view item_id);

  void set_review_optin(const Learner& who, std::string_view chat_id, bool enabled);
  bool review_enabled(const Learner& who);
  // Opted-in people not yet sent a question on `day`, with their locale.
  std::vector<ReviewRecipient> review_recipients(std::string_view day);
  void mark_review_sent(const Learner& who, std::string_view day);

  // The phone the person chose in a lesson ("android", "iphone"), or empty. Kept in
  // the kv table (one short value a person, no migration).
  void set_platform(const Learner& who, std::string_view platform);
  std::string platform(const Learner& who);

  // Completion: true when the certificate was issued now, false when it already was.
  bool issue_certificate(const Learner& who, std::string_view path_id, TimePoint now);

 private:
  SQLite::Database& db_;
};

}  // namespace hocvuso::flows::learn
