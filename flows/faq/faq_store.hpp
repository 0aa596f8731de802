// The FAQ's tables (migration 3): missed questions and 👍/👎 counts.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "bot/core/message.hpp"

namespace SQLite {
class Database;
}

namespace hocvuso::faq {

struct Miss {
  std::string question;
  std::string verdict;
  std::string best_id;
  std::int64_t count = 0;
  std::int64_t last_seen_ms = 0;
};

struct Feedback {
  std::string entry_id;
  std::int64_t up = 0;
  std::int64_t down = 0;
};

class FaqStore {
 public:
  explicit FaqStore(SQLite::Database& db) : db_(db) {}

  // `question` must already be masked; it is counted, not stored per person.
  void record_miss(std::string_view question, std::string_view verdict, std::string_view best_id, TimePoint now);
  void record_feedback(std::string_view entry_id, bool up);

  std::vector<Miss> misses(std::size_t limit) const;  // most frequent first
  std::vector<Feedback> feedback() const;            // most 👎 first

 private:
  SQLite::Database& db_;
};

}  // namespace hocvuso::faq
