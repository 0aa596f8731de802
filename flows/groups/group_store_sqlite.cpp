// GroupStore on SQLite (tables group_links, group_titles, group_activity:
// group_schema_sqlite.cpp; chats and users are the store's).
#include <memory>

#include "bot/store/sqlite_db.hpp"
#include "bot/store/store.hpp"
#include "flows/groups/group_store.hpp"

namespace hocvuso::groups {

namespace {

// Rows of (channel, chat_id, province, commune).
std::vector<LinkedGroup> read_groups(sqlite::Query& q) {
  std::vector<LinkedGroup> out;
  while (q.step()) {
    auto channel = channel_from_string(q.text(0));
    if (!channel) continue;
    out.push_back(LinkedGroup{ChatRef{*channel, q.text(1)}, GroupLink{q.text(2), q.text(3)}});
  }
  return out;
}

class SqliteGroupStore final : public GroupStore {
 public:
  explicit SqliteGroupStore(sqlite::Db& db) : db_(db) {}

  std::optional<GroupLink> link(const ChatRef& chat) override {
    auto q = db_.query("SELECT province, commune FROM group_links WHERE channel = ? AND chat_id = ?");
    q.bind_all(to_string(chat.channel), chat.id);
    if (!q.step()) return std::nullopt;
    return GroupLink{q.text(0), q.text(1)};
  }

  void set_link(const ChatRef& chat, const GroupLink& link, std::string_view by_user, TimePoint now) override {
    db_.query("INSERT INTO group_links (channel, chat_id, province, commune, linked_by, linked_at) "
              "VALUES (?1, ?2, ?3, ?4, ?5, ?6) ON CONFLICT (channel, chat_id) DO UPDATE SET "
              "province = ?3, commune = ?4, linked_by = ?5, linked_at = ?6")
        .bind_all(to_string(chat.channel), chat.id, link.province, link.commune, by_user, now)
        .exec();
  }

  std::vector<LinkedGroup> linked_groups() override {
    auto q = db_.query("SELECT g.channel, g.chat_id, g.province, g.commune FROM group_links g "
                       "JOIN chats c ON c.channel = g.channel AND c.chat_id = g.chat_id WHERE c.active = 1 "
                       "ORDER BY g.province, g.commune, g.channel, g.chat_id");
    return read_groups(q);
  }

  std::vector<LinkedGroup> groups_of(const GroupLink& commune) override {
    auto q = db_.query("SELECT g.channel, g.chat_id, g.province, g.commune FROM group_links g "
                       "JOIN chats c ON c.channel = g.channel AND c.chat_id = g.chat_id "
                       "WHERE c.active = 1 AND g.province = ? AND g.commune = ? ORDER BY g.channel, g.chat_id");
    q.bind_all(commune.province, commune.commune);
    return read_groups(q);
  }

  std::optional<std::string> title(const ChatRef& chat) override {
    auto q = db_.query("SELECT title FROM group_titles WHERE channel = ? AND chat_id = ?");
    q.bind_all(to_string(chat.channel), chat.id);
    if (!q.step()) return std::nullopt;
    return q.text(0);
  }

  void remember_title(const ChatRef& chat, std::string_view title) override {
    db_.query("INSERT INTO group_titles (channel, chat_id, title) VALUES (?1, ?2, ?3) "
              "ON CONFLICT (channel, chat_id) DO UPDATE SET title = ?3")
        .bind_all(to_string(chat.channel), chat.id, title)
        .exec();
  }

  void count_message(const ChatRef& chat, std::string_view user_id, int day) override {
    add_counts(chat, user_id, day, 1, 0);
  }

  void count_report(const ChatRef& chat, std::string_view user_id, int day) override {
    add_counts(chat, user_id, day, 0, 1);
  }

  std::vector<MemberActivity> activity(const ChatRef& chat, int from_day, int to_day) override {
    auto q = db_.query("SELECT COALESCE(NULLIF(u.display_name, ''), '?'), SUM(a.messages), COUNT(*), "
                       "SUM(a.reports), MAX(a.day) FROM group_activity a LEFT JOIN users u ON u.channel = a.channel "
                       "AND u.user_id = a.user_id WHERE a.channel = ? AND a.chat_id = ? AND a.day BETWEEN ? AND ? "
                       "GROUP BY a.user_id ORDER BY SUM(a.messages) + 10 * SUM(a.reports) DESC, MAX(a.day) DESC");
    q.bind_all(to_string(chat.channel), chat.id, from_day, to_day);
    std::vector<MemberActivity> out;
    while (q.step()) out.push_back(MemberActivity{q.text(0), q.integer(1), q.integer(2), q.integer(3), q.integer(4)});
    return out;
  }

  std::optional<LinkedGroup> latest_group_of(Channel channel, std::string_view user_id) override {
    auto q = db_.query("SELECT g.channel, g.chat_id, g.province, g.commune FROM group_activity a "
                       "JOIN group_links g ON g.channel = a.channel AND g.chat_id = a.chat_id "
                       "WHERE a.channel = ? AND a.user_id = ? ORDER BY a.day DESC LIMIT 1");
    q.bind_all(to_string(channel), user_id);
    auto groups = read_groups(q);
    if (groups.empty()) return std::nullopt;
    return groups.front();
  }

  bool is_member(const ChatRef& group, std::string_view user_id) override {
    auto q = db_.query("SELECT 1 FROM group_activity WHERE channel = ? AND chat_id = ? AND user_id = ? LIMIT 1");
    q.bind_all(to_string(group.channel), group.id, user_id);
    return q.step();
  }

 private:
  void add_counts(const ChatRef& chat, std::string_view user_id, int day, int messages, int reports) {
    db_.query("INSERT INTO group_activity (channel, chat_id, user_id, day, messages, reports) "
              "VALUES (?1, ?2, ?3, ?4, ?5, ?6) ON CONFLICT (channel, chat_id, user_id, day) DO UPDATE SET "
              "messages = messages + ?5, reports = reports + ?6")
        .bind_all(to_string(chat.channel), chat.id, user_id, day, messages, reports)
        .exec();
  }

  sqlite::Db& db_;
};

}  // namespace

// The backend the Store was opened on (issue 18): make_pg_group_store on PostgreSQL.
GroupStore& GroupStore::of(Store& store) {
  return store.repository<GroupStore>([](Store& s) -> std::shared_ptr<GroupStore> {
    if (s.on_postgresql()) return make_pg_group_store(s.pg());
    return std::make_shared<SqliteGroupStore>(s.sqlite());
  });
}

}  // namespace hocvuso::groups
