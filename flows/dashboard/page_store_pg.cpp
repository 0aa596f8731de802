// PageStore on PostgreSQL: reads over the tables of groups (group_links, group_activity),
// reports (reports, report_audit), tickets and the store's users/chats. The same reads as
// page_store_sqlite.cpp in PostgreSQL's dialect (every grouped column named in GROUP BY,
// sums of CASE rather than of booleans, COLLATE "C" where text is sorted, as SQLite sorts
// it); tests/flows/dashboard/dashboard_store_pg_test.cpp runs the same bodies against both.
#include <map>
#include <memory>

#include "bot/store/pg_db.hpp"
#include "flows/dashboard/page_store.hpp"

namespace hocvuso::dashboard {

namespace {

class PgPageStore final : public PageStore {
 public:
  explicit PgPageStore(pg::Db& db) : db_(db) {}

  std::vector<LinkedChat> linked_chats(std::string_view province, std::string_view commune) override {
    auto q = db_.query("SELECT g.channel, coalesce(c.chat_type, 'group'), coalesce(c.title, ''), g.linked_at "
                       "FROM group_links g LEFT JOIN chats c ON c.channel = g.channel AND c.chat_id = g.chat_id "
                       "WHERE g.province = $1 AND g.commune = $2 ORDER BY g.linked_at, g.chat_id COLLATE \"C\"");
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
      // The newest `limit` submissions first, then their rows (reports_by_submission). A
      // submission's rows share its period, status and author, so grouping by them too
      // gives one row per submission (SQLite took them from any of its rows).
      auto q = db_.query("SELECT r.submission, r.period, r.status, coalesce(u.display_name, ''), min(r.created_at) "
                         "FROM reports r LEFT JOIN users u ON u.channel = r.channel AND u.user_id = r.author_id "
                         "WHERE r.province = $1 AND r.commune = $2 AND r.status IN ('pending', 'confirmed') "
                         "AND r.period_start >= $3 AND r.period_end <= $4 "
                         "GROUP BY r.submission, r.period, r.status, u.display_name ORDER BY r.submission DESC LIMIT $5");
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
      auto rows = db_.query("SELECT village, figures FROM reports WHERE submission = $1 ORDER BY id");
      rows.bind_all(s.number);
      while (rows.step()) s.rows.push_back({rows.text(0), rows.text(1)});
      auto audit = db_.query("SELECT a.action, coalesce(u.display_name, ''), a.at FROM report_audit a "
                             "LEFT JOIN users u ON u.channel = a.channel AND u.user_id = a.actor_id "
                             "WHERE a.submission = $1 ORDER BY a.id");
      audit.bind_all(s.number);
      while (audit.step()) s.audit.push_back({audit.text(0), audit.text(1), audit.time(2)});
    }
    return out;
  }

  SubmissionCounts submission_counts(std::string_view province, std::string_view commune, int first_day,
                                     int last_day) override {
    auto q = db_.query("SELECT count(DISTINCT CASE WHEN status = 'confirmed' THEN submission END), "
                       "count(DISTINCT CASE WHEN status = 'pending' THEN submission END) FROM reports "
                       "WHERE province = $1 AND commune = $2 AND status IN ('pending', 'confirmed') "
                       "AND period_start >= $3 AND period_end <= $4");
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
                       "WHERE g.province = $1 AND g.commune = $2 AND a.day BETWEEN $3 AND $4 "
                       "GROUP BY a.channel, a.user_id, u.display_name "
                       "ORDER BY 3 DESC, 2 DESC, coalesce(u.display_name, '') COLLATE \"C\" LIMIT $5");
    q.bind_all(province, commune, first_day, last_day, limit);
    std::vector<MemberActivity> out;
    while (q.step()) out.push_back({q.text(0), q.int64(1), q.int64(2), q.integer(3)});
    return out;
  }

  std::vector<WaitingTicket> waiting_tickets(std::string_view province, std::string_view commune,
                                             int limit) override {
    // One statement for both: commune '' matches the whole province.
    auto q = db_.query("SELECT id, commune, status, helper_name, created_at, first_answer_at FROM tickets "
                       "WHERE province = $1 AND ($2 = '' OR commune = $2) AND status <> 'closed' "
                       "ORDER BY status = 'claimed', created_at, id LIMIT $3");
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
    auto q = db_.query("SELECT coalesce(sum(CASE WHEN status = 'open' THEN 1 ELSE 0 END), 0), "
                       "coalesce(sum(CASE WHEN status = 'claimed' THEN 1 ELSE 0 END), 0) "
                       "FROM tickets WHERE province = $1 AND ($2 = '' OR commune = $2) AND status <> 'closed'");
    q.bind_all(province, commune);
    WaitingCounts out;
    if (q.step()) out = {q.integer(0), q.integer(1)};
    return out;
  }

 private:
  pg::Db& db_;
};

}  // namespace

std::shared_ptr<PageStore> make_pg_page_store(pg::Db& db) { return std::make_shared<PgPageStore>(db); }

}  // namespace hocvuso::dashboard
