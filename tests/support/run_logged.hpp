// PostgreSQL's server tools for the tests' server (pg_cluster.hpp) and the bench's
// (bench/pg_server.cpp): where they are installed, and running one with its output logged.
#pragma once

#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <vector>

namespace hocvuso::testing {

// HOCVUSO_PG_BIN, else the newest /usr/lib/postgresql/<major>/bin with initdb; empty when none.
inline std::filesystem::path pg_bin_dir() {
  if (const char* env = std::getenv("HOCVUSO_PG_BIN"); env && *env) return env;
  std::filesystem::path best;
  int best_major = -1;
  std::error_code ec;
  for (const auto& e : std::filesystem::directory_iterator("/usr/lib/postgresql", ec)) {
    const int major = std::atoi(e.path().filename().c_str());
    if (major > best_major && std::filesystem::exists(e.path() / "bin" / "initdb")) {
      best = e.path() / "bin";
      best_major = major;
    }
  }
  return best;
}

// Runs a program (a PostgreSQL server tool) and waits for it, its stdin from /dev/null and
// its stdout and stderr appended to `log`; its exit status, or -1 when it could not run.
// `as_postgres`: through `runuser -u postgres --`, since PostgreSQL refuses to run as root
// (CI runs as root).
inline int run_logged(std::vector<std::string> args, const std::filesystem::path& log, bool as_postgres) {
  if (as_postgres) args.insert(args.begin(), {"runuser", "-u", "postgres", "--"});
  std::vector<char*> argv;
  for (auto& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  const std::string log_path = log.string();
  posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_addopen(&actions, 1, log_path.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0644);
  posix_spawn_file_actions_adddup2(&actions, 1, 2);
  pid_t pid = 0;
  const int rc = ::posix_spawnp(&pid, argv[0], &actions, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  if (rc != 0) return -1;
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

}  // namespace hocvuso::testing
