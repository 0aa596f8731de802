// The learning tables (learn_schema_sqlite.cpp): lessons done, quiz attempts, Leitner
// review boxes, review opt-in and completion certificates. Used on the store thread only.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "bot/core/message.hpp"

namespace hocvuso {
class Store;
}
namespace hocvuso::pg {
class Db;
}

namespace hocvuso::learn {

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

// A learner's progress. An interface, so that feature logic never sees which database
// holds it; the SQLite backend is learn_store_sqlite.cpp.
class LearnStore {
 public:
  // The store's LearnStore, made on first use (Store::repository).
  static LearnStore& of(Store& store);
  virtual ~LearnStore() = default;

  // Lessons.
  virtual void mark_lesson_done(const Learner& who, std::string_view lesson_id, TimePoint now) = 0;
  virtual std::vector<std::string> lessons_done(const Learner& who) = 0;

  // Quiz attempts.
  virtual std::int64_t start_attempt(const Learner& who, std::string_view lesson_id, std::string_view kind,
                                     int total, TimePoint now) = 0;
  // `total`: the number of items the score is out of; a retry of the wrong items
  // records the combined score over the whole quiz (the earlier right answers and
  // the retried ones), so /tiendo shows the attempt that passed.
  virtual void finish_attempt(std::int64_t id, int correct, int total, bool passed,
                              const std::vector<std::string>& wrong_items, TimePoint now) = 0;
  // The best finished attempt of each quiz, full or a retry (passed first, then most correct).
  virtual std::vector<QuizScore> best_scores(const Learner& who) = 0;
  virtual std::optional<FinishedAttempt> last_finished_attempt(const Learner& who, std::string_view lesson_id) = 0;
  virtual bool quiz_passed(const Learner& who, std::string_view lesson_id) = 0;

  // Spaced review. Days are local dates "YYYY-MM-DD".
  virtual std::optional<ReviewItem> review_box(const Learner& who, std::string_view lesson_id,
                                               std::string_view item_id) = 0;
  virtual void set_review_box(const Learner& who, std::string_view lesson_id, std::string_view item_id, int box,
                              std::string_view due_day) = 0;
  // Items due on or before `day`, most overdue and lowest box first.
  virtual std::vector<ReviewItem> due_items(const Learner& who, std::string_view day, int limit) = 0;
  bool has_review_item(const Learner& who, std::string_view lesson_id, std::string_view item_id) {
    return review_box(who, lesson_id, item_id).has_value();
  }

  virtual void set_review_optin(const Learner& who, std::string_view chat_id, bool enabled) = 0;
  virtual bool review_enabled(const Learner& who) = 0;
  // Opted-in people not yet sent a question on `day`, with their locale.
  virtual std::vector<ReviewRecipient> review_recipients(std::string_view day) = 0;
  virtual void mark_review_sent(const Learner& who, std::string_view day) = 0;

  // The phone the person chose in a lesson ("android", "iphone"), or empty. Kept in
  // the kv table (one short value a person, no migration).
  virtual void set_platform(const Learner& who, std::string_view platform) = 0;
  virtual std::string platform(const Learner& who) = 0;

  // Completion: true when the certificate was issued now, false when it already was.
  virtual bool issue_certificate(const Learner& who, std::string_view path_id, TimePoint now) = 0;
};

// LearnStore on PostgreSQL (learn_store_pg.cpp), for the PostgreSQL Store to make (issue 18;
// not chosen by `of` yet).
std::shared_ptr<LearnStore> make_pg_learn_store(pg::Db& db);

}  // namespace hocvuso::learn
