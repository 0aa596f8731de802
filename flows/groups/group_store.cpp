// SQL for group links, titles and activity counts.
#include "flows/groups/group_store.hpp"

#include <SQLiteCpp/SQLiteCpp.h>

#include "bot/store/store.hpp"

namespace hocvuso::groups {

namespace {

std::string channel_name(Channel c) { return std::string(to_string(c)); }

std::int64_t millis(TimePoint t) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(t.time_since_epoch()).count();
}

std::vector<LinkedGroup> read_groups(SQLite::Statement& q) {
  std::vector<LinkedGroup> out;
  while (q.executeStep()) {
    auto channel = channel_from_string(q.getColumn(0).getString());
    if (!channel) continue;
    out.push_back(LinkedGroup{ChatRef{*channel, q.getColumn(1).getString()},
                              GroupLink{q.getColumn(2).getString(), q.getColumn(3).getString()}});
  }
  return out;
}

void add_counts(Store& store, const ChatRef& chat, std::string_view user_id, int day, int messages, int reports) {
  SQLite::Statement q(store.database(),
                      "INSERT INTO group_activity (channel, chat_id, user_id, day, messages, reports) "
                      "VALUES (?1, ?2, ?3, ?4, ?5, ?6) ON CONFLICT (channel, chat_id, user_id, day) DO UPDATE SET "
                      "messages = messages + ?5, reports = reports + ?6");
  q.bind(1, channel_name(chat.channel));
  q.bind(2, chat.id);
  q.bind(3, std::string(user_id));
  q.bind(4, day);
  q.bind(5, messages);
  q.bind(6, reports);
  q.exec();
}

}  // namespace

std::optional<GroupLink> GroupStore::link(const ChatRef& chat) {
  SQLite::Statement q(store_.database(), "SELECT province, commune FROM group_links WHERE channel = ? AND chat_id = ?");
  q.bind(1, channel_name(chat.channel));
  q.bind(2, chat.id);
  if (!q.executeStep()) return std::nullopt;
  return GroupLink{q.getColumn(0).getString(), q.getColumn(1).getString()};
}

void GroupStore::set_link(const ChatRef& chat, const GroupLink& link, std::string_view by_user, TimePoint now) {
  SQLite::Statement q(store_.database(),
                      "INSERT INTO group_links (channel, chat_id, province, commune, linked_by, linked_at) "
                      "VALUES (?1, ?2, ?3, ?4, ?5, ?6) ON CONFLICT (channel, chat_id) DO UPDATE SET "
                      "province = ?3, commune = ?4, linked_by = ?5, linked_at = ?6");
  q.bind(1, channel_name(chat.channel));
  q.bind(2, chat.id);
  q.bind(3, link.province);
  q.bind(4, link.commune);
  q.bind(5, std::string(by_user));
  q.bind(6, millis(now));
  q.exec();
}

std::vector<LinkedGroup> GroupStore::linked_groups() {
  SQLite::Statement q(store_.database(),
                      "SELECT g.channel, g.chat_id, g.province, g.commune FROM group_links g "
                      "JOIN chats c ON c.channel = g.channel AND c.chat_id = g.chat_id WHERE c.active = 1 "
                      "ORDER BY g.province, g.commune, g.channel, g.chat_id");
  return read_groups(q);
}

std::vector<LinkedGroup> GroupStore::groups_of(const GroupLink& commune) {
  SQLite::Statement q(store_.database(),
                      "SELECT g.channel, g.chat_id, g.province, g.commune FROM group_links g "
                      "JOIN chats c ON c.channel = g.channel AND c.chat_id = g.chat_id "
                      "WHERE c.active = 1 AND g.province = ? AND g.commune = ? ORDER BY g.channel, g.chat_id");
  q.bind(1, commune.province);
  q.bind(2, commune.commune);
  return read_groups(q);
}

bool GroupStore::title_seen(const ChatRef& chat, std::string_view title) { return this->title(chat) == title; }

std::optional<std::string> GroupStore::title(const ChatRef& chat) {
  SQLite::Statement q(store_.database(), "SELECT title FROM group_titles WHERE channel = ? AND chat_id = ?");
  q.bind(1, channel_name(chat.channel));
  q.bind(2, chat.id);
  if (!q.executeStep()) return std::nullopt;
  return q.getColumn(0).getString();
}

void GroupStore::remember_title(const ChatRef& chat, std::string_view title) {
  SQLite::Statement q(store_.database(),
                      "INSERT INTO group_titles (channel, chat_id, title) VALUES (?1, ?2, ?3) "
                      "ON CONFLICT (channel, chat_id) DO UPDATE SET title = ?3");
  q.bind(1, channel_name(chat.channel));
  q.bind(2, chat.id);
  q.bind(3, std::string(title));
  q.exec();
}

void GroupStore::count_message(const ChatRef& chat, std::string_view user_id, int day) {
  add_counts(store_, chat, user_id, day, 1, 0);
}

void GroupStore::count_report(const ChatRef& chat, std::string_view user_id, int day) {
  add_counts(store_, chat, user_id, day, 0, 1);
}

std::vector<MemberActivity> GroupStore::activity(const ChatRef& chat, int from_day, int to_day) {
  SQLite::Statement q(store_.database(),
                      "SELECT COALESCE(NULLIF(u.display_name, ''), '?'), SUM(a.messages), COUNT(*), SUM(a.reports), "
                      "MAX(a.day) FROM group_activity a LEFT JOIN users u ON u.channel = a.channel AND "
                      "u.user_id = a.user_id WHERE a.channel = ? AND a.chat_id = ? AND a.day BETWEEN ? AND ? "
                      "GROUP BY a.user_id ORDER BY SUM(a.messages) + 10 * SUM(a.reports) DESC, MAX(a.day) DESC");
  q.bind(1, channel_name(chat.channel));
  q.bind(2, chat.id);
  q.bind(3, from_day);
  q.bind(4, to_day);
  std::vector<MemberActivity> out;
  while (q.executeStep()) {
    out.push_back(MemberActivity{q.getColumn(0).getString(), q.getColumn(1).getInt(), q.getColumn(2).getInt(),
                                 q.getColumn(3).getInt(), q.getColumn(4).getInt()});
  }
  return out;
}

std::optional<LinkedGroup> GroupStore::latest_group_of(Channel channel, std::string_view user_id) {
  SQLite::Statement q(store_.database(),
                      "SELECT g.channel, g.chat_id, g.province, g.commune FROM group_activity a "
                      "JOIN group_links g ON g.channel = a.channel AND g.chat_id = a.chat_id "
                      "WHERE a.channel = ? AND a.user_id = ? ORDER BY a.day DESC LIMIT 1");
  q.bind(1, channel_name(channel));
  q.bind(2, std::string(user_id));
  auto groups = read_groups(q);
  if (groups.empty()) return std::nullopt;
  return groups.front();
}

bool GroupStore::is_member(const ChatRef& group, std::string_view user_id) {
  SQLite::Statement q(store_.database(),
                      "SELECT 1 FROM group_activity WHERE channel = ? AND chat_id = ? AND user_id = ? LIMIT 1");
  q.bind(1, channel_name(group.channel));
  q.bind(2, group.id);
  q.bind(3, std::string(user_id));
  return q.executeStep();
}

}  // namespace hocvuso::groups
