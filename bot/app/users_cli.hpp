// `hocvuso users grant|revoke|list`: who is admin, officer (of a province or a
// commune) or team leader.
#pragma once

#include <string>
#include <vector>

namespace hocvuso {

// Exit code: 0 done, 1 failure (revoking a grant that does not exist), 2 bad usage.
int run_users_command(const std::vector<std::string>& args);

}  // namespace hocvuso
