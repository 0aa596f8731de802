// `hocvuso dashboard link --channel C --user ID`: prints a one-time sign-in link for a
// person who holds a role (the same link /dangnhap sends), for first set-up and tests.
#pragma once

#include <string>
#include <vector>

namespace hocvuso {

// Exit code: 0 printed, 2 bad usage, no role or rate limit (message on stderr).
int run_dashboard_command(const std::vector<std::string>& args);

}  // namespace hocvuso
