// The FAQ evaluation (ctest -L faq) against the shipped content. Seven sets, all
// written apart from the entries' paraphrases (a copy fails the run):
//   eval.jsonl, eval_long.jsonl   the tuning part: authors may read its misses;
//   eval_frozen.jsonl             the frozen part: written before any tuning; no
//                                 synonym, paraphrase or rule is written from it;
//   eval_long_frozen.jsonl        frozen too: long story-like questions written (6 Dec
//                                 2026) before any result of theirs was read;
//   harm_tuning.jsonl, harm_frozen.jsonl   lawful and victim questions that share
//                                 words with scam and refusal entries;
//   eval_fresh_frozen.jsonl       a third frozen part (issue 20), written (6 Dec 2026)
//                                 without running the FAQ, without reading the entries'
//                                 paraphrases or the other sets' questions: short, long
//                                 and out-of-scope questions, its figures printed apart.
//                                 Kept out of "frozen" and "whole", so their ratchets
//                                 still measure the same sets; its own ratchets below.
// Targets (issue 20), printed as met or not: frozen confident right >= 90%, confident
// wrong <= 2%, out of scope declined >= 90%; top-1 >= 90% on the whole eval. Gates:
// the ratchets below, no harmful answer in either harm set, no copied question, at
// least 150 harm and 150 long questions. "choices" (three buttons) is reported apart
// from the one answer. Prints the tuning part's misses only: the frozen parts' stay
// unread while tuning. HOCVUSO_FAQ_TUNING_ONLY=1 runs the tuning part alone.
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <map>
#include <string>
#include <utility>

#include "bot/app/runtime.hpp"
#include "bot/content/content.hpp"
#include "flows/faq/faq_eval.hpp"

