// Splitting a message or a group title into tokens that keep both the text as
// written (for echoing a village name back) and its folded form (for matching).
// Unlike text::fold_words, dashes, quotes and other punctuation of every script
// separate words, and separators are kept as tokens because they carry meaning
// in a report ("huongdan=25", "Bản Mòng: …", "HD 25, 2 buổi").
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace hocvuso::groups {

enum class TokenKind { word, number, mark, end_of_piece };

struct Token {
  TokenKind kind = TokenKind::word;
  std::string folded;  // word: folded; number: the digits; mark: the character
  std::size_t begin = 0, end = 0;  // byte range in the original text
  bool glued = false;   // no space before it ("q3", "t11")
  long long value = 0;  // number: its value ("1.200" is 1200)
};

// Pieces end at , ; . ! ? and line breaks (TokenKind::end_of_piece); other
// punctuation becomes a mark.
std::vector<Token> tokenize(std::string_view text);

// Words only, folded: for titles and names.
std::vector<std::string> folded_words(std::string_view text);

// "thuan chau" from {"thuan","chau"}.
std::string join_words(const std::vector<std::string>& words, std::size_t from = 0);

// The first letter of each word in upper case, the rest in lower case
// ("bản mòng", "BẢN MÒNG" -> "Bản Mòng").
std::string title_case(std::string_view text);

}  // namespace hocvuso::groups
