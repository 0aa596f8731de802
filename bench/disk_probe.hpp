// The durability floor of the disk under the benchmark: how long one durable SQLite
// commit (WAL, synchronous=FULL: an fsync) takes here, measured in the same run.
// hocvuso answers 200 only after the update's commit, so with C requests in flight
// it can acknowledge at most C / commit-time updates per second, whatever the code.
#pragma once

#include <filesystem>

namespace hocvuso::bench {

struct DiskProbe {
  double commit_ms_p50 = 0;
  double commit_ms_p90 = 0;
};

DiskProbe probe_durable_commit(const std::filesystem::path& dir, int commits = 200);

}  // namespace hocvuso::bench
