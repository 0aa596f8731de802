#include "flows/faq/faq_store.hpp"

#include <SQLiteCpp/SQLiteCpp.h>

#include <chrono>

namespace hocvuso::faq {

namespace {
std::int64_t ms(TimePoint t) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(t.time_since_epoch()).count();
}
}  // namespace

void FaqStore::record_miss(std::string_view question, std::string_view verdict, std::string_view best_id,
                           TimePoint now) {
  SQLite::Statement st(db_,
                       "INSERT INTO faq_misses (question, verdict, best_id, count, first_seen, last_seen) "
                       "VALUES (?1, ?2, ?3, 1, ?4, ?4) "
                       "ON CONFLICT (question) DO UPDATE SET count = count + 1, verdict = ?2, best_id = ?3, "
                       "last_seen = ?4");
  st.bind(1, std::string(question));
  st.bind(2, std::string(verdict));
  st.bind(3, std::string(best_id));
  st.bind(4, static_cast<int64_t>(ms(now)));
  st.exec();
}

void FaqStore::record_feedback(std::string_view entry_id, bool up) {
  SQLite::Statement st(db_,
                       "INSERT INTO faq_feedback (entry_id, up, down) VALUES (?1, ?2, ?3) "
                       "ON CONFLICT (entry_id) DO UPDATE SET up = up + ?2, down = down + ?3");
  st.bind(1, std::string(entry_id));
  st.bind(2, up ? 1 : 0);
  st.bind(3, up ? 0 : 1);
  st.exec();
}

std::vector<Miss> FaqStore::misses(std::size_t limit) const {
  SQLite::Statement st(db_,
                       "SELECT question, verdict, best_id, count, last_seen FROM faq_misses "
                       "ORDER BY count DESC, last_seen DESC LIMIT ?1");
  st.bind(1, static_cast<int64_t>(limit));
  std::vector<Miss> out;
  while (st.executeStep()) {
    out.push_back({st.getColumn(0).getString(), st.getColumn(1).getString(), st.getColumn(2).getString(),
                   st.getColumn(3).getInt64(), st.getColumn(4).getInt64()});
  }
  return out;
}

std::vector<Feedback> FaqStore::feedback() const {
  SQLite::Statement st(db_, "SELECT entry_id, up, down FROM faq_feedback ORDER BY down DESC, up DESC, entry_id");
  std::vector<Feedback> out;
  while (st.executeStep())
    out.push_back({st.getColumn(0).getString(), st.getColumn(1).getInt64(), st.getColumn(2).getInt64()});
  return out;
}

}  // namespace hocvuso::faq
