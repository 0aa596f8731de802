// Matching a typed reply to the options last shown.
#include "bot/core/options.hpp"

#include <algorithm>
#include <cctype>
#include <string>

#include "bot/core/command.hpp"

namespace hocvuso {

namespace {

std::string lower_ascii(std::string_view s) {
  std::string out(s);
  for (auto& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

// "📚 Học kỹ năng số" -> "học kỹ năng số": a leading emoji or symbol is decoration
// (UTF-8 lead byte >= 0xE2; Vietnamese letters are below it).
std::string label_words(std::string_view label) {
  const auto space = label.find(' ');
  if (space != std::string_view::npos && !label.empty() && static_cast<unsigned char>(label[0]) >= 0xE2) {
    label.remove_prefix(space + 1);
  }
  return lower_ascii(label);
}

}  // namespace

std::optional<std::size_t> choose_option(std::string_view said_raw, const std::vector<Button>& options,
                                         bool by_number_or_label) {
  const std::string said = trim(said_raw);
  if (said.empty() || options.empty()) return std::nullopt;
  if (by_number_or_label) {
    std::string digits = said;
    if (digits.back() == '.' || digits.back() == ')') digits.pop_back();
    if (!digits.empty() && digits.size() <= 2 && std::all_of(digits.begin(), digits.end(), ::isdigit)) {
      const std::size_t n = std::stoul(digits);
      if (n >= 1 && n <= options.size()) return n - 1;
      return std::nullopt;
    }
  }
  const std::string wanted = lower_ascii(said);
  for (std::size_t i = 0; i < options.size(); ++i) {
    if (said == options[i].payload) return i;
    if (by_number_or_label && (wanted == lower_ascii(options[i].label) || wanted == label_words(options[i].label))) {
      return i;
    }
  }
  return std::nullopt;
}

}  // namespace hocvuso
