// `hocvuso team code|members|remove`: one-time team codes and the members who joined a
// commune's team by code in a private chat (flows/groups/private_team).
#pragma once

#include <string>
#include <vector>

namespace hocvuso {

// Exit code: 0 done, 1 failure (removing someone who is not a member), 2 bad usage.
int run_team_command(const std::vector<std::string>& args);

}  // namespace hocvuso
