// RoleStore on PostgreSQL (table role_grants: role_schema_pg.cpp). The same statements
// as role_store_sqlite.cpp in PostgreSQL's dialect; the same results, checked by
// tests/flows/roles/role_store_pg_test.cpp against both.
#include <memory>

#include "bot/store/pg_db.hpp"
#include "flows/roles/roles.hpp"

namespace hocvuso::roles {

namespace {

class PgRoleStore final : public RoleStore {
 public:
  explicit PgRoleStore(pg::Db& db) : db_(db) {}

  void grant(const Grant& g, TimePoint now) override {
    // A grant held already keeps its first time (SQLite's INSERT OR IGNORE).
    db_.query("INSERT INTO role_grants (channel, user_id, role, province, commune, granted_at) "
              "VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT DO NOTHING")
        .bind_all(hocvuso::to_string(g.channel), g.user_id, to_string(g.role), g.scope.province, g.scope.commune, now)
        .exec();
  }

  bool revoke(const Grant& g) override {
    return db_.query("DELETE FROM role_grants WHERE channel = $1 AND user_id = $2 AND role = $3 AND province = $4 "
                     "AND commune = $5")
               .bind_all(hocvuso::to_string(g.channel), g.user_id, to_string(g.role), g.scope.province,
                         g.scope.commune)
               .exec() > 0;
  }

  std::vector<Grant> list() override {
    // COLLATE "C": byte order, as SQLite sorts text, whatever the database's collation.
    auto q = db_.query("SELECT channel, user_id, role, province, commune FROM role_grants "
                       "ORDER BY role COLLATE \"C\" DESC, province COLLATE \"C\", commune COLLATE \"C\", "
                       "channel COLLATE \"C\", user_id COLLATE \"C\"");
    std::vector<Grant> out;
    while (q.step()) {
      auto channel = channel_from_string(q.text(0));
      auto role = role_from_string(q.text(2));
      if (!channel || !role) continue;
      out.push_back(Grant{*channel, q.text(1), *role, Scope{q.text(3), q.text(4)}});
    }
    return out;
  }

  bool has_role(Channel channel, std::string_view user_id, Role at_least, const Scope& place) override {
    auto q = db_.query("SELECT role, province, commune FROM role_grants WHERE channel = $1 AND user_id = $2");
    q.bind_all(hocvuso::to_string(channel), user_id);
    while (q.step()) {
      auto role = role_from_string(q.text(0));
      if (!role || static_cast<int>(*role) < static_cast<int>(at_least)) continue;
      if (Scope{q.text(1), q.text(2)}.covers(place)) return true;
    }
    return false;
  }

 private:
  pg::Db& db_;
};

}  // namespace

std::shared_ptr<RoleStore> make_pg_role_store(pg::Db& db) { return std::make_shared<PgRoleStore>(db); }

}  // namespace hocvuso::roles
