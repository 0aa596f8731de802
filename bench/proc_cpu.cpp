#include "bench/proc_cpu.hpp"

#include <sys/resource.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

namespace hocvuso::bench {

namespace {

// The fields of /proc/<pid>/stat after the command name, which may hold spaces and parentheses:
// fields[0] is field 3 (state), so field n is fields[n - 3].
std::vector<std::string> stat_fields(pid_t pid) {
  std::ifstream in("/proc/" + std::to_string(pid) + "/stat");
  std::string line;
  std::getline(in, line);
  const auto close = line.rfind(')');
  std::vector<std::string> fields;
  if (close == std::string::npos) return fields;
  std::istringstream rest(line.substr(close + 1));
  for (std::string f; rest >> f;) fields.push_back(f);
  return fields;
}

double ticks_to_ms(long long ticks) { return static_cast<double>(ticks) * 1000.0 / static_cast<double>(::sysconf(_SC_CLK_TCK)); }

}  // namespace

double cpu_ms(pid_t pid, bool reaped_children) {
  const auto f = stat_fields(pid);
  if (f.size() < 15) return 0;
  // utime 14, stime 15, cutime 16, cstime 17
  long long ticks = std::atoll(f[11].c_str()) + std::atoll(f[12].c_str());
  if (reaped_children) ticks += std::atoll(f[13].c_str()) + std::atoll(f[14].c_str());
  return ticks_to_ms(ticks);
}

std::vector<pid_t> children_of(pid_t parent) {
  std::vector<pid_t> out;
  std::error_code ec;
  for (const auto& e : std::filesystem::directory_iterator("/proc", ec)) {
    const std::string name = e.path().filename().string();
    if (name.empty() || name.find_first_not_of("0123456789") != std::string::npos) continue;
    const pid_t pid = static_cast<pid_t>(std::atol(name.c_str()));
    const auto f = stat_fields(pid);
    if (f.size() >= 2 && std::atol(f[1].c_str()) == parent) out.push_back(pid);  // ppid is field 4
  }
  return out;
}

double server_cpu_ms(pid_t postmaster) {
  double ms = cpu_ms(postmaster, true);
  for (const pid_t child : children_of(postmaster)) ms += cpu_ms(child);
  return ms;
}

double self_cpu_ms() {
  rusage u{};
  ::getrusage(RUSAGE_SELF, &u);
  return static_cast<double>(u.ru_utime.tv_sec + u.ru_stime.tv_sec) * 1000.0 +
         static_cast<double>(u.ru_utime.tv_usec + u.ru_stime.tv_usec) / 1000.0;
}

}  // namespace hocvuso::bench
