// PrivateTeamStore on SQLite: team codes (team_codes) and members who joined by code.
// Their private chats are rows of group_links, like team groups, so every feature
// that serves a linked group serves them, and anything that rewrites group_links'
// place ids covers them (tables: group_schema_sqlite.cpp).
#include <memory>

#include "bot/store/sqlite_db.hpp"
#include "bot/store/store.hpp"
#include "flows/groups/private_team.hpp"

namespace hocvuso::groups {

namespace {

class SqlitePrivateTeamStore final : public PrivateTeamStore {
 public:
  SqlitePrivateTeamStore(Store& store, sqlite::Db& db) : store_(store), db_(db) {}

  std::string issue_code(const GroupLink& commune, std::string_view issued_by, TimePoint now) override {
    for (;;) {
      const std::string code = draw_team_code();
      const int inserted =
          db_.query("INSERT OR IGNORE INTO team_codes (code, province, commune, issued_by, issued_at, expires_at) "
                    "VALUES (?, ?, ?, ?, ?, ?)")
              .bind_all(code, commune.province, commune.commune, issued_by, now, now + kTeamCodeLifetime)
              .exec();
      if (inserted == 1) return code;  // 0: the same code exists already (1 in ~10^8): draw again
    }
  }

  std::optional<GroupLink> redeem(std::string_view code, const ChatRef& chat, TimePoint now) override {
    // One transaction on the store thread: the read and the spend cannot interleave.
    std::optional<GroupLink> link;
    {
      auto find = db_.query("SELECT province, commune FROM team_codes WHERE code = ? AND used_by = '' AND "
                            "expires_at > ?");
      find.bind_all(code, now);
      if (!find.step()) return std::nullopt;
      link = GroupLink{find.text(0), find.text(1)};
    }
    db_.query("UPDATE team_codes SET used_by = ?, used_at = ? WHERE code = ?")
        .bind_all(std::string(to_string(chat.channel)) + ":" + chat.id, now, code)
        .exec();
    GroupStore::of(store_).set_link(chat, *link, "code:" + std::string(code), now);
    return link;
  }

  std::vector<TeamMember> members(const GroupLink& commune) override {
    auto q = db_.query("SELECT g.channel, g.chat_id, COALESCE(u.display_name, ''), g.linked_at FROM group_links g "
                       "JOIN chats c ON c.channel = g.channel AND c.chat_id = g.chat_id AND c.chat_type = 'private' "
                       "LEFT JOIN users u ON u.channel = g.channel AND u.user_id = g.chat_id "
                       "WHERE g.province = ? AND g.commune = ? ORDER BY g.linked_at, g.channel, g.chat_id");
    q.bind_all(commune.province, commune.commune);
    std::vector<TeamMember> out;
    while (q.step()) {
      const auto channel = channel_from_string(q.text(0));
      if (!channel) continue;
      out.push_back(TeamMember{ChatRef{*channel, q.text(1)}, q.text(2), q.time(3)});
    }
    return out;
  }

  bool remove(const GroupLink& commune, const ChatRef& chat) override {
    return db_.query("DELETE FROM group_links WHERE channel = ? AND chat_id = ? AND province = ? AND commune = ? "
                     "AND EXISTS (SELECT 1 FROM chats c WHERE c.channel = group_links.channel "
                     "AND c.chat_id = group_links.chat_id AND c.chat_type = 'private')")
               .bind_all(to_string(chat.channel), chat.id, commune.province, commune.commune)
               .exec() > 0;
  }

  std::optional<GroupLink> commune_of(const ChatRef& chat) override {
    auto q = db_.query("SELECT g.province, g.commune FROM group_links g JOIN chats c ON c.channel = g.channel "
                       "AND c.chat_id = g.chat_id AND c.chat_type = 'private' WHERE g.channel = ? AND g.chat_id = ?");
    q.bind_all(to_string(chat.channel), chat.id);
    if (!q.step()) return std::nullopt;
    return GroupLink{q.text(0), q.text(1)};
  }

 private:
  Store& store_;  // for the group link a redeemed code makes (GroupStore)
  sqlite::Db& db_;
};

}  // namespace

// The backend the Store was opened on (issue 18): make_pg_private_team_store on PostgreSQL.
PrivateTeamStore& PrivateTeamStore::of(Store& store) {
  return store.repository<PrivateTeamStore>([](Store& s) -> std::shared_ptr<PrivateTeamStore> {
    if (s.on_postgresql()) return make_pg_private_team_store(s.pg());
    return std::make_shared<SqlitePrivateTeamStore>(s, s.sqlite());
  });
}

}  // namespace hocvuso::groups
