// Team groups in SQLite (migration 4): which commune a group is linked to, the
// last title we read, and per member and day how many messages and reports they
// sent. Counts only: no message text is stored.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "bot/core/message.hpp"

namespace hocvuso {
class Store;
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

class GroupStore {
 public:
  explicit GroupStore(Store& store) : store_(store) {}

  std::optional<GroupLink> link(const ChatRef& chat);
  void set_link(const ChatRef& chat, const GroupLink& link, std::string_view by_user, TimePoint now);
  // Groups linked to a commune where the bot still is (chats.active).
  std::vector<LinkedGroup> linked_groups();
  std::vector<LinkedGroup> groups_of(const GroupLink& commune);

  // Whether this title was read already (so an unknown title is answered once).
  bool title_seen(const ChatRef& chat, std::string_view title);
  void remember_title(const ChatRef& chat, std::string_view title);
  // The last title read, so a button offered for it can be checked against it.
  std::optional<std::string> title(const ChatRef& chat);

  void count_message(const ChatRef& chat, std::string_view user_id, int day);
  void count_report(const ChatRef& chat, std::string_view user_id, int day);
  // Members active between the two days (yyyymmdd, inclusive), most active first.
  std::vector<MemberActivity> activity(const ChatRef& chat, int from_day, int to_day);
  // The linked group this person wrote in last, for reports sent in private.
  std::optional<LinkedGroup> latest_group_of(Channel channel, std::string_view user_id);
  bool is_member(const ChatRef& group, std::string_view user_id);

 private:
  Store& store_;
};

}  // namespace hocvuso::groups
