// DashboardStore on PostgreSQL (tables: dashboard_schema_pg.cpp; commune_counts reads
// group_links and the reports' summary). The same statements as dashboard_store_sqlite.cpp
// in PostgreSQL's dialect; tests/flows/dashboard/dashboard_store_pg_test.cpp runs the same
// bodies against both. A link is spent and a session used in one UPDATE … RETURNING, so
// two nodes serving two tabs cannot both sign in with one link.
#include <memory>

#include "bot/store/pg_db.hpp"
#include "flows/dashboard/dashboard_store.hpp"

namespace hocvuso::dashboard {

namespace {

class PgDashboardStore final : public DashboardStore {
 public:
  explicit PgDashboardStore(pg::Db& db) : db_(db) {}

  void add_link(std::string_view hash, const WebUser& user, TimePoint now, TimePoint expires) override {
    db_.query("INSERT INTO dashboard_links (hash, channel, user_id, created_at, expires_at) VALUES ($1, $2, $3, $4, $5)")
        .bind_all(hash, hocvuso::to_string(user.channel), user.user_id, now, expires)
        .exec();
  }

  int links_since(const WebUser& user, TimePoint since) override {
    auto q = db_.query("SELECT count(*) FROM dashboard_links WHERE channel = $1 AND user_id = $2 AND created_at >= $3");
    q.bind_all(hocvuso::to_string(user.channel), user.user_id, since);
    return q.step() ? q.integer(0) : 0;
  }

  std::optional<WebUser> consume_link(std::string_view hash, TimePoint now) override {
    // One statement: two tabs posting the same link cannot both win.
    auto q = db_.query("UPDATE dashboard_links SET used_at = $1 WHERE hash = $2 AND used_at IS NULL AND expires_at > $3 "
                       "RETURNING channel, user_id");
    q.bind_all(now, hash, now);
    if (!q.step()) return std::nullopt;
    auto channel = channel_from_string(q.text(0));
    if (!channel) return std::nullopt;
    return WebUser{*channel, q.text(1)};
  }

  void add_session(std::string_view hash, const WebUser& user, TimePoint now) override {
    db_.query("INSERT INTO dashboard_sessions (hash, channel, user_id, created_at, last_seen) VALUES ($1, $2, $3, $4, $5)")
        .bind_all(hash, hocvuso::to_string(user.channel), user.user_id, now, now)
        .exec();
  }

  std::optional<WebUser> use_session(std::string_view hash, TimePoint now, std::chrono::seconds idle) override {
    auto q = db_.query("UPDATE dashboard_sessions SET last_seen = $1 WHERE hash = $2 AND last_seen > $3 "
                       "RETURNING channel, user_id");
    q.bind_all(now, hash, now - idle);
    if (!q.step()) return std::nullopt;
    auto channel = channel_from_string(q.text(0));
    if (!channel) return std::nullopt;
    return WebUser{*channel, q.text(1)};
  }

  bool end_session(std::string_view hash) override {
    return db_.query("DELETE FROM dashboard_sessions WHERE hash = $1").bind_all(hash).exec() > 0;
  }

  void audit(std::string_view actor, std::string_view action, std::string_view detail, TimePoint now) override {
    db_.query("INSERT INTO dashboard_audit (at, actor, action, detail) VALUES ($1, $2, $3, $4)")
        .bind_all(now, actor, action, detail)
        .exec();
  }

  std::map<std::string, CommuneCounts> commune_counts(std::string_view province, int first_day,
                                                      int last_day) override {
    std::map<std::string, CommuneCounts> out;
    auto groups = db_.query("SELECT commune, count(*) FROM group_links WHERE province = $1 GROUP BY commune");
    groups.bind_all(province);
    while (groups.step()) out[groups.text(0)].groups = groups.integer(1);
    // From the reports' per-period summary (report_submissions, kept by ReportStore).
    auto confirmed = db_.query("SELECT commune, SUM(n) FROM report_submissions WHERE province = $1 AND "
                               "period_start >= $2 AND period_end <= $3 GROUP BY commune");
    confirmed.bind_all(province, first_day, last_day);
    while (confirmed.step()) out[confirmed.text(0)].confirmed = confirmed.integer(1);
    return out;
  }

 private:
  pg::Db& db_;
};

}  // namespace

std::shared_ptr<DashboardStore> make_pg_dashboard_store(pg::Db& db) {
  return std::make_shared<PgDashboardStore>(db);
}

}  // namespace hocvuso::dashboard
