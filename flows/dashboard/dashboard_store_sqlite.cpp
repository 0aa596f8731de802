// DashboardStore on SQLite (tables: dashboard_schema_sqlite.cpp).
#include <memory>

#include "bot/store/sqlite_db.hpp"
#include "bot/store/store.hpp"
#include "flows/dashboard/dashboard_store.hpp"

namespace hocvuso::dashboard {

namespace {

class SqliteDashboardStore final : public DashboardStore {
 public:
  explicit SqliteDashboardStore(sqlite::Db& db) : db_(db) {}

  void add_link(std::string_view hash, const WebUser& user, TimePoint now, TimePoint expires) override {
    db_.query("INSERT INTO dashboard_links (hash, channel, user_id, created_at, expires_at) VALUES (?, ?, ?, ?, ?)")
        .bind_all(hash, hocvuso::to_string(user.channel), user.user_id, now, expires)
        .exec();
  }

  int links_since(const WebUser& user, TimePoint since) override {
    auto q = db_.query("SELECT count(*) FROM dashboard_links WHERE channel = ? AND user_id = ? AND created_at >= ?");
    q.bind_all(hocvuso::to_string(user.channel), user.user_id, since);
    return q.step() ? q.integer(0) : 0;
  }

  std::optional<WebUser> consume_link(std::string_view hash, TimePoint now) override {
    // One statement: two tabs posting the same link cannot both win.
    auto q = db_.query("UPDATE dashboard_links SET used_at = ? WHERE hash = ? AND used_at IS NULL AND expires_at > ? "
                       "RETURNING channel, user_id");
    q.bind_all(now, hash, now);
    if (!q.step()) return std::nullopt;
    auto channel = channel_from_string(q.text(0));
    if (!channel) return std::nullopt;
    return WebUser{*channel, q.text(1)};
  }

  void add_session(std::string_view hash, const WebUser& user, TimePoint now) override {
    db_.query("INSERT INTO dashboard_sessions (hash, channel, user_id, created_at, last_seen) VALUES (?, ?, ?, ?, ?)")
        .bind_all(hash, hocvuso::to_string(user.channel), user.user_id, now, now)
        .exec();
  }

  std::optional<WebUser> use_session(std::string_view hash, TimePoint now, std::chrono::seconds idle) override {
    auto q = db_.query("UPDATE dashboard_sessions SET last_seen = ? WHERE hash = ? AND last_seen > ? "
                       "RETURNING channel, user_id");
    q.bind_all(now, hash, now - idle);
    if (!q.step()) return std::nullopt;
    auto channel = channel_from_string(q.text(0));
    if (!channel) return std::nullopt;
    return WebUser{*channel, q.text(1)};
  }

  bool end_session(std::string_view hash) override {
    return db_.query("DELETE FROM dashboard_sessions WHERE hash = ?").bind_all(hash).exec() > 0;
  }

  void audit(std::string_view actor, std::string_view action, std::string_view detail, TimePoint now) override {
    db_.query("INSERT INTO dashboard_audit (at, actor, action, detail) VALUES (?, ?, ?, ?)")
        .bind_all(now, actor, action, detail)
        .exec();
  }

  std::map<std::string, CommuneCounts> commune_counts(std::string_view province, int first_day,
                                                      int last_day) override {
    std::map<std::string, CommuneCounts> out;
    auto groups = db_.query("SELECT commune, count(*) FROM group_links WHERE province = ? GROUP BY commune");
    groups.bind_all(province);
    while (groups.step()) out[groups.text(0)].groups = groups.integer(1);
    // From the reports' per-period summary (report_submissions, kept by ReportStore).
    auto confirmed = db_.query("SELECT commune, SUM(n) FROM report_submissions WHERE province = ? AND "
                               "period_start >= ? AND period_end <= ? GROUP BY commune");
    confirmed.bind_all(province, first_day, last_day);
    while (confirmed.step()) out[confirmed.text(0)].confirmed = confirmed.integer(1);
    return out;
  }

 private:
  sqlite::Db& db_;
};

}  // namespace

// The backend the Store was opened on (issue 18): make_pg_dashboard_store on PostgreSQL.
DashboardStore& DashboardStore::of(Store& store) {
  return store.repository<DashboardStore>([](Store& s) -> std::shared_ptr<DashboardStore> {
    if (s.on_postgresql()) return make_pg_dashboard_store(s.pg());
    return std::make_shared<SqliteDashboardStore>(s.sqlite());
  });
}

}  // namespace hocvuso::dashboard
