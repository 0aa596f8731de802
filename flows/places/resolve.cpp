// The place resolver (see resolve.hpp for the rule it follows).
#include "flows/places/resolve.hpp"

#include <algorithm>
#include <map>
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

Resolution resolve(const Places& places, std::string_view text, std::string_view province) {
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
  Resolution full = resolve_in(places, w, w.folded.size(), province, /*suggest=*/!narrows);
  if (full.kind == Resolution::Kind::one || !narrows) return full;
  Resolution narrowed = resolve_in(places, w, named->second, named->first->id, /*suggest=*/true);
  if (narrowed.kind != Resolution::Kind::none || full.kind == Resolution::Kind::none) return narrowed;
  return full;
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
