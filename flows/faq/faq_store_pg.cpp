// FaqStore on PostgreSQL (tables faq_misses, faq_feedback: faq_schema_pg.cpp). The same
// statements as faq_store_sqlite.cpp in PostgreSQL's dialect; tests/flows/faq/
// faq_store_pg_test.cpp runs the same bodies against both.
#include <chrono>
#include <memory>

#include "bot/store/pg_db.hpp"
#include "flows/faq/faq_store.hpp"

namespace hocvuso::faq {

namespace {

class PgFaqStore final : public FaqStore {
 public:
  explicit PgFaqStore(pg::Db& db) : db_(db) {}

  // Counting is one statement (ON CONFLICT … DO UPDATE adds to the stored row), so two
  // nodes counting the same question at once both count.
  void record_miss(std::string_view question, std::string_view verdict, std::string_view best_id,
                   TimePoint now) override {
    db_.query("INSERT INTO faq_misses (question, verdict, best_id, count, first_seen, last_seen) "
              "VALUES ($1, $2, $3, 1, $4, $4) "
              "ON CONFLICT (question) DO UPDATE SET count = faq_misses.count + 1, verdict = EXCLUDED.verdict, "
              "best_id = EXCLUDED.best_id, last_seen = EXCLUDED.last_seen")
        .bind_all(question, verdict, best_id, now)
        .exec();
    // Retention (faq_store.hpp), in the same transaction, as on SQLite.
    db_.query("DELETE FROM faq_misses WHERE last_seen < $1").bind_all(now - std::chrono::days(kMissDays)).exec();
    db_.query("DELETE FROM faq_misses WHERE question IN (SELECT question FROM faq_misses "
              "ORDER BY count, last_seen LIMIT GREATEST(0, (SELECT COUNT(*) FROM faq_misses) - $1))")
        .bind_all(kMissesKept)
        .exec();
  }

  void record_feedback(std::string_view entry_id, bool up) override {
    db_.query("INSERT INTO faq_feedback (entry_id, up, down) VALUES ($1, $2, $3) "
              "ON CONFLICT (entry_id) DO UPDATE SET up = faq_feedback.up + EXCLUDED.up, "
              "down = faq_feedback.down + EXCLUDED.down")
        .bind_all(entry_id, up ? 1 : 0, up ? 0 : 1)
        .exec();
  }

  // const for the callers; the connection is not part of the store's value.
  std::vector<Miss> misses(std::size_t limit) const override {
    auto q = db_.query("SELECT question, verdict, best_id, count, last_seen FROM faq_misses "
                       "ORDER BY count DESC, last_seen DESC LIMIT $1");
    q.bind(1, static_cast<std::int64_t>(limit));
    std::vector<Miss> out;
    while (q.step()) out.push_back({q.text(0), q.text(1), q.text(2), q.int64(3), q.int64(4)});
    return out;
  }

  std::vector<Feedback> feedback() const override {
    // COLLATE "C": byte order, as SQLite sorts text.
    auto q = db_.query("SELECT entry_id, up, down FROM faq_feedback ORDER BY down DESC, up DESC, "
                       "entry_id COLLATE \"C\"");
    std::vector<Feedback> out;
    while (q.step()) out.push_back({q.text(0), q.int64(1), q.int64(2)});
    return out;
  }

 private:
  pg::Db& db_;
};

}  // namespace

std::shared_ptr<FaqStore> make_pg_faq_store(pg::Db& db) { return std::make_shared<PgFaqStore>(db); }

}  // namespace hocvuso::faq
