// Loads and validates everything in content/: data, not code. Problems are reported
// as "file:location: message" so an author can find and fix each one.
#pragma once

#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <stdexcept>
#include <string>
#include <typeindex>
#include <vector>

#include <nlohmann/json_fwd.hpp>
#include <optional>

#include "bot/core/strings.hpp"

namespace hocvuso {

struct ContentProblem {
  std::string file;      // the path as given (content dir + relative path)
  std::string location;  // "12:5" for a syntax error, a key path otherwise
  std::string message;

  std::string to_string() const;
};

// Everything loaded from content/: the bot strings, plus one parsed part per feature
// (lessons, FAQ, places, ...), looked up by type.
struct Content {
  std::filesystem::path dir;
  Strings strings;
  std::map<std::type_index, std::shared_ptr<const void>> parts;

  // The feature's part; throws std::logic_error when it was not loaded.
  template <class T>
  const T& get() const {
    auto it = parts.find(std::type_index(typeid(T)));
    if (it == parts.end() || !it->second) throw std::logic_error("content part not loaded");
    return *static_cast<const T*>(it->second.get());
  }
  template <class T>
  const T* find() const {
    auto it = parts.find(std::type_index(typeid(T)));
    return it == parts.end() ? nullptr : static_cast<const T*>(it->second.get());
  }
};

// One feature's content: reads its files under the content dir (after the strings
// are loaded, so it can check the string keys it names), appends every problem it
// finds, and returns the parsed data.
struct ContentPart {
  std::type_index type = std::type_index(typeid(void));
  std::function<std::shared_ptr<const void>(const std::filesystem::path& dir, const Strings& strings,
                                            std::vector<ContentProblem>& problems)>
      load;
};

template <class T, class Load>
ContentPart content_part(Load load) {
  return ContentPart{std::type_index(typeid(T)),
                     [load = std::move(load)](const std::filesystem::path& dir, const Strings& strings,
                                              std::vector<ContentProblem>& problems) -> std::shared_ptr<const void> {
                       return std::shared_ptr<const T>(load(dir, strings, problems));
                     }};
}

// What the code needs of content/: the bot strings it uses (each must exist in vi)
// and the features' parts.
struct ContentSpec {
  std::vector<std::string> required_keys;
  std::vector<ContentPart> parts;
};

class ContentError : public std::runtime_error {
 public:
  explicit ContentError(std::vector<ContentProblem> problems);
  const std::vector<ContentProblem>& problems() const { return problems_; }

 private:
  std::vector<ContentProblem> problems_;
};

// Reads content/strings/<locale>.json, then every part of the spec. Collects every
// problem, then throws them together.
Content load_content(const std::filesystem::path& dir, const ContentSpec& spec);

// The same checks, returned instead of thrown (for `hocvuso content check`).
std::vector<ContentProblem> check_content(const std::filesystem::path& dir, const ContentSpec& spec);

// Helpers for parts: reads and parses one JSON file, reporting a missing file or a
// syntax error (with line:column) as a problem and returning nullopt.
std::optional<nlohmann::json> read_json_file(const std::filesystem::path& file,
                                             std::vector<ContentProblem>& problems);
// The *.json files directly in dir, sorted (so problems come in a stable order);
// empty when dir is missing.
std::vector<std::filesystem::path> json_files_in(const std::filesystem::path& dir);

// The path as content problems show it.
std::string content_display_path(const std::filesystem::path& file);

}  // namespace hocvuso
