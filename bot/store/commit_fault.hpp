// A test's hook into the one place the store commits (Store::commit). Failure
// injection (tests/e2e/fault_injection_test.cpp) uses it to fail the n-th commit with
// SQLITE_FULL, SQLITE_IOERR or SQLITE_BUSY, or to act on the connection first (PRAGMA
// max_page_count: a real full disk). Unset, it costs one atomic load per
// committed batch. Kept out of store.hpp on purpose: only store.cpp and tests include it.
#pragma once

struct sqlite3;

namespace hocvuso::store_faults {

// Called on the store thread just before COMMIT, inside the open transaction.
// Returns 0 (SQLITE_OK) to let the commit go ahead, or a SQLite result code: the
// commit then fails with it and the batch is rolled back, as after a real failure.
using CommitHook = int (*)(sqlite3* db, void* context);

// Process-wide; nullptr clears it. Set it only while no store is committing (before a
// service starts, after it stopped).
void set_commit_hook(CommitHook hook, void* context);

}  // namespace hocvuso::store_faults
