// "Tổ CNSCĐ - Xã Thuận Châu", "to cnscd-xa thuan chau", "TỔ CNSCĐ–THUẬN CHÂU".
#include "flows/groups/title.hpp"

#include "flows/groups/words.hpp"

namespace hocvuso::groups {

TitleMatch match_title(std::string_view title, const Places& places) {
  TitleMatch m;
  const auto tokens = tokenize(title);
  std::vector<std::size_t> words;  // indexes of word and number tokens
  for (std::size_t i = 0; i < tokens.size(); ++i) {
    if (tokens[i].kind == TokenKind::word || tokens[i].kind == TokenKind::number) words.push_back(i);
  }
  std::size_t skip = 0;
  if (words.size() >= 2 && tokens[words[0]].folded == "to" && tokens[words[1]].folded == "cnscd") {
    skip = 2;
  } else if (!words.empty() && tokens[words[0]].folded == "tocnscd") {
    skip = 1;
  } else {
    return m;
  }
  m.team_title = true;
  if (words.size() <= skip) return m;
  m.name = std::string(title.substr(tokens[words[skip]].begin));
  m.resolution = places::resolve(places, m.name);
  for (const auto& c : m.resolution.candidates) {
    if (c.why == places::Why::name) m.communes.push_back(c.unit);
  }
  return m;
}

}  // namespace hocvuso::groups
