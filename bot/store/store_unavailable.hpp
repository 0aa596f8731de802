// Telling a failure of the database itself from a bug, for callers outside bot/store
// that must not see which database it is (the inbox keeps an update whose processing
// failed only because the store could not be written).
#pragma once

#include <exception>

namespace hocvuso {

// True when `e` is the database being unavailable (disk full, I/O error, busy or
// locked, read-only, not a database): no fault of the work that was being done.
bool store_unavailable(const std::exception& e);

}  // namespace hocvuso
