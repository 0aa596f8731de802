// The report reader: one pass over the tokens with a small amount of look-ahead.
// At each token, in this order: a period phrase ("tháng 11", "quý 3", "6 tháng đầu
// năm") sets the period; a village phrase ("Bản Mòng", "Tổ 5", "Tiểu khu 3") opens a
// village's part; digits that are names ("mức 2", "ngày 3/12", "45/KH-UBND", a phone
// number, "8 giờ") are passed over; an indicator's alias, the longest first and
// numbers in it included ("VNeID mức 2"), is taken whole; then a number
// (flows/reports/numbers.hpp) attaches to the indicator before it ("HD 25",
// "vneid=10") or after it ("2 buổi", "hai lớp").
//
// Figures wait in their piece (the text between , ; . and line breaks) until it ends:
// a piece with a number left over, an unsure amount or one indicator twice gives none
// of them and is listed as unread; an indicator given twice in one village across
// pieces is unread in both.
#include "flows/reports/parser.hpp"

#include <algorithm>
#include <array>
#include <map>
#include <set>

#include "flows/groups/words.hpp"
#include "flows/reports/numbers.hpp"

namespace hocvuso::reports {

namespace {

using groups::Token;
using groups::TokenKind;

struct Match {
  std::size_t length = 0;  // tokens taken; 0: no match
};

struct PeriodMatch : Match {
  Period period;
  std::optional<PeriodProblem::Kind> problem;
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
      "thon", "mo", "dot", "cho", "con", "moi", "tren", "cap", "mot", "so", "thi", "la", "sau", "khi", "ve",
      "khoan", "ngay", "ng", "can", "lien", "he", "sdt", "dt", "truong"};
  return words;
}

bool is_word(const std::vector<Token>& t, std::size_t i, std::string_view w) {
  return i < t.size() && t[i].kind == TokenKind::word && t[i].folded == w;
}
bool is_mark(const std::vector<Token>& t, std::size_t i, char c) {
  return i < t.size() && t[i].kind == TokenKind::mark && t[i].folded.size() == 1 && t[i].folded[0] == c;
}
bool is_number(const std::vector<Token>& t, std::size_t i) { return i < t.size() && t[i].kind == TokenKind::number; }

// How many tokens open a report: "#baocao", "báo cáo", "#bc", or "bc" followed by ":" as a
// leader shortens it ("bc: hd 20 ng"; the ":" stays, a piece's own mark). 0: the message
// is no report. "bc" with neither "#" nor ":" is too common in chatter to mean one.
std::size_t report_start_length(const std::vector<Token>& t) {
  const bool hash = is_mark(t, 0, '#');
  const std::size_t i = hash ? 1 : 0;
  if (is_word(t, i, "baocao")) return i + 1;
  if (is_word(t, i, "bao") && is_word(t, i + 1, "cao")) return i + 2;
  if (is_word(t, i, "bc") && (hash || is_mark(t, i + 1, ':'))) return i + 1;
  return 0;
}

// A figure read in the current piece, committed when the piece ends well.
struct PendingFigure {
  std::size_t part;
  const Indicator* indicator;
  long long value;
  std::size_t begin, end;  // bytes of the words it came from
};

class Reader {
 public:
  Reader(std::string_view text, const ReportContent& content, std::chrono::year_month_day today, Reading reading)
      : text_(text), content_(content), today_(today), reading_(reading), t_(groups::tokenize(text)) {
    for (const auto& ind : content_.indicators) {
      for (const auto& alias : ind.aliases) {
        if (!alias.empty()) by_first_word_[alias.front()].emplace_back(&alias, &ind);
      }
    }
  }

  ParsedReport run();

 private:
  // --- matchers (no side effects) ---
  NumberRead number_at(std::size_t i) const { return read_number(t_, i, text_); }
  AliasMatch alias_at(std::size_t i) const;
  bool phrase_at(std::size_t i, const std::vector<std::string>& phrase) const;
  bool unsure_alias(const AliasMatch& a, std::size_t i) const;
  bool other_unit(const Indicator* indicator, std::size_t i) const;
  PeriodMatch period_at(std::size_t i) const;
  VillageMatch village_at(std::size_t i) const;
  std::size_t name_at(std::size_t i) const;
  std::size_t year_after(std::size_t i, int& year) const;
  PeriodMatch resolve(PeriodKind kind, int index, int year, std::size_t length) const;
  bool starts_something(std::size_t i) const;
  bool approximate_before(std::size_t i) const;
  bool counts_other_thing(std::size_t i) const;
  std::size_t plan_at(std::size_t i) const;
  std::size_t cumulative_at(std::size_t i) const;
  bool negation_at(std::size_t i) const;
  bool ends_name(std::size_t i) const;
  std::size_t unit_after(std::size_t i) const;

