// CPU time of other processes, from /proc/<pid>/stat: what the hocvuso nodes and the PostgreSQL
// server spent during a measured run, read before and after it (the machine's two cores are shared
// by the load, the fake API, the nodes and the server, so CPU per update is the fair figure).
#pragma once

#include <sys/types.h>

#include <vector>

namespace hocvuso::bench {

// utime + stime of `pid` (all its threads), in milliseconds; with `reaped_children`, also what its
// exited children that it waited for spent (cutime + cstime). 0 when the process is gone.
double cpu_ms(pid_t pid, bool reaped_children = false);

// The processes whose parent is `parent` now.
std::vector<pid_t> children_of(pid_t parent);

// A PostgreSQL server's CPU so far: the postmaster with its reaped children, and every child alive
// now. The difference of two readings is what the server spent between them, backends that ended
// in between included (their time moved to the postmaster's cutime).
double server_cpu_ms(pid_t postmaster);

// This process's own CPU (the load generator and the fake API, and an in-process target).
double self_cpu_ms();

}  // namespace hocvuso::bench
