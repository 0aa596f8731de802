// A second retrieval channel for the FAQ: character n-grams (3 to 5 letters) of the
// folded words, TF-IDF weighted, cosine against each wording of each entry (its
// question, title and paraphrases). Where BM25 over whole syllables misses (a typo
// inside a word, "matkhau" joined or "vne id" split, chat spellings such as "dangki"),
// most of a word's n-grams still meet. An entry scores its nearest wording's cosine.
// Built once per content load; a search touches only the question's n-grams' lists.
#pragma once

#include <cstdint>
#include <string>
#include <unordered_map>
#include <vector>

namespace hocvuso::faq {

class NgramIndex {
 public:
  // wordings[d]: the wordings of entry d, each as its words (already folded and read as
  // the BM25 channel reads them: abbreviations rewritten, filler dropped).
  explicit NgramIndex(const std::vector<std::vector<std::vector<std::string>>>& wordings);

  // One score per entry, 0..1: the cosine of the question against the entry's nearest
  // wording. Every entry has a score (0 when no n-gram is shared).
  std::vector<double> scores(const std::vector<std::string>& folded_words) const;

  std::size_t size() const { return docs_; }

  // The n-grams of a word sequence: the words joined by '_' with '_' at both ends,
  // every run of 3, 4 and 5 bytes ("_mat_khau_": "_ma", "mat", "at_", "t_k", ...), so a
  // word's start and end and its neighbour count, as bigrams do in the BM25 channel.
  // Bytes, not letters: the input is folded (ASCII but for rare symbols).
  static std::vector<std::string> grams(const std::vector<std::string>& folded_words);

 private:
  struct Posting {
    std::uint32_t wording;
    float weight;  // tf-idf, normalised over the wording
  };
  std::unordered_map<std::uint64_t, std::uint32_t> gram_ids_;  // packed n-gram -> id
  std::vector<std::vector<Posting>> postings_;  // per gram
  std::vector<double> idf_;                     // per gram
  std::vector<std::uint32_t> doc_of_;           // per wording
  std::size_t docs_ = 0;
  double unknown_idf_ = 1;  // a question's n-gram no wording holds: the rarest weight
};

}  // namespace hocvuso::faq
