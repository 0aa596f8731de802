// BM25 (k1 1.2, b 0.5) summed over four kinds of terms with their own weights:
// folded syllables, folded bigrams, exact syllables, exact bigrams (the exact ones only
// where marks exist, so they are a bonus for typing the marks, never a penalty for
// leaving them out); and a fifth, the answer's folded syllables, at a low weight.
#include "flows/faq/faq_index.hpp"

#include <algorithm>
#include <cmath>
#include <iterator>
#include <map>

#include "bot/text/fold.hpp"
#include "bot/text/normalize.hpp"

namespace hocvuso::faq {

namespace {

constexpr double kK1 = 1.2;
constexpr double kB = 0.5;
constexpr double kFoldedWeight = 1.0;
constexpr double kFoldedBigramWeight = 0.6;
constexpr double kExactWeight = 0.5;
constexpr double kExactBigramWeight = 0.3;
// The answer's own words (folded syllables, 'a' terms, BM25 over the answers) add this
// weight to the ranking score and nothing to the coverage (the confidence): a question
// worded as no paraphrase is but in the answer's words ("usb token", "mã pin") still
// ranks its entry first. Set (faq7, 7 Dec 2026) on the entries' own paraphrases held
// out in turn (5 folds, 643 questions): ranked first 42.9% -> 45.1%, confident wrong
// 138 -> 132; the tuning part unchanged within a question (content/faq/README.md).
constexpr double kAnswerWeight = 0.2;
// BM25's share of one posting: term frequency saturated, the document's length
// against the average (the wordings' or the answers').
double bm25(double tf, double len, double avg_len) {
  return tf * (kK1 + 1) / (tf + kK1 * (1 - kB + kB * len / avg_len));
}

double average_length(const std::vector<std::uint32_t>& lengths) {
  double total = 0;
  for (auto l : lengths) total += l;
  return lengths.empty() ? 1 : std::max(1.0, total / static_cast<double>(lengths.size()));
}

constexpr double kTypoFactor = 0.7;  // a corrected word counts a little less than a typed one
constexpr std::size_t kMinTypoLength = 4;
constexpr double kOtherMarksCoverage = 0.35;  // see search()
// A folded filler form may be a content word in an unmarked question when the entries
// write it as content at least this many times as often as as filler, and this often.
constexpr double kContentOverFiller = 1.5;
constexpr int kContentUses = 3;
constexpr double kUnknownWordWeight = 0.8;    // of the rarest word's idf
// A long, story-like question ("Chuyện là tuần trước điện thoại tôi rơi xuống ao…") is
// mostly narrative: an entry cannot explain the whole story, only the question inside
// it. From kLongQuestionWords words on, the share of the question an entry explains
// is taken over at most kLongQuestionCap times the entry's own typical question, so
// the words that carry the meaning decide and the story around them does not.
constexpr std::size_t kLongQuestionWords = 10;
constexpr double kLongQuestionCap = 1.3;
// In a long question the words further on weigh more, from 1 - kPlaceWeight/2 to
// 1 + kPlaceWeight/2: the question comes last, most often ("…, giờ phải làm sao").
constexpr double kPlaceWeight = 0.8;

// Words that give a question its form, not its subject ("ở đâu", "được không": the
// `form_words` of language.json) count only their weight of their idf in the share of
// a question an entry explains, so "đổi tiền lẻ ở đâu" is not explained by an entry on
// changing a passcode "ở đâu" (the subject, "tiền lẻ", is unknown). The BM25 score
// keeps them whole, so they still tell "là gì" from "ở đâu" among entries on one subject.

bool is_ascii(std::string_view s) {
  return std::all_of(s.begin(), s.end(), [](char c) { return static_cast<unsigned char>(c) < 0x80; });
}

std::string key(char kind, std::string_view a, std::string_view b = {}) {
  std::string k;
  k.reserve(2 + a.size() + b.size() + 1);
  k.push_back(kind);
  k.push_back(':');
  k.append(a);
  if (!b.empty()) {
    k.push_back(' ');
    k.append(b);
  }
  return k;
}

struct QueryTerm {
  std::string key;
  double weight;
  bool counts_coverage;
};

// The terms of one analysed word sequence.
template <class Emit>
void for_each_term(const std::vector<std::string>& exact, const std::vector<std::string>& folded, Emit emit) {
  for (std::size_t i = 0; i < folded.size(); ++i) {
    emit(key('f', folded[i]), kFoldedWeight, i, true);
    emit(key('e', exact[i]), exact[i] != folded[i] ? kExactWeight : 0.0, i, true);
    if (i + 1 < folded.size()) {
      emit(key('b', folded[i], folded[i + 1]), kFoldedBigramWeight, i, false);
      if (exact[i] != folded[i] || exact[i + 1] != folded[i + 1])
        emit(key('c', exact[i], exact[i + 1]), kExactBigramWeight, i, false);
    }
  }
}

}  // namespace

FaqIndex::FaqIndex(const std::vector<IndexedDoc>& docs, std::vector<Synonym> synonyms,
                   std::vector<std::string> filler, const FormWords& form)
    : synonyms_(std::move(synonyms)), form_weight_(form.weight) {
  for (const auto& w : form.words)
    for (auto& f : text::fold_words(w)) form_words_.push_back(std::move(f));
  std::sort(form_words_.begin(), form_words_.end());
  for (std::size_t r = 0; r < synonyms_.size(); ++r) {
    for (const auto& v : synonyms_[r].variants) {
      synonym_variants_exact_.push_back(text::syllables(v));
      synonym_variants_.push_back(text::fold_words(v));
      synonym_rule_.push_back(r);
    }
    synonym_canonical_.push_back(text::syllables(synonyms_[r].canonical));
  }
  for (const auto& f : filler)
    for (auto& w : text::syllables(f)) filler_.push_back(std::move(w));
  for (std::size_t i = 0, n = filler_.size(); i < n; ++i) filler_folded_.push_back(text::fold(filler_[i]));
  std::sort(filler_.begin(), filler_.end());
  std::sort(filler_folded_.begin(), filler_folded_.end());
  {
    // "ho" typed without marks is far more often "hồ sơ", "hộ" or "hỗ trợ" than the
    // filler "hở": count how the entries' own wording uses each folded filler form.
    std::map<std::string, std::pair<int, int>> uses;  // folded -> (as filler, as content)
    for (const auto& doc : docs)
      for (const auto& q : doc.questions)
        for (const auto& w : text::syllables(q)) {
          std::string f = text::fold(w);
          if (!std::binary_search(filler_folded_.begin(), filler_folded_.end(), f)) continue;
          auto& [as_filler, as_content] = uses[std::move(f)];
          (std::binary_search(filler_.begin(), filler_.end(), w) ? as_filler : as_content) += 1;
        }
    for (const auto& [f, n] : uses)
      if (n.second >= kContentUses && n.second >= kContentOverFiller * n.first) content_folded_.push_back(f);
  }

  doc_count_ = docs.size();
  doc_len_.assign(docs.size(), 0);
  std::vector<std::map<std::uint32_t, float>> unigrams(docs.size());
  doc_wordings_.resize(docs.size());
  folded_wordings_.resize(docs.size());
  answer_len_.assign(docs.size(), 0);
  for (std::uint32_t d = 0; d < docs.size(); ++d) {
    std::map<std::uint32_t, float> tf;
    for (const auto& q : docs[d].questions) {
      std::vector<std::uint32_t>& wording = doc_wordings_[d].emplace_back();
      std::vector<std::string> exact = rewrite(text::syllables(q));
      std::vector<std::string> folded;
      folded.reserve(exact.size());
      for (const auto& w : exact) folded.push_back(text::fold(w));
      folded_wordings_[d].push_back(folded);
      doc_len_[d] += static_cast<std::uint32_t>(folded.size());
      for_each_term(exact, folded, [&](const std::string& k, double, std::size_t, bool) {
        const std::uint32_t id = intern(k);
        tf[id] += 1;
        if (k[0] == 'f') {
          unigrams[d][id] += 1;
          if (std::find(wording.begin(), wording.end(), id) == wording.end()) wording.push_back(id);
        }
      });
      std::sort(wording.begin(), wording.end());
    }
    for (const auto& w : rewrite(text::syllables(docs[d].answer))) {
      tf[intern(key('a', text::fold(w)))] += 1;
      ++answer_len_[d];
    }
    for (const auto& [term, count] : tf) terms_[term].postings.push_back({d, count});
  }
  avg_answer_len_ = average_length(answer_len_);
  avg_len_ = average_length(doc_len_);
  const auto n = static_cast<double>(doc_count_);
  for (auto& t : terms_) {
    const auto df = static_cast<double>(t.postings.size());
    t.idf = std::log(1 + (n - df + 0.5) / (df + 0.5));
  }
  oov_idf_ = std::log(1 + (n + 0.5) / 0.5) * kUnknownWordWeight;
  doc_mass_.assign(docs.size(), 1);
  for (std::uint32_t d = 0; d < docs.size(); ++d) {
    double m = 0;
    for (const auto& [term, count] : unigrams[d]) m += terms_[term].idf * count;
    doc_mass_[d] = std::max(1.0, m / static_cast<double>(std::max<std::size_t>(1, docs[d].questions.size())));
  }
  for (const auto& [k, id] : terms_index_) {
    if (k.size() < 2 + 3 || k[0] != 'f' || !is_ascii(k)) continue;
    const std::string word = k.substr(2);
    deletes_[word].push_back(id);
    for (std::size_t i = 0; i < word.size(); ++i) deletes_[word.substr(0, i) + word.substr(i + 1)].push_back(id);
  }
}

std::uint32_t FaqIndex::intern(const std::string& k) {
  auto [it, inserted] = terms_index_.try_emplace(k, static_cast<std::uint32_t>(terms_.size()));
  if (inserted) {
    terms_.emplace_back();
    term_keys_.push_back(k);
  }
  return it->second;
}

bool FaqIndex::is_form_word(std::string_view folded) const {
  return std::binary_search(form_words_.begin(), form_words_.end(), folded);
}

double FaqIndex::fit(std::uint32_t doc, const std::vector<std::uint32_t>& question_terms) const {
  double best = 0;
  for (const auto& wording : doc_wordings_[doc]) {
    double all = 0, held = 0;
    for (const std::uint32_t id : wording) {
      // Each word counts alike, not by its idf: the condition that sets a sibling
      // apart is often said in common words ("số … mất"). Form words weigh as in the
      // share of the question: an "ở đâu" a wording adds says little about what it asks.
      const double w = is_form_word(std::string_view(term_keys_[id]).substr(2)) ? form_weight_ : 1.0;
      all += w;
      if (std::binary_search(question_terms.begin(), question_terms.end(), id)) held += w;
    }
    if (all > 0) best = std::max(best, held / all);
  }
  return best;
}

// A word of an answer is a real word too: it is not "corrected" into a wording's word.
bool FaqIndex::known(std::string_view folded_word) const {
  return find(key('f', folded_word)) || find(key('a', folded_word));
}

const FaqIndex::Term* FaqIndex::find(std::string_view k) const {
  auto it = terms_index_.find(k);
  return it == terms_index_.end() ? nullptr : &terms_[it->second];
}

std::vector<std::string> FaqIndex::rewrite(std::vector<std::string> words, bool unmarked_question,
                                           std::vector<bool>* optional) const {
  std::vector<std::string> folded;
  folded.reserve(words.size());
  for (const auto& w : words) folded.push_back(text::fold(w));
  std::vector<std::string> out;
  out.reserve(words.size());
  for (std::size_t i = 0; i < words.size();) {
    std::size_t best = synonym_variants_.size();
    std::size_t best_len = 0;
    for (std::size_t v = 0; v < synonym_variants_.size(); ++v) {
      const auto& var = synonym_variants_[v];
      if (var.size() <= best_len || var.empty() || i + var.size() > words.size()) continue;
      // As for filler: a word typed with marks must match the variant's marks ("tài"
      // is not "tải"); one typed without marks matches folded.
      const auto& var_exact = synonym_variants_exact_[v];
      bool same = var_exact.size() == var.size();
      for (std::size_t k = 0; same && k < var.size(); ++k)
        same = words[i + k] != folded[i + k] ? words[i + k] == var_exact[k] : folded[i + k] == var[k];
      // One syllable typed without marks that is itself a Vietnamese syllable ("tai":
      // tài, tại, tai…) is too ambiguous to become a one-word variant with marks
      // ("tải"); "dk" (no syllable) may still become "đăng ký".
      if (same && var.size() == 1 && var_exact[0] != var[0] && words[i] == folded[i] &&
          text::is_vietnamese_syllable(folded[i]))
        same = false;
      if (same) {
        best = v;
        best_len = var.size();
      }
    }
    if (best_len > 0) {
      for (const auto& c : synonym_canonical_[synonym_rule_[best]]) {
        out.push_back(c);
        if (optional) optional->push_back(false);
      }
      i += best_len;
      continue;
    }
    // A word typed with marks is filler only in that exact form ("vâng" is, "vàng" is
    // not); one typed without marks is compared folded.
    // In a question typed without any marks, a form the entries mostly use as a content
    // word is that word ("xem ho gia dinh": hộ, not the filler "hở").
    const bool folded_filler =
        words[i] == folded[i] && std::binary_search(filler_folded_.begin(), filler_folded_.end(), folded[i]);
    const bool maybe_content = folded_filler && unmarked_question &&
                               std::binary_search(content_folded_.begin(), content_folded_.end(), folded[i]);
    const bool filler = words[i] == folded[i] ? folded_filler && !maybe_content
                                              : std::binary_search(filler_.begin(), filler_.end(), words[i]);
    if (!filler) {
      out.push_back(std::move(words[i]));
      if (optional) optional->push_back(maybe_content);
    }
    ++i;
  }
  return out;
}

std::string FaqIndex::correct(const std::string& word) const {
  // Candidates one edit away: a letter missing, extra, replaced or swapped.
  const Term* best = nullptr;
  std::string best_word;
  auto consider = [&](std::uint32_t id) {
    const Term& t = terms_[id];
    if (!best || t.postings.size() > best->postings.size()) {
      best = &t;
      best_word = term_keys_[id].substr(2);
    }
  };
  auto lookup = [&](std::string_view probe, bool deletes_side) {
    if (deletes_side) {
      if (auto it = deletes_.find(probe); it != deletes_.end())
        for (auto id : it->second) consider(id);
    } else if (auto it = terms_index_.find(key('f', probe)); it != terms_index_.end()) {
      consider(it->second);
    }
  };
  lookup(word, true);
  for (std::size_t i = 0; i < word.size(); ++i) {
    const std::string shorter = word.substr(0, i) + word.substr(i + 1);
    lookup(shorter, false);
    lookup(shorter, true);
  }
  return best ? best_word : std::string();
}

Analysis FaqIndex::analyze(std::string_view question, bool correct_typos) const {
  Analysis a;
  const auto words = text::syllables(question);
  a.typed_with_marks = std::any_of(words.begin(), words.end(), [](const std::string& w) { return !is_ascii(w); });
  a.exact = rewrite(words, !a.typed_with_marks, &a.optional);
  // A story keeps the plain filler reading: its "ma", "thay", "qua" are mostly mà, thấy,
  // quá, and the words that carry its meaning are many without them.
  if (a.exact.size() >= kLongQuestionWords && std::find(a.optional.begin(), a.optional.end(), true) != a.optional.end()) {
    a.optional.clear();
    a.exact = rewrite(words, false, &a.optional);
  }
  // Greetings keep the plain filler reading: "cam on nha" is thanks, not a question on "nhà".
  a.only_filler = a.exact.empty() || (!a.typed_with_marks && rewrite(words).empty());
  a.folded.reserve(a.exact.size());
  for (auto& w : a.exact) {
    std::string f = text::fold(w);
    // Only a word that is no Vietnamese syllable is a typo: "banh" (bánh) is a real
    // word the FAQ does not know, not a misspelt "danh".
    if (correct_typos && f.size() >= kMinTypoLength && is_ascii(f) && !known(f) &&
        !text::is_vietnamese_syllable(f)) {
      std::string fixed = correct(f);
      if (!fixed.empty()) {
        w = fixed;
        f = std::move(fixed);
        a.corrected.push_back(true);
        a.folded.push_back(std::move(f));
        continue;
      }
    }
    a.corrected.push_back(false);
    a.folded.push_back(std::move(f));
  }
  return a;
}

std::vector<Hit> FaqIndex::search(std::string_view question, std::size_t k) const {
  return search(analyze(question), k);
}

std::vector<Hit> FaqIndex::search(const Analysis& a, std::size_t k) const {
  thread_local std::vector<double> scores;
  thread_local std::vector<double> mass;        // idf of the question's words found folded
  thread_local std::vector<double> exact_mass;  // ... and found with the same marks
  thread_local std::vector<double> optional_mass;  // ... of its optional words (Analysis::optional)
  scores.assign(doc_count_, 0);
  mass.assign(doc_count_, 0);
  exact_mass.assign(doc_count_, 0);
  optional_mass.assign(doc_count_, 0);
  // Someone who types marks means them: a word of theirs found only with other marks
  // ("chua" against "chưa") is weak evidence that the entry is about their question.
  const double folded_only = a.typed_with_marks ? kOtherMarksCoverage : 1.0;
  double total_mass = 0;
  std::vector<std::string> seen;  // a word repeated in the question counts once
  std::vector<std::uint32_t> question_terms;  // its known folded words, for Hit::fit
  const Term* folded_term = nullptr;  // the folded unigram of the current word
  const std::size_t n_words = a.folded.size();
  const bool long_question = n_words >= kLongQuestionWords;
  const double pos_weight = long_question ? kPlaceWeight : 0.0;
  for_each_term(a.exact, a.folded, [&](const std::string& kk, double weight, std::size_t pos, bool coverage) {
    const Term* t = find(kk);
    const bool exact_unigram = kk[0] == 'e';
    if (kk[0] == 'f') {
      folded_term = t;
      if (t) question_terms.push_back(static_cast<std::uint32_t>(t - terms_.data()));
    }
    if (std::find(seen.begin(), seen.end(), kk) != seen.end()) return;
    seen.push_back(kk);
    const double place = pos_weight > 0 && n_words > 1
                             ? 1 - pos_weight / 2 + pos_weight * static_cast<double>(pos) / static_cast<double>(n_words - 1)
                             : 1.0;
    const double factor = (a.corrected[pos] ? kTypoFactor : 1.0) * place;
    // Coverage weighs every word by its folded idf (unknown words by oov_idf_).
    const double word_idf = (folded_term ? folded_term->idf : oov_idf_) * (is_form_word(a.folded[pos]) ? form_weight_ : 1.0);
    // An optional word (maybe filler) is part of the question only for an entry that holds it.
    const bool optional = pos < a.optional.size() && a.optional[pos];
    if (coverage && !exact_unigram && !optional) total_mass += word_idf;
    if (t) {
      for (const auto& p : t->postings) {
        if (weight > 0) scores[p.doc] += weight * factor * t->idf * bm25(p.tf, doc_len_[p.doc], avg_len_);
        if (coverage) (exact_unigram ? exact_mass : mass)[p.doc] += word_idf * factor;
        if (coverage && !exact_unigram && optional) optional_mass[p.doc] += word_idf * factor;
      }
    }
    if (kk[0] != 'f') return;
    // The word in the answers: ranking only (see kAnswerWeight).
    if (const Term* at = find(key('a', a.folded[pos])))
      for (const auto& p : at->postings) {
        scores[p.doc] += kAnswerWeight * factor * at->idf * bm25(p.tf, answer_len_[p.doc], avg_answer_len_);
      }
  });
  std::vector<Hit> hits;
  const double cap = kLongQuestionCap;
  for (std::uint32_t d = 0; d < doc_count_; ++d)
    if (scores[d] > 0) {
      const double covered = folded_only * mass[d] + (1 - folded_only) * exact_mass[d];
      const double question_mass =
          (long_question ? std::min(total_mass, cap * doc_mass_[d]) : total_mass) + optional_mass[d];
      hits.push_back({d, scores[d], question_mass > 0 ? std::min(1.0, covered / question_mass) : 0,
                      std::min(1.0, covered / doc_mass_[d])});
    }
  const std::size_t top = std::min(k, hits.size());
  std::partial_sort(hits.begin(), hits.begin() + static_cast<std::ptrdiff_t>(top), hits.end(),
                    [](const Hit& x, const Hit& y) { return x.score > y.score || (x.score == y.score && x.doc < y.doc); });
  hits.resize(top);
  std::sort(question_terms.begin(), question_terms.end());
  for (Hit& h : hits) h.fit = fit(h.doc, question_terms);
  return hits;
}

bool FaqIndex::contains_in_order(const Analysis& q, const Phrase& phrase, std::size_t window) {
  if (phrase.folded.empty()) return false;
  auto same = [&](std::size_t i, std::size_t j) {
    return q.exact[i] != q.folded[i] ? q.exact[i] == phrase.exact[j] : q.folded[i] == phrase.folded[j];
  };
  for (std::size_t start = 0; start < q.folded.size(); ++start) {
    if (!same(start, 0)) continue;
    std::size_t at = start;
    std::size_t matched = 1;
    for (std::size_t i = at + 1; i < q.folded.size() && matched < phrase.folded.size() && i <= at + window; ++i) {
      if (same(i, matched)) {
        at = i;
        ++matched;
      }
    }
    if (matched == phrase.folded.size()) return true;
  }
  return false;
}

}  // namespace hocvuso::faq
