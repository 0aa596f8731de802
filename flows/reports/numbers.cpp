// Reading a Vietnamese number: a small recursive descent over folded tokens.
//
//   number  := group { scale group' }          scale: nghìn/ngàn (10^3), triệu (10^6)
//   group   := [hundreds] [tens] [units]       0..999
//   hundreds:= (digit | 1-9) "trăm" [ linh|lẻ digit | rưỡi ]
//   tens    := "mười" [unit] | digit ("mươi"|"chục") [unit] | digit lăm|nhăm | "chục"
//
// Folding drops the tone marks that tell "sáu" (six) from "sau" (after) or "bà" from
// "ba", so a word written with marks must carry the numeral's own marks; a word
// written without any is taken as the numeral unless its neighbours say otherwise
// ("ba con", "sau khi", "năm nay").
#include "flows/reports/numbers.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <map>
#include <set>
#include <string>

#include "bot/text/normalize.hpp"

namespace hocvuso::reports {

namespace {

using groups::Token;
using groups::TokenKind;
using Status = NumberRead::Status;

// Spellings (lower case) under which a folded word is a numeral.
const std::map<std::string, std::set<std::string>, std::less<>>& spellings() {
  static const std::map<std::string, std::set<std::string>, std::less<>> s = {
      {"khong", {"không"}}, {"mot", {"một", "mốt"}}, {"hai", {"hai"}},       {"ba", {"ba"}},
      {"bon", {"bốn"}},     {"tu", {"tư"}},          {"nam", {"năm"}},       {"lam", {"lăm"}},
      {"nham", {"nhăm"}},   {"sau", {"sáu"}},        {"bay", {"bảy", "bẩy"}}, {"tam", {"tám"}},
      {"chin", {"chín"}},   {"muoi", {"mười", "mươi"}}, {"chuc", {"chục"}},  {"tram", {"trăm"}},
      {"linh", {"linh"}},   {"le", {"lẻ"}},          {"ruoi", {"rưỡi", "rưởi"}}, {"nghin", {"nghìn", "nghin"}},
      {"ngan", {"ngàn"}},   {"trieu", {"triệu"}},    {"vai", {"vài"}},       {"dam", {"dăm"}},
      {"may", {"mấy"}},     {"hang", {"hàng"}},      {"ca", {"cả"}},         {"hon", {"hơn"}},
  };
  return s;
}

const std::map<std::string, int, std::less<>>& digit_words() {
  static const std::map<std::string, int, std::less<>> d = {{"mot", 1}, {"hai", 2}, {"ba", 3}, {"bon", 4}, {"nam", 5},
                                                            {"sau", 6}, {"bay", 7}, {"tam", 8}, {"chin", 9}};
  return d;
}

// The unit after "mươi": "mốt" is 1, "tư" is 4, "lăm"/"nhăm" are 5 ("năm" there is
// "twenty years" as often as 25, so it is not read).
const std::map<std::string, int, std::less<>>& units_after_tens() {
  static const std::map<std::string, int, std::less<>> u = {{"mot", 1}, {"hai", 2}, {"ba", 3},  {"bon", 4},
                                                            {"tu", 4},  {"lam", 5}, {"nham", 5}, {"sau", 6},
                                                            {"bay", 7}, {"tam", 8}, {"chin", 9}};
  return u;
}

// The unit after "linh"/"lẻ" ("một trăm linh tư" = 104); 0: none.
int after_linh(std::string_view w) {
  if (w == "tu") return 4;
  auto it = digit_words().find(w);
  return w.empty() || it == digit_words().end() ? 0 : it->second;
}

bool is_multiplier(std::string_view w) {
  return w == "muoi" || w == "chuc" || w == "tram" || w == "nghin" || w == "ngan" || w == "trieu";
}

// The word as written, in one form: ASCII as it is (lower case), anything else composed
// (NFC) and lower case, so decomposed input from some keyboards still matches.
std::string written_form(std::string_view word) {
  const bool ascii = std::all_of(word.begin(), word.end(), [](char c) { return static_cast<unsigned char>(c) < 0x80; });
  if (!ascii) return text::normalize(word);
  std::string out(word);
  for (auto& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

class NumberReader {
 public:
  NumberReader(const std::vector<Token>& t, std::string_view text) : t_(t), text_(text) {}

  NumberRead read(std::size_t i);

 private:
  // The folded word at k when it is written as a numeral ("" otherwise).
  std::string_view numeral(std::size_t k) const;
  bool written_as(std::size_t k, std::string_view spelling) const;
  bool digits(std::size_t k, long long max) const {
    return k < t_.size() && t_[k].kind == TokenKind::number && t_[k].value >= 1 && t_[k].value <= max &&
           t_[k].folded[0] != '0';
  }
  // 0..999 from k; sets k past it. false with status unsure when the group is not certain.
  bool group(std::size_t& k, long long& value, bool& unsure, bool after_scale);
  bool tens(std::size_t& k, long long& value, bool& unsure);
  NumberRead unsure_from(std::size_t i, std::size_t k) const;
  bool continues_number(std::size_t k) const;

  const std::vector<Token>& t_;
  std::string_view text_;
  bool words_ = false;
};

bool NumberReader::written_as(std::size_t k, std::string_view spelling) const {
  return written_form(text_.substr(t_[k].begin, t_[k].end - t_[k].begin)) == spelling;
}

std::string_view NumberReader::numeral(std::size_t k) const {
  if (k >= t_.size() || t_[k].kind != TokenKind::word) return {};
  const std::string& w = t_[k].folded;
  auto s = spellings().find(w);
  if (s == spellings().end()) return {};
  const std::string written = written_form(text_.substr(t_[k].begin, t_[k].end - t_[k].begin));
  if (written == w || s->second.contains(written)) return w;
  return {};
}

// A word right after a number that would make it another number: "hai ba" (two or
// three), "mười lăm mười sáu", "mười bón" (a mark typed wrong), "mươii" (a letter doubled).
bool NumberReader::continues_number(std::size_t k) const {
  if (k >= t_.size() || t_[k].kind != TokenKind::word) return false;
  const std::string& w = t_[k].folded;
  if (spellings().contains(w) && (digit_words().contains(w) || is_multiplier(w) || w == "lam" || w == "nham" ||
                                  w == "linh" || w == "ruoi")) {
    // "năm" after a number starts a year ("25 người năm 2026" is read elsewhere).
    if (w == "nam" && (k + 1 >= t_.size() || t_[k + 1].kind == TokenKind::number)) return false;
    return numeral(k).empty() ? digit_words().contains(w) || is_multiplier(w) : true;
  }
  for (const char* m : {"muoi", "tram", "nghin", "trieu", "chuc"}) {
    const std::string_view mv(m);
    if (w.size() > mv.size() && w.size() <= mv.size() + 2 && w.compare(0, mv.size(), mv) == 0) return true;
  }
  return false;
}

NumberRead NumberReader::unsure_from(std::size_t i, std::size_t k) const {
  // The unsure phrase takes the number words that follow it too.
  while (k < t_.size() && (!numeral(k).empty() || t_[k].kind == TokenKind::number) && k - i < 8) ++k;
  NumberRead r;
  r.status = Status::unsure;
  r.length = std::max<std::size_t>(k - i, 1);
  r.in_words = true;
  return r;
}

bool NumberReader::tens(std::size_t& k, long long& value, bool& unsure) {
  const std::string_view w = numeral(k);
  auto add_unit = [&](std::size_t at) {
    const std::string_view u = numeral(at);
    if (u == "nam") {  // "mười năm", "hai mươi năm": years as often as a count
      unsure = true;
      return at + 1;
    }
    if (auto it = units_after_tens().find(u); !u.empty() && it != units_after_tens().end()) {
      value += it->second;
      words_ = true;
      return at + 1;
    }
    if (digits(at, 9) && t_[at].folded.size() == 1) {  // "2 mươi 5"
      value += t_[at].value;
      return at + 1;
    }
    return at;
  };
  if (w == "muoi") {
    // "mươi" without a digit before it is "about ten".
    if (written_as(k, "mươi")) {
      unsure = true;
      ++k;
      return true;
    }
    value = 10;
    words_ = true;
    k = add_unit(k + 1);
    return true;
  }
  if (w == "chuc") {
    value = 10;
    words_ = true;
    ++k;
    return true;
  }
  long long d = 0;
  if (auto it = digit_words().find(w); !w.empty() && it != digit_words().end()) d = it->second;
  if (d == 0 && digits(k, 9) && t_[k].folded.size() == 1) d = t_[k].value;
  if (d == 0) return false;
  const std::string_view next = numeral(k + 1);
  if (next == "muoi" || next == "chuc") {
    value = d * 10;
    words_ = true;
    if (next == "chuc") {
      k += 2;
      // "ba chục hai": not a way to write 32.
      if (!numeral(k).empty() && digit_words().contains(numeral(k))) unsure = true;
      return true;
    }
    k = add_unit(k + 2);
    return true;
  }
  if ((next == "lam" || next == "nham") && d >= 2) {  // "hai lăm" = 25
    value = d * 10 + 5;
    words_ = true;
    k += 2;
    return true;
  }
  return false;
}

bool NumberReader::group(std::size_t& k, long long& value, bool& unsure, bool after_scale) {
  const std::size_t begin = k;
  value = 0;
  const std::string_view w = numeral(k);
  long long hundreds = -1;
  if (numeral(k + 1) == "tram") {
    if (auto it = digit_words().find(w); !w.empty() && it != digit_words().end()) {
      hundreds = it->second;
    } else if (w == "khong" && after_scale) {
      hundreds = 0;
    } else if (digits(k, 9) && t_[k].folded.size() == 1) {
      hundreds = t_[k].value;
    }
    if (hundreds >= 0) {
      words_ = true;
      k += 2;
    }
  }
  if (hundreds >= 0) {
    value = hundreds * 100;
    const std::string_view n = numeral(k);
    if ((n == "linh" || n == "le") && after_linh(numeral(k + 1)) != 0) {
      value += after_linh(numeral(k + 1));
      k += 2;
      return true;
    }
    if (n == "ruoi") {  // "hai trăm rưỡi" = 250
      value += 50;
      ++k;
      return true;
    }
    long long t = 0;
    if (tens(k, t, unsure)) {
      value += t;
      return true;
    }
    // "hai trăm mốt", "một trăm năm": 210 or 201, 150 or 105, depending on who writes.
    if (digit_words().contains(n) || n == "tu" || (digits(k, 9) && t_[k].folded.size() == 1)) unsure = true;
    return true;
  }
  if (after_scale && (w == "linh" || w == "le") && after_linh(numeral(k + 1)) != 0) {
    value = after_linh(numeral(k + 1));
    k += 2;
    return true;
  }
  long long t = 0;
  if (tens(k, t, unsure)) {
    value = t;
    return true;
  }
  if (auto it = digit_words().find(w); !w.empty() && it != digit_words().end()) {
    value = it->second;
    words_ = true;
    ++k;
    return true;
  }
  k = begin;
  return false;
}

NumberRead NumberReader::read(std::size_t i) {
  NumberRead none;
  if (i >= t_.size()) return none;
  const Token& first = t_[i];
  words_ = false;
  if (first.kind == TokenKind::word) {
    const std::string_view w = numeral(i);
    if (w.empty()) return none;
    const std::string& next = i + 1 < t_.size() ? t_[i + 1].folded : std::string();
    // Words that are numerals only by their letters.
    const std::string& prev = i > 0 && t_[i - 1].kind == TokenKind::word ? t_[i - 1].folded : std::string();
    if ((w == "ba" && next == "con") || (w == "mot" && next == "so") ||
        (w == "chuc" && (prev == "to" || next == "mung" || next == "nang" || next == "vu" || next == "danh")) ||
        (w == "tram" && (next == "y" || next == "bien" || next == "xang" || next == "thu")) ||
        (w == "tam" && prev == "trung") ||
        (w == "sau" && (next == "khi" || next == "do" || next == "nay" || next == "day" || next == "cung" ||
                        next == "hon" || next == "thoi")) ||
        (w == "bay" && next == "gio") || (w == "tam" && (next == "thoi" || next == "dung")) ||
        (w == "hai" && next == "long")) {
      return none;
    }
    if (w == "nam") {
      static const std::set<std::string, std::less<>> year_after = {"nay", "qua", "truoc", "sau", "toi", "hoc",
                                                                     "ngoai", "roi", "moi", "ngay"};
      static const std::set<std::string, std::less<>> year_before = {"trong", "cuoi", "dau", "ca", "moi", "hang",
                                                                      "nua", "cua", "cac", "nhung", "tung"};
      if (year_after.contains(next) || (i + 1 < t_.size() && t_[i + 1].kind == TokenKind::number)) return none;
      if (i > 0 && t_[i - 1].kind == TokenKind::word && year_before.contains(t_[i - 1].folded)) return none;
    }
    // "sau" without marks is "after" as often as six: only "sau mươi", "sau trăm" are certain.
    if (w == "sau" && written_as(i, "sau") && !is_multiplier(numeral(i + 1))) return unsure_from(i, i + 1);
    // Vague amounts: "vài", "dăm", "mấy", "hàng chục", "cả trăm", "hơn chục", "một vài".
    if (w == "vai" || w == "dam") return unsure_from(i, i + 1);
    if ((w == "may" || w == "hang" || w == "ca" || w == "hon") && is_multiplier(numeral(i + 1))) {
      return unsure_from(i, i + 2);
    }
    if (w == "mot" && (numeral(i + 1) == "vai" || next == "it")) return unsure_from(i, i + 2);
    if (w == "tram" || w == "nghin" || w == "ngan" || w == "trieu") return unsure_from(i, i + 1);
    if (!digit_words().contains(w) && w != "muoi" && w != "chuc") return none;
  } else if (first.kind == TokenKind::number) {
    // "20-25", "1,5", "60%": a range, a decimal, a share; not a count.
    const bool glued_next = i + 2 < t_.size() && t_[i + 2].kind == TokenKind::number && t_[i + 2].glued;
    if (i + 1 < t_.size() && t_[i + 1].glued) {
      const std::string& m = t_[i + 1].folded;
      if ((m == "-" || m == "," || (t_[i + 1].kind == TokenKind::mark && m.empty())) && glued_next) {
        return unsure_from(i, i + 3);
      }
      if (m == "%") return unsure_from(i, i + 2);
    }
    // "từ 20 đến 25", "20 tới 25".
    if (i + 2 < t_.size() && t_[i + 1].kind == TokenKind::word &&
        (t_[i + 1].folded == "den" || t_[i + 1].folded == "toi") && t_[i + 2].kind == TokenKind::number) {
      return unsure_from(i, i + 3);
    }
  } else {
    return none;
  }

  std::size_t k = i;
  long long total = 0, value = 0;
  bool unsure = false;
  long long last_scale = 0;
  if (first.kind == TokenKind::number && !(digits(i, 9) && first.folded.size() == 1 &&
                                            (numeral(i + 1) == "tram" || numeral(i + 1) == "muoi" ||
                                             numeral(i + 1) == "chuc"))) {
    value = first.value;  // digits, possibly followed by a scale ("3 nghìn", "15 triệu")
    k = i + 1;
  } else if (!group(k, value, unsure, false)) {
    return none;
  }
  while (!unsure) {
    const std::string_view s = numeral(k);
    long long scale = s == "nghin" || s == "ngan" ? 1000 : s == "trieu" ? 1000000 : 0;
    if (scale == 0 || (last_scale != 0 && scale >= last_scale) || value == 0 || value >= 1000) break;
    words_ = true;
    total += value * scale;
    value = 0;
    last_scale = scale;
    ++k;
    if (numeral(k) == "ruoi") {  // "nghìn rưỡi" = 1500
      total += scale / 2;
      ++k;
      break;
    }
    std::size_t at = k;
    long long rest = 0;
    if (group(at, rest, unsure, true)) {
      // "một nghìn hai": 1200 to some, 1002 to others.
      if (rest < 10 && at == k + 1 && numeral(k) != "" && digit_words().contains(numeral(k))) unsure = true;
      value = rest;
      k = at;
    }
  }
  total += value;
  if (unsure || continues_number(k)) return unsure_from(i, k);
  NumberRead r;
  r.status = Status::exact;
  r.length = k - i;
  r.value = total;
  r.in_words = words_;
  return r;
}

}  // namespace

NumberRead read_number(const std::vector<groups::Token>& tokens, std::size_t i, std::string_view text) {
  return NumberReader(tokens, text).read(i);
}

std::optional<long long> read_number_text(std::string_view text) {
  const auto tokens = groups::tokenize(text);
  if (tokens.empty()) return std::nullopt;
  const NumberRead r = read_number(tokens, 0, text);
  if (!r.exact() || r.length != tokens.size()) return std::nullopt;
  return r.value;
}

}  // namespace hocvuso::reports
