// RoleStore on SQLite (table role_grants: role_schema_sqlite.cpp).
#include <memory>

#include "bot/store/sqlite_db.hpp"
#include "bot/store/store.hpp"
#include "flows/roles/roles.hpp"

namespace hocvuso::roles {

namespace {

class SqliteRoleStore final : public RoleStore {
 public:
  explicit SqliteRoleStore(sqlite::Db& db) : db_(db) {}

  void grant(const Grant& g, TimePoint now) override {
    db_.query("INSERT OR IGNORE INTO role_grants (channel, user_id, role, province, commune, granted_at) "
              "VALUES (?, ?, ?, ?, ?, ?)")
        .bind_all(hocvuso::to_string(g.channel), g.user_id, to_string(g.role), g.scope.province, g.scope.commune, now)
        .exec();
  }

  bool revoke(const Grant& g) override {
    return db_.query("DELETE FROM role_grants WHERE channel = ? AND user_id = ? AND role = ? AND province = ? "
                     "AND commune = ?")
               .bind_all(hocvuso::to_string(g.channel), g.user_id, to_string(g.role), g.scope.province,
                         g.scope.commune)
               .exec() > 0;
  }

  std::vector<Grant> list() override {
    auto q = db_.query("SELECT channel, user_id, role, province, commune FROM role_grants "
                       "ORDER BY role DESC, province, commune, channel, user_id");
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
    auto q = db_.query("SELECT role, province, commune FROM role_grants WHERE channel = ? AND user_id = ?");
    q.bind_all(hocvuso::to_string(channel), user_id);
    while (q.step()) {
      auto role = role_from_string(q.text(0));
      if (!role || static_cast<int>(*role) < static_cast<int>(at_least)) continue;
      if (Scope{q.text(1), q.text(2)}.covers(place)) return true;
    }
    return false;
  }

 private:
  sqlite::Db& db_;
};

}  // namespace

// The backend the Store was opened on (issue 18): make_pg_role_store on PostgreSQL.
RoleStore& RoleStore::of(Store& store) {
  return store.repository<RoleStore>([](Store& s) -> std::shared_ptr<RoleStore> {
    if (s.on_postgresql()) return make_pg_role_store(s.pg());
    return std::make_shared<SqliteRoleStore>(s.sqlite());
  });
}

}  // namespace hocvuso::roles
