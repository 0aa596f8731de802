// LearnStore on SQLite (tables learn_*: learn_schema_sqlite.cpp; the phone choice in kv).
#include <memory>
#include <nlohmann/json.hpp>

#include "bot/store/sqlite_db.hpp"
#include "bot/store/store.hpp"
#include "flows/learn/learn_store.hpp"

namespace hocvuso::learn {

namespace {

std::string platform_key(const Learner& who) {
  return "learn.platform." + std::string(to_string(who.channel)) + "." + who.user_id;
}

class SqliteLearnStore final : public LearnStore {
 public:
  explicit SqliteLearnStore(sqlite::Db& db) : db_(db) {}

  void mark_lesson_done(const Learner& who, std::string_view lesson_id, TimePoint now) override {
    db_.query("INSERT OR IGNORE INTO learn_lessons_done (channel, user_id, lesson_id, done_at) "
              "VALUES (?1, ?2, ?3, ?4)")
        .bind_all(to_string(who.channel), who.user_id, lesson_id, now)
        .exec();
  }

  std::vector<std::string> lessons_done(const Learner& who) override {
    auto q = db_.query("SELECT lesson_id FROM learn_lessons_done WHERE channel = ?1 AND user_id = ?2");
    q.bind_all(to_string(who.channel), who.user_id);
    std::vector<std::string> out;
    while (q.step()) out.push_back(q.text(0));
    return out;
  }

  std::int64_t start_attempt(const Learner& who, std::string_view lesson_id, std::string_view kind, int total,
                             TimePoint now) override {
    db_.query("INSERT INTO learn_attempts (channel, user_id, lesson_id, kind, total, started_at) "
              "VALUES (?1, ?2, ?3, ?4, ?5, ?6)")
        .bind_all(to_string(who.channel), who.user_id, lesson_id, kind, total, now)
        .exec();
    return db_.last_insert_id();
  }

  void finish_attempt(std::int64_t id, int correct, int total, bool passed, const std::vector<std::string>& wrong_items,
                      TimePoint now) override {
    db_.query("UPDATE learn_attempts SET correct = ?2, passed = ?3, wrong_items = ?4, finished_at = ?5, "
              "total = ?6 WHERE id = ?1 AND finished_at IS NULL")
        .bind_all(id, correct, passed ? 1 : 0, nlohmann::json(wrong_items).dump(), now, total)
        .exec();
  }

  void set_platform(const Learner& who, std::string_view platform) override {
    db_.query("INSERT INTO kv (key, value) VALUES (?1, ?2) ON CONFLICT (key) DO UPDATE SET value = excluded.value")
        .bind_all(platform_key(who), platform)
        .exec();
  }

  std::string platform(const Learner& who) override {
    auto q = db_.query("SELECT value FROM kv WHERE key = ?1");
    q.bind(1, platform_key(who));
    return q.step() ? q.text(0) : std::string();
  }

  std::vector<QuizScore> best_scores(const Learner& who) override {
    // The best attempt per quiz: passed first, then most correct. A retry's row holds
    // its combined score over the whole quiz, so a passing retry is shown as passed.
    auto q = db_.query("SELECT lesson_id, correct, total, passed FROM learn_attempts a "
                       "WHERE channel = ?1 AND user_id = ?2 AND kind IN ('full', 'retry') AND finished_at IS NOT NULL "
                       "AND id = (SELECT b.id FROM learn_attempts b WHERE b.channel = a.channel "
                       "AND b.user_id = a.user_id AND b.lesson_id = a.lesson_id AND b.kind IN ('full', 'retry') "
                       "AND b.finished_at IS NOT NULL ORDER BY b.passed DESC, b.correct DESC, b.id DESC LIMIT 1)");
    q.bind_all(to_string(who.channel), who.user_id);
    std::vector<QuizScore> out;
    while (q.step()) out.push_back({q.text(0), q.integer(1), q.integer(2), q.integer(3) != 0});
    return out;
  }

  std::optional<FinishedAttempt> last_finished_attempt(const Learner& who, std::string_view lesson_id) override {
    auto q = db_.query("SELECT id, kind, wrong_items, correct, total FROM learn_attempts WHERE channel = ?1 AND "
                       "user_id = ?2 AND lesson_id = ?3 AND finished_at IS NOT NULL ORDER BY id DESC LIMIT 1");
    q.bind_all(to_string(who.channel), who.user_id, lesson_id);
    if (!q.step()) return std::nullopt;
    FinishedAttempt a;
    a.id = q.int64(0);
    a.kind = q.text(1);
    a.wrong_items = nlohmann::json::parse(q.text(2)).get<std::vector<std::string>>();
    a.correct = q.integer(3);
    a.total = q.integer(4);
    return a;
  }

