// Retrieval over the FAQ: BM25 over syllables and syllable bigrams in two channels,
// folded (no diacritics, so "quen mat khau" finds "Quên mật khẩu") and exact (with
// the marks, so "mã" prefers "mã" over "má"), plus the answer's folded syllables at a
// low weight. Abbreviations and synonyms are rewritten
// to one form on both sides; an unknown word one edit away from a known one counts
// as that word, at a discount. Built once per content load; a search allocates only
// small per-query vectors.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace hocvuso::faq {

// One rewrite rule: any of the variants (matched folded, as whole words) means the
// canonical phrase.
struct Synonym {
  std::string canonical;
  std::vector<std::string> variants;
};

// Words that give a question its form, not its subject ("ở đâu", "được không", "bao
// lâu", "là gì"), from content/faq/language.json `form_words`: they count `weight` of
// their idf in the share of a question an entry explains. Matched folded.
struct FormWords {
  double weight = 1.0;
  std::vector<std::string> words;
};

// What the index sees of one entry: its questions (the main one and paraphrases) and,
// at a low weight and for the ranking only, its answer.
struct IndexedDoc {
  std::vector<std::string> questions;
  std::string answer;
};

// A fixed phrase (a refused or out-of-scope request), analysed like a question.
struct Phrase {
  std::vector<std::string> exact;
  std::vector<std::string> folded;
};

struct Hit {
  std::uint32_t doc = 0;
  double score = 0;     // BM25, both channels
  double coverage = 0;      // share of the question's informative words this doc contains, 0..1
  double doc_coverage = 0;  // share of the doc's typical question that the question matched, 0..1
  // Share of the doc's closest wording (its question or one paraphrase) that the
  // question holds, 0..1: 1 when one way of asking for this doc says nothing the
  // question does not. Tells the entry a short question asks for from its siblings
  // that add a condition the question never named ("... mà số cũ không còn dùng").
  double fit = 0;
};

// A question taken apart as the index reads it (for the CLI and tests).
struct Analysis {
  std::vector<std::string> exact;   // normalized, synonyms rewritten, filler dropped, typos corrected
  std::vector<std::string> folded;
  std::vector<bool> corrected;      // this word was one edit away from a known one
  // Typed without marks, this word is also a filler word ("ho": hồ, hộ, or the filler
  // "hở"): it counts where an entry holds it and is no word the others miss.
  std::vector<bool> optional;
  bool only_filler = false;         // nothing left after dropping greetings and filler words
  bool typed_with_marks = false;    // the person typed diacritics (so an unmarked word means no marks)
};

class FaqIndex {
 public:
  FaqIndex(const std::vector<IndexedDoc>& docs, std::vector<Synonym> synonyms, std::vector<std::string> filler,
           const FormWords& form = {});

  // correct_typos=false: as typed (for matching fixed phrases such as refused requests).
  Analysis analyze(std::string_view question, bool correct_typos = true) const;
  // The best `k` docs, best first; empty when no word of the question is known.
  std::vector<Hit> search(std::string_view question, std::size_t k) const;
  std::vector<Hit> search(const Analysis& analysis, std::size_t k) const;
  std::size_t size() const { return doc_count_; }
  // Each doc's wordings as the index read them (synonyms rewritten, filler dropped),
  // folded: what a second channel over the same wordings starts from.
  const std::vector<std::vector<std::vector<std::string>>>& folded_wordings() const { return folded_wordings_; }

  // True when the phrase's words occur in the analysed question in order, each next
  // word within `window` words of the previous. A word typed with marks must match
  // the phrase's marks ("giá" is not "giả"); one typed without marks matches folded.
  static bool contains_in_order(const Analysis& question, const Phrase& phrase, std::size_t window);

 private:
  struct Posting {
    std::uint32_t doc;
    float tf;
  };
  struct Term {
    double idf = 0;
    std::vector<Posting> postings;
  };
  struct StringHash {
    using is_transparent = void;
    std::size_t operator()(std::string_view s) const noexcept { return std::hash<std::string_view>{}(s); }
  };
  using TermMap = std::unordered_map<std::string, std::uint32_t, StringHash, std::equal_to<>>;

  // unmarked_question: the whole question was typed without marks (see content_folded_).
  // optional: set for each word kept only because of that rule.
  std::vector<std::string> rewrite(std::vector<std::string> words, bool unmarked_question = false,
                                   std::vector<bool>* optional = nullptr) const;
  std::string correct(const std::string& folded_word) const;
  bool known(std::string_view folded_word) const;  // in a wording or an answer
  const Term* find(std::string_view key) const;
  std::uint32_t intern(const std::string& key);
  bool is_form_word(std::string_view folded) const;

  std::vector<Synonym> synonyms_;
  std::vector<std::vector<std::string>> synonym_variants_;        // folded words of each variant
  std::vector<std::vector<std::string>> synonym_variants_exact_;  // normalized words of each variant
  std::vector<std::size_t> synonym_rule_;
  std::vector<std::vector<std::string>> synonym_canonical_;  // normalized words of each canonical
  std::vector<std::string> filler_;         // normalized, sorted
  std::vector<std::string> filler_folded_;  // folded, sorted
  // Folded filler forms the entries' own wording mostly uses as content words: "ho"
  // (hồ sơ, hộ, hỗ trợ; the filler is "hở"), "may" (máy; "mấy"). In a question typed
  // without any marks such a word is kept (Analysis::optional), not dropped as filler.
  std::vector<std::string> content_folded_;  // sorted
  std::vector<std::string> form_words_;     // folded, sorted
  double form_weight_ = 1.0;
  TermMap terms_index_;
  std::vector<Term> terms_;
  std::vector<std::string> term_keys_;  // parallel to terms_
  std::unordered_map<std::string, std::vector<std::uint32_t>, StringHash, std::equal_to<>> deletes_;  // typo lookups
  std::vector<std::vector<std::vector<std::string>>> folded_wordings_;
  std::vector<std::uint32_t> doc_len_;
  std::vector<std::uint32_t> answer_len_;  // words of each doc's answer ('a' terms)
  double avg_answer_len_ = 1;
  std::vector<double> doc_mass_;  // idf mass of one typical question of the doc
  // The folded words (term ids, once each) of every wording of every doc, for Hit::fit.
  std::vector<std::vector<std::vector<std::uint32_t>>> doc_wordings_;
  double fit(std::uint32_t doc, const std::vector<std::uint32_t>& question_terms) const;
  double avg_len_ = 1;
  std::size_t doc_count_ = 0;
  double oov_idf_ = 1;
};

}  // namespace hocvuso::faq
