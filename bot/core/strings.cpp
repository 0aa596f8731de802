// Locale lookup with fallback to Vietnamese, and placeholder filling.
#include "bot/core/strings.hpp"

namespace hocvuso {

void Strings::set(std::string locale, std::string key, std::string text) {
  by_locale_[std::move(locale)].insert_or_assign(std::move(key), std::move(text));
}

bool Strings::has(std::string_view locale, std::string_view key) const {
  auto loc = by_locale_.find(locale);
  return loc != by_locale_.end() && loc->second.find(key) != loc->second.end();
}

std::string Strings::get(std::string_view key, std::string_view locale) const {
  for (std::string_view l : {locale, kDefaultLocale}) {
    if (auto loc = by_locale_.find(l); loc != by_locale_.end()) {
      if (auto it = loc->second.find(key); it != loc->second.end()) return it->second;
    }
  }
  return std::string(key);
}

std::string Strings::format(std::string_view key, std::string_view locale,
                            const Vars& vars) const {
  return fill_placeholders(get(key, locale), vars);
}

std::vector<std::string> Strings::locales() const {
  std::vector<std::string> out;
  for (const auto& [locale, _] : by_locale_) out.push_back(locale);
  return out;
}

const std::map<std::string, std::string, std::less<>>* Strings::table(
    std::string_view locale) const {
  auto it = by_locale_.find(locale);
  return it == by_locale_.end() ? nullptr : &it->second;
}

std::string fill_placeholders(std::string_view text, const Strings::Vars& vars) {
  std::string out;
  out.reserve(text.size());
  std::size_t i = 0;
  while (i < text.size()) {
    if (text[i] == '{') {
      std::size_t close = text.find('}', i + 1);
      if (close != std::string_view::npos) {
        std::string_view name = text.substr(i + 1, close - i - 1);
        bool replaced = false;
        for (const auto& [k, v] : vars) {
          if (k == name) {
            out.append(v);
            replaced = true;
            break;
          }
        }
        if (replaced) {
          i = close + 1;
          continue;
        }
      }
    }
    out.push_back(text[i++]);
  }
  return out;
}

}  // namespace hocvuso
