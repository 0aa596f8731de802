// The FAQ evaluation (ctest -L faq): the labelled questions of eval.jsonl, written
// apart from the content's paraphrases, against the shipped content. Prints top-1,
// top-3 and out-of-scope rejection, overall and split by diacritics, lists every
// miss, and fails below the bar: top-1 >= 90% in scope, >= 80% out of scope declined.
#include <filesystem>
#include <iostream>

#include "bot/app/core.hpp"
#include "bot/content/content.hpp"
#include "flows/faq/faq_eval.hpp"

int main() {
  using namespace hocvuso;
  const std::filesystem::path root = HOCVUSO_SOURCE_DIR;
  const Content content = load_content(root / "content", content_spec());
  const auto& faq = content.get<faq::FaqContent>();
  const auto cases = faq::load_eval_cases(root / "tests" / "faq" / "eval.jsonl");
  const auto report = faq::evaluate(cases, [&](const faq::EvalCase& c, bool* confident) {
    return faq::hocvuso_answer(faq, c.question, confident);
  });
  std::cout << "FAQ evaluation: " << cases.size() << " questions, " << faq.entries.size() << " entries\n";
  for (const auto& f : report.failures) std::cout << "  miss: " << f << '\n';
  faq::print_counts(std::cout, "all", report.all);
  faq::print_counts(std::cout, "with diacritics", report.with_diacritics);
  faq::print_counts(std::cout, "without diacritics", report.without_diacritics);
  const bool pass = report.all.top1_rate() >= 0.90 && report.all.decline_rate() >= 0.80;
  std::cout << (pass ? "PASS" : "FAIL") << " (bar: top-1 >= 90%, out-of-scope declined >= 80%)\n";
  return pass ? 0 : 1;
}
