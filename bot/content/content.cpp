// Content loading: strings files, with every problem collected and located.
#include "bot/content/content.hpp"

#include <algorithm>
#include <fstream>
#include <nlohmann/json.hpp>
#include <regex>
#include <set>
#include <sstream>

namespace hocvuso {

namespace {

namespace fs = std::filesystem;
using nlohmann::json;

std::string display_path(const fs::path& p) { return content_display_path(p); }

// Byte offset -> "line:column" (1-based) for a parse error.
std::string line_col(const std::string& text, std::size_t offset) {
  std::size_t line = 1, col = 1;
  for (std::size_t i = 0; i < offset && i < text.size(); ++i) {
    if (text[i] == '\n') {
      ++line;
      col = 1;
    } else {
      ++col;
    }
  }
  return std::to_string(line) + ":" + std::to_string(col);
}

std::set<std::string> placeholders(const std::string& text) {
  static const std::regex re(R"(\{([a-z_]+)\})");
  std::set<std::string> out;
  for (std::sregex_iterator it(text.begin(), text.end(), re), end; it != end; ++it) {
    out.insert((*it)[1].str());
  }
  return out;
}

class Loader {
 public:
  explicit Loader(fs::path dir) : dir_(std::move(dir)) {}

  void load_strings(const std::vector<std::string>& required_keys) {
    fs::path strings_dir = dir_ / "strings";
    std::error_code ec;
    if (!fs::is_directory(strings_dir, ec)) {
      problem(strings_dir, "", "missing directory: bot strings live in strings/<locale>.json");
      return;
    }
    for (const auto& f : json_files_in(strings_dir)) load_strings_file(f);

    fs::path vi_file = strings_dir / "vi.json";
    if (!fs::exists(vi_file)) {
      problem(vi_file, "", "missing: vi is the default locale and must be complete");
      return;
    }
    // A vi.json that did not parse is reported once, as a syntax error, not once per key.
    if (!vi_parsed_) return;
    static const std::map<std::string, std::string, std::less<>> kNone;
    const auto* table = content_.strings.table(Strings::kDefaultLocale);
    const auto* vi = table != nullptr ? table : &kNone;  // a vi.json with no entries still lacks every key
    for (const auto& key : required_keys) {
      if (vi->find(key) == vi->end()) problem(vi_file, key, "missing string used by the bot");
    }
    for (const auto& locale : content_.strings.locales()) {
      if (locale == Strings::kDefaultLocale) continue;
      fs::path file = strings_dir / (locale + ".json");
      for (const auto& [key, text] : *content_.strings.table(locale)) {
        auto base = vi->find(key);
        if (base == vi->end()) {
          problem(file, key, "key not in vi.json (every locale's keys must be a subset of vi's)");
          continue;
        }
        for (const auto& name : placeholders(text)) {
          if (!placeholders(base->second).contains(name)) {
            problem(file, key, "placeholder {" + name + "} is not in the vi text");
          }
        }
      }
    }
  }

  void load_parts(const std::vector<ContentPart>& parts) {
    for (const auto& part : parts) {
      std::size_t before = problems_.size();
      auto data = part.load(dir_, content_.strings, problems_);
      if (problems_.size() == before && data) content_.parts[part.type] = std::move(data);
    }
  }

  std::vector<ContentProblem> take_problems() { return std::move(problems_); }
  Content take_content() {
    content_.dir = dir_;
    return std::move(content_);
  }

 private:
  void problem(const fs::path& file, std::string location, std::string message) {
    problems_.push_back({display_path(file), std::move(location), std::move(message)});
  }

  void load_strings_file(const fs::path& file) {
    auto parsed = read_json_file(file, problems_);
    if (!parsed) return;
    json doc = std::move(*parsed);
    std::string locale = file.stem().string();
    if (!doc.is_object()) {
      problem(file, "", "must be a JSON object of \"key\": \"text\"");
      return;
    }
    if (locale == Strings::kDefaultLocale) vi_parsed_ = true;
    for (const auto& [key, value] : doc.items()) {
      if (key.starts_with("_")) continue;  // "_comment" and friends are for authors
      if (!value.is_string()) {
        problem(file, key, "must be a string");
        continue;
      }
      // Ill-formed UTF-8 never gets here: the JSON parser reports it with its line:col.
      std::string textv = value.get<std::string>();
      if (textv.empty()) {
        problem(file, key, "empty text");
        continue;
      }
      content_.strings.set(locale, key, std::move(textv));
    }
  }

  fs::path dir_;
  bool vi_parsed_ = false;
  Content content_;
  std::vector<ContentProblem> problems_;
};

}  // namespace

std::string ContentProblem::to_string() const {
  std::string out = file;
  if (!location.empty()) out += ":" + location;
  return out + ": " + message;
}

static std::string summarize(const std::vector<ContentProblem>& problems) {
  std::string out = "content has " + std::to_string(problems.size()) + " problem(s)";
  for (const auto& p : problems) out += "\n" + p.to_string();
  return out;
}

ContentError::ContentError(std::vector<ContentProblem> problems)
    : std::runtime_error(summarize(problems)), problems_(std::move(problems)) {}

Content load_content(const std::filesystem::path& dir, const ContentSpec& spec) {
  Loader loader(dir);
  loader.load_strings(spec.required_keys);
  loader.load_parts(spec.parts);
  auto problems = loader.take_problems();
  if (!problems.empty()) throw ContentError(std::move(problems));
  return loader.take_content();
}

std::vector<ContentProblem> check_content(const std::filesystem::path& dir, const ContentSpec& spec) {
  Loader loader(dir);
  loader.load_strings(spec.required_keys);
  loader.load_parts(spec.parts);
  return loader.take_problems();
}

std::vector<std::filesystem::path> json_files_in(const std::filesystem::path& dir) {
  std::vector<std::filesystem::path> files;
  std::error_code ec;
  for (const auto& entry : std::filesystem::directory_iterator(dir, ec)) {
    if (entry.path().extension() == ".json") files.push_back(entry.path());
  }
  std::sort(files.begin(), files.end());
  return files;
}

std::string content_display_path(const std::filesystem::path& file) {
  return file.lexically_normal().generic_string();
}

std::optional<nlohmann::json> read_json_file(const std::filesystem::path& file,
                                             std::vector<ContentProblem>& problems) {
  std::ifstream in(file, std::ios::binary);
  if (!in) {
    problems.push_back({content_display_path(file), "", "cannot read file"});
    return std::nullopt;
  }
  std::stringstream ss;
  ss << in.rdbuf();
  const std::string text = ss.str();
  try {
    return json::parse(text);
  } catch (const json::parse_error& e) {
    std::string what = e.what();
    // nlohmann's message starts with "[json.exception.parse_error.101] parse error at line..."
    if (auto pos = what.find("] "); pos != std::string::npos) what = what.substr(pos + 2);
    problems.push_back({content_display_path(file), line_col(text, e.byte == 0 ? 0 : e.byte - 1),
                        "invalid JSON: " + what});
    return std::nullopt;
  }
}

}  // namespace hocvuso
