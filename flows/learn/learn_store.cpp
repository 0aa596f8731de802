// SQL of the learning tables, every statement with bound parameters.
#include "flows/learn/learn_store.hpp"

#include <SQLiteCpp/SQLiteCpp.h>

#include <nlohmann/json.hpp>

namespace hocvuso::flows::learn {

namespace {

std::int64_t ms(TimePoint t) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(t.time_since_epoch()).count();
}

void bind_who(SQLite::Statement& st, const Learner& who) {
  st.bind(1, std::string(to_string(who.channel)));
  st.bind(2, who.user_id);
}

}  // namespace

void LearnStore::mark_lesson_done(const Learner& who, std::string_view lesson_id, TimePoint now) {
  SQLite::Statement st(db_,
                       "INSERT OR IGNORE INTO learn_lessons_done (channel, user_id, lesson_id, done_at) "
                       "VALUES (?1, ?2, ?3, ?4)");
  bind_who(st, who);
  st.bind(3, std::string(lesson_id));
  st.bind(4, ms(now));
  st.exec();
}

std::vector<std::string> LearnStore::lessons_done(const Learner& who) {
  SQLite::Statement st(db_, "SELECT lesson_id FROM learn_lessons_done WHERE channel = ?1 AND user_id = ?2");
  bind_who(st, who);
  std::vector<std::string> out;
  while (st.executeStep()) out.push_back(st.getColumn(0).getString());
  return out;
}

std::int64_t LearnStore::start_attempt(const Learner& who, std::string_view lesson_id, std::string_view kind,
                                       int total, TimePoint now) {
  SQLite::Statement st(db_,
                       "INSERT INTO learn_attempts (channel, user_id, lesson_id, kind, total, started_at) "
                       "VALUES (?1, ?2, ?3, ?4, ?5, ?6)");
  bind_who(st, who);
  st.bind(3, std::string(lesson_id));
  st.bind(4, std::string(kind));
  st.bind(5, total);
  st.bind(6, ms(now));
  st.exec();
  return db_.getLastInsertRowid();
}

void LearnStore::finish_attempt(std::int64_t id, int correct, int total, bool passed,
                                const std::vector<std::string>& wrong_items, TimePoint now) {
  SQLite::Statement st(db_,
                       "UPDATE learn_attempts SET correct = ?2, passed = ?3, wrong_items = ?4, finished_at = ?5, "
                       "total = ?6 WHERE id = ?1 AND finished_at IS NULL");
  st.bind(1, id);
  st.bind(2, correct);
  st.bind(3, passed ? 1 : 0);
  st.bind(4, nlohmann::json(wrong_items).dump());
  st.bind(5, ms(now));
  st.bind(6, total);
  st.exec();
}

namespace {
std::string platform_key(const Learner& who) {
  return "learn.platform." + std::string(to_string(who.channel)) + "." + who.user_id;
}
}  // namespace

void LearnStore::set_platform(const Learner& who, std::string_view platform) {
  SQLite::Statement st(db_,
                       "INSERT INTO kv (key, value) VALUES (?1, ?2) ON CONFLICT (key) DO UPDATE SET value = excluded.value");
  st.bind(1, platform_key(who));
  st.bind(2, std::string(platform));
  st.exec();
}

std::string LearnStore::platform(const Learner& who) {
  SQLite::Statement st(db_, "SELECT value FROM kv WHERE key = ?1");
  st.bind(1, platform_key(who));
  return st.executeStep() ? st.getColumn(0).getString() : std::string();
}

std::vector<QuizScore> LearnStore::best_scores(const Learner& who) {
  // The best attempt per quiz: passed first, then most correct. A retry's row holds
  // its combined score over the whole quiz, so a passing retry is shown as passed.
  SQLite::Statement st(db_,
                       "SELECT lesson_id, correct, total, passed FROM learn_attempts a "
                       "WHERE channel = ?1 AND user_id = ?2 AND kind IN ('full', 'retry') AND finished_at IS NOT NULL "
                       "AND id = (SELECT b.id FROM learn_attempts b WHERE b.channel = a.channel "
                       "AND b.user_id = a.user_id AND b.lesson_id = a.lesson_id AND b.kind IN ('full', 'retry') "
                       "AND b.finished_at IS NOT NULL ORDER BY b.passed DESC, b.correct DESC, b.id DESC LIMIT 1)");
  bind_who(st, who);
  std::vector<QuizScore> out;
  while (st.executeStep()) {
    out.push_back({st.getColumn(0).getString(), st.getColumn(1).getInt(), st.getColumn(2).getInt(),
                   st.getColumn(3).getInt() != 0});
  }
  return out;
}

std::optional<FinishedAttempt> LearnStore::last_finished_attempt(const Learner& who, std::string_view lesson_id) {
  SQLite::Statement st(db_,
                       "SELECT id, kind, wrong_items, correct, total FROM learn_attempts WHERE channel = ?1 AND user_id = ?2 "
                       "AND lesson_id = ?3 AND finished_at IS NOT NULL ORDER BY id DESC LIMIT 1");
  bind_who(st, who);
  st.bind(3, std::string(lesson_id));
  if (!st.executeStep()) return std::nullopt;
  FinishedAttempt a;
  a.id = st.getColumn(0).getInt64();
  a.kind = st.getColumn(1).getString();
  a.wrong_items = nlohmann::json::parse(st.getColumn(2).getString()).get<std::vector<std::string>>();
  a.correct = st.getColumn(3).getInt();
  a.total = st.getColumn(4).getInt();
  return a;
}

