// PageStore on SQLite: reads over the tables of groups (group_links, group_activity),
// reports (reports, report_audit), tickets and the store's users/chats.
#include <map>
#include <memory>

#include "bot/store/sqlite_db.hpp"
#include "bot/store/store.hpp"
#include "flows/dashboard/page_store.hpp"

namespace hocvuso::dashboard {

namespace {

class SqlitePageStore final : public PageStore {
 public:
  explicit SqlitePageStore(sqlite::Db& db) : db_(db) {}

  std::vector<LinkedChat> linked_chats(std::string_view province, std::string_view commune) override {
    auto q = db_.query("SELECT g.channel, coalesce(c.chat_type, 'group'), coalesce(c.title, ''), g.linked_at "
                       "FROM group_links g LEFT JOIN chats c ON c.channel = g.channel AND c.chat_id = g.chat_id "
                       "WHERE g.province = ? AND g.commune = ? ORDER BY g.linked_at, g.chat_id");
    q.bind_all(province, commune);
    std::vector<LinkedChat> out;
    while (q.step()) {
      LinkedChat c;
      c.channel = channel_from_string(q.text(0)).value_or(Channel::console);
      c.group = q.text(1) != "private";
      // A private chat's title may be the member's own name: not shown.
      if (c.group) c.title = q.text(2);
      c.linked_at = q.time(3);
      out.push_back(std::move(c));
    }
    return out;
  }

  std::vector<SubmissionView> submissions(std::string_view province, std::string_view commune, int first_day,
                                          int last_day, int limit) override {
    std::vector<SubmissionView> out;
    {
      // The newest `limit` submissions first, then their rows (reports_by_submission).
      auto q = db_.query("SELECT r.submission, r.period, r.status, coalesce(u.display_name, ''), min(r.created_at) "
                         "FROM reports r LEFT JOIN users u ON u.channel = r.channel AND u.user_id = r.author_id "
                         "WHERE r.province = ? AND r.commune = ? AND r.status IN ('pending', 'confirmed') "
                         "AND r.period_start >= ? AND r.period_end <= ? "
                         "GROUP BY r.submission ORDER BY r.submission DESC LIMIT ?");
      q.bind_all(province, commune, first_day, last_day, limit);
      while (q.step()) {
        SubmissionView s;
        s.number = q.int64(0);
        s.period = q.text(1);
        s.status = q.text(2);
        s.author = q.text(3);
        s.created_at = q.time(4);
        out.push_back(std::move(s));
      }
    }
    for (auto& s : out) {
      auto rows = db_.query("SELECT village, figures FROM reports WHERE submission = ? ORDER BY id");
      rows.bind_all(s.number);
      while (rows.step()) s.rows.push_back({rows.text(0), rows.text(1)});
      auto audit = db_.query("SELECT a.action, coalesce(u.display_name, ''), a.at FROM report_audit a "
                             "LEFT JOIN users u ON u.channel = a.channel AND u.user_id = a.actor_id "
                             "WHERE a.submission = ? ORDER BY a.id");
      audit.bind_all(s.number);
      while (audit.step()) s.audit.push_back({audit.text(0), audit.text(1), audit.time(2)});
    }
    return out;
  }

  SubmissionCounts submission_counts(std::string_view province, std::string_view commune, int first_day,
                                     int last_day) override {
    auto q = db_.query("SELECT count(DISTINCT CASE WHEN status = 'confirmed' THEN submission END), "
                       "count(DISTINCT CASE WHEN status = 'pending' THEN submission END) FROM reports "
                       "WHERE province = ? AND commune = ? AND status IN ('pending', 'confirmed') "
                       "AND period_start >= ? AND period_end <= ?");
    q.bind_all(province, commune, first_day, last_day);
    SubmissionCounts out;
    if (q.step()) out = {q.integer(0), q.integer(1)};
    return out;
  }

  std::vector<MemberActivity> activity(std::string_view province, std::string_view commune, int first_day,
                                       int last_day, int limit) override {
    auto q = db_.query("SELECT coalesce(u.display_name, ''), sum(a.messages), sum(a.reports), max(a.day) "
                       "FROM group_links g JOIN group_activity a ON a.channel = g.channel AND a.chat_id = g.chat_id "
                       "LEFT JOIN users u ON u.channel = a.channel AND u.user_id = a.user_id "
                       "WHERE g.province = ? AND g.commune = ? AND a.day BETWEEN ? AND ? "
                       "GROUP BY a.channel, a.user_id ORDER BY 3 DESC, 2 DESC, 1 LIMIT ?");
    q.bind_all(province, commune, first_day, last_day, limit);
    std::vector<MemberActivity> out;
    while (q.step()) out.push_back({q.text(0), q.int64(1), q.int64(2), q.integer(3)});
    return out;
  }

  std::vector<WaitingTicket> waiting_tickets(std::string_view province, std::string_view commune,
                                             int limit) override {
    // One statement for both: commune '' matches the whole province.
    auto q = db_.query("SELECT id, commune, status, helper_name, created_at, first_answer_at FROM tickets "
                       "WHERE province = ?1 AND (?2 = '' OR commune = ?2) AND status <> 'closed' "
                       "ORDER BY status = 'claimed', created_at, id LIMIT ?3");
    q.bind_all(province, commune, limit);
    std::vector<WaitingTicket> out;
    while (q.step()) {
      WaitingTicket t;
      t.id = q.int64(0);
      t.commune = q.text(1);
      t.claimed = q.text(2) == "claimed";
      t.helper_name = q.text(3);
      t.created_at = q.time(4);
      if (!q.null(5)) t.first_answer_at = q.time(5);
      out.push_back(std::move(t));
    }
    return out;
  }

  WaitingCounts waiting_counts(std::string_view province, std::string_view commune) override {
    auto q = db_.query("SELECT coalesce(sum(status = 'open'), 0), coalesce(sum(status = 'claimed'), 0) "
                       "FROM tickets WHERE province = ?1 AND (?2 = '' OR commune = ?2) AND status <> 'closed'");
    q.bind_all(province, commune);
    WaitingCounts out;
    if (q.step()) out = {q.integer(0), q.integer(1)};
    return out;
  }

 private:
  sqlite::Db& db_;
};

}  // namespace

// The backend the Store was opened on (issue 18): make_pg_page_store on PostgreSQL.
PageStore& PageStore::of(Store& store) {
  return store.repository<PageStore>([](Store& s) -> std::shared_ptr<PageStore> {
    if (s.on_postgresql()) return make_pg_page_store(s.pg());
    return std::make_shared<SqlitePageStore>(s.sqlite());
  });
}

}  // namespace hocvuso::dashboard
