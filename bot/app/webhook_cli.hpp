// `hocvuso telegram set-webhook URL | delete-webhook | get-me`: one Bot API call
// from the command line, with the configured token and secret.
#pragma once

#include <string>

#include "bot/config/config.hpp"

namespace hocvuso {

// Returns the exit code: 0 when the platform said ok, 1 otherwise.
int run_telegram_command(const Config& config, const std::string& action, const std::string& url);

}  // namespace hocvuso
