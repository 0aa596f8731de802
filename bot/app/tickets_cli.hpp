// `hocvuso tickets --period P [--province ID]`: help-ticket figures per commune.
#pragma once

#include <string>
#include <vector>

namespace hocvuso {

// Exit code: 0 done, 2 bad usage (message on stderr).
int run_tickets_command(const std::vector<std::string>& args);

}  // namespace hocvuso
