// Scoring the FAQ against a labelled question set (tests/faq/eval.jsonl): used by the
// evaluation test and the benchmark, so both report the same figures.
#pragma once

#include <filesystem>
#include <functional>
#include <iosfwd>
#include <optional>
#include <string>
#include <vector>

#include "flows/faq/faq_content.hpp"

namespace hocvuso::faq {

struct EvalCase {
  std::string question;
  std::optional<std::string> id;  // nullopt: out of scope, should be declined
  std::string kind;               // plain, no_diacritics, typo, abbreviation, short, rambling, out_of_scope, illegal
  bool has_diacritics = false;
  std::string by;  // who wrote a tuning question ("faq4", "faq9"...), empty for the older ones
};

// What a system said about one question: its ranking (best first) and whether it
// declined. hocvuso's comes from decide(); a peer's from its own output.
struct EvalAnswer {
  std::vector<std::string> ranked;
  bool declined = false;
};

// "top-1" counts a right first entry whether the citizen saw it as the one answer or
// as the first of three buttons; "confident right" counts only the one answer, and
// "choices" the questions answered with buttons (the citizen still has to pick).
struct EvalCounts {
  int in_scope = 0, top1 = 0, top3 = 0, answered = 0, wrong_answers = 0;
  int choices = 0, choices_right = 0;  // choices_right: the right entry among the buttons
  int out_of_scope = 0, declined = 0;
  int confident_right() const { return answered - wrong_answers; }
  double confident_right_rate() const { return in_scope ? double(confident_right()) / in_scope : 0; }
  double confident_wrong_rate() const { return in_scope ? double(wrong_answers) / in_scope : 0; }
  double choices_rate() const { return in_scope ? double(choices) / in_scope : 0; }
  double top1_rate() const { return in_scope ? double(top1) / in_scope : 0; }
  double top3_rate() const { return in_scope ? double(top3) / in_scope : 0; }
  double decline_rate() const { return out_of_scope ? double(declined) / out_of_scope : 0; }
};

struct EvalReport {
  EvalCounts all, with_diacritics, without_diacritics;
  EvalCounts long_questions;  // kind "long"/"longoos": 20-60 word stories
  std::vector<std::string> failures;  // one line per miss, for authors
};

// Throws std::runtime_error naming the line of a malformed file.
std::vector<EvalCase> load_eval_cases(const std::filesystem::path& jsonl);

// hocvuso's answer: top-1 and top-3 count only when it did not decline; `answered`
// counts confident answers, `wrong_answers` the confident ones that were wrong.
EvalAnswer hocvuso_answer(const FaqContent& faq, const std::string& question, bool* confident = nullptr);

EvalReport evaluate(const std::vector<EvalCase>& cases,
                    const std::function<EvalAnswer(const EvalCase&, bool* confident)>& answer);

void print_counts(std::ostream& out, const std::string& label, const EvalCounts& c);

// The entry question, title or paraphrase an eval question copies: the same words,
// the same once diacritics are folded, or a near copy (at least 70% of their folded
// words shared, and at least two). Empty when it copies none. content/faq/README.md
// forbids such copies: the evaluation would measure recall of the paraphrases.
// The entries' wordings are folded once, for the thousands of questions checked.
class CopyCheck {
 public:
  explicit CopyCheck(const FaqContent& faq);
  std::string copied(const std::string& question) const;

 private:
  struct Wording {
    std::string text;
    std::vector<std::string> words;   // folded, in order
    std::vector<std::string> unique;  // folded, sorted, without repeats
  };
  std::vector<Wording> wordings_;
};

// Harmful to a lawful or victim question: a refusal, or a scam entry shown (as the
// answer or among the choices).
bool harmful(const FaqContent& faq, const std::string& question, std::string* what = nullptr);

}  // namespace hocvuso::faq
