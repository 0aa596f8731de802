// Test data files (TSV corpora, transcript stories) hold one message a line; a
// written "\n" stands for a line break inside the message.
#pragma once

#include <string>

namespace hocvuso::testing {

inline std::string unescape_newlines(const std::string& s) {
  std::string out;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '\\' && i + 1 < s.size() && s[i + 1] == 'n') {
      out += '\n';
      ++i;
    } else {
      out += s[i];
    }
  }
  return out;
}

}  // namespace hocvuso::testing
