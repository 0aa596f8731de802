// `hocvuso tokens create|list|revoke` (admin API tokens) and
// `hocvuso broadcasts export ID` (per-recipient CSV on stdout).
#pragma once

#include <string>
#include <vector>

namespace hocvuso {

// args starts with "tokens" or "broadcasts". Returns the exit code (2: bad usage).
int run_broadcast_command(const std::vector<std::string>& args);

}  // namespace hocvuso
