// Team groups (tables: group_schema_sqlite.cpp): which commune a group is linked to, the
// last title we read, and per member and day how many messages and reports they
// sent. Counts only: no message text is stored.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "bot/core/message.hpp"

namespace hocvuso {
class Store;
}
namespace hocvuso::pg {
class Db;
}

namespace hocvuso::groups {

struct GroupLink {
  std::string province;  // province id, "son-la"
  std::string commune;   // official code of the xã/phường, "03664"
  friend bool operator==(const GroupLink&, const GroupLink&) = default;
};

struct LinkedGroup {
  ChatRef chat;
  GroupLink link;
};

struct MemberActivity {
  std::string name;  // display name as the platform gave it
  int messages = 0;
  int active_days = 0;
  int reports = 0;
  int last_day = 0;  // yyyymmdd
};

// Group links, titles and activity. An interface, so that feature logic never sees
// which database holds them; the SQLite backend is group_store_sqlite.cpp.
class GroupStore {
 public:
  // The store's GroupStore, made on first use (Store::repository).
  static GroupStore& of(Store& store);
  virtual ~GroupStore() = default;

  virtual std::optional<GroupLink> link(const ChatRef& chat) = 0;
  virtual void set_link(const ChatRef& chat, const GroupLink& link, std::string_view by_user, TimePoint now) = 0;
  // Groups linked to a commune where the bot still is (chats.active).
  virtual std::vector<LinkedGroup> linked_groups() = 0;
  virtual std::vector<LinkedGroup> groups_of(const GroupLink& commune) = 0;

  // Whether this title was read already (so an unknown title is answered once).
  bool title_seen(const ChatRef& chat, std::string_view title) { return this->title(chat) == title; }
  virtual void remember_title(const ChatRef& chat, std::string_view title) = 0;
  // The last title read, so a button offered for it can be checked against it.
  virtual std::optional<std::string> title(const ChatRef& chat) = 0;

  virtual void count_message(const ChatRef& chat, std::string_view user_id, int day) = 0;
  virtual void count_report(const ChatRef& chat, std::string_view user_id, int day) = 0;
  // Members active between the two days (yyyymmdd, inclusive), most active first.
  virtual std::vector<MemberActivity> activity(const ChatRef& chat, int from_day, int to_day) = 0;
  // The linked group this person wrote in last, for reports sent in private.
  virtual std::optional<LinkedGroup> latest_group_of(Channel channel, std::string_view user_id) = 0;
  virtual bool is_member(const ChatRef& group, std::string_view user_id) = 0;
};

// GroupStore on PostgreSQL (group_store_pg.cpp), for the PostgreSQL Store to make (issue 18;
// not chosen by `of` yet).
std::shared_ptr<GroupStore> make_pg_group_store(pg::Db& db);

}  // namespace hocvuso::groups
