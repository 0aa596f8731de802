// HOCVUSO_TEST_THREADS=N runs every service the end-to-end tests start with N HTTP I/O threads (`threads`),
// so the same tests check the code for data races under ThreadSanitizer (deploy/test-tsan.sh uses 4).
#pragma once

#include <algorithm>
#include <cstdlib>
#include <string>

namespace hocvuso::testing {

inline int test_threads() {
  const char* v = std::getenv("HOCVUSO_TEST_THREADS");
  return v == nullptr ? 1 : std::clamp(std::atoi(v), 1, 64);
}

}  // namespace hocvuso::testing
