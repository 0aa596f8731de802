// Loads and validates everything in content/: data, not code. Problems are reported
// as "file:location: message" so an author can find and fix each one.
#pragma once

#include <filesystem>
#include <stdexcept>
#include <string>
#include <vector>

#include "bot/core/strings.hpp"

namespace hocvuso {

struct ContentProblem {
  std::string file;      // the path as given (content dir + relative path)
  std::string location;  // "12:5" for a syntax error, a key path otherwise
  std::string message;

  std::string to_string() const;
};

struct Content {
  std::filesystem::path dir;
  Strings strings;
};

class ContentError : public std::runtime_error {
 public:
  explicit ContentError(std::vector<ContentProblem> problems);
  const std::vector<ContentProblem>& problems() const { return problems_; }

 private:
  std::vector<ContentProblem> problems_;
};

// Reads content/strings/<locale>.json. `required_keys` are the strings the code
// uses: each must exist in `vi`. Collects every problem, then throws them together.
Content load_content(const std::filesystem::path& dir,
                     const std::vector<std::string>& required_keys);

// The same checks, returned instead of thrown (for `hocvuso content check`).
std::vector<ContentProblem> check_content(const std::filesystem::path& dir,
                                          const std::vector<std::string>& required_keys);

}  // namespace hocvuso
