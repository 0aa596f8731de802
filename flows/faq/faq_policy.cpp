// Thresholds were set on the evaluation set's in-scope/out-of-scope balance; the
// coverage test is what keeps an unrelated question from a confident wrong answer:
// a question whose informative words are mostly unknown to the FAQ is declined.
#include "flows/faq/faq_policy.hpp"

#include <algorithm>
#include <cctype>

#include "bot/text/fold.hpp"
#include "bot/text/normalize.hpp"

namespace hocvuso::faq {

namespace {

constexpr double kMinConfidence = 0.38;     // below: decline
constexpr double kAnswerConfidence = 0.55;  // at or above, and clearly ahead: answer
constexpr double kLead = 1.25;            // "clearly ahead": top score over the second's
constexpr double kConfidenceLead = 0.2;   // ... or confidence (or share of the entry) over the second's
constexpr std::size_t kIllegalWindow = 3;

bool matches_any(const std::vector<Phrase>& phrases, const Analysis& a) {
  for (const auto& p : phrases)
    if (FaqIndex::contains_in_order(a, p, kIllegalWindow)) return true;
  return false;
}

// The question's words exactly as typed (no synonyms, no filler dropped, no typo
// fixed), for the refusal phrases: "mua tai khoan ngan hang" must meet "mua tài khoản
// ngân hàng" even though a bare "tai" is too ambiguous for the search to keep.
Analysis words_as_typed(std::string_view question) {
  Analysis a;
  a.exact = text::syllables(question);
  for (const auto& w : a.exact) a.folded.push_back(text::fold(w));
  a.corrected.assign(a.exact.size(), false);
  return a;
}

}  // namespace

double confidence(const Hit& h) { return h.coverage * std::min(1.0, 2 * h.doc_coverage); }

Decision decide(const FaqContent& faq, std::string_view question) {
  Decision d;
  const Analysis a = faq.index->analyze(question);
  if (a.only_filler) {
    d.verdict = Verdict::greeting;
    return d;
  }
  // Refusal and out-of-scope phrases are looked for in the words as typed and after
  // abbreviations are expanded ("bán tk ngân hàng").
  const Analysis as_typed = words_as_typed(question);
  // Only numbers ("1", "2024"): no question to look up — an option number typed
  // where buttons were shown, most often.
  if (std::all_of(as_typed.folded.begin(), as_typed.folded.end(), [](const std::string& w) {
        return std::all_of(w.begin(), w.end(), [](unsigned char c) { return std::isdigit(c) != 0; });
      })) {
    d.verdict = Verdict::decline;
    return d;
  }
  const Analysis expanded = faq.index->analyze(question, false);
  if (matches_any(faq.illegal, as_typed) || matches_any(faq.illegal, expanded)) {
    d.verdict = Verdict::refuse;
    return d;
  }
  d.hits = faq.index->search(a, 3);
  if (matches_any(faq.out_of_scope, as_typed) || matches_any(faq.out_of_scope, expanded) || d.hits.empty() || confidence(d.hits[0]) < kMinConfidence) {
    d.verdict = Verdict::decline;
    return d;
  }
  // Clearly ahead: a higher score by a margin, or a clearly better fit to the entry.
  const double top = confidence(d.hits[0]);
  const double second_score = d.hits.size() > 1 ? d.hits[1].score : 0;
  const double second_confidence = d.hits.size() > 1 ? confidence(d.hits[1]) : 0;
  const double second_entry = d.hits.size() > 1 ? d.hits[1].doc_coverage : 0;
  const bool ahead = d.hits[0].score >= kLead * second_score || top - second_confidence >= kConfidenceLead ||
                     d.hits[0].doc_coverage - second_entry >= kConfidenceLead;
  d.verdict = top >= kAnswerConfidence && ahead ? Verdict::answer : Verdict::choices;
  return d;
}

const char* to_string(Verdict v) {
  switch (v) {
    case Verdict::answer: return "answer";
    case Verdict::choices: return "choices";
    case Verdict::decline: return "decline";
    case Verdict::refuse: return "refuse";
    case Verdict::greeting: return "greeting";
  }
  return "decline";
}

}  // namespace hocvuso::faq
