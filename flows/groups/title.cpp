// "Tổ CNSCĐ - Xã Thuận Châu", "to cnscd-xa thuan chau", "TỔ CNSCĐ–THUẬN CHÂU".
#include "flows/groups/title.hpp"

#include "flows/groups/words.hpp"

namespace hocvuso::groups {

TitleMatch match_title(std::string_view title, const Places& places) {
  TitleMatch m;
  const auto words = folded_words(title);
  std::size_t i = 0;
  if (words.size() >= 2 && words[0] == "to" && words[1] == "cnscd") {
    i = 2;
  } else if (!words.empty() && words[0] == "tocnscd") {
    i = 1;
  } else {
    return m;
  }
  m.team_title = true;
  m.name = commune_key(join_words(words, i));
  if (!m.name.empty()) m.communes = places.find(m.name);
  return m;
}

}  // namespace hocvuso::groups