  // --- actions ---
  void assign(const Indicator* indicator, long long value, std::size_t begin, std::size_t end);
  void drop_pending_indicator();
  void met_other_figure(const Indicator* indicator);
  void close_piece(std::size_t end_byte);
  void set_period(const PeriodMatch& p, std::size_t i);
  std::string piece_text(std::size_t begin, std::size_t end) const;

  std::string_view text_;
  const ReportContent& content_;
  std::chrono::year_month_day today_;
  Reading reading_;
  std::vector<Token> t_;
  // Aliases by their first word: the reader looks for one at every token.
  std::map<std::string, std::vector<std::pair<const std::vector<std::string>*, const Indicator*>>, std::less<>>
      by_first_word_;
  ParsedReport out_;

  const Indicator* pending_indicator_ = nullptr;
  // An alias that names another figure here ("cài vneid"): the next number is not its.
  const Indicator* pending_other_ = nullptr;
  std::size_t pending_indicator_begin_ = 0;
  bool bound_ = false;  // "=" or ":" after the pending indicator: the next number is its
  bool has_pending_number_ = false;
  long long pending_number_ = 0;
  std::size_t pending_number_begin_ = 0;
  std::size_t pending_number_next_ = 0;  // the token after it

  std::size_t piece_begin_ = 0;
  bool piece_used_ = false, piece_unknown_ = false, piece_unsure_ = false;
  std::vector<PendingFigure> piece_figures_;
  // Indicators given twice in one village: (part, id) -> their phrases.
  std::map<std::pair<std::size_t, std::string>, std::vector<std::string>> twice_;
  std::size_t other_begin_ = 0, last_other_ = static_cast<std::size_t>(-2);
  // Indicators named without a number, with the part they were named in.
  std::vector<std::pair<std::size_t, std::string>> no_number_;
};

AliasMatch Reader::alias_at(std::size_t i) const {
  AliasMatch best;
  if (i >= t_.size() || (t_[i].kind != TokenKind::word && t_[i].kind != TokenKind::number)) return best;
  auto first = by_first_word_.find(t_[i].folded);
  if (first == by_first_word_.end()) return best;
  // The longest alias wins; between equals, the first in content order.
  for (const auto& [alias, indicator] : first->second) {
    if (alias->size() <= best.length || i + alias->size() > t_.size()) continue;
    bool ok = true;
    for (std::size_t k = 0; k < alias->size() && ok; ++k) {
      const Token& tok = t_[i + k];
      ok = (tok.kind == TokenKind::word || tok.kind == TokenKind::number) && tok.folded == (*alias)[k];
    }
    if (ok) {
      best.length = alias->size();
      best.indicator = indicator;
    }
  }
  return best;
}

// The words from i on are `phrase` (folded words or numbers).
bool Reader::phrase_at(std::size_t i, const std::vector<std::string>& phrase) const {
  for (std::size_t n = 0; n < phrase.size(); ++n) {
    const std::size_t k = i + n;
    if (k >= t_.size() || (t_[k].kind != TokenKind::word && t_[k].kind != TokenKind::number) ||
        t_[k].folded != phrase[n])
      return false;
  }
  return true;
}

// The alias at i names another figure: a phrase of the indicator's unsure_before ends
// right before it, or one of its unsure_after starts right after it.
bool Reader::unsure_alias(const AliasMatch& a, std::size_t i) const {
  for (const auto& p : a.indicator->unsure_before)
    if (p.size() <= i && phrase_at(i - p.size(), p)) return true;
  for (const auto& p : a.indicator->unsure_after)
    if (phrase_at(i + a.length, p)) return true;
  return false;
}

// The words at i are one of the indicator's other_units ("10 hộ" for people guided).
bool Reader::other_unit(const Indicator* indicator, std::size_t i) const {
  return std::any_of(indicator->other_units.begin(), indicator->other_units.end(),
                     [&](const auto& p) { return phrase_at(i, p); });
}

// "/2026", "-2026", "năm 2026" after a period phrase.
std::size_t Reader::year_after(std::size_t i, int& year) const {
  std::size_t k = i;
  if (is_mark(t_, k, '/') || is_mark(t_, k, '-') || is_word(t_, k, "nam")) ++k;
  if (is_number(t_, k) && t_[k].value >= 2000 && t_[k].value <= 2100) {
    year = static_cast<int>(t_[k].value);
    return k + 1 - i;
  }
  return 0;
}

// A named month or quarter without a year is the latest one that has begun; one with
// a year that has not begun is refused.
PeriodMatch Reader::resolve(PeriodKind kind, int index, int year, std::size_t length) const {
  PeriodMatch m;
  m.length = length;
  if (year != 0) {
    m.period = Period{kind, year, index};
    if (day_number(m.period.first_day()) > day_number(today_)) m.problem = PeriodProblem::Kind::future;
    return m;
  }
  m.period = Period{kind, static_cast<int>(today_.year()), index};
  if (day_number(m.period.first_day()) > day_number(today_)) --m.period.year;
  return m;
}

PeriodMatch Reader::period_at(std::size_t i) const {
  PeriodMatch m;
  if (i >= t_.size()) return m;
  auto with_year = [&](PeriodKind kind, int index, std::size_t used) {
    int year = 0;
    used += year_after(i + used, year);
    return resolve(kind, index, year, used);
  };
  // The index after "tháng"/"quý": digits or words ("tháng mười hai"); out of range is a problem.
  auto index_after = [&](std::size_t k, int max, PeriodKind kind) -> PeriodMatch {
    PeriodMatch r;
    const NumberRead n = number_at(k);
    if (!n.exact() || n.value > 99) return r;
    if (n.value < 1 || n.value > max) {
      r.length = k - i + n.length;
      int year = 0;
      r.length += year_after(i + r.length, year);
      r.problem = PeriodProblem::Kind::not_exist;
      return r;
    }
    return with_year(kind, static_cast<int>(n.value), k - i + n.length);
  };
  const Token& tok = t_[i];
  if (tok.kind == TokenKind::word) {
    const std::string& w = tok.folded;
    if (w == "thang") {
      if (is_word(t_, i + 1, "nay")) return with_year(PeriodKind::month, Period::containing(PeriodKind::month, today_).index, 2);
      if (auto r = index_after(i + 1, 12, PeriodKind::month); r.length != 0) return r;
    }
    if (w == "quy") {
      static const std::map<std::string, int, std::less<>> roman = {{"i", 1}, {"ii", 2}, {"iii", 3}, {"iv", 4}};
      if (is_word(t_, i + 1, "nay")) return with_year(PeriodKind::quarter, Period::containing(PeriodKind::quarter, today_).index, 2);
      if (auto r = index_after(i + 1, 4, PeriodKind::quarter); r.length != 0) return r;
      if (i + 1 < t_.size()) {
        if (auto r = roman.find(t_[i + 1].folded); r != roman.end()) return with_year(PeriodKind::quarter, r->second, 2);
      }
    }
    // "q3", "t11", "h1": a letter glued to its number.
    if ((w == "q" || w == "t" || w == "h") && is_number(t_, i + 1) && t_[i + 1].glued) {
      const int v = static_cast<int>(t_[i + 1].value);
      const int max = w == "q" ? 4 : w == "t" ? 12 : 2;
      const PeriodKind kind = w == "q" ? PeriodKind::quarter : w == "t" ? PeriodKind::month : PeriodKind::half;
      if (v >= 1 && v <= max) return with_year(kind, v, 2);
      if (w != "h") {  // "8h" is a time, not a half-year
        m.length = 2;
        m.problem = PeriodProblem::Kind::not_exist;
        return m;
      }
    }
    if (w == "nua" && (is_word(t_, i + 1, "dau") || is_word(t_, i + 1, "cuoi")) && is_word(t_, i + 2, "nam")) {
      const int half = is_word(t_, i + 1, "dau") ? 1 : 2;
      if (is_number(t_, i + 3) && t_[i + 3].value >= 2000 && t_[i + 3].value <= 2100) {
        return resolve(PeriodKind::half, half, static_cast<int>(t_[i + 3].value), 4);
      }
      return with_year(PeriodKind::half, half, 3);
    }
    if (w == "nam" && is_word(t_, i + 1, "nay")) {
      m.period = Period::containing(PeriodKind::year, today_);
      m.length = 2;
      return m;
    }
    if (w == "ca" && is_word(t_, i + 1, "nam")) {
      if (is_number(t_, i + 2) && t_[i + 2].value >= 2000 && t_[i + 2].value <= 2100) {
        return resolve(PeriodKind::year, 1, static_cast<int>(t_[i + 2].value), 3);
      }
      m.period = Period{PeriodKind::year, static_cast<int>(today_.year()), 1};
      m.length = 2;
      return m;
    }
    if (w == "nam" && is_number(t_, i + 1) && t_[i + 1].value >= 2000 && t_[i + 1].value <= 2100) {
      return resolve(PeriodKind::year, 1, static_cast<int>(t_[i + 1].value), 2);
    }
  }
  // "6 tháng đầu năm", "sáu tháng cuối năm 2026".
  NumberRead n = number_at(i);
  if (n.exact() && n.value == 6 && is_word(t_, i + n.length, "thang") &&
      (is_word(t_, i + n.length + 1, "dau") || is_word(t_, i + n.length + 1, "cuoi"))) {
    const int half = is_word(t_, i + n.length + 1, "dau") ? 1 : 2;
    std::size_t used = n.length + 2;
    if (is_word(t_, i + used, "nam") && !is_number(t_, i + used + 1)) ++used;
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
                                                            "thang", "quy", "ngay"};
  const std::string& w = t_[i].folded;
  if (single.contains(w)) return true;
  // "tại bản Mòng có 35 người": "có" with its mark (unmarked "co" begins names: Co Mạ).
  const std::string_view raw = text_.substr(t_[i].begin, t_[i].end - t_[i].begin);
  if (raw == "có" || raw == "Có" || raw == "CÓ") return true;
  // "Bản Mòng tuần này: …" is Bản Mòng: a time phrase after the name is not part of it.
  const bool time_after = (w == "tuan" || w == "hom" || w == "dot") &&
                          (is_word(t_, i + 1, "nay") || is_word(t_, i + 1, "qua") || is_word(t_, i + 1, "truoc"));
  return time_after || (w == "ho" && is_word(t_, i + 1, "tro")) || (w == "to" && is_word(t_, i + 1, "chuc")) ||
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
    if (is_number(t_, k) && !starts_something(k)) {
      m.display = std::string(p.display) + " " + t_[k].folded;
      m.key = key + " " + t_[k].folded;
      m.length = k + 1 - i;
      return m;
    }
    if (p.needs_number) continue;
    const std::size_t name_begin = k;
    // A one-word alias is a name's word at its start ("Bản Pá Lông" is not "bản" + "pa",
    // phản ánh: a name never starts with a figure's word) and where no figure of its own
    // follows it: another figure's word, or a colon and a word ("Bản Hua Pá hd 8", "Bản Hua
    // Pá: hd 8"; "Bản Mòng pa: 3" and "Bản Mòng pa 3" are figures).
    auto in_name = [&](std::size_t at) {
      if (ends_name(at)) return false;
      if (period_at(at).length == 0 && alias_at(at).length == 1 &&
          (at == name_begin || alias_at(at + 1).length != 0 ||
           (is_mark(t_, at + 1, ':') && at + 2 < t_.size() && t_[at + 2].kind == TokenKind::word)))
        return true;
      return !starts_something(at);
    };
    while (k < t_.size() && k - name_begin < 3 && t_[k].kind == TokenKind::word && in_name(k)) {
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

// "khoảng 20", "hơn 20", "gần 20", "trên 20": an official figure is exact, so the
// leader is asked for it rather than 20 recorded.
bool Reader::approximate_before(std::size_t i) const {
  static const std::set<std::string, std::less<>> words = {"khoang", "hon", "gan", "tren", "duoi", "chung", "ngot"};
  if (i == 0 || t_[i - 1].kind != TokenKind::word) return false;
  return words.contains(t_[i - 1].folded) || (i >= 2 && is_word(t_, i - 2, "xap") && is_word(t_, i - 1, "xi"));
}

// A number that counts something no indicator counts: "hd 2 bản, 45 người" (villages),
// "tại 2 điểm", "3 tổ viên". Not when the word starts a village's name ("25 bản Mòng").
bool Reader::counts_other_thing(std::size_t i) const {
  static const std::set<std::string, std::less<>> single = {"ban", "thon", "xom", "diem", "noi", "cuoc"};
  if (i >= t_.size() || t_[i].kind != TokenKind::word) return false;
  const std::string& w = t_[i].folded;
  if (single.contains(w)) return village_at(i).length == 0;
  return (w == "to" && is_word(t_, i + 1, "vien")) || (w == "thanh" && is_word(t_, i + 1, "vien")) ||
         (w == "can" && is_word(t_, i + 1, "bo")) || (w == "doan" && is_word(t_, i + 1, "vien")) ||
         (w == "tinh" && is_word(t_, i + 1, "nguyen"));
}

// "kế hoạch", "dự kiến", "chỉ tiêu", "mục tiêu", "phấn đấu", "dự định": in a report,
// figures not yet done; the tokens taken (0: none).
std::size_t Reader::plan_at(std::size_t i) const {
  static const std::array<std::array<const char*, 2>, 6> phrases = {
      {{"ke", "hoach"}, {"du", "kien"}, {"chi", "tieu"}, {"muc", "tieu"}, {"phan", "dau"}, {"du", "dinh"}}};
  for (const auto& p : phrases)
    if (is_word(t_, i, p[0]) && is_word(t_, i + 1, p[1])) return 2;
  return 0;
}

// "chưa", "không", "ko": "10 người chưa kích hoạt được vneid" counts people
// not yet helped, so the piece is unread rather than 10 activations counted. An alias
// that holds the word ("thanh toán không dùng tiền mặt") was taken before it is met.
bool Reader::negation_at(std::size_t i) const {
  static const std::set<std::string, std::less<>> words = {"chua", "khong", "ko", "khg"};
  return t_[i].kind == TokenKind::word && words.contains(t_[i].folded);
}

// "lũy kế", "cộng dồn": a running total since the start, not the period's work; the
// tokens taken (0: none).
std::size_t Reader::cumulative_at(std::size_t i) const {
  return (is_word(t_, i, "luy") && is_word(t_, i + 1, "ke")) || (is_word(t_, i, "cong") && is_word(t_, i + 1, "don"))
             ? 2
             : 0;
}

// Digits that name something rather than count it; the tokens to pass over (0: none).
std::size_t Reader::name_at(std::size_t i) const {
  const Token& tok = t_[i];
  if (tok.kind == TokenKind::word) {
    const std::string& w = tok.folded;
    // "mức 2", "cấp 3", "khu 4", "đội 2", "số 123" (but "tổng số 25" is a count).
    const bool label = w == "muc" || w == "cap" || w == "khu" || w == "doi" || w == "phong" ||
                       (w == "so" && !(i > 0 && is_word(t_, i - 1, "tong")));
    if (label) {
      // One number only: "mức 2 một trăm" is level 2, then a hundred.
      const NumberRead n = number_at(i + 1);
      const bool one = is_number(t_, i + 1) || (w != "so" && n.exact() && n.length == 1);
      if (one) {
        std::size_t k = i + 2;
        while (k + 1 < t_.size() && t_[k].glued && (is_mark(t_, k, '/') || is_mark(t_, k, '-')) && t_[k + 1].glued) {
          k += 2;
        }
        return k - i;
      }
    }
    // "ngày 3/12", "ngày 3 tháng 12 năm 2026", "ngày 20".
    if (w == "ngay" && is_number(t_, i + 1)) {
      std::size_t k = i + 2;
      while (k + 1 < t_.size() && (is_mark(t_, k, '/') || is_mark(t_, k, '-')) && is_number(t_, k + 1)) k += 2;
      if (is_word(t_, k, "thang") && is_number(t_, k + 1)) {
        k += 2;
        if ((is_word(t_, k, "nam") || is_mark(t_, k, '/')) && is_number(t_, k + 1)) k += 2;
      }
      return k - i;
    }
    return 0;
  }
  if (tok.kind != TokenKind::number) return 0;
  // A phone number: a leading 0, or eight digits and more, with its groups ("0912 345 678").
  if ((tok.folded.size() >= 2 && tok.folded[0] == '0') || tok.folded.size() >= 8) {
    std::size_t digits = tok.folded.size(), k = i + 1;
    while (is_number(t_, k) && digits + t_[k].folded.size() <= 11 && t_[k].folded.size() >= 2) {
      digits += t_[k].folded.size();
      ++k;
    }
    return k - i;
  }
  // "3/12", "12/11/2026", "45/KH-UBND": a date or a document's number.
  if (i + 1 < t_.size() && t_[i + 1].glued && is_mark(t_, i + 1, '/')) {
    std::size_t k = i + 1;
    while (k + 1 < t_.size() && t_[k].glued && (is_mark(t_, k, '/') || is_mark(t_, k, '-')) && t_[k + 1].glued &&
           t_[k + 1].kind != TokenKind::mark) {
      k += 2;
    }
    return k - i;
  }
  // "8 giờ", "8h", "8h30", "3 ngày", "60 tuổi": a time, a length of time, an age.
  static const std::set<std::string, std::less<>> units = {"gio", "phut", "ngay", "tuan", "tuoi", "thang", "nam"};
  if (i + 1 < t_.size() && t_[i + 1].kind == TokenKind::word) {
    const std::string& u = t_[i + 1].folded;
    if ((u == "h" && t_[i + 1].glued) || (units.contains(u) && !(u == "nam" && is_number(t_, i + 2)))) {
      std::size_t k = i + 2;
      if (u == "h" && is_number(t_, k) && t_[k].glued) ++k;
      return k - i;
    }
  }
  return 0;
}

// "người", "lượt", "hộ", "tài khoản", "hồ sơ" right after a figure belong to its phrase.
std::size_t Reader::unit_after(std::size_t i) const {
  if (is_word(t_, i, "tai") && is_word(t_, i + 1, "khoan")) return 2;
  if (is_word(t_, i, "ho") && is_word(t_, i + 1, "so")) return 2;
  if (is_word(t_, i, "nguoi") || is_word(t_, i, "luot") || is_word(t_, i, "ho")) return 1;
  return 0;
}

std::string Reader::piece_text(std::size_t begin, std::size_t end) const {
  std::string piece(text_.substr(begin, end - begin));
  const auto first = piece.find_first_not_of(" \t\r\n:-=");
  const auto last = piece.find_last_not_of(" \t\r\n:-=");
  if (first == std::string::npos) return {};
  return piece.substr(first, last - first + 1);
}

void Reader::assign(const Indicator* indicator, long long value, std::size_t begin, std::size_t end) {
  const std::size_t part = out_.parts.size() - 1;
  for (const auto& f : piece_figures_) {
    // One indicator twice in one piece: "2 buổi, mỗi buổi 15 người".
    if (f.part == part && f.indicator == indicator) piece_unsure_ = true;
  }
  piece_figures_.push_back({part, indicator, value, begin, end});
  if (pending_indicator_ == indicator) pending_indicator_ = nullptr;
  bound_ = false;
  piece_used_ = true;
}

void Reader::drop_pending_indicator() {
  if (pending_indicator_ != nullptr) no_number_.emplace_back(out_.parts.size() - 1, pending_indicator_->id);
  pending_indicator_ = nullptr;
  bound_ = false;
}

void Reader::met_other_figure(const Indicator* indicator) {
  piece_unsure_ = true;
  auto& ids = out_.other_figure;
  if (std::find(ids.begin(), ids.end(), indicator->id) == ids.end()) ids.push_back(indicator->id);
}

void Reader::close_piece(std::size_t end_byte) {
  if (has_pending_number_) piece_unsure_ = true;  // a number that went to no indicator
  has_pending_number_ = false;
  pending_other_ = nullptr;
  drop_pending_indicator();
  if (piece_unsure_ || (!piece_used_ && piece_unknown_)) {
    if (auto piece = piece_text(piece_begin_, end_byte); !piece.empty()) out_.unread.push_back(std::move(piece));
  } else {
    for (const auto& f : piece_figures_) {
      ReportPart& part = out_.parts[f.part];
      std::string source = piece_text(f.begin, f.end);
      auto it = std::find_if(part.values.begin(), part.values.end(),
                             [&](const auto& v) { return v.first == f.indicator->id; });
      const auto key = std::make_pair(f.part, f.indicator->id);
      if (it != part.values.end()) {
        // Given again in another piece: which one is meant is for the author to say.
        auto& phrases = twice_[key];
        phrases.push_back(part.sources[static_cast<std::size_t>(it - part.values.begin())]);
        phrases.push_back(std::move(source));
        part.sources.erase(part.sources.begin() + (it - part.values.begin()));
        part.values.erase(it);
      } else if (auto t = twice_.find(key); t != twice_.end()) {
        t->second.push_back(std::move(source));
      } else {
        part.values.emplace_back(f.indicator->id, f.value);
        part.sources.push_back(std::move(source));
      }
    }
  }
  piece_figures_.clear();
  piece_used_ = piece_unknown_ = piece_unsure_ = false;
}

void Reader::set_period(const PeriodMatch& p, std::size_t i) {
  const std::string written = piece_text(t_[i].begin, t_[i + p.length - 1].end);
  if (p.problem) {
    if (!out_.period_problem) out_.period_problem = PeriodProblem{*p.problem, written};
    if (*p.problem == PeriodProblem::Kind::future && !out_.period) out_.period = p.period;
    return;
  }
  if (out_.period && !(*out_.period == p.period)) {
    if (!out_.period_problem) {
      out_.period_problem = PeriodProblem{PeriodProblem::Kind::two_periods, out_.period->label_vi() + ", " + written};
    }
    return;
  }
  out_.period = p.period;
}

ParsedReport Reader::run() {
  out_.parts.emplace_back();
  // The "#baocao" / "báo cáo" / "bc:" that starts a message is not part of any piece.
  std::size_t i = report_start_length(t_);
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
        if (has_pending_number_) piece_unsure_ = true;
        has_pending_number_ = false;
      }
      ++i;
      continue;
    }
    if (auto p = period_at(i); p.length != 0) {
      set_period(p, i);
      piece_used_ = true;
      i += p.length;
      continue;
    }
    if (auto v = village_at(i); v.length != 0) {
      drop_pending_indicator();
      pending_other_ = nullptr;
      if (has_pending_number_) piece_unsure_ = true;
      has_pending_number_ = false;
      ReportPart& current = out_.parts.back();
      if (!current.village_key.empty() || !current.values.empty() ||
          std::any_of(piece_figures_.begin(), piece_figures_.end(),
                      [&](const PendingFigure& f) { return f.part == out_.parts.size() - 1; })) {
        out_.parts.emplace_back();
      }
      out_.parts.back().village = v.display;
      out_.parts.back().village_key = v.key;
      piece_used_ = true;
      i += v.length;
      continue;
    }
    // An alias is taken before the names, so "VNeID mức 2" is an indicator, not "mức 2".
    if (auto a = alias_at(i); a.length != 0) {
      if (unsure_alias(a, i)) {
        // Another figure ("cài vneid", "vneid mức 1"): a number before it or after it is
        // not this indicator's, and its piece is unread. Named without a number ("hướng
        // dẫn 25 người cài VNeID"), it takes nothing from the rest.
        drop_pending_indicator();
        if (has_pending_number_) {
          met_other_figure(a.indicator);
          has_pending_number_ = false;
        } else {
          pending_other_ = a.indicator;
        }
        i += a.length;
        continue;
      }
      pending_other_ = nullptr;
      const std::size_t alias_end = t_[i + a.length - 1].end;
      if (has_pending_number_ && other_unit(a.indicator, pending_number_next_)) {
        piece_unsure_ = true;  // "10 hộ được hướng dẫn": households, not people
        has_pending_number_ = false;
        i += a.length;
        continue;
      }
      if (has_pending_number_) {
        // "dịch vụ công mười hai hồ sơ": the phrase starts at the first name of the indicator.
        const std::size_t begin = pending_indicator_ == a.indicator
                                      ? std::min(pending_indicator_begin_, pending_number_begin_)
                                      : pending_number_begin_;
        assign(a.indicator, pending_number_, begin, alias_end);
        has_pending_number_ = false;
      } else {
        if (pending_indicator_ != a.indicator) drop_pending_indicator();
        pending_indicator_ = a.indicator;
        pending_indicator_begin_ = tok.begin;
        piece_used_ = true;
      }
      i += a.length;
      continue;
    }
    if (std::size_t n = name_at(i); n != 0) {
      i += n;
      continue;
    }
    if (std::size_t n = reading_ == Reading::done ? plan_at(i) : 0; n != 0) {
      piece_unsure_ = true;  // "kế hoạch tháng 12: hướng dẫn 50 người" is not done yet
      out_.planned = true;
      i += n;
      continue;
    }
    if (std::size_t n = reading_ == Reading::done ? cumulative_at(i) : 0; n != 0) {
      piece_unsure_ = true;
      out_.cumulative = true;
      i += n;
      continue;
    }
    if (negation_at(i)) {
      piece_unsure_ = true;
      out_.negated = true;
      ++i;
      continue;
    }
    if (auto n = number_at(i); n.length != 0) {
      const std::size_t next = i + n.length;
      const bool approximate = approximate_before(i);
      out_.approximate = out_.approximate || approximate;
      if (n.unsure() || approximate || counts_other_thing(next)) {
        piece_unsure_ = true;
        i = next;
        continue;
      }
      if (pending_other_ != nullptr) {  // "cài vneid 6 người": 6 counts installs
        met_other_figure(pending_other_);
        pending_other_ = nullptr;
        i = next + unit_after(next);
        continue;
      }
      AliasMatch after = alias_at(next);
      bool to_pending = pending_indicator_ != nullptr;
      if (to_pending && !bound_ && after.length != 0) {
        // "vneid 10 dvc 5": dvc has its own number, so 10 is vneid's; "hướng dẫn 2 buổi": 2 is buổi's.
        std::size_t k = next + after.length;
        while (is_mark(t_, k, '=') || is_mark(t_, k, ':')) ++k;
        const NumberRead own = number_at(k);
        to_pending = own.length != 0;
        // "hướng dẫn 2 lớp 40 người" is 2 classes and 40 people, not 2 people and 40
        // classes: a count of people after the second name makes the order unsure.
        const std::size_t u = k + own.length;
        if (to_pending && (is_word(t_, u, "nguoi") || is_word(t_, u, "ng") || is_word(t_, u, "luot"))) {
          piece_unsure_ = true;
          i = k + own.length;
          continue;
        }
      }
      if (to_pending && other_unit(pending_indicator_, next)) {
        piece_unsure_ = true;  // "hướng dẫn 10 hộ": households, not people
        i = next;
        continue;
      }
      if (to_pending) {
        const std::size_t end = next + unit_after(next);
        assign(pending_indicator_, n.value, pending_indicator_begin_, t_[end - 1].end);
      } else {
        if (has_pending_number_) piece_unsure_ = true;  // two numbers for one indicator
        has_pending_number_ = true;
        pending_number_ = n.value;
        pending_number_begin_ = tok.begin;
        pending_number_next_ = next;
      }
      i = next;
      continue;
    }
    if (!filler().contains(tok.folded)) {
      piece_unknown_ = true;
      // Runs of such words, as written, for a name the caller may look up.
      if (last_other_ + 1 == i && !out_.other_words.empty()) {
        out_.other_words.back() = std::string(text_.substr(other_begin_, tok.end - other_begin_));
      } else {
        other_begin_ = tok.begin;
        out_.other_words.emplace_back(text_.substr(tok.begin, tok.end - tok.begin));
      }
      last_other_ = i;
    }
    ++i;
  }
  close_piece(text_.size());
  for (const auto& [key, phrases] : twice_) {
    std::string joined;
    for (const auto& p : phrases) joined += (joined.empty() ? "" : " / ") + p;
    out_.unread.push_back(joined);
  }
  // Indicators that did get a number later in the same village are not "without
  // number"; one left without a number in one village is, whatever the others say.
  for (const auto& entry : no_number_) {
    const auto& [part, id] = entry;
    const auto& values = out_.parts[part].values;
    // entry.second, not id: clang 14 cannot capture a structured binding (tests/fuzz).
    const bool got =
        std::any_of(values.begin(), values.end(), [&](const auto& v) { return v.first == entry.second; }) ||
        twice_.contains({part, id});
    if (!got && std::find(out_.no_number.begin(), out_.no_number.end(), id) == out_.no_number.end()) {
      out_.no_number.push_back(id);
    }
  }
  // A leading part with neither village nor figures was only the "#baocao" line.
  std::erase_if(out_.parts, [](const ReportPart& p) { return p.village_key.empty() && p.values.empty(); });
  if (out_.period_problem && out_.period_problem->kind != PeriodProblem::Kind::future) out_.period.reset();
  return out_;
}

}  // namespace

bool ParsedReport::has_values() const {
  return std::any_of(parts.begin(), parts.end(), [](const ReportPart& p) { return !p.values.empty(); });
}

std::size_t ParsedReport::village_count() const {
  return static_cast<std::size_t>(
      std::count_if(parts.begin(), parts.end(), [](const ReportPart& p) { return !p.village_key.empty(); }));
}

ParsedReport parse_report(std::string_view text, const ReportContent& content, std::chrono::year_month_day today,
                          Reading reading) {
  return Reader(text, content, today, reading).run();
}

bool looks_like_report(std::string_view text) { return report_start_length(groups::tokenize(text)) > 0; }

}  // namespace hocvuso::reports
