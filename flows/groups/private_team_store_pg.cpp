// PrivateTeamStore on PostgreSQL: team codes (team_codes) and members who joined by code,
// whose private chats are rows of group_links (tables: group_schema_pg.cpp). The same
// results as private_team_store_sqlite.cpp; tests/flows/groups/group_store_pg_test.cpp
// runs the same bodies against both.
#include <memory>

#include "bot/store/pg_db.hpp"
#include "flows/groups/private_team.hpp"

namespace hocvuso::groups {

namespace {

class PgPrivateTeamStore final : public PrivateTeamStore {
 public:
  explicit PgPrivateTeamStore(pg::Db& db) : db_(db), groups_(make_pg_group_store(db)) {}

  std::string issue_code(const GroupLink& commune, std::string_view issued_by, TimePoint now) override {
    for (;;) {
      const std::string code = draw_team_code();
      const int inserted =
          db_.query("INSERT INTO team_codes (code, province, commune, issued_by, issued_at, expires_at) "
                    "VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (code) DO NOTHING")
              .bind_all(code, commune.province, commune.commune, issued_by, now, now + kTeamCodeLifetime)
              .exec();
      if (inserted == 1) return code;  // 0: the same code exists already (1 in ~10^8): draw again
    }
  }

  std::optional<GroupLink> redeem(std::string_view code, const ChatRef& chat, TimePoint now) override {
    // Read and spend in one statement: with several store threads (or nodes) two members
    // sending the same code at once cannot both spend it. The second UPDATE waits for the
    // first's row lock, then finds used_by set and changes nothing.
    std::optional<GroupLink> link;
    {
      auto spend = db_.query("UPDATE team_codes SET used_by = $1, used_at = $2 "
                             "WHERE code = $3 AND used_by = '' AND expires_at > $2 RETURNING province, commune");
      spend.bind_all(std::string(to_string(chat.channel)) + ":" + chat.id, now, code);
      if (!spend.step()) return std::nullopt;
      link = GroupLink{spend.text(0), spend.text(1)};
    }
    groups_->set_link(chat, *link, "code:" + std::string(code), now);
    return link;
  }

  std::vector<TeamMember> members(const GroupLink& commune) override {
    auto q = db_.query("SELECT g.channel, g.chat_id, COALESCE(u.display_name, ''), g.linked_at FROM group_links g "
                       "JOIN chats c ON c.channel = g.channel AND c.chat_id = g.chat_id AND c.chat_type = 'private' "
                       "LEFT JOIN users u ON u.channel = g.channel AND u.user_id = g.chat_id "
                       "WHERE g.province = $1 AND g.commune = $2 "
                       "ORDER BY g.linked_at, g.channel COLLATE \"C\", g.chat_id COLLATE \"C\"");
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
    return db_.query("DELETE FROM group_links WHERE channel = $1 AND chat_id = $2 AND province = $3 AND commune = $4 "
                     "AND EXISTS (SELECT 1 FROM chats c WHERE c.channel = group_links.channel "
                     "AND c.chat_id = group_links.chat_id AND c.chat_type = 'private')")
               .bind_all(to_string(chat.channel), chat.id, commune.province, commune.commune)
               .exec() > 0;
  }

  std::optional<GroupLink> commune_of(const ChatRef& chat) override {
    auto q = db_.query("SELECT g.province, g.commune FROM group_links g JOIN chats c ON c.channel = g.channel "
                       "AND c.chat_id = g.chat_id AND c.chat_type = 'private' WHERE g.channel = $1 AND g.chat_id = $2");
    q.bind_all(to_string(chat.channel), chat.id);
    if (!q.step()) return std::nullopt;
    return GroupLink{q.text(0), q.text(1)};
  }

 private:
  pg::Db& db_;
  std::shared_ptr<GroupStore> groups_;  // the link a redeemed code makes, on the same connection
};

}  // namespace

std::shared_ptr<PrivateTeamStore> make_pg_private_team_store(pg::Db& db) {
  return std::make_shared<PgPrivateTeamStore>(db);
}

}  // namespace hocvuso::groups
