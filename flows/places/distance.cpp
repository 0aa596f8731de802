// Edit distances for the places resolver.
#include "flows/places/distance.hpp"

#include <algorithm>

namespace hocvuso::places {

std::size_t edit_distance(std::string_view a, std::string_view b) {
  std::vector<std::size_t> row(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    std::size_t diagonal = row[0];
    row[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const std::size_t up = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0 : 1)});
      diagonal = up;
    }
  }
  return row[b.size()];
}

std::size_t name_distance(const std::vector<std::string>& a, const std::vector<std::string>& b) {
  if (a.size() == b.size()) {
    std::size_t sum = 0;
    for (std::size_t i = 0; i < a.size(); ++i) sum += edit_distance(a[i], b[i]);
    return sum;
  }
  std::string ja, jb;
  for (const auto& w : a) ja += w;
  for (const auto& w : b) jb += w;
  return edit_distance(ja, jb) + 1;
}

std::size_t allowed_edits(std::size_t letters) { return letters <= 7 ? 1 : letters <= 12 ? 2 : 3; }

}  // namespace hocvuso::places