namespace {

using namespace hocvuso;

// The ratchet: what the shipped content measured, less about one question's worth of
// slack. Raise them as the FAQ improves; never lower them for the same sets.
// eval_frozen.jsonl alone, measured 21:08 UTC 5 Dec 2026: confident right 78/109 =
// 71.6%, confident wrong 4/109 = 3.7%, out of scope declined 19/25 = 76.0%; after the
// form-word weights and the long-question lead (00:20 UTC 6 Dec): 71.6%, 3.7%, 84.0%.
// faq8 (synonyms, 09:31 UTC 7 Dec 2026): confident right 83/109 = 76.1%, confident wrong
// 4/109 = 3.7% (was 3/109: at the ratchet below, no slack left), declined 24/25 = 96.0%.
// Right raised to one question below what was measured (82/109 = 75.2%).
// faq12 (a blind tuning round, measured once 23:01 UTC 7 Dec 2026, Debug+sanitizer):
// 85/109 = 78.0%, 1/109 = 0.9%, 24/25; right and wrong set one question off (84/109,
// 2/109).
constexpr double kRatchetFrozenShortConfidentRight = 0.77;
// faq7 (answer words in the ranking, 06:35 UTC 7 Dec 2026): confident right 78/109 =
// 71.6%, confident wrong 3/109 = 2.8%; wrong raised to 4/109 (one question of slack).
// faq10 (second opinion on, measured once 12:58 UTC 7 Dec 2026): 2/109 = 1.8%; raised to
// one question above it (3/109 = 2.75%).
// faq13 (23:56 UTC 7 Dec 2026): 85/109, 0/109; wrong set one question above (1/109).
constexpr double kRatchetFrozenShortConfidentWrong = 0.01;
// With topic_anchors (10:40 UTC 6 Dec), out of scope declined 24/25 = 96.0%.
constexpr double kRatchetFrozenShortDeclined = 0.92;
// The whole frozen part (eval_frozen.jsonl + eval_long_frozen.jsonl), 00:32 UTC 6 Dec
// 2026: confident right 96/141 = 68.1%, confident wrong 4/141 = 2.8%, out of scope
// declined 24/31 = 77.4%; whole eval top-1 382/448 = 85.3%.
// Measured once after topic_anchors (10:40 UTC 6 Dec 2026): confident right 100/141 =
// 70.9%, confident wrong 4/141 = 2.8%, out of scope declined 30/31 = 96.8%; whole top-1
// 89.7%.
// Measured once by faq7 (answer words in the ranking, 06:35 UTC 7 Dec 2026): confident
// right 99/141 = 70.2%, confident wrong 3/141 = 2.1%, out of scope declined 30/31 =
// 96.8%, top-1 85.1%; whole top-1 572/648 = 88.3%. Wrong raised to 4/141 (one question
// of slack); the others stay (measured minus one question is at or below them).
// Measured once by faq8 (synonyms, 09:31 UTC 7 Dec 2026, Debug+sanitizer build): confident
// right 108/141 = 76.6%, confident wrong 4/141 = 2.8% (one more than faq7: the wrong
// ratchet stays, now without slack), out of scope declined 30/31 = 96.8%, top-1 124/141 =
// 87.9%; whole top-1 599/648 = 92.4%. Right and whole top-1 raised to one question below
// what was measured (107/141 = 75.9%, 598/648 = 92.3%).
// faq10 measured once (12:58 UTC 7 Dec 2026, Debug+sanitizer, commit 793330f) with the
// n-gram channel's second opinion on: confident right 107/141 = 75.9%, confident wrong
// 2/141 = 1.4%, out of scope declined 30/31, top-1 124/141 = 87.9%; eval_frozen.jsonl
// 82/109, 2/109, 24/25; whole top-1 on the sets before faq9's questions unchanged. It
// ships ON (the lead's call after the report: DecideOptions::second_opinion). Wrong
// tightened to one question above it (3/141 = 2.13%); right stays (106/141 = 75.2%).
// faq12 measured once (23:01 UTC 7 Dec 2026, Debug+sanitizer, merge 14a9f79): confident
// right 110/141 = 78.0%, confident wrong 1/141 = 0.7%, out of scope declined 30/31, top-1
// 126/141 = 89.4%; whole top-1 on the sets before faq9's and faq12's questions 609/648 =
// 94.0%. Each set one question off what was measured (109/141, 2/141, 608/648).
constexpr double kRatchetFrozenConfidentRight = 0.77;
// faq13 (23:56 UTC 7 Dec 2026): 110/141, 0/141; wrong set one question above (1/141).
constexpr double kRatchetFrozenConfidentWrong = 0.008;
constexpr double kRatchetFrozenDeclined = 0.93;
constexpr double kRatchetWholeTop1 = 0.938;
// The whole eval with faq9's questions in the tuning part (faq10): top-1 756/831 = 91.0%
// (the ranking is the same with the second opinion on or off); one question below.
// With faq12's 200 questions too (faq12, 23:01 UTC 7 Dec 2026): 920/999 = 92.1%; one
// question below.
constexpr double kRatchetWholeWithFaq9Top1 = 0.919;
// "whole" then gained 107 in-scope tuning questions (and 35 out of scope) written by an
// engineer (issue 20, 6 Dec 2026; "by": "faq4" in eval.jsonl and eval_long.jsonl):
// whole top-1 88.1% (489/555) on the shipped FAQ, 13:55 UTC.
// eval_fresh_frozen.jsonl, measured once on the shipped FAQ (13:55 UTC 6 Dec 2026,
// Release build): confident right 117/184 = 63.6%, confident wrong 9/184 = 4.9%, out of
// scope declined 39/45 = 86.7%. The ratchets leave about one question of slack.
// faq6 (6 Dec 2026) measured the frozen parts twice, on two answer policies it did not
// ship (content/faq/README.md); what it ships was not measured on them, so these stay.
// faq7 measured them once (06:35 UTC 7 Dec 2026, answer words in the ranking): confident
// right 119/184 = 64.7%, confident wrong 9/184 = 4.9%, out of scope declined 40/45 =
// 88.9%, top-1 78.3%. Right and declined raised to one question below what was measured.
// faq8 measured them once (09:31 UTC 7 Dec 2026, synonyms): confident right 125/184 =
// 67.9%, confident wrong 7/184 = 3.8%, out of scope declined 40/45 = 88.9%, top-1 145/184
// = 78.8%. Right set one question below (124/184 = 67.4%), wrong one question above
// (8/184 = 4.3%).
// faq10's one measurement with the second opinion on (12:58 UTC 7 Dec 2026): confident
// right 122/184 = 66.3%, confident wrong 6/184 = 3.3%, out of scope declined 40/45, top-1
// 145/184. It ships on: the right ratchet is LOWERED to one question below that (121/184 =
// 65.8%), the one ratchet ever lowered, because the second opinion turns a close call into
// choices: 3 FRESH right answers became choices, while confident wrong answers fell on
// every held-out set (frozen 4 -> 2, FRESH 7 -> 6, held-out paraphrases 127 -> 118).
// Wrong tightened to one question above (7/184 = 3.8%).
// faq12's one measurement (23:01 UTC 7 Dec 2026): confident right 128/184 = 69.6%,
// confident wrong 6/184 = 3.3%, out of scope declined 41/45, top-1 151/184 = 82.1%. Right
// set one question below (127/184 = 69.0%); wrong stays one question above (7/184).
// faq13 (23:56 UTC 7 Dec 2026): 129/184 = 70.1%, 6/184; right set one question below (128/184).
constexpr double kRatchetFreshConfidentRight = 0.695;
constexpr double kRatchetFreshConfidentWrong = 0.039;
constexpr double kRatchetFreshDeclined = 0.86;

struct HarmCounts {
  int cases = 0, harmful = 0, helpful = 0;
};

HarmCounts run_harm(const faq::FaqContent& faq, const std::vector<faq::EvalCase>& cases, bool list_misses) {
  HarmCounts h;
  for (const auto& c : cases) {
    ++h.cases;
    std::string what;
    if (faq::harmful(faq, c.question, &what)) {
      ++h.harmful;
      if (list_misses) std::cout << "  HARM: " << what << "\t" << c.question << '\n';
      continue;
    }
    bool confident = false;
    const auto a = faq::hocvuso_answer(faq, c.question, &confident);
    const bool ok = c.id ? (!a.declined && !a.ranked.empty() && a.ranked[0] == *c.id) : a.declined;
    h.helpful += ok ? 1 : 0;
    if (!ok && list_misses)
      std::cout << "  harm-set miss (not harmful): " << (c.id ? *c.id : "(team)") << "\tgot "
                << (a.declined ? std::string("decline") : a.ranked.empty() ? "-" : a.ranked[0]) << "\t" << c.question
                << '\n';
  }
  return h;
}

}  // namespace

