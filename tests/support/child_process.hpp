// Starting a hocvuso child process for process-level tests and the soak bench: its own
// HOCVUSO_* environment (the parent's HOCVUSO_* variables are dropped, so a developer's
// shell cannot leak config into a test), stdin from a file, stdout and stderr to files.
#pragma once

#include <fcntl.h>
#include <spawn.h>
#include <unistd.h>

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

extern char** environ;

namespace hocvuso::testing {

// The child's pid, or -1 when it could not be started. stdout is truncated, stderr
// appended (several children may share one log).
inline pid_t spawn_child(const std::vector<std::string>& args, const std::vector<std::string>& hocvuso_env,
                         const std::filesystem::path& in, const std::filesystem::path& out,
                         const std::filesystem::path& err) {
  std::vector<std::string> env = hocvuso_env;
  for (char** e = environ; *e != nullptr; ++e) {
    if (!std::string_view(*e).starts_with("HOCVUSO_")) env.emplace_back(*e);
  }
  std::vector<char*> envp;
  for (auto& e : env) envp.push_back(e.data());
  envp.push_back(nullptr);
  std::vector<std::string> argv_s = args;
  std::vector<char*> argv;
  for (auto& a : argv_s) argv.push_back(a.data());
  argv.push_back(nullptr);
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 0, in.c_str(), O_RDONLY, 0);
  posix_spawn_file_actions_addopen(&actions, 1, out.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
  posix_spawn_file_actions_addopen(&actions, 2, err.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0600);
  pid_t pid = 0;
  const int rc = ::posix_spawn(&pid, argv[0], &actions, nullptr, argv.data(), envp.data());
  posix_spawn_file_actions_destroy(&actions);
  return rc == 0 ? pid : -1;
}

}  // namespace hocvuso::testing
