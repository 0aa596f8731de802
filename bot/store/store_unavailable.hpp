// Telling a failure of the database itself from a bug, for callers outside bot/store
// that must not see which database it is (the inbox keeps an update whose processing
// failed only because the store could not be written).
#pragma once

#include <exception>
#include <optional>

#include "bot/core/result.hpp"

namespace hocvuso {

// True when `e` is the database being unavailable (disk full, I/O error, busy or
// locked, read-only, not a database): no fault of the work that was being done.
bool store_unavailable(const std::exception& e);

// The store's expected failure in the one vocabulary: Problem{"store_unavailable", …}
// when store_unavailable(e), for a caller that answers or retries on it; nullopt for
// anything else, which is a bug and stays an exception. The message names the kind of
// failure (busy, full disk) but no path or SQL.
std::optional<Problem> store_problem(const std::exception& e);

}  // namespace hocvuso
