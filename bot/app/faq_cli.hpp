// `hocvuso faq ...`: the FAQ from the command line, for content authors and the
// evaluation: ask one question, answer a JSONL stream, list misses, show feedback.
#pragma once

#include <string>
#include <vector>

#include "bot/config/config.hpp"

namespace hocvuso {

// args: what follows "faq" (without --config, already applied to `config`).
// Returns the exit code (2: bad usage).
int run_faq_command(const Config& config, const std::vector<std::string>& args);

}  // namespace hocvuso
