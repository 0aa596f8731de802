// One /help for everyone, by role: each feature adds the lines for its commands with
// the least role that may use them and where (group, private chat). The /help handler
// (flows/menu.cpp) shows the lines the asker's role and chat call for, in the order
// they were added.
//
//   flows::add_help("help.reports.member", flows::Audience::member, flows::Where::group);
#pragma once

#include <string>
#include <vector>

#include "bot/core/dispatcher.hpp"

namespace hocvuso::flows {

// Who is asking, lowest first: anyone; someone who writes in a linked team group (or
// asks in one); and the granted roles (flows/roles).
enum class Audience { citizen, member, leader, officer, admin };
enum class Where { group, private_chat, both };

// A string key shown to `from` and higher roles, in `where`. Adding a key twice keeps the first.
void add_help(std::string key, Audience from, Where where);

// The keys for this audience and chat, in the order added.
std::vector<std::string> help_keys(Audience who, bool in_group);

// The asker's audience: the highest role granted for the group's commune (in a group)
// or anywhere (in private); else member in a linked group or for someone who has
// written in one; else citizen.
Audience audience_of(Context& ctx);

}  // namespace hocvuso::flows
