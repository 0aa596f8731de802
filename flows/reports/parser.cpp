// The report reader: one pass over the tokens with a small amount of look-ahead.
// Numbers attach to the indicator before them ("HD 25", "vneid=10") or after them
// ("2 buổi", "hai lớp"); a village phrase ("Bản Mòng", "tổ 5") opens a village's
// part; a period phrase ("tháng 11", "quý 3", "6 tháng đầu năm") sets the period.
// Whatever piece of the message gave nothing is returned as written, so the reply
// can name it instead of dropping it.
#include "flows/reports/parser.hpp"

#include <algorithm>
#include <array>
#include <map>
#include <set>

#include "flows/groups/words.hpp"

namespace hocvuso::reports {

namespace {

using groups::Token;
using groups::TokenKind;

struct Match {
  std::size_t length = 0;  // tokens taken; 0: no match
};

struct NumberMatch : Match {
  long long value = 0;
  bool in_words = false;
};

struct PeriodMatch : Match {
  Period period;
};

struct VillageMatch : Match {
  std::string display, key;
};

struct AliasMatch : Match {
  const Indicator* indicator = nullptr;
};

// Words that carry no figure: verbs, units, courtesy. A piece made only of these
// is not "unread".
const std::set<std::string, std::less<>>& filler() {
  static const std::set<std::string, std::less<>> words = {
      "bao", "cao", "baocao", "bc", "da", "duoc", "cho", "nguoi", "dan", "va", "voi", "cua", "o", "tai",
      "to", "chuc", "kich", "hoat", "ho", "tro", "tong", "so", "luot", "lan", "gom", "co", "cac", "nhung",
      "xa", "phuong", "thuc", "hien", "trien", "khai", "ket", "qua", "hoat", "dong", "cong", "tac", "trong",
      "khoang", "hon", "gan", "ca", "nhan", "hom", "nay", "le", "nhe", "a", "oi", "em", "anh", "chi", "ban",
      "thon", "mo", "dot", "cho", "con", "moi", "tren", "cap", "mot", "so", "thi", "la", "sau", "khi", "ve"};
  return words;
}

bool is_word(const std::vector<Token>& t, std::size_t i, std::string_view w) {
  return i < t.size() && t[i].kind == TokenKind::word && t[i].folded == w;
}
bool is_mark(const std::vector<Token>& t, std::size_t i, char c) {
  return i < t.size() && t[i].kind == TokenKind::mark && t[i].folded.size() == 1 && t[i].folded[0] == c;
}

class Reader {
 public:
  Reader(std::string_view text, const ReportContent& content, std::chrono::year_month_day today)
      : text_(text), content_(content), today_(today), t_(groups::tokenize(text)) {}

  ParsedReport run();

 private:
  // --- matchers (no side effects) ---
  NumberMatch number_at(std::size_t i) const;
  NumberMatch words_number_at(std::size_t i) const;
  AliasMatch alias_at(std::size_t i) const;
  PeriodMatch period_at(std::size_t i) const;
  VillageMatch village_at(std::size_t i) const;
  std::size_t year_after(std::size_t i, int& year) const;
  Period resolve(PeriodKind kind, int index, int year) const;
  bool starts_something(std::size_t i) const;
  bool ends_name(std::size_t i) const;

  // --- actions ---
  void assign(const Indicator* indicator, long long value);
  void drop_pending_indicator();
  void close_piece(std::size_t end_byte);

  std::string_view text_;
  const ReportContent& content_;
  std::chrono::year_month_day today_;
  std::vector<Token> t_;
  ParsedReport out_;

  const Indicator* pending_indicator_ = nullptr;
  bool bound_ = false;  // "=" or ":" after the pending indicator: the next number is its
  bool has_pending_number_ = false;
  long long pending_number_ = 0;
  bool pending_number_digits_ = false;

