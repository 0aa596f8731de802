// Tokens for report messages and group titles.
#include "flows/groups/words.hpp"

#include "bot/text/fold.hpp"

namespace hocvuso::groups {

namespace {

bool is_space(char32_t c) { return c == ' ' || c == '\t' || c == '\r' || c == 0xA0 || c == 0x200B || c == 0x3000; }
bool ends_piece(char32_t c) { return c == ',' || c == ';' || c == '.' || c == '!' || c == '?' || c == '\n' || c == 0x2026; }
bool is_digit(char32_t c) { return c >= '0' && c <= '9'; }
// Letters of any script and combining marks; ASCII and general punctuation are not.
bool is_letter(char32_t c) {
  if (c < 0x80) return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
  if (c >= 0x2000 && c <= 0x206F) return false;  // dashes, quotes, bullets
  if (c >= 0x00A0 && c <= 0x00BF) return false;  // « » ° and friends
  if (c == 0x00D7 || c == 0x00F7 || c == 0x3000 || c == 0xFFFD) return false;
  return true;
}

// Case of Vietnamese letters, both ways (precomposed; other letters stay as they are).
char32_t change_case(char32_t c, bool to_upper) {
  if (to_upper && c >= 'a' && c <= 'z') return c - 32;
  if (!to_upper && c >= 'A' && c <= 'Z') return c + 32;
  static const std::u32string lower = U"đàáảãạăằắẳẵặâầấẩẫậèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵ";
  static const std::u32string upper = U"ĐÀÁẢÃẠĂẰẮẲẴẶÂẦẤẨẪẬÈÉẺẼẸÊỀẾỂỄỆÌÍỈĨỊÒÓỎÕỌÔỒỐỔỖỘƠỜỚỞỠỢÙÚỦŨỤƯỪỨỬỮỰỲÝỶỸỴ";
  const std::u32string& from = to_upper ? lower : upper;
  const std::u32string& to = to_upper ? upper : lower;
  const auto at = from.find(c);
  return at == std::u32string::npos ? c : to[at];
}

}  // namespace

std::vector<Token> tokenize(std::string_view text) {
  std::vector<Token> out;
  // Offsets come from the bytes each code point took (decode_utf8's second form): an
  // ill-formed byte is one U+FFFD that took 1 byte, not U+FFFD's 3 (counting 3 ran the
  // offsets past the end of a report with a broken byte; found by tests/fuzz, report).
  std::vector<std::uint8_t> took;
  const std::u32string cps = text::decode_utf8(text, took);
  std::size_t byte = 0;
  bool after_space = true;
  std::size_t i = 0;
  while (i < cps.size()) {
    const char32_t c = cps[i];
    const std::size_t start = byte;
    if (is_space(c)) {
      byte += took[i];
      ++i;
      after_space = true;
      continue;
    }
    Token t;
    t.begin = start;
    t.glued = !after_space;
    if (is_digit(c)) {
      t.kind = TokenKind::number;
      while (i < cps.size()) {
        if (is_digit(cps[i])) {
          t.folded.push_back(static_cast<char>(cps[i]));
        } else if (cps[i] == '.' && i + 3 < cps.size() && is_digit(cps[i + 1]) && is_digit(cps[i + 2]) &&
                   is_digit(cps[i + 3]) && (i + 4 >= cps.size() || !is_digit(cps[i + 4]))) {
          // "1.200": Vietnamese thousands separator.
        } else {
          break;
        }
        byte += took[i];
        ++i;
      }
      t.value = t.folded.size() > 12 ? 0 : std::stoll(t.folded);
    } else if (is_letter(c)) {
      t.kind = TokenKind::word;
      while (i < cps.size() && is_letter(cps[i])) {
        byte += took[i];
        ++i;
      }
      t.folded = text::fold(text.substr(start, byte - start));
    } else {
      // "binhdanhocvuso.gov.vn": a dot inside a word does not end the piece.
      const bool dot_in_word = c == '.' && i + 1 < cps.size() && is_letter(cps[i + 1]) && !after_space;
      t.kind = ends_piece(c) && !dot_in_word ? TokenKind::end_of_piece : TokenKind::mark;
      byte += took[i];
      ++i;
      if (c < 0x80) t.folded = std::string(1, static_cast<char>(c));
    }
    t.end = byte;
    after_space = false;
    out.push_back(std::move(t));
  }
  return out;
}

std::vector<std::string> folded_words(std::string_view text) {
  std::vector<std::string> words;
  for (auto& t : tokenize(text)) {
    if (t.kind == TokenKind::word || t.kind == TokenKind::number) words.push_back(std::move(t.folded));
  }
  return words;
}

std::string join_words(const std::vector<std::string>& words, std::size_t from) {
  std::string out;
  for (std::size_t i = from; i < words.size(); ++i) {
    if (!out.empty()) out += ' ';
    out += words[i];
  }
  return out;
}

std::string title_case(std::string_view s) {
  std::string out;
  bool start = true;
  for (char32_t c : text::decode_utf8(s)) {
    text::append_utf8(out, change_case(c, start));
    start = is_space(c);
  }
  return out;
}

}  // namespace hocvuso::groups
