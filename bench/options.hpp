// The benches' command lines: "--name value" pairs and --help. Header-only, so each
// bench program compiles it in without another library.
#pragma once

#include <cstdio>
#include <cstdlib>
#include <functional>
#include <stdexcept>
#include <string>

namespace hocvuso::bench {

// Calls set(name, value) for each pair; set returns false for a name it does not know,
// which, like a name without a value, is an error (std::invalid_argument). --help or -h
// prints `usage` and exits 0.
inline void parse_options(int argc, char** argv, const char* usage,
                          const std::function<bool(const std::string&, const std::string&)>& set) {
  for (int i = 1; i < argc; ++i) {
    const std::string name = argv[i];
    if (name == "--help" || name == "-h") {
      std::puts(usage);
      std::exit(0);
    }
    if (i + 1 >= argc) throw std::invalid_argument("missing value after " + name);
    if (!set(name, argv[++i])) throw std::invalid_argument("unknown option " + name + " (--help lists them)");
  }
}

}  // namespace hocvuso::bench