  bool quiz_passed(const Learner& who, std::string_view lesson_id) override {
    auto q = db_.query("SELECT 1 FROM learn_attempts WHERE channel = ?1 AND user_id = ?2 AND lesson_id = ?3 "
                       "AND kind IN ('full', 'retry') AND passed = 1 LIMIT 1");
    q.bind_all(to_string(who.channel), who.user_id, lesson_id);
    return q.step();
  }

  std::optional<ReviewItem> review_box(const Learner& who, std::string_view lesson_id,
                                       std::string_view item_id) override {
    auto q = db_.query("SELECT box, due_day FROM learn_review_items WHERE channel = ?1 AND user_id = ?2 AND "
                       "lesson_id = ?3 AND item_id = ?4");
    q.bind_all(to_string(who.channel), who.user_id, lesson_id, item_id);
    if (!q.step()) return std::nullopt;
    return ReviewItem{std::string(lesson_id), std::string(item_id), q.integer(0), q.text(1)};
  }

  void set_review_box(const Learner& who, std::string_view lesson_id, std::string_view item_id, int box,
                      std::string_view due_day) override {
    db_.query("INSERT INTO learn_review_items (channel, user_id, lesson_id, item_id, box, due_day) "
              "VALUES (?1, ?2, ?3, ?4, ?5, ?6) ON CONFLICT (channel, user_id, lesson_id, item_id) "
              "DO UPDATE SET box = excluded.box, due_day = excluded.due_day")
        .bind_all(to_string(who.channel), who.user_id, lesson_id, item_id, box, due_day)
        .exec();
  }

  std::vector<ReviewItem> due_items(const Learner& who, std::string_view day, int limit) override {
    auto q = db_.query("SELECT lesson_id, item_id, box, due_day FROM learn_review_items WHERE channel = ?1 AND "
                       "user_id = ?2 AND due_day <= ?3 ORDER BY due_day, box, lesson_id, item_id LIMIT ?4");
    q.bind_all(to_string(who.channel), who.user_id, day, limit);
    std::vector<ReviewItem> out;
    while (q.step()) out.push_back({q.text(0), q.text(1), q.integer(2), q.text(3)});
    return out;
  }

  void set_review_optin(const Learner& who, std::string_view chat_id, bool enabled) override {
    db_.query("INSERT INTO learn_review_optin (channel, user_id, chat_id, enabled) VALUES (?1, ?2, ?3, ?4) "
              "ON CONFLICT (channel, user_id) DO UPDATE SET chat_id = excluded.chat_id, "
              "enabled = excluded.enabled")
        .bind_all(to_string(who.channel), who.user_id, chat_id, enabled ? 1 : 0)
        .exec();
  }

  bool review_enabled(const Learner& who) override {
    auto q = db_.query("SELECT enabled FROM learn_review_optin WHERE channel = ?1 AND user_id = ?2");
    q.bind_all(to_string(who.channel), who.user_id);
    return q.step() && q.integer(0) != 0;
  }

  std::vector<ReviewRecipient> review_recipients(std::string_view day) override {
    auto q = db_.query("SELECT o.channel, o.user_id, o.chat_id, COALESCE(u.locale, 'vi') FROM learn_review_optin o "
                       "LEFT JOIN users u ON u.channel = o.channel AND u.user_id = o.user_id "
                       "WHERE o.enabled = 1 AND o.last_sent_day < ?1 ORDER BY o.channel, o.user_id");
    q.bind(1, day);
    std::vector<ReviewRecipient> out;
    while (q.step()) {
      auto channel = channel_from_string(q.text(0));
      if (!channel) continue;
      out.push_back({Learner{*channel, q.text(1)}, q.text(2), q.text(3)});
    }
    return out;
  }

  void mark_review_sent(const Learner& who, std::string_view day) override {
    db_.query("UPDATE learn_review_optin SET last_sent_day = ?3 WHERE channel = ?1 AND user_id = ?2")
        .bind_all(to_string(who.channel), who.user_id, day)
        .exec();
  }

  bool issue_certificate(const Learner& who, std::string_view path_id, TimePoint now) override {
    return db_.query("INSERT OR IGNORE INTO learn_certificates (channel, user_id, path_id, issued_at) "
                     "VALUES (?1, ?2, ?3, ?4)")
               .bind_all(to_string(who.channel), who.user_id, path_id, now)
               .exec() == 1;
  }

 private:
  sqlite::Db& db_;
};

}  // namespace

// The backend the Store was opened on (issue 18): make_pg_learn_store on PostgreSQL.
LearnStore& LearnStore::of(Store& store) {
  return store.repository<LearnStore>([](Store& s) -> std::shared_ptr<LearnStore> {
    if (s.on_postgresql()) return make_pg_learn_store(s.pg());
    return std::make_shared<SqliteLearnStore>(s.sqlite());
  });
}

}  // namespace hocvuso::learn
