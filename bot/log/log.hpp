// Logging set-up: readable text by default, JSON lines on request, always to
// stderr (stdout belongs to `hocvuso chat`). Privacy rule for every caller: no
// citizen message text, ids, phone numbers, tokens or secrets at info or above.
#pragma once

#include <string>

namespace hocvuso {

// format: "text" | "json"; level: trace..error. Replaces the default logger.
void setup_logging(const std::string& format, const std::string& level);

}  // namespace hocvuso
