// The FAQ's tables (faq_schema_sqlite.cpp): missed questions and 👍/👎 counts.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
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

namespace hocvuso::faq {

// What is kept of the questions the FAQ could not answer: the first kMissChars
// characters of each (a long story is still recognisable by its start), the
// kMissesKept most asked, and none unseen for kMissDays days. A content author reads
// the top of the list; a flood of distinct questions cannot fill the disk.
inline constexpr std::size_t kMissChars = 300;
inline constexpr std::int64_t kMissesKept = 5000;
inline constexpr int kMissDays = 180;

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

// Missed questions and feedback. An interface, so that feature logic never sees which
// database holds them; the SQLite backend is faq_store_sqlite.cpp.
class FaqStore {
 public:
  // The store's FaqStore, made on first use (Store::repository).
  static FaqStore& of(Store& store);
  virtual ~FaqStore() = default;

  // `question` must already be masked and cut to kMissChars; it is counted, not stored
  // per person. Questions unseen for kMissDays, and the least asked beyond kMissesKept,
  // are dropped here.
  virtual void record_miss(std::string_view question, std::string_view verdict, std::string_view best_id,
                           TimePoint now) = 0;
  virtual void record_feedback(std::string_view entry_id, bool up) = 0;

  virtual std::vector<Miss> misses(std::size_t limit) const = 0;  // most frequent first
  virtual std::vector<Feedback> feedback() const = 0;            // most 👎 first
};

// FaqStore on PostgreSQL (faq_store_pg.cpp), for the PostgreSQL Store to make (issue 18;
// not chosen by `of` yet).
std::shared_ptr<FaqStore> make_pg_faq_store(pg::Db& db);

}  // namespace hocvuso::faq
