// Scoring the report reader against a known truth, shared by the hand-written corpus
// (tests/data/reports_handwritten.tsv) and the generated one. A misread is a figure
// recorded that the truth does not hold (another value, another indicator, another
// village), a truth figure dropped without the reader saying it left something unread,
// or a period other than the one written.
#pragma once

#include <algorithm>
#include <string>
#include <tuple>
#include <vector>

#include "flows/groups/words.hpp"
#include "flows/reports/parser.hpp"

namespace hocvuso::test {

struct TruthFigure {
  std::string village_key;  // folded, "" for the commune as a whole
  std::string id;
  long long value = 0;
};

struct Truth {
  std::string period = "-";  // a period key, "-" none written, "?" must be asked
  std::vector<TruthFigure> figures;
};

inline std::string fold_key(const std::string& s) { return groups::join_words(groups::folded_words(s)); }

// "Bản Mòng: huongdan=12, buoi=2 ; *: vneid=3" or "-".
inline std::vector<TruthFigure> parse_truth_figures(const std::string& s) {
  std::vector<TruthFigure> out;
  if (s == "-") return out;
  std::size_t start = 0;
  while (start <= s.size()) {
    std::size_t end = s.find(" ; ", start);
    const std::string part = s.substr(start, end == std::string::npos ? std::string::npos : end - start);
    const auto colon = part.find(':');
    const std::string village = part.substr(0, colon);
    const std::string key = village == "*" ? "" : fold_key(village);
    std::string rest = part.substr(colon + 1);
    std::size_t p = 0;
    while (p < rest.size()) {
      std::size_t q = rest.find(',', p);
      std::string item = rest.substr(p, q == std::string::npos ? std::string::npos : q - p);
      item.erase(0, item.find_first_not_of(' '));
      item.erase(item.find_last_not_of(' ') + 1);
      if (!item.empty()) {
        const auto eq = item.find('=');
        out.push_back({key, item.substr(0, eq), std::stoll(item.substr(eq + 1))});
      }
      if (q == std::string::npos) break;
      p = q + 1;
    }
    if (end == std::string::npos) break;
    start = end + 3;
  }
  return out;
}

// Whether the reader said it could not take the whole message as written.
inline bool flagged(const reports::ParsedReport& p) { return !p.unread.empty() || !p.no_number.empty(); }

// Whether the reader refused the period the message names (one that does not exist or
// has not begun) instead of filing the report under another.
inline bool period_refused(const reports::ParsedReport& p) { return p.period_problem.has_value(); }

// The misreads of one parse, described for the failure message; empty when none.
inline std::vector<std::string> misreads(const reports::ParsedReport& p, const Truth& truth) {
  std::vector<std::string> out;
  for (const auto& part : p.parts) {
    for (const auto& [id, value] : part.values) {
      auto t = std::find_if(truth.figures.begin(), truth.figures.end(),
                            [&](const TruthFigure& f) { return f.village_key == part.village_key && f.id == id; });
      if (t == truth.figures.end()) {
        out.push_back("recorded " + (part.village_key.empty() ? "*" : part.village_key) + " " + id + "=" +
                      std::to_string(value) + ", not written");
      } else if (t->value != value) {
        out.push_back("recorded " + (part.village_key.empty() ? "*" : part.village_key) + " " + id + "=" +
                      std::to_string(value) + ", written " + std::to_string(t->value));
      }
    }
  }
  for (const auto& f : truth.figures) {
    bool found = false;
    for (const auto& part : p.parts) {
      for (const auto& [id, value] : part.values) found = found || (part.village_key == f.village_key && id == f.id);
    }
    if (!found && !flagged(p)) {
      out.push_back("dropped " + (f.village_key.empty() ? "*" : f.village_key) + " " + f.id + "=" +
                    std::to_string(f.value) + " without a word");
    }
  }
  if (truth.period == "?") {
    if (!period_refused(p)) out.push_back("period: must be asked, got " + (p.period ? p.period->key() : "the default"));
  } else if (period_refused(p)) {
    out.push_back("period: written " + truth.period + ", refused as " + p.period_problem->written);
  } else if (truth.period == "-") {
    if (p.period) out.push_back("period: none written, read " + p.period->key());
  } else if (!p.period || p.period->key() != truth.period) {
    out.push_back("period: written " + truth.period + ", read " + (p.period ? p.period->key() : "none"));
  }
  return out;
}

}  // namespace hocvuso::test
