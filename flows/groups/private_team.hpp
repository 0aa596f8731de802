// Teams whose chat group has no bot in it (issue 19: a Zalo OA joins only GMF groups
// on a paid package, and a Zalo Bot Platform bot joins none). An officer of the
// commune (or of its province) issues one-time team codes ("/mato <xã>", or
// `hocvuso team code`); a member who sends a code to the bot in a private chat joins
// that commune's team. From then on the member's private chat is linked to the
// commune exactly as a team group is: a row of group_links (channel, chat_id = the
// private chat, province, commune), so reports, /tongket, /xephang, reminders and
// ticket notices work there as in a group. The officer lists members
// ("/thanhvien <xã>") and removes them ("/xoathanhvien <xã> <số>").
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "bot/core/dispatcher.hpp"
#include "flows/groups/group_store.hpp"

namespace hocvuso {
class Store;
}

namespace hocvuso::groups {

inline constexpr auto kTeamCodeLifetime = std::chrono::hours(24 * 7);

// "TO-K7QM4P" from any way a person may type it ("to k7qm4p", "To-K7QM4P."); nullopt
// when the text is not just a team code.
std::optional<std::string> read_team_code(std::string_view text);

struct TeamMember {
  ChatRef chat;        // the member's private chat
  std::string name;    // display name, "" when unknown
  TimePoint joined{};
};

// A fresh random code "TO-XXXXXX" (team_code.cpp); the store checks it is unused.
std::string draw_team_code();

// Team codes and members who joined by code. An interface, so that feature logic never
// sees which database holds them; the SQLite backend is private_team_store_sqlite.cpp.
class PrivateTeamStore {
 public:
  // The store's PrivateTeamStore, made on first use (Store::repository).
  static PrivateTeamStore& of(Store& store);
  virtual ~PrivateTeamStore() = default;

  // A new one-time code for the commune, valid kTeamCodeLifetime.
  virtual std::string issue_code(const GroupLink& commune, std::string_view issued_by, TimePoint now) = 0;
  // Spends the code for `chat` and links the chat to the code's commune. nullopt:
  // unknown, used or expired (nothing changes).
  virtual std::optional<GroupLink> redeem(std::string_view code, const ChatRef& chat, TimePoint now) = 0;
  // Members who joined by code (private chats linked to the commune), oldest first.
  virtual std::vector<TeamMember> members(const GroupLink& commune) = 0;
  // Unlinks a member's private chat from the commune; false when it was not linked there.
  virtual bool remove(const GroupLink& commune, const ChatRef& chat) = 0;
  // The commune this private chat joined, if any.
  virtual std::optional<GroupLink> commune_of(const ChatRef& chat) = 0;
};

// PrivateTeamStore on PostgreSQL (private_team_store_pg.cpp), for the PostgreSQL Store to
// make (issue 18; not chosen by `of` yet).
std::shared_ptr<PrivateTeamStore> make_pg_private_team_store(pg::Db& db);

void register_private_team(Dispatcher& dispatcher);
std::vector<std::string> private_team_string_keys();

}  // namespace hocvuso::groups
