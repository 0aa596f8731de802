// The `hocvuso` command line: parses arguments and runs a command.
#pragma once

#include <string>
#include <vector>

namespace hocvuso {

// Exit codes: 0 success, 1 failure while running, 2 bad usage or configuration.
int run_cli(const std::vector<std::string>& args);

}  // namespace hocvuso
