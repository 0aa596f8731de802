// FaqStore on SQLite (tables faq_misses, faq_feedback: faq_schema_sqlite.cpp).
#include <chrono>
#include <memory>

#include "bot/store/sqlite_db.hpp"
#include "bot/store/store.hpp"
#include "flows/faq/faq_store.hpp"

namespace hocvuso::faq {

namespace {

class SqliteFaqStore final : public FaqStore {
 public:
  explicit SqliteFaqStore(sqlite::Db& db) : db_(db) {}

  void record_miss(std::string_view question, std::string_view verdict, std::string_view best_id,
                   TimePoint now) override {
    db_.query("INSERT INTO faq_misses (question, verdict, best_id, count, first_seen, last_seen) "
              "VALUES (?1, ?2, ?3, 1, ?4, ?4) "
              "ON CONFLICT (question) DO UPDATE SET count = count + 1, verdict = ?2, best_id = ?3, "
              "last_seen = ?4")
        .bind_all(question, verdict, best_id, now)
        .exec();
    // Retention (faq_store.hpp), in the same transaction: by the last_seen index, a few
    // rows at most per call once the table is at its bounds.
    const auto cutoff = now - std::chrono::days(kMissDays);
    db_.query("DELETE FROM faq_misses WHERE last_seen < ?1").bind_all(cutoff).exec();
    db_.query("DELETE FROM faq_misses WHERE question IN (SELECT question FROM faq_misses "
              "ORDER BY count, last_seen LIMIT max(0, (SELECT COUNT(*) FROM faq_misses) - ?1))")
        .bind_all(kMissesKept)
        .exec();
  }

  void record_feedback(std::string_view entry_id, bool up) override {
    db_.query("INSERT INTO faq_feedback (entry_id, up, down) VALUES (?1, ?2, ?3) "
              "ON CONFLICT (entry_id) DO UPDATE SET up = up + ?2, down = down + ?3")
        .bind_all(entry_id, up ? 1 : 0, up ? 0 : 1)
        .exec();
  }

  // const for the callers; the connection is not part of the store's value.
  std::vector<Miss> misses(std::size_t limit) const override {
    auto q = db_.query("SELECT question, verdict, best_id, count, last_seen FROM faq_misses "
                       "ORDER BY count DESC, last_seen DESC LIMIT ?1");
    q.bind(1, static_cast<std::int64_t>(limit));
    std::vector<Miss> out;
    while (q.step()) out.push_back({q.text(0), q.text(1), q.text(2), q.int64(3), q.int64(4)});
    return out;
  }

  std::vector<Feedback> feedback() const override {
    auto q = db_.query("SELECT entry_id, up, down FROM faq_feedback ORDER BY down DESC, up DESC, entry_id");
    std::vector<Feedback> out;
    while (q.step()) out.push_back({q.text(0), q.int64(1), q.int64(2)});
    return out;
  }

 private:
  sqlite::Db& db_;
};

}  // namespace

// The backend the Store was opened on (issue 18): make_pg_faq_store on PostgreSQL.
FaqStore& FaqStore::of(Store& store) {
  return store.repository<FaqStore>([](Store& s) -> std::shared_ptr<FaqStore> {
    if (s.on_postgresql()) return make_pg_faq_store(s.pg());
    return std::make_shared<SqliteFaqStore>(s.sqlite());
  });
}

}  // namespace hocvuso::faq
