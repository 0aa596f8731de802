// Letters are taken apart into (base, vowel index, tone) so that precomposed and
// decomposed input, and either tone placement, are rebuilt the same way.
#include "bot/text/normalize.hpp"

#include <algorithm>
#include <array>
#include <cstdint>

#include "bot/text/fold.hpp"

namespace hocvuso::text {

namespace {

// The twelve Vietnamese vowels; index = position here.
constexpr std::array<char32_t, 12> kVowels = {U'a', U'ă', U'â', U'e', U'ê', U'i', U'o', U'ô', U'ơ', U'u', U'ư', U'y'};
constexpr int8_t kA = 0, kAbreve = 1, kAcirc = 2, kE = 3, kEcirc = 4, kI = 5, kO = 6, kOcirc = 7, kOhorn = 8, kU = 9,
                 kUhorn = 10;
// Tones: 0 none, 1 huyền (grave), 2 sắc (acute), 3 hỏi (hook), 4 ngã (tilde), 5 nặng (dot).

struct VowelForm {
  char32_t cp;
  int8_t vowel;
  int8_t tone;
};
// Generated with Python unicodedata: every precomposed Vietnamese vowel, both cases.
constexpr VowelForm kForms[] = {
    {0x0041, 0, 0},  {0x0045, 3, 0},  {0x0049, 5, 0},  {0x004F, 6, 0},  {0x0055, 9, 0},  {0x0059, 11, 0},
    {0x0061, 0, 0},  {0x0065, 3, 0},  {0x0069, 5, 0},  {0x006F, 6, 0},  {0x0075, 9, 0},  {0x0079, 11, 0},
    {0x00C0, 0, 1},  {0x00C1, 0, 2},  {0x00C2, 2, 0},  {0x00C3, 0, 4},  {0x00C8, 3, 1},  {0x00C9, 3, 2},
    {0x00CA, 4, 0},  {0x00CC, 5, 1},  {0x00CD, 5, 2},  {0x00D2, 6, 1},  {0x00D3, 6, 2},  {0x00D4, 7, 0},
    {0x00D5, 6, 4},  {0x00D9, 9, 1},  {0x00DA, 9, 2},  {0x00DD, 11, 2}, {0x00E0, 0, 1},  {0x00E1, 0, 2},
    {0x00E2, 2, 0},  {0x00E3, 0, 4},  {0x00E8, 3, 1},  {0x00E9, 3, 2},  {0x00EA, 4, 0},  {0x00EC, 5, 1},
    {0x00ED, 5, 2},  {0x00F2, 6, 1},  {0x00F3, 6, 2},  {0x00F4, 7, 0},  {0x00F5, 6, 4},  {0x00F9, 9, 1},
    {0x00FA, 9, 2},  {0x00FD, 11, 2}, {0x0102, 1, 0},  {0x0103, 1, 0},  {0x0128, 5, 4},  {0x0129, 5, 4},
    {0x0168, 9, 4},  {0x0169, 9, 4},  {0x01A0, 8, 0},  {0x01A1, 8, 0},  {0x01AF, 10, 0}, {0x01B0, 10, 0},
    {0x1EA0, 0, 5},  {0x1EA1, 0, 5},  {0x1EA2, 0, 3},  {0x1EA3, 0, 3},  {0x1EA4, 2, 2},  {0x1EA5, 2, 2},
    {0x1EA6, 2, 1},  {0x1EA7, 2, 1},  {0x1EA8, 2, 3},  {0x1EA9, 2, 3},  {0x1EAA, 2, 4},  {0x1EAB, 2, 4},
    {0x1EAC, 2, 5},  {0x1EAD, 2, 5},  {0x1EAE, 1, 2},  {0x1EAF, 1, 2},  {0x1EB0, 1, 1},  {0x1EB1, 1, 1},
    {0x1EB2, 1, 3},  {0x1EB3, 1, 3},  {0x1EB4, 1, 4},  {0x1EB5, 1, 4},  {0x1EB6, 1, 5},  {0x1EB7, 1, 5},
    {0x1EB8, 3, 5},  {0x1EB9, 3, 5},  {0x1EBA, 3, 3},  {0x1EBB, 3, 3},  {0x1EBC, 3, 4},  {0x1EBD, 3, 4},
    {0x1EBE, 4, 2},  {0x1EBF, 4, 2},  {0x1EC0, 4, 1},  {0x1EC1, 4, 1},  {0x1EC2, 4, 3},  {0x1EC3, 4, 3},
    {0x1EC4, 4, 4},  {0x1EC5, 4, 4},  {0x1EC6, 4, 5},  {0x1EC7, 4, 5},  {0x1EC8, 5, 3},  {0x1EC9, 5, 3},
    {0x1ECA, 5, 5},  {0x1ECB, 5, 5},  {0x1ECC, 6, 5},  {0x1ECD, 6, 5},  {0x1ECE, 6, 3},  {0x1ECF, 6, 3},
    {0x1ED0, 7, 2},  {0x1ED1, 7, 2},  {0x1ED2, 7, 1},  {0x1ED3, 7, 1},  {0x1ED4, 7, 3},  {0x1ED5, 7, 3},
    {0x1ED6, 7, 4},  {0x1ED7, 7, 4},  {0x1ED8, 7, 5},  {0x1ED9, 7, 5},  {0x1EDA, 8, 2},  {0x1EDB, 8, 2},
    {0x1EDC, 8, 1},  {0x1EDD, 8, 1},  {0x1EDE, 8, 3},  {0x1EDF, 8, 3},  {0x1EE0, 8, 4},  {0x1EE1, 8, 4},
    {0x1EE2, 8, 5},  {0x1EE3, 8, 5},  {0x1EE4, 9, 5},  {0x1EE5, 9, 5},  {0x1EE6, 9, 3},  {0x1EE7, 9, 3},
    {0x1EE8, 10, 2}, {0x1EE9, 10, 2}, {0x1EEA, 10, 1}, {0x1EEB, 10, 1}, {0x1EEC, 10, 3}, {0x1EED, 10, 3},
    {0x1EEE, 10, 4}, {0x1EEF, 10, 4}, {0x1EF0, 10, 5}, {0x1EF1, 10, 5}, {0x1EF2, 11, 1}, {0x1EF3, 11, 1},
    {0x1EF4, 11, 5}, {0x1EF5, 11, 5}, {0x1EF6, 11, 3}, {0x1EF7, 11, 3}, {0x1EF8, 11, 4}, {0x1EF9, 11, 4},
};

const VowelForm* find_form(char32_t cp) {
  auto it = std::lower_bound(std::begin(kForms), std::end(kForms), cp,
                             [](const VowelForm& f, char32_t c) { return f.cp < c; });
  return it != std::end(kForms) && it->cp == cp ? &*it : nullptr;
}

bool is_lowercase_form(char32_t cp) {
  if (cp < 0x100) return cp >= 0x61;
  if (cp == 0x01AF) return false;  // Ư (its lowercase ư is the even 0x01B0)
  return cp == 0x01B0 || (cp & 1) == 1;
}

// The precomposed lowercase code point of vowel v with tone t.
char32_t compose(int8_t v, int8_t t) {
  static const auto table = [] {
    std::array<std::array<char32_t, 6>, 12> tbl{};
    for (const auto& f : kForms)
      if (is_lowercase_form(f.cp))
        tbl[static_cast<std::size_t>(f.vowel)][static_cast<std::size_t>(f.tone)] = f.cp;
    return tbl;
  }();
  return table[static_cast<std::size_t>(v)][static_cast<std::size_t>(t)];
}

struct Letter {
  char32_t cp = 0;    // a consonant, digit or other letter (lowercase)
  int8_t vowel = -1;  // or a vowel index
  int8_t tone = 0;
};

using Word = std::vector<Letter>;

bool is_word_char(char32_t cp) {
  if (cp < 0x80) return (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z') || (cp >= '0' && cp <= '9');
  // Punctuation, symbols and emoji separate words; so do the variation selectors that
  // follow many emoji ("❤️" is U+2764 U+FE0F: the selector alone was read as a word).
  return cp != 0xFFFD && !(cp >= 0x2000 && cp <= 0x2BFF) && !(cp >= 0x1F000) && !(cp >= 0xFE00 && cp <= 0xFE0F) &&
         cp != 0xA0 && cp != 0xAB && cp != 0xBB;
}

int8_t tone_of_mark(char32_t cp) {
  switch (cp) {
    case 0x300: return 1;
    case 0x301: return 2;
    case 0x309: return 3;
    case 0x303: return 4;
    case 0x323: return 5;
    default: return 0;
  }
}

// A letter-mark (circumflex, breve, horn) applied to a vowel, as a decomposed
// sequence or a keyboard leftover would.
int8_t with_letter_mark(int8_t v, char32_t mark) {
  if (mark == 0x302) return v == kA ? kAcirc : v == kE ? kEcirc : v == kO ? kOcirc : v;
  if (mark == 0x306) return v == kA ? kAbreve : v;
  if (mark == 0x31B) return v == kO ? kOhorn : v == kU ? kUhorn : v;
  return v;
}

Letter letter_of(char32_t cp) {
  if (cp >= 'A' && cp <= 'Z') cp = cp - 'A' + 'a';
  if (const VowelForm* f = find_form(cp)) return Letter{0, f->vowel, f->tone};
  if (cp == 0x110) cp = 0x111;  // Đ -> đ
  return Letter{cp, -1, 0};
}

bool is_vowel(const Letter& l) { return l.vowel >= 0; }
bool is_ascii_letter(const Letter& l) { return !is_vowel(l) && l.cp >= 'a' && l.cp <= 'z'; }

char32_t plain(const Letter& l) { return is_vowel(l) ? kVowels[static_cast<std::size_t>(l.vowel)] : l.cp; }

constexpr std::string_view kInitials[] = {"ngh", "ch", "gh", "gi", "kh", "ng", "nh", "ph", "qu", "th", "tr", "b",
                                          "c",   "d",  "đ",  "g",  "h",  "k",  "l",  "m",  "n",  "p",  "r",  "s",
                                          "t",   "v",  "x",  ""};
constexpr std::string_view kFinals[] = {"ch", "ng", "nh", "c", "m", "n", "p", "t", ""};

std::string consonants_utf8(const Word& w, std::size_t from, std::size_t to) {
  std::string s;
  for (std::size_t i = from; i < to; ++i) append_utf8(s, plain(w[i]));
  return s;
}

// Index of the first nucleus vowel, treating the u of "qu" and the i of "gi"
// (before another vowel) as part of the initial.
std::size_t nucleus_start(const Word& w) {
  std::size_t i = 0;
  while (i < w.size() && !is_vowel(w[i])) ++i;
  if (i == 1 && i + 1 < w.size() && is_vowel(w[i + 1])) {
    if (w[0].cp == 'q' && w[1].vowel == kU) return i + 1;
    if (w[0].cp == 'g' && w[1].vowel == kI) return i + 1;
  }
  return i;
}

bool valid_shape(const Word& w) {
  if (w.empty()) return false;
  const std::size_t start = nucleus_start(w);
  std::size_t end = start;
  while (end < w.size() && is_vowel(w[end])) ++end;
  if (end == start || end - start > 3) return false;
  const std::string initial = consonants_utf8(w, 0, start);
  const std::string final_part = consonants_utf8(w, end, w.size());
  for (std::size_t i = end; i < w.size(); ++i)
    if (is_vowel(w[i])) return false;
  for (std::size_t i = 0; i < start; ++i)
    if (is_vowel(w[i]) && !(i + 1 == start && (w[i].vowel == kU || w[i].vowel == kI))) return false;
  const bool initial_ok = std::find(std::begin(kInitials), std::end(kInitials), initial) != std::end(kInitials);
  const bool final_ok = std::find(std::begin(kFinals), std::end(kFinals), final_part) != std::end(kFinals);
  return initial_ok && final_ok;
}

// Puts the word's tone on one vowel by one rule, whichever vowel it was typed on.
void place_tone(Word& w) {
  int8_t tone = 0;
  for (auto& l : w) {
    if (is_vowel(l) && l.tone != 0) tone = l.tone;
    l.tone = 0;
  }
  if (tone == 0) return;
  std::size_t start = nucleus_start(w);
  if (start >= w.size()) {  // "gì", "quý" style: the i/u is the only vowel
    for (std::size_t i = w.size(); i-- > 0;)
      if (is_vowel(w[i])) {
        w[i].tone = tone;
        return;
      }
    return;
  }
  std::size_t end = start;
  while (end < w.size() && is_vowel(w[end])) ++end;
  if (end == start) {
    for (std::size_t i = w.size(); i-- > 0;)
      if (is_vowel(w[i])) {
        w[i].tone = tone;
        return;
      }
    return;
  }
  std::size_t target = start;
  bool marked = false;
  for (std::size_t i = start; i < end; ++i) {
    const int8_t v = w[i].vowel;
    if (v == kAbreve || v == kAcirc || v == kEcirc || v == kOcirc || v == kOhorn || v == kUhorn) {
      target = i;  // the last marked vowel: ươ -> ơ
      marked = true;
    }
  }
  if (!marked) {
    const std::size_t n = end - start;
    if (end < w.size()) {
      target = end - 1;  // closed syllable: the last vowel (toán)
    } else {
      target = n == 3 ? start + 1 : start;  // open: the first of two (hòa), the middle of three
    }
  }
  w[target].tone = tone;
}

// Telex: "aa" â, "aw" ă, "ee" ê, "oo" ô, "ow" ơ, "uw" ư, "dd" đ; s f r x j after a vowel
// are the tone. Applied only when the result is one valid syllable.
bool repair_telex(Word& w) {
  for (const auto& l : w)
    if (!is_ascii_letter(l) && !(is_vowel(l) && l.tone == 0 && plain(l) < 0x80)) return false;
  Word out;
  bool changed = false;
  int8_t tone = 0;
  const std::size_t n = w.size();
  for (std::size_t i = 0; i < n; ++i) {
    const char32_t c = plain(w[i]);
    // After a vowel, s f r x j can only be tone keys: no syllable has them as a final.
    const bool after_vowel = std::any_of(out.begin(), out.end(), [](const Letter& l) { return is_vowel(l); });
    const int8_t key_tone = c == 's' ? 2 : c == 'f' ? 1 : c == 'r' ? 3 : c == 'x' ? 4 : c == 'j' ? 5 : 0;
    if (after_vowel && key_tone != 0) {
      tone = key_tone;
      changed = true;
      continue;
    }
    if (!out.empty()) {
      Letter& prev = out.back();
      const char32_t p = plain(prev);
      if (c == p && (c == 'a' || c == 'e' || c == 'o')) {
        prev.vowel = with_letter_mark(prev.vowel, 0x302);
        changed = true;
        continue;
      }
      if (c == 'd' && p == 'd') {
        prev.cp = U'đ';
        changed = true;
        continue;
      }
      if (c == 'w' && (p == 'a' || p == 'o' || p == 'u')) {
        prev.vowel = with_letter_mark(prev.vowel, p == 'a' ? 0x306 : 0x31B);
        if (p == 'o' && out.size() >= 2 && out[out.size() - 2].vowel == kU) out[out.size() - 2].vowel = kUhorn;
        changed = true;
        continue;
      }
    }
    out.push_back(w[i]);
  }
  if (!changed || !valid_shape(out)) return false;
  if (tone != 0)
    for (auto& l : out)
      if (is_vowel(l)) l.tone = tone;  // place_tone() picks the vowel
  w = std::move(out);
  return true;
}

// VNI: digits after letters, 1-5 the tones, 6 circumflex, 7 horn, 8 breve, 9 đ.
bool repair_vni(Word& w) {
  if (w.empty() || (!is_vowel(w[0]) && w[0].cp >= '0' && w[0].cp <= '9')) return false;
  Word out;
  bool changed = false;
  int8_t tone = 0;
  auto last = [&out](auto pred) -> Letter* {
    for (std::size_t i = out.size(); i-- > 0;)
      if (pred(out[i])) return &out[i];
    return nullptr;
  };
  for (const auto& l : w) {
    const char32_t c = plain(l);
    if (c >= '1' && c <= '9') {
      Letter* target = nullptr;
      if (c <= '5') {
        tone = static_cast<int8_t>(c - '0');
        tone = tone == 1 ? 2 : tone == 2 ? 1 : tone;  // VNI: 1 sắc, 2 huyền
        changed = true;
        continue;
      }
      if (c == '6') target = last([](const Letter& x) { return x.vowel == kA || x.vowel == kE || x.vowel == kO; });
      if (c == '7') {
        target = last([](const Letter& x) { return x.vowel == kO || x.vowel == kU; });
        if (target && target->vowel == kO && target != out.data() && (target - 1)->vowel == kU)
          (target - 1)->vowel = kUhorn;
      }
      if (c == '8') target = last([](const Letter& x) { return x.vowel == kA; });
      if (c == '9') target = last([](const Letter& x) { return x.cp == 'd'; });
      if (!target) return false;
      if (c == '9') {
        target->cp = U'đ';
      } else {
        target->vowel = with_letter_mark(target->vowel, c == '6' ? 0x302 : c == '7' ? 0x31B : 0x306);
      }
      changed = true;
      continue;
    }
    if (!is_ascii_letter(l) && !(is_vowel(l) && l.tone == 0 && c < 0x80)) return false;
    out.push_back(l);
  }
  if (!changed || !valid_shape(out)) return false;
  if (tone != 0)
    for (auto& l : out)
      if (is_vowel(l)) l.tone = tone;
  w = std::move(out);
  return true;
}

std::string to_utf8(const Word& w) {
  std::string s;
  for (const auto& l : w) append_utf8(s, is_vowel(l) ? compose(l.vowel, l.tone) : l.cp);
  return s;
}

bool has_digit(const Word& w) {
  return std::any_of(w.begin(), w.end(), [](const Letter& l) { return l.cp >= '0' && l.cp <= '9'; });
}

void finish_word(Word& w, std::vector<std::string>& out) {
  if (w.empty()) return;
  if (has_digit(w)) {
    repair_vni(w);
  } else {
    repair_telex(w);
  }
  place_tone(w);
  out.push_back(to_utf8(w));
  w.clear();
}

}  // namespace

std::vector<std::string> syllables(std::string_view utf8) {
  std::vector<std::string> out;
  Word word;
  for (char32_t cp : decode_utf8(utf8)) {
    if (cp >= 0x300 && cp <= 0x36F) {  // a combining mark joins the letter before it
      if (!word.empty() && is_vowel(word.back())) {
        if (int8_t t = tone_of_mark(cp)) {
          word.back().tone = t;
        } else {
          word.back().vowel = with_letter_mark(word.back().vowel, cp);
        }
      }
      continue;
    }
    if (is_word_char(cp)) {
      word.push_back(letter_of(cp));
    } else {
      finish_word(word, out);
    }
  }
  finish_word(word, out);
  return out;
}

std::string normalize(std::string_view utf8) {
  std::string s;
  for (const auto& w : syllables(utf8)) {
    if (!s.empty()) s.push_back(' ');
    s += w;
  }
  return s;
}

bool is_vietnamese_syllable(std::string_view normalized_word) {
  Word w;
  for (char32_t cp : decode_utf8(normalized_word)) w.push_back(letter_of(cp));
  return valid_shape(w);
}

}  // namespace hocvuso::text
