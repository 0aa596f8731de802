// The place resolver (see resolve.hpp for the rule it follows).
#include "flows/places/resolve.hpp"

#include <algorithm>
#include <functional>
#include <map>
#include <optional>
#include <set>

#include "bot/text/fold.hpp"
#include "bot/text/normalize.hpp"
#include "flows/places/distance.hpp"

namespace hocvuso::places {

namespace {

std::string join(const std::vector<std::string>& words, std::size_t from, std::size_t to) {
  std::string out;
  for (std::size_t i = from; i < to && i < words.size(); ++i) {
    if (!out.empty()) out += ' ';
    out += words[i];
  }
  return out;
}

bool is_code(std::string_view s) {
  return s.size() == 5 && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// A name as typed: folded words, and the same words with their diacritics when the
// two tokenizations line up (else diacritics cannot narrow).
struct Words {
  std::vector<std::string> folded;
  std::vector<std::string> exact;  // empty when unusable
};

Words words_of(std::string_view text) {
  Words w{text::fold_words(text), text::syllables(text)};
  if (w.exact.size() != w.folded.size()) w.exact.clear();
  for (std::size_t i = 0; i < w.exact.size(); ++i) {
    if (text::fold(w.exact[i]) != w.folded[i]) {
      w.exact.clear();
      break;
    }
  }
  return w;
}

// One way to read the text: an optional type word, then the name.
struct Reading {
  std::string kind;  // "xã", "phường", "thị trấn" or ""
  std::string key;   // folded name, "chieng an"
  std::vector<std::string> folded;
  std::string exact;  // normalized name with diacritics, or "" when typed without any
};

// "xa chieng an" is (xã, chieng an); "phuong tien" may be (phường, tien) or xã Phượng
// Tiến, so a type word typed without its diacritics gives two readings.
std::vector<Reading> readings(const Words& w, std::size_t from, std::size_t to) {
  std::vector<Reading> out;
  auto add = [&](std::string kind, std::size_t start) {
    if (start >= to) return;
    Reading r{std::move(kind), join(w.folded, start, to), {w.folded.begin() + static_cast<std::ptrdiff_t>(start),
                                                           w.folded.begin() + static_cast<std::ptrdiff_t>(to)}, ""};
    if (!w.exact.empty()) {
      const std::string exact = join(w.exact, start, to);
      if (exact != r.key) r.exact = exact;  // typed with diacritics
    }
    out.push_back(std::move(r));
  };
  if (from >= to) return out;
  const std::string& f = w.folded[from];
  const std::string e = w.exact.empty() ? f : w.exact[from];
  std::string kind;
  std::size_t skip = 1;
  bool sure = e != f;  // "xã", "phường" typed with their marks are surely type words
  if (f == "xa" || f == "x") {
    kind = "xã";
    sure = sure ? e == "xã" : f == "x";
  } else if (f == "phuong" || f == "p") {
    kind = "phường";
    sure = sure ? e == "phường" : f == "p";
  } else if (f == "tt") {
    kind = "thị trấn";
    sure = true;
  } else if (f == "thi" && from + 1 < to && w.folded[from + 1] == "tran") {
    kind = "thị trấn";
    skip = 2;
    sure = e == f || e == "thị";
  }
  if (!kind.empty()) {
    if (e != f && !sure) {  // "Xà Hồ", "Phượng Tiến": a name, not a type word
      add("", from);
      return out;
    }
    add(kind, from + skip);
    if (!sure) add("", from);
  } else {
    add("", from);
  }
  return out;
}

bool in_scope(const Commune& c, std::string_view province) { return province.empty() || c.province == province; }

std::size_t letters(const std::vector<std::string>& words) {
  std::size_t n = 0;
  for (const auto& w : words) n += w.size();
  return n;
}

// Letters of a folded key ("chieng an": 8).
std::size_t letters_of(std::string_view key) {
  return key.size() - static_cast<std::size_t>(std::count(key.begin(), key.end(), ' '));
}

void add_unique(std::vector<Candidate>& out, Candidate c) {
  for (const auto& o : out) {
    if (o.unit == c.unit) return;
  }
  out.push_back(c);
}

// `suggest`: when nothing is near, list the closest names (a full scan, the costly step);
// off when a narrower reading will be tried and its suggestions used instead.
Resolution resolve_in(const Places& places, const Words& w, std::size_t to, std::string_view province,
                      bool suggest) {
  Resolution r;
  const auto reads = readings(w, 0, to);
  if (reads.empty()) return r;
  r.typed_kind = reads.front().kind;
  r.typed_name = join(w.exact.empty() ? w.folded : w.exact, to - reads.front().folded.size(), to);

  // 1. Current names.
  struct Hit {
    const Commune* unit;
    const Reading* read;
  };
  std::vector<Hit> hits;
  for (const auto& read : reads) {
    for (const auto& p : places.provinces) {
      for (const auto& c : p.communes) {
        if (in_scope(c, province) && c.key == read.key) hits.push_back({&c, &read});
      }
    }
  }
  if (!hits.empty()) {
    const Reading& read = *hits.front().read;
    std::vector<const Commune*> units;
    for (const auto& h : hits) {
      if (std::find(units.begin(), units.end(), h.unit) == units.end()) units.push_back(h.unit);
    }
    bool contradicts = false;
    if (!read.kind.empty()) {
      std::vector<const Commune*> same_kind;
      for (const auto* c : units) {
        if (c->kind == read.kind) same_kind.push_back(c);
      }
      if (same_kind.empty()) {
        contradicts = true;
      } else {
        units = same_kind;
      }
    }
    if (!read.exact.empty() && units.size() > 1) {
      std::vector<const Commune*> same_marks;
      for (const auto* c : units) {
        if (c->exact == read.exact) same_marks.push_back(c);
      }
      if (!same_marks.empty()) units = same_marks;
    }
    for (const auto* c : units) r.candidates.push_back({c, Why::name, nullptr, 0});
    // "xã X" where X is now a phường, but a former xã X lies in another unit: ask.
    if (contradicts) {
      for (const auto& p : places.provinces) {
        for (const auto& c : p.communes) {
          if (!in_scope(c, province)) continue;
          for (const auto& f : c.former) {
            if (f.kind != read.kind || f.key != read.key) continue;
            if (!read.exact.empty() && f.exact != read.exact) continue;  // "Chiềng An" is not "Chiềng Ân"
            add_unique(r.candidates, {&c, Why::former, &f, 0});
          }
        }
      }
    }
    r.kind = r.candidates.size() == 1 ? Resolution::Kind::one : Resolution::Kind::ask;
    if (r.candidates.size() > kMaxChoices) r.candidates.resize(kMaxChoices);
    return r;
  }

  // 2. Former units: always asked, never linked silently.
  std::vector<Candidate> former;
  for (const auto& read : reads) {
    for (const auto& p : places.provinces) {
      for (const auto& c : p.communes) {
        if (!in_scope(c, province)) continue;
        for (const auto& f : c.former) {
          if (f.key != read.key) continue;
          if (!read.kind.empty() && f.kind != read.kind) continue;
          if (!read.exact.empty() && f.exact != read.exact) continue;
          add_unique(former, {&c, Why::former, &f, 0});
        }
      }
    }
    if (!former.empty()) break;
  }
  if (former.empty()) {  // the type word or the marks were wrong: any former unit of that folded name
    for (const auto& read : reads) {
      for (const auto& p : places.provinces) {
        for (const auto& c : p.communes) {
          if (!in_scope(c, province)) continue;
          for (const auto& f : c.former) {
            if (f.key == read.key) add_unique(former, {&c, Why::former, &f, 0});
          }
        }
      }
    }
  }
  if (!former.empty()) {
    r.kind = Resolution::Kind::ask;
    r.candidates = std::move(former);
    if (r.candidates.size() > kMaxChoices) r.candidates.resize(kMaxChoices);
    return r;
  }

  // 3. Typos: edit distance on folded syllables, current names before former ones.
  // A name's distance is at least the difference in letters, so names whose length is
  // too far off are skipped before the (costly) distance: the same candidates, found
  // about ten times faster.
  std::vector<Candidate> near;
  constexpr std::size_t kFar = static_cast<std::size_t>(-1);
  for (const auto& read : reads) {
    const std::size_t typed = letters(read.folded);
    const std::size_t allowed = allowed_edits(typed);
    const auto distance = [&](const std::string& key) {
      const std::size_t have = letters_of(key);
      if ((typed > have ? typed - have : have - typed) > allowed) return kFar;
      return name_distance(read.folded, text::fold_words(key));
    };
    for (const auto& p : places.provinces) {
      for (const auto& c : p.communes) {
        if (!in_scope(c, province)) continue;
        const std::size_t d = distance(c.key);
        if (d <= allowed) near.push_back({&c, Why::typo, nullptr, d});
        for (const auto& f : c.former) {
          const std::size_t df = distance(f.key);
          if (df <= allowed && df < d) near.push_back({&c, Why::former, &f, df});
        }
      }
    }
  }
  std::stable_sort(near.begin(), near.end(), [](const Candidate& a, const Candidate& b) {
    if (a.distance != b.distance) return a.distance < b.distance;
    return a.why == Why::typo && b.why != Why::typo;
  });
  for (const auto& n : near) {
    if (r.candidates.size() < kMaxChoices) add_unique(r.candidates, n);
  }
  if (!r.candidates.empty()) {
    r.kind = Resolution::Kind::ask;
    return r;
  }

  // 4. Nothing near: the closest current names, to help the person type it again.
  if (!suggest) return r;
  for (const auto* c : places.closest(reads.front().key, 3, province)) {
    r.candidates.push_back({c, Why::closest, nullptr, name_distance(reads.front().folded, text::fold_words(c->key))});
  }
  r.kind = Resolution::Kind::none;
  return r;
}

// "… Sơn La", "… tỉnh Sơn La", "…, son-la": the province named at the end, and where
// the name before it ends.
std::optional<std::pair<const Province*, std::size_t>> trailing_province(const Places& places, const Words& w) {
  for (const auto& p : places.provinces) {
    const auto pw = text::fold_words(p.name);
    if (pw.empty() || pw.size() >= w.folded.size()) continue;
    const std::size_t start = w.folded.size() - pw.size();
    if (!std::equal(pw.begin(), pw.end(), w.folded.begin() + static_cast<std::ptrdiff_t>(start))) continue;
    std::size_t end = start;
    if (end > 1 && w.folded[end - 1] == "tinh") --end;
    return std::make_pair(&p, end);
  }
  return std::nullopt;
}

}  // namespace

bool Resolution::kind_contradicts() const {
  const Commune* u = unit();
  return u != nullptr && !typed_kind.empty() && typed_kind != u->kind;
}

std::vector<const Commune*> Resolution::units() const {
  std::vector<const Commune*> out;
  for (const auto& c : candidates) out.push_back(c.unit);
  return out;
}

namespace {

bool only_near(const Resolution& r) {
  return std::all_of(r.candidates.begin(), r.candidates.end(), [](const Candidate& c) { return c.distance > 0; });
}

// resolve(), with `suggest` off where the closest names (a full scan) would be of no use.
Resolution resolve_text(const Places& places, std::string_view text, std::string_view province, bool suggest) {
  const std::string trimmed = join(text::fold_words(text), 0, 1000);
  if (is_code(trimmed)) {
    Resolution r;
    const Commune* c = places.unit(trimmed);
    if (c != nullptr && in_scope(*c, province)) {
      r.kind = Resolution::Kind::one;
      r.candidates.push_back({c, Why::name, nullptr, 0});
    }
    r.typed_name = trimmed;
    return r;
  }
  const Words w = words_of(text);
  // "…, Sơn La": the whole text is read first (a name may end in a province's words),
  // then the name before the province, in it. When the narrower reading is tried, the
  // whole text's suggestions would never be shown, so they are not looked for.
  const auto named = trailing_province(places, w);
  const bool narrows = named && (province.empty() || province == named->first->id);
  Resolution full = resolve_in(places, w, w.folded.size(), province, /*suggest=*/suggest && !narrows);
  if (full.kind == Resolution::Kind::one || !narrows) return full;
  Resolution narrowed = resolve_in(places, w, named->second, named->first->id, suggest);
  const auto current = [](const Candidate& c) { return c.why == Why::name; };
  if (narrowed.kind == Resolution::Kind::one) return narrowed;
  if (std::any_of(narrowed.candidates.begin(), narrowed.candidates.end(), current)) return narrowed;
  if (narrowed.kind == Resolution::Kind::none && full.kind != Resolution::Kind::none) return full;
  // "Chiềng Sinh, Lào Cai": no unit of that name in the province named, but the name
  // is known elsewhere. A slip of the province or of the name: never taken, always
  // asked, the units of that very name first, then the province's own near or former
  // names ("Púng Luông, Thanh Hóa": Púng Luông in Lào Cai, then Pù Luông there).
  if (province.empty()) {
    Resolution elsewhere = resolve_in(places, w, named->second, "", /*suggest=*/false);
    if (narrowed.kind == Resolution::Kind::ask) std::erase_if(elsewhere.candidates, std::not_fn(current));
    if (!elsewhere.candidates.empty()) {
      for (const auto& c : narrowed.candidates) add_unique(elsewhere.candidates, c);
      if (elsewhere.candidates.size() > kMaxChoices) elsewhere.candidates.resize(kMaxChoices);
      elsewhere.kind = Resolution::Kind::ask;
      elsewhere.other_province = named->first->id;
      return elsewhere;
    }
  }
  return narrowed.kind != Resolution::Kind::none ? narrowed : full;
}

}  // namespace

Resolution resolve(const Places& places, std::string_view text, std::string_view province) {
  return resolve_text(places, text, province, /*suggest=*/true);
}

namespace {

// "xã", "phường", "thị trấn" (or their short and unmarked forms) at word i; not the
// "xã" of "thị xã", and not a name's word written with other marks ("Kim Phượng").
bool is_type_word(const Words& w, std::size_t i) {
  const std::string& f = w.folded[i];
  if (!w.exact.empty() && w.exact[i] != f && w.exact[i] != "xã" && w.exact[i] != "phường" && w.exact[i] != "thị") {
    return false;
  }
  if (f == "xa") return i == 0 || w.folded[i - 1] != "thi";
  if (f == "phuong" || f == "p" || f == "x" || f == "tt") return true;
  return f == "thi" && i + 1 < w.folded.size() && w.folded[i + 1] == "tran";
}

// A district, town or province word after a place said in a sentence ("huyện Yên
// Châu", "thị xã Mộc Châu", "thành phố Sơn La", "tỉnh Sơn La"): no unit's name holds
// one, so the name ends before it. Many names hold "thành", "quan", "a" or "ô", and
// "Tĩnh Gia" folds like "tỉnh": a word typed with other marks is not one of these.
bool ends_name(const Words& w, std::size_t i) {
  const std::string& f = w.folded[i];
  if (!w.exact.empty() && w.exact[i] != f && w.exact[i] != "huyện" && w.exact[i] != "tỉnh" && w.exact[i] != "thị" &&
      w.exact[i] != "thành") {
    return false;
  }
  const std::string next = i + 1 < w.folded.size() ? w.folded[i + 1] : "";
  return f == "huyen" || f == "tinh" || f == "tp" || (f == "thi" && next == "xa") || (f == "thanh" && next == "pho");
}

std::string span_text(const Words& w, std::size_t from, std::size_t to) {
  return join(w.exact.empty() ? w.folded : w.exact, from, to);
}


}  // namespace

bool names_no_place(const Resolution& r, std::string_view text) {
  return r.kind == Resolution::Kind::none && text::fold_words(text).size() >= 4;
}

Resolution resolve_spoken(const Places& places, std::string_view text, std::string_view province) {
  const Words w = words_of(text);
  const std::size_t n = w.folded.size();
  // The closest names to a whole sentence help nobody: suggested for short texts only.
  Resolution whole = resolve_text(places, text, province, /*suggest=*/n <= 4);
  if (whole.kind == Resolution::Kind::one || n < 3) return whole;
  // Near names for a whole sentence of four words or more are chance, not a reading.
  const bool whole_found = whole.kind == Resolution::Kind::ask && (n < 4 || !only_near(whole));
  // A province named at the end ("…, tỉnh Sơn La") narrows whatever is found before it.
  const auto named = trailing_province(places, w);
  const auto with_province = [&](std::string said, std::size_t end) {
    if (named && named->second >= end) said += ", " + named->first->name;
    return said;
  };
  // 1. "… ở xã Chiềng Hặc huyện Yên Châu": the words after a type word (not the first
  //    word: that was read whole), longest first, up to four; one unit is taken.
  std::optional<Resolution> asked;
  for (std::size_t i = n - 1; i >= 1; --i) {
    if (!is_type_word(w, i)) continue;
    const std::size_t start = i + (w.folded[i] == "thi" ? 2 : 1);
    if (start >= n) continue;
    std::size_t limit = start + 1;  // a name's first word is its own, whatever it is ("phuong tinh gia")
    while (limit < n && limit < start + 4 && !ends_name(w, limit)) ++limit;
    for (std::size_t end = limit; end > start; --end) {
      Resolution part = resolve_text(places, with_province(span_text(w, i, end), end), province, /*suggest=*/false);
      part.in_sentence = true;
      if (part.kind == Resolution::Kind::one) return part;
      if (!asked && part.kind == Resolution::Kind::ask && !only_near(part)) asked = std::move(part);
    }
  }
  if (whole_found) return whole;
  if (asked) return *asked;
  // 2. "tôi ở chiềng hặc nhé": runs of two to four words that are current names, the
  //    longest first ("Mường La" over "La"). Offered, never taken: a name without its
  //    type word inside a sentence may be something else. A province named at the end
  //    narrows; a name it lacks is looked for everywhere, as resolve() does ("nhà tôi ở
  //    Púng Luông, Thanh Hóa": Púng Luông is in Lào Cai).
  const auto names_in = [&](bool narrowed) {
    Resolution r;
    for (std::size_t len = 4; len >= 2 && r.candidates.empty(); --len) {
      for (std::size_t from = 0; from + len <= n; ++from) {
        const std::string key = join(w.folded, from, from + len);
        const bool before_province = named && named->second >= from + len;
        const std::string_view scope = narrowed && before_province ? std::string_view(named->first->id) : province;
        for (const auto& p : places.provinces) {
          for (const auto& c : p.communes) {
            if (c.key != key || !in_scope(c, scope)) continue;
            if (r.candidates.empty()) r.typed_name = span_text(w, from, from + len);
            add_unique(r.candidates, {&c, Why::name, nullptr, 0});
          }
        }
      }
    }
    return r;
  };
  Resolution r = names_in(/*narrowed=*/true);
  if (r.candidates.empty() && named && province.empty()) {
    r = names_in(/*narrowed=*/false);
    r.other_province = named->first->id;
  }
  if (r.candidates.empty() || r.candidates.size() > kMaxChoices) return whole;
  r.kind = Resolution::Kind::ask;
  r.in_sentence = true;
  return r;
}

const Province* resolve_province(const Places& places, std::string_view text) {
  auto words = text::fold_words(text);
  if (!words.empty() && words.front() == "tinh") words.erase(words.begin());
  const std::string key = join(words, 0, words.size());
  for (const auto& p : places.provinces) {
    if (p.id == text || p.key == key || join(text::fold_words(p.id), 0, 100) == key) return &p;
  }
  return nullptr;
}

}  // namespace hocvuso::places
