// Logging set-up: readable text by default, JSON lines on request, always to
// stderr (stdout belongs to `hocvuso chat`). Privacy rule for every caller: no
// citizen message text, ids, phone numbers, tokens or secrets at info or above.
#pragma once

#include <exception>
#include <string>
#include <string_view>

namespace hocvuso {

// format: "text" | "json"; level: trace..error. Replaces the default logger.
void setup_logging(const std::string& format, const std::string& level);

// Logs why a detached coroutine or job ended (nothing when `error` is null), at
// error level: "<what> ended by an error: <reason>". Never rethrows.
void log_failure(std::string_view what, std::exception_ptr error);

}  // namespace hocvuso
