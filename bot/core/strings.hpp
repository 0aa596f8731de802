// Bot strings keyed by locale, with "{name}" placeholders. `vi` is complete; any
// other locale falls back to `vi` key by key.
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace hocvuso {

class Strings {
 public:
  using Vars = std::vector<std::pair<std::string_view, std::string_view>>;
  static constexpr std::string_view kDefaultLocale = "vi";

  void set(std::string locale, std::string key, std::string text);

  bool has(std::string_view locale, std::string_view key) const;
  // The text in `locale`, else in `vi`, else the key itself (a bug that content
  // check catches before it ships).
  std::string get(std::string_view key, std::string_view locale = kDefaultLocale) const;
  std::string format(std::string_view key, std::string_view locale, const Vars& vars) const;

  std::vector<std::string> locales() const;
  const std::map<std::string, std::string, std::less<>>* table(std::string_view locale) const;

 private:
  std::map<std::string, std::map<std::string, std::string, std::less<>>, std::less<>> by_locale_;
};

// Replaces each "{name}" in text by its value; unknown placeholders stay as they are.
std::string fill_placeholders(std::string_view text, const Strings::Vars& vars);

}  // namespace hocvuso
