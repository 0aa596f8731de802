// TF-IDF over character n-grams, cosine per wording, the entry's best wording wins.
// tf is sublinear (1 + ln count): "_ng" recurs in most Vietnamese text and must not
// outweigh the rare n-grams that say what the question is about.
#include "flows/faq/faq_ngrams.hpp"

#include <algorithm>
#include <cmath>
#include <string_view>

namespace hocvuso::faq {

namespace {

constexpr std::size_t kMinGram = 3;
constexpr std::size_t kMaxGram = 5;

// The text the n-grams are taken from: the words joined by '_', '_' at both ends.
std::string joined(const std::vector<std::string>& folded_words) {
  std::string s = "_";
  for (const auto& w : folded_words) {
    if (w.empty()) continue;
    s += w;
    s += '_';
  }
  return s.size() > 1 ? s : std::string();
}

// Every run of kMinGram..kMaxGram bytes of the joined words, in one order: the index,
// the question and grams() (what the tests read) all take their n-grams from here.
template <class F>
void each_gram(const std::vector<std::string>& folded_words, F f) {
  const std::string s = joined(folded_words);
  for (std::size_t n = kMinGram; n <= kMaxGram; ++n)
    for (std::size_t i = 0; i + n <= s.size(); ++i) f(std::string_view(s).substr(i, n));
}

// An n-gram packed into one integer (its length, then its bytes): no string is made
// per n-gram, which kept the content load about as fast as before this channel.
using GramKey = std::uint64_t;

// (gram, count) for one word sequence, sorted by gram.
std::vector<std::pair<GramKey, int>> counts(const std::vector<std::string>& folded_words) {
  std::vector<GramKey> keys;
  each_gram(folded_words, [&](std::string_view g) {
    GramKey k = g.size();
    for (const char c : g) k = (k << 8) | static_cast<unsigned char>(c);
    keys.push_back(k);
  });
  std::sort(keys.begin(), keys.end());
  std::vector<std::pair<GramKey, int>> out;
  for (const GramKey k : keys) {
    if (!out.empty() && out.back().first == k)
      ++out.back().second;
    else
      out.push_back({k, 1});
  }
  return out;
}

double tf(int count) { return 1 + std::log(static_cast<double>(count)); }

}  // namespace

std::vector<std::string> NgramIndex::grams(const std::vector<std::string>& folded_words) {
  std::vector<std::string> out;
  each_gram(folded_words, [&](std::string_view g) { out.emplace_back(g); });
  return out;
}

NgramIndex::NgramIndex(const std::vector<std::vector<std::vector<std::string>>>& wordings) : docs_(wordings.size()) {
  std::vector<std::vector<std::pair<GramKey, int>>> per_wording;
  for (std::uint32_t d = 0; d < wordings.size(); ++d)
    for (const auto& w : wordings[d]) {
      per_wording.push_back(counts(w));
      doc_of_.push_back(d);
    }
  // Document frequency over wordings: a gram every paraphrase of one entry holds is
  // still rare across the FAQ, which is what makes it telling.
  std::vector<std::uint32_t> df;
  for (const auto& c : per_wording)
    for (const auto& [g, n] : c) {
      auto [it, inserted] = gram_ids_.try_emplace(g, static_cast<std::uint32_t>(df.size()));
      if (inserted) df.push_back(0);
      ++df[it->second];
    }
  const auto total = static_cast<double>(std::max<std::size_t>(1, per_wording.size()));
  idf_.resize(df.size());
  for (std::size_t g = 0; g < df.size(); ++g) idf_[g] = std::log(1 + total / df[g]);
  unknown_idf_ = std::log(1 + total);
  postings_.resize(df.size());
  for (std::uint32_t w = 0; w < per_wording.size(); ++w) {
    double norm = 0;
    for (const auto& [g, n] : per_wording[w]) {
      const double x = tf(n) * idf_[gram_ids_.find(g)->second];
      norm += x * x;
    }
    norm = std::sqrt(std::max(norm, 1e-12));
    for (const auto& [g, n] : per_wording[w]) {
      const std::uint32_t id = gram_ids_.find(g)->second;
      postings_[id].push_back({w, static_cast<float>(tf(n) * idf_[id] / norm)});
    }
  }
}

std::vector<double> NgramIndex::scores(const std::vector<std::string>& folded_words) const {
  std::vector<double> best(docs_, 0);
  const auto q = counts(folded_words);
  if (q.empty()) return best;
  thread_local std::vector<double> dot;
  dot.assign(doc_of_.size(), 0);
  double norm = 0;
  for (const auto& [g, n] : q) {
    const auto it = gram_ids_.find(g);
    // An n-gram no wording holds still belongs to the question: it lowers every
    // cosine alike, so a question mostly about something else scores low everywhere.
    const double x = tf(n) * (it == gram_ids_.end() ? unknown_idf_ : idf_[it->second]);
    norm += x * x;
    if (it == gram_ids_.end()) continue;
    for (const auto& p : postings_[it->second]) dot[p.wording] += x * p.weight;
  }
  norm = std::sqrt(std::max(norm, 1e-12));
  for (std::size_t w = 0; w < doc_of_.size(); ++w) best[doc_of_[w]] = std::max(best[doc_of_[w]], dot[w] / norm);
  return best;
}

}  // namespace hocvuso::faq