bool LearnStore::quiz_passed(const Learner& who, std::string_view lesson_id) {
  SQLite::Statement st(db_,
                       "SELECT 1 FROM learn_attempts WHERE channel = ?1 AND user_id = ?2 AND lesson_id = ?3 "
                       "AND kind IN ('full', 'retry') AND passed = 1 LIMIT 1");
  bind_who(st, who);
  st.bind(3, std::string(lesson_id));
  return st.executeStep();
}

std::optional<ReviewItem> LearnStore::review_box(const Learner& who, std::string_view lesson_id,
                                                 std::string_view item_id) {
  SQLite::Statement st(db_,
                       "SELECT box, due_day FROM learn_review_items WHERE channel = ?1 AND user_id = ?2 AND lesson_id = ?3 "
                       "AND item_id = ?4");
  bind_who(st, who);
  st.bind(3, std::string(lesson_id));
  st.bind(4, std::string(item_id));
  if (!st.executeStep()) return std::nullopt;
  return ReviewItem{std::string(lesson_id), std::string(item_id), st.getColumn(0).getInt(),
                    st.getColumn(1).getString()};
}

void LearnStore::set_review_box(const Learner& who, std::string_view lesson_id, std::string_view item_id, int box,
                                std::string_view due_day) {
  SQLite::Statement st(db_,
                       "INSERT INTO learn_review_items (channel, user_id, lesson_id, item_id, box, due_day) "
                       "VALUES (?1, ?2, ?3, ?4, ?5, ?6) ON CONFLICT (channel, user_id, lesson_id, item_id) "
                       "DO UPDATE SET box = excluded.box, due_day = excluded.due_day");
  bind_who(st, who);
  st.bind(3, std::string(lesson_id));
  st.bind(4, std::string(item_id));
  st.bind(5, box);
  st.bind(6, std::string(due_day));
  st.exec();
}

std::vector<ReviewItem> LearnStore::due_items(const Learner& who, std::string_view day, int limit) {
  SQLite::Statement st(db_,
                       "SELECT lesson_id, item_id, box, due_day FROM learn_review_items WHERE channel = ?1 AND user_id = ?2 "
                       "AND due_day <= ?3 ORDER BY due_day, box, lesson_id, item_id LIMIT ?4");
  bind_who(st, who);
  st.bind(3, std::string(day));
  st.bind(4, limit);
  std::vector<ReviewItem> out;
  while (st.executeStep()) {
    out.push_back({st.getColumn(0).getString(), st.getColumn(1).getString(), st.getColumn(2).getInt(),
                   st.getColumn(3).getString()});
  }
  return out;
}

bool LearnStore::has_review_item(const Learner& who, std::string_view lesson_id, std::string_view item_id) {
  return review_box(who, lesson_id, item_id).has_value();
}

void LearnStore::set_review_optin(const Learner& who, std::string_view chat_id, bool enabled) {
  SQLite::Statement st(db_,
                       "INSERT INTO learn_review_optin (channel, user_id, chat_id, enabled) VALUES (?1, ?2, ?3, ?4) "
                       "ON CONFLICT (channel, user_id) DO UPDATE SET chat_id = excluded.chat_id, "
                       "enabled = excluded.enabled");
  bind_who(st, who);
  st.bind(3, std::string(chat_id));
  st.bind(4, enabled ? 1 : 0);
  st.exec();
}

bool LearnStore::review_enabled(const Learner& who) {
  SQLite::Statement st(db_, "SELECT enabled FROM learn_review_optin WHERE channel = ?1 AND user_id = ?2");
  bind_who(st, who);
  return st.executeStep() && st.getColumn(0).getInt() != 0;
}

std::vector<ReviewRecipient> LearnStore::review_recipients(std::string_view day) {
  SQLite::Statement st(db_,
                       "SELECT o.channel, o.user_id, o.chat_id, COALESCE(u.locale, 'vi') FROM learn_review_optin o "
                       "LEFT JOIN users u ON u.channel = o.channel AND u.user_id = o.user_id "
                       "WHERE o.enabled = 1 AND o.last_sent_day < ?1 ORDER BY o.channel, o.user_id");
  st.bind(1, std::string(day));
  std::vector<ReviewRecipient> out;
  while (st.executeStep()) {
    auto channel = channel_from_string(st.getColumn(0).getString());
    if (!channel) continue;
    out.push_back({Learner{*channel, st.getColumn(1).getString()}, st.getColumn(2).getString(),
                   st.getColumn(3).getString()});
  }
  return out;
}

void LearnStore::mark_review_sent(const Learner& who, std::string_view day) {
  SQLite::Statement st(db_, "UPDATE learn_review_optin SET last_sent_day = ?3 WHERE channel = ?1 AND user_id = ?2");
  bind_who(st, who);
  st.bind(3, std::string(day));
  st.exec();
}

bool LearnStore::issue_certificate(const Learner& who, std::string_view path_id, TimePoint now) {
  SQLite::Statement st(db_,
                       "INSERT OR IGNORE INTO learn_certificates (channel, user_id, path_id, issued_at) "
                       "VALUES (?1, ?2, ?3, ?4)");
  bind_who(st, who);
  st.bind(3, std::string(path_id));
  st.bind(4, ms(now));
  return st.exec() == 1;
}

}  // namespace hocvuso::flows::learn