  std::size_t piece_begin_ = 0;
  bool piece_used_ = false, piece_unknown_ = false, piece_stray_ = false;
};

NumberMatch Reader::number_at(std::size_t i) const {
  NumberMatch m;
  if (i < t_.size() && t_[i].kind == TokenKind::number) {
    m.length = 1;
    m.value = t_[i].value;
    return m;
  }
  return words_number_at(i);
}

// "hai", "mười lăm", "hai mươi lăm", "một trăm hai mươi": up to 999 in words.
NumberMatch Reader::words_number_at(std::size_t i) const {
  static const std::map<std::string, int, std::less<>> digits = {
      {"mot", 1}, {"hai", 2}, {"ba", 3}, {"bon", 4}, {"nam", 5}, {"sau", 6}, {"bay", 7}, {"tam", 8}, {"chin", 9}};
  static const std::map<std::string, int, std::less<>> after_tens = {{"mot", 1}, {"tu", 4}, {"lam", 5}, {"nham", 5}};
  NumberMatch m;
  long long total = 0, group = 0;
  std::string prev;
  std::size_t k = i;
  for (; k < t_.size() && t_[k].kind == TokenKind::word; ++k) {
    const std::string& w = t_[k].folded;
    if (w == "muoi") {
      if (prev == "muoi" || (prev == "tram" && group != 0)) break;
      group = (group == 0 ? 1 : group) * 10;
    } else if (w == "tram") {
      if (prev == "tram" || prev == "muoi") break;
      total += (group == 0 ? 1 : group) * 100;
      group = 0;
    } else if (prev == "muoi" && after_tens.contains(w)) {
      group += after_tens.find(w)->second;
    } else if (auto d = digits.find(w); d != digits.end() && (prev.empty() || prev == "tram")) {
      // "bà con", "sau khi", "năm nay", "một số": the word is not a number there.
      if ((w == "ba" && is_word(t_, k + 1, "con")) || (w == "sau" && is_word(t_, k + 1, "khi")) ||
          (w == "mot" && is_word(t_, k + 1, "so")) ||
          (w == "nam" && (is_word(t_, k + 1, "nay") || is_word(t_, k + 1, "qua")))) {
        break;
      }
      group += d->second;
    } else {
      break;
    }
    prev = w;
  }
  if (k == i || total + group == 0) return m;
  m.length = k - i;
  m.value = total + group;
  m.in_words = true;
  return m;
}

AliasMatch Reader::alias_at(std::size_t i) const {
  AliasMatch best;
  for (const auto& ind : content_.indicators) {
    for (const auto& alias : ind.aliases) {
      if (alias.size() <= best.length || i + alias.size() > t_.size()) continue;
      bool ok = true;
      for (std::size_t k = 0; k < alias.size() && ok; ++k) {
        const Token& tok = t_[i + k];
        ok = (tok.kind == TokenKind::word || tok.kind == TokenKind::number) && tok.folded == alias[k];
      }
      if (ok) {
        best.length = alias.size();
        best.indicator = &ind;
      }
    }
  }
  return best;
}

// "/2026", "-2026", "năm 2026" after a period phrase.
std::size_t Reader::year_after(std::size_t i, int& year) const {
  std::size_t k = i;
  if (is_mark(t_, k, '/') || is_mark(t_, k, '-') || is_word(t_, k, "nam")) ++k;
  if (k < t_.size() && t_[k].kind == TokenKind::number && t_[k].value >= 2000 && t_[k].value <= 2100 && k > i - 0) {
    year = static_cast<int>(t_[k].value);
    return k + 1 - i;
  }
  return 0;
}

// A named month or quarter without a year is the latest one that has begun.
Period Reader::resolve(PeriodKind kind, int index, int year) const {
  if (year != 0) return Period{kind, year, index};
  Period p{kind, static_cast<int>(today_.year()), index};
  if (day_number(p.first_day()) > day_number(today_)) --p.year;
  return p;
}

PeriodMatch Reader::period_at(std::size_t i) const {
  PeriodMatch m;
  if (i >= t_.size()) return m;
  int year = 0;
  auto with_year = [&](PeriodKind kind, int index, std::size_t used) {
    year = 0;
    used += year_after(i + used, year);
    m.period = resolve(kind, index, year);
    m.length = used;
    return m;
  };
  auto small_number = [&](std::size_t k, int max) -> int {
    NumberMatch n = number_at(k);
    return n.length == 1 && n.value >= 1 && n.value <= max ? static_cast<int>(n.value) : 0;
  };
  const Token& tok = t_[i];
  if (tok.kind == TokenKind::word) {
    const std::string& w = tok.folded;
    if (w == "thang") {
      if (is_word(t_, i + 1, "nay")) return with_year(PeriodKind::month, Period::containing(PeriodKind::month, today_).index, 2);
      if (int mth = small_number(i + 1, 12)) {
        // "tháng 6 đầu năm" is not a thing; "6 tháng đầu năm" is handled at the number.
        return with_year(PeriodKind::month, mth, 2);
      }
    }
    if (w == "quy") {
      static const std::map<std::string, int, std::less<>> roman = {{"i", 1}, {"ii", 2}, {"iii", 3}, {"iv", 4}};
      if (is_word(t_, i + 1, "nay")) return with_year(PeriodKind::quarter, Period::containing(PeriodKind::quarter, today_).index, 2);
      if (int q = small_number(i + 1, 4)) return with_year(PeriodKind::quarter, q, 2);
      if (i + 1 < t_.size()) {
        if (auto r = roman.find(t_[i + 1].folded); r != roman.end()) return with_year(PeriodKind::quarter, r->second, 2);
      }
    }
    // "q3", "t11", "h1": a letter glued to its number.
    if ((w == "q" || w == "t" || w == "h") && i + 1 < t_.size() && t_[i + 1].kind == TokenKind::number && t_[i + 1].glued) {
      const int v = static_cast<int>(t_[i + 1].value);
      if (w == "q" && v >= 1 && v <= 4) return with_year(PeriodKind::quarter, v, 2);
      if (w == "t" && v >= 1 && v <= 12) return with_year(PeriodKind::month, v, 2);
      if (w == "h" && v >= 1 && v <= 2) return with_year(PeriodKind::half, v, 2);
    }
    if (w == "nua" && (is_word(t_, i + 1, "dau") || is_word(t_, i + 1, "cuoi")) && is_word(t_, i + 2, "nam")) {
      std::size_t used = 3;
      if (i + 3 < t_.size() && t_[i + 3].kind == TokenKind::number && t_[i + 3].value >= 2000 && t_[i + 3].value <= 2100) {
        m.period = Period{PeriodKind::half, static_cast<int>(t_[i + 3].value), is_word(t_, i + 1, "dau") ? 1 : 2};
        m.length = 4;
        return m;
      }
      return with_year(PeriodKind::half, is_word(t_, i + 1, "dau") ? 1 : 2, used);
    }
    if (w == "nam" && is_word(t_, i + 1, "nay")) {
      m.period = Period::containing(PeriodKind::year, today_);
      m.length = 2;
      return m;
    }
    if (w == "ca" && is_word(t_, i + 1, "nam")) {
      year = 0;
      std::size_t used = 2;
      if (i + 2 < t_.size() && t_[i + 2].kind == TokenKind::number && t_[i + 2].value >= 2000 && t_[i + 2].value <= 2100) {
        year = static_cast<int>(t_[i + 2].value);
        ++used;
      }
      m.period = Period{PeriodKind::year, year != 0 ? year : static_cast<int>(today_.year()), 1};
      m.length = used;
      return m;
    }
    if (w == "nam" && i + 1 < t_.size() && t_[i + 1].kind == TokenKind::number && t_[i + 1].value >= 2000 &&
        t_[i + 1].value <= 2100) {
      m.period = Period{PeriodKind::year, static_cast<int>(t_[i + 1].value), 1};
      m.length = 2;
      return m;
    }
  }
  // "6 tháng đầu năm", "sáu tháng cuối năm 2026".
  NumberMatch n = number_at(i);
  if (n.length != 0 && n.value == 6 && is_word(t_, i + n.length, "thang") &&
      (is_word(t_, i + n.length + 1, "dau") || is_word(t_, i + n.length + 1, "cuoi"))) {
    const int half = is_word(t_, i + n.length + 1, "dau") ? 1 : 2;
    std::size_t used = n.length + 2;
    if (is_word(t_, i + used, "nam") && !(i + used + 1 < t_.size() && t_[i + used + 1].kind == TokenKind::number)) ++used;
    return with_year(PeriodKind::half, half, used);
  }
  return m;
}

bool Reader::starts_something(std::size_t i) const {
  return alias_at(i).length != 0 || period_at(i).length != 0;
}

// Words that end a village name: the verbs a report goes on with, or another village.
bool Reader::ends_name(std::size_t i) const {
  static const std::set<std::string, std::less<>> single = {"da", "duoc", "cho", "va", "voi", "gom", "dang", "tong",
                                                            "ban", "thon", "xom", "khoi", "tieu", "tdp",
                                                            "thang", "quy"};
  const std::string& w = t_[i].folded;
  if (single.contains(w)) return true;
  return (w == "ho" && is_word(t_, i + 1, "tro")) || (w == "to" && is_word(t_, i + 1, "chuc")) ||
         (w == "kich" && is_word(t_, i + 1, "hoat")) || (w == "huong" && is_word(t_, i + 1, "dan"));
}

VillageMatch Reader::village_at(std::size_t i) const {
  struct Prefix {
    std::array<const char*, 3> words;
    std::size_t n;
    const char* display;
    bool needs_number;
  };
  static const std::array<Prefix, 8> prefixes = {{
      {{"to", "dan", "pho"}, 3, "Tổ dân phố", false},
      {{"tieu", "khu", nullptr}, 2, "Tiểu khu", false},
      {{"ban", nullptr, nullptr}, 1, "Bản", false},
      {{"thon", nullptr, nullptr}, 1, "Thôn", false},
      {{"xom", nullptr, nullptr}, 1, "Xóm", false},
      {{"khoi", nullptr, nullptr}, 1, "Khối", false},
      {{"tdp", nullptr, nullptr}, 1, "Tổ dân phố", true},
      {{"to", nullptr, nullptr}, 1, "Tổ", true},
  }};
  VillageMatch m;
  for (const auto& p : prefixes) {
    bool ok = true;
    for (std::size_t k = 0; k < p.n && ok; ++k) ok = is_word(t_, i + k, p.words[k]);
    if (!ok) continue;
    std::size_t k = i + p.n;
    std::string key;
    for (std::size_t w = 0; w < p.n; ++w) key += std::string(w ? " " : "") + p.words[w];
    if (k < t_.size() && t_[k].kind == TokenKind::number && !starts_something(k)) {
      m.display = std::string(p.display) + " " + t_[k].folded;
      m.key = key + " " + t_[k].folded;
      m.length = k + 1 - i;
      return m;
    }
    if (p.needs_number) continue;
    const std::size_t name_begin = k;
    while (k < t_.size() && k - name_begin < 3 && t_[k].kind == TokenKind::word && !starts_something(k) &&
           !ends_name(k)) {
      key += " " + t_[k].folded;
      ++k;
    }
    if (k == name_begin) continue;
    m.display = std::string(p.display) + " " +
                groups::title_case(text_.substr(t_[name_begin].begin, t_[k - 1].end - t_[name_begin].begin));
    m.key = key;
    m.length = k - i;
    return m;
  }
  return m;
}

void Reader::assign(const Indicator* indicator, long long value) {
  auto& values = out_.parts.back().values;
  auto it = std::find_if(values.begin(), values.end(), [&](const auto& v) { return v.first == indicator->id; });
  if (it != values.end()) {
    it->second = value;
  } else {
    values.emplace_back(indicator->id, value);
  }
  if (pending_indicator_ == indicator) pending_indicator_ = nullptr;
  bound_ = false;
  piece_used_ = true;
}

void Reader::drop_pending_indicator() {
  if (pending_indicator_ != nullptr) {
    if (std::find(out_.no_number.begin(), out_.no_number.end(), pending_indicator_->id) == out_.no_number.end()) {
      out_.no_number.push_back(pending_indicator_->id);
    }
  }
  pending_indicator_ = nullptr;
  bound_ = false;
}

void Reader::close_piece(std::size_t end_byte) {
  if (has_pending_number_ && pending_number_digits_) piece_stray_ = true;
  has_pending_number_ = false;
  drop_pending_indicator();
  if (piece_stray_ || (!piece_used_ && piece_unknown_)) {
    std::string piece(text_.substr(piece_begin_, end_byte - piece_begin_));
    const auto first = piece.find_first_not_of(" \t\r\n:-");
    const auto last = piece.find_last_not_of(" \t\r\n:-");
    if (first != std::string::npos) out_.unread.push_back(piece.substr(first, last - first + 1));
  }
  piece_used_ = piece_unknown_ = piece_stray_ = false;
}

ParsedReport Reader::run() {
  out_.parts.emplace_back();
  std::size_t i = 0;
  // The "#baocao" / "báo cáo" that starts a message is not part of any piece.
  if (is_mark(t_, i, '#')) ++i;
  if (is_word(t_, i, "baocao") || (is_mark(t_, 0, '#') && is_word(t_, i, "bc"))) {
    ++i;
  } else if (is_word(t_, i, "bao") && is_word(t_, i + 1, "cao")) {
    i += 2;
  } else {
    i = 0;
  }
  if (i > 0) piece_begin_ = t_[i - 1].end;
  while (i < t_.size()) {
    const Token& tok = t_[i];
    if (tok.kind == TokenKind::end_of_piece) {
      close_piece(tok.begin);
      piece_begin_ = tok.end;
      ++i;
      continue;
    }
    if (tok.kind == TokenKind::mark) {
      if (tok.folded == "=" || tok.folded == ":") {
        if (pending_indicator_ != nullptr) bound_ = true;
        // "13: hd 3": a number does not reach across a colon to the indicator after it.
        if (has_pending_number_ && pending_number_digits_) piece_stray_ = true;
        has_pending_number_ = false;
      }
      ++i;
      continue;
    }
    if (auto p = period_at(i); p.length != 0) {
      out_.period = p.period;
      piece_used_ = true;
      i += p.length;
      continue;
    }
    if (auto v = village_at(i); v.length != 0) {
      drop_pending_indicator();
      has_pending_number_ = false;
      ReportPart& current = out_.parts.back();
      if (!current.village_key.empty()) out_.parts.emplace_back();
      out_.parts.back().village = v.display;
      out_.parts.back().village_key = v.key;
      piece_used_ = true;
      i += v.length;
      continue;
    }
    if (auto a = alias_at(i); a.length != 0) {
      if (has_pending_number_) {
        assign(a.indicator, pending_number_);
        has_pending_number_ = false;
      } else {
        if (pending_indicator_ != a.indicator) drop_pending_indicator();
        pending_indicator_ = a.indicator;
        piece_used_ = true;
      }
      i += a.length;
      continue;
    }
    if (auto n = number_at(i); n.length != 0) {
      const std::size_t next = i + n.length;
      AliasMatch after = alias_at(next);
      bool to_pending = pending_indicator_ != nullptr;
      if (to_pending && !bound_ && after.length != 0) {
        // "vneid 10 dvc 5": dvc has its own number, so 10 is vneid's; "hướng dẫn 2 buổi": 2 is buổi's.
        std::size_t k = next + after.length;
        while (is_mark(t_, k, '=') || is_mark(t_, k, ':')) ++k;
        to_pending = number_at(k).length != 0;
      }
      if (to_pending) {
        assign(pending_indicator_, n.value);
      } else if (after.length != 0) {
        if (has_pending_number_ && pending_number_digits_) piece_stray_ = true;
        has_pending_number_ = true;
        pending_number_ = n.value;
        pending_number_digits_ = !n.in_words;
      } else if (!n.in_words) {
        if (has_pending_number_ && pending_number_digits_) piece_stray_ = true;
        has_pending_number_ = true;
        pending_number_ = n.value;
        pending_number_digits_ = true;
      }
      i = next;
      continue;
    }
    if (!filler().contains(tok.folded)) piece_unknown_ = true;
    ++i;
  }
  close_piece(text_.size());
  // A leading part with neither village nor figures was only the "#baocao" line.
  std::erase_if(out_.parts, [](const ReportPart& p) { return p.village_key.empty() && p.values.empty(); });
  // Indicators that did get a number later are not "without number".
  std::erase_if(out_.no_number, [&](const std::string& id) {
    return std::any_of(out_.parts.begin(), out_.parts.end(), [&](const ReportPart& p) {
      return std::any_of(p.values.begin(), p.values.end(), [&](const auto& v) { return v.first == id; });
    });
  });
  return out_;
}

}  // namespace

bool ParsedReport::has_values() const {
  return std::any_of(parts.begin(), parts.end(), [](const ReportPart& p) { return !p.values.empty(); });
}

ParsedReport parse_report(std::string_view text, const ReportContent& content, std::chrono::year_month_day today) {
  return Reader(text, content, today).run();
}

bool looks_like_report(std::string_view text) {
  const auto tokens = groups::tokenize(text);
  std::size_t i = 0;
  const bool hash = !tokens.empty() && tokens[0].kind == TokenKind::mark && tokens[0].folded == "#";
  if (hash) ++i;
  if (is_word(tokens, i, "baocao")) return true;
  if (is_word(tokens, i, "bao") && is_word(tokens, i + 1, "cao")) return true;
  return hash && is_word(tokens, i, "bc");
}

}  // namespace hocvuso::reports