int main() {
  // HOCVUSO_FAQ_EVAL_ROOT: another checkout's content and eval files (an author tuning in a
  // worktree measures without building there).
  const char* other_root = std::getenv("HOCVUSO_FAQ_EVAL_ROOT");
  const std::filesystem::path root = other_root ? other_root : HOCVUSO_SOURCE_DIR;
  const std::filesystem::path dir = root / "tests" / "faq";
  const Content content = load_content(root / "content", content_spec());
  const auto& faq = content.get<faq::FaqContent>();
  auto load = [&](const char* name) { return faq::load_eval_cases(dir / name); };
  auto tuning = load("eval.jsonl");
  for (auto& c : load("eval_long.jsonl")) tuning.push_back(std::move(c));
  auto frozen = load("eval_frozen.jsonl");
  const auto frozen_long = load("eval_long_frozen.jsonl");
  const auto short_tuning = load("eval.jsonl");
  const auto long_tuning = load("eval_long.jsonl");
  const auto short_frozen = frozen;
  for (const auto& c : frozen_long) frozen.push_back(c);
  const auto harm_tuning = load("harm_tuning.jsonl");
  const auto harm_frozen = load("harm_frozen.jsonl");
  const auto fresh = load("eval_fresh_frozen.jsonl");

  int copies = 0;
  const faq::CopyCheck copy_check(faq);
  const std::vector<const std::vector<faq::EvalCase>*> sets = {&tuning, &frozen, &harm_tuning, &harm_frozen, &fresh};
  for (const auto* set : sets)
    for (const auto& c : *set)
      if (const std::string p = copy_check.copied(c.question); !p.empty()) {
        ++copies;
        std::cout << "  COPY: \"" << c.question << "\" copies \"" << p << "\"\n";
      }

  // Each question is answered once: the sets below overlap (each file, the tuning part,
  // the whole and its subsets), and the evaluation runs in every CI build.
  std::map<std::string, std::pair<faq::EvalAnswer, bool>> answered;
  auto answer = [&](const faq::EvalCase& c, bool* confident) {
    auto it = answered.find(c.question);
    if (it == answered.end()) {
      bool sure = false;
      faq::EvalAnswer a = faq::hocvuso_answer(faq, c.question, &sure);
      it = answered.emplace(c.question, std::make_pair(std::move(a), sure)).first;
    }
    if (confident != nullptr) *confident = it->second.second;
    return it->second.first;
  };
  // HOCVUSO_FAQ_TUNING_ONLY=1: the tuning part and the tuning harm set only, misses
  // listed, nothing of the frozen part computed (for an author tuning the FAQ).
  if (std::getenv("HOCVUSO_FAQ_TUNING_ONLY")) {
    const auto t = faq::evaluate(tuning, answer);
    for (const auto& m : t.failures) std::cout << "  miss (tuning): " << m << '\n';
    const HarmCounts ht = run_harm(faq, harm_tuning, true);
    faq::print_counts(std::cout, "eval.jsonl", faq::evaluate(short_tuning, answer).all);
    faq::print_counts(std::cout, "eval_long.jsonl", faq::evaluate(long_tuning, answer).all);
    faq::print_counts(std::cout, "tuning", t.all);
    std::printf("harm (tuning) %d questions: harmful %d, lawful answer or team %d\n", ht.cases, ht.harmful, ht.helpful);
    return 0;
  }
  const auto t = faq::evaluate(tuning, answer);
  const auto f = faq::evaluate(frozen, answer);
  std::vector<faq::EvalCase> whole = tuning;
  whole.insert(whole.end(), frozen.begin(), frozen.end());
  const auto w = faq::evaluate(whole, answer);
  // The whole top-1 ratchet was set on the sets as they were before faq9's 208 tuning
  // questions (taken into the tuning part by faq10, 7 Dec 2026): it keeps measuring
  // those sets; the enlarged whole is printed and held to the 90% target.
  std::vector<faq::EvalCase> whole_before_faq9;
  for (const auto& c : whole)
    // faq12's 200 blind tuning questions (7 Dec 2026) stay out too, for the same reason.
    // faq13's 200 (7 Dec 2026) too.
    if (c.by != "faq9" && c.by != "faq12" && c.by != "faq13") whole_before_faq9.push_back(c);
  const auto w8 = faq::evaluate(whole_before_faq9, answer);
  // The second whole top-1 ratchet was set with faq9's and faq12's questions in, before
  // faq13's 200 blind questions (top-1 133/170 when written): it keeps measuring those.
  std::vector<faq::EvalCase> whole_before_faq13;
  for (const auto& c : whole)
    if (c.by != "faq13") whole_before_faq13.push_back(c);
  const auto w12 = faq::evaluate(whole_before_faq13, answer);
  const auto fr = faq::evaluate(fresh, answer);  // its failures are never printed

  std::cout << "FAQ evaluation: " << faq.entries.size() << " entries; tuning " << tuning.size() << ", frozen "
            << frozen.size() << ", harm " << harm_tuning.size() << " + " << harm_frozen.size() << ", fresh frozen "
            << fresh.size() << " questions\n";
  for (const auto& m : t.failures) std::cout << "  miss (tuning): " << m << '\n';
  const HarmCounts ht = run_harm(faq, harm_tuning, true);
  const HarmCounts hf = run_harm(faq, harm_frozen, false);

  // Each file apart, so a change shows where it helps or hurts.
  faq::print_counts(std::cout, "eval.jsonl", faq::evaluate(short_tuning, answer).all);
  faq::print_counts(std::cout, "eval_long.jsonl", faq::evaluate(long_tuning, answer).all);
  faq::print_counts(std::cout, "eval_frozen.jsonl", faq::evaluate(short_frozen, answer).all);
  faq::print_counts(std::cout, "eval_long_frozen.jsonl", faq::evaluate(frozen_long, answer).all);
  faq::print_counts(std::cout, "tuning", t.all);
  faq::print_counts(std::cout, "tuning, long", t.long_questions);
  faq::print_counts(std::cout, "FROZEN", f.all);
  faq::print_counts(std::cout, "FROZEN, long", f.long_questions);
  faq::print_counts(std::cout, "FROZEN, no diacritics", f.without_diacritics);
  faq::print_counts(std::cout, "whole", w.all);
  faq::print_counts(std::cout, "whole before faq9", w8.all);
  faq::print_counts(std::cout, "whole before faq13", w12.all);
  faq::print_counts(std::cout, "whole, long", w.long_questions);
  faq::print_counts(std::cout, "whole, diacritics", w.with_diacritics);
  faq::print_counts(std::cout, "whole, no diacritics", w.without_diacritics);
  // The fresh frozen part, apart from "FROZEN" and "whole" (its own ratchets).
  faq::print_counts(std::cout, "FRESH", fr.all);
  faq::print_counts(std::cout, "FRESH, long", fr.long_questions);
  faq::print_counts(std::cout, "FRESH, diacritics", fr.with_diacritics);
  faq::print_counts(std::cout, "FRESH, no diacritics", fr.without_diacritics);
  std::printf("harm (tuning) %d questions: harmful %d, lawful answer or team %d (%.1f%%)\n", ht.cases, ht.harmful,
              ht.helpful, ht.cases ? 100.0 * ht.helpful / ht.cases : 0);
  std::printf("harm (FROZEN) %d questions: harmful %d, lawful answer or team %d (%.1f%%)\n", hf.cases, hf.harmful,
              hf.helpful, hf.cases ? 100.0 * hf.helpful / hf.cases : 0);
  std::printf("copies of paraphrases: %d\n", copies);

  // The bars issue 20 sets are not all met yet: they are printed as targets, and the
  // run fails on a regression below what is measured now (a ratchet: raise these
  // numbers when the FAQ improves, never lower them). Safety is gated outright.
  auto target = [&](bool met, const char* what, double value) {
    std::printf("target %-44s %s (%.1f%%)\n", what, met ? "met" : "NOT MET", 100 * value);
  };
  target(f.all.confident_right_rate() >= 0.90, "frozen: confident right >= 90%", f.all.confident_right_rate());
  target(f.all.confident_wrong_rate() <= 0.02, "frozen: confident wrong <= 2%", f.all.confident_wrong_rate());
  target(f.all.decline_rate() >= 0.90, "frozen: out of scope declined >= 90%", f.all.decline_rate());
  target(w.all.top1_rate() >= 0.90, "whole eval: top-1 >= 90%", w.all.top1_rate());
  bool pass = true;
  auto gate = [&](bool ok, const char* what) {
    if (!ok) std::cout << "FAIL: " << what << '\n';
    pass = pass && ok;
  };
  const auto fs = faq::evaluate(short_frozen, answer).all;
  gate(fs.confident_right_rate() >= kRatchetFrozenShortConfidentRight, "eval_frozen: confident right fell (ratchet)");
  gate(fs.confident_wrong_rate() <= kRatchetFrozenShortConfidentWrong, "eval_frozen: confident wrong rose (ratchet)");
  gate(fs.decline_rate() >= kRatchetFrozenShortDeclined, "eval_frozen: out of scope declined fell (ratchet)");
  gate(long_tuning.size() + frozen_long.size() >= 150, "long questions: at least 150");
  gate(f.all.confident_right_rate() >= kRatchetFrozenConfidentRight, "frozen: confident right fell (ratchet)");
  gate(f.all.confident_wrong_rate() <= kRatchetFrozenConfidentWrong, "frozen: confident wrong rose (ratchet)");
  gate(f.all.decline_rate() >= kRatchetFrozenDeclined, "frozen: out of scope declined fell (ratchet)");
  gate(w8.all.top1_rate() >= kRatchetWholeTop1, "whole eval before faq9's questions: top-1 fell (ratchet)");
  gate(w12.all.top1_rate() >= kRatchetWholeWithFaq9Top1, "whole eval before faq13's questions: top-1 fell (ratchet)");
  gate(fr.all.confident_right_rate() >= kRatchetFreshConfidentRight, "fresh: confident right fell (ratchet)");
  gate(fr.all.confident_wrong_rate() <= kRatchetFreshConfidentWrong, "fresh: confident wrong rose (ratchet)");
  gate(fr.all.decline_rate() >= kRatchetFreshDeclined, "fresh: out of scope declined fell (ratchet)");
  gate(ht.harmful == 0 && hf.harmful == 0, "harm sets: no harmful answer");
  gate(copies == 0, "no eval question copies a paraphrase");
  gate(harm_tuning.size() + harm_frozen.size() >= 150, "harm sets: at least 150 questions");
  std::cout << (pass ? "PASS" : "FAIL") << '\n';
  return pass ? 0 : 1;
}
