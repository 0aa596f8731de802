#include "flows/faq/faq_eval.hpp"

#include <algorithm>
#include <cstdio>
#include <fstream>
#include <iterator>
#include <nlohmann/json.hpp>
#include <ostream>
#include <stdexcept>

#include "bot/text/fold.hpp"
#include "bot/text/normalize.hpp"
#include "bot/text/secrets.hpp"
#include "flows/faq/faq_policy.hpp"

namespace hocvuso::faq {

std::vector<EvalCase> load_eval_cases(const std::filesystem::path& jsonl) {
  std::ifstream in(jsonl);
  if (!in) throw std::runtime_error("cannot read " + jsonl.string());
  std::vector<EvalCase> cases;
  std::string line;
  for (int n = 1; std::getline(in, line); ++n) {
    if (line.empty()) continue;
    auto j = nlohmann::json::parse(line, nullptr, false);
    if (!j.is_object() || !j.contains("q") || !j["q"].is_string())
      throw std::runtime_error(jsonl.string() + ":" + std::to_string(n) + ": expected {\"q\":..,\"id\":..,\"kind\":..}");
    EvalCase c;
    c.question = j["q"].get<std::string>();
    if (j.contains("id") && j["id"].is_string()) c.id = j["id"].get<std::string>();
    c.kind = j.value("kind", "");
    c.by = j.value("by", "");
    c.has_diacritics = std::any_of(c.question.begin(), c.question.end(),
                                   [](char ch) { return static_cast<unsigned char>(ch) >= 0x80; });
    cases.push_back(std::move(c));
  }
  return cases;
}

EvalAnswer hocvuso_answer(const FaqContent& faq, const std::string& question, bool* confident) {
  const Decision d = decide(faq, text::mask_secrets(question).text);
  EvalAnswer a;
  a.declined = d.outcome != Outcome::answer && d.outcome != Outcome::choices;
  if (!a.declined)
    for (const auto& h : d.hits) a.ranked.push_back(faq.entries[h.doc].id);
  if (confident) *confident = d.outcome == Outcome::answer;
  return a;
}

EvalReport evaluate(const std::vector<EvalCase>& cases,
                    const std::function<EvalAnswer(const EvalCase&, bool* confident)>& answer) {
  EvalReport r;
  for (const auto& c : cases) {
    bool confident = false;
    const EvalAnswer a = answer(c, &confident);
    std::vector<EvalCounts*> buckets = {&r.all, c.has_diacritics ? &r.with_diacritics : &r.without_diacritics};
    if (c.kind.rfind("long", 0) == 0) buckets.push_back(&r.long_questions);
    for (EvalCounts* counts : buckets) {
      if (c.id) {
        ++counts->in_scope;
        const bool first = !a.declined && !a.ranked.empty() && a.ranked[0] == *c.id;
        const auto end = a.ranked.begin() + static_cast<std::ptrdiff_t>(std::min<std::size_t>(3, a.ranked.size()));
        counts->top1 += first ? 1 : 0;
        counts->top3 += !a.declined && std::find(a.ranked.begin(), end, *c.id) != end ? 1 : 0;
        counts->answered += confident ? 1 : 0;
        counts->wrong_answers += confident && !first ? 1 : 0;
        if (!a.declined && !confident) {
          ++counts->choices;
          counts->choices_right += std::find(a.ranked.begin(), end, *c.id) != end ? 1 : 0;
        }
      } else {
        ++counts->out_of_scope;
        counts->declined += a.declined ? 1 : 0;
      }
    }
    const bool ok = c.id ? (!a.declined && !a.ranked.empty() && a.ranked[0] == *c.id) : a.declined;
    if (!ok) {
      r.failures.push_back((c.id ? *c.id : std::string("(decline)")) + "\t" + c.kind + "\tgot " +
                           (a.declined ? std::string("decline") : a.ranked.empty() ? "-" : a.ranked[0]) + "\t" +
                           c.question);
    }
  }
  return r;
}

void print_counts(std::ostream& out, const std::string& label, const EvalCounts& c) {
  char buf[320];
  std::snprintf(buf, sizeof buf,
                "%-22s in-scope %3d  confident right %5.1f%%  confident wrong %4.1f%%  choices %4.1f%% (right among "
                "them %d/%d)  top-1 %5.1f%%  top-3 %5.1f%%  out-of-scope %3d declined %5.1f%%\n",
                label.c_str(), c.in_scope, 100 * c.confident_right_rate(), 100 * c.confident_wrong_rate(),
                100 * c.choices_rate(), c.choices_right, c.choices, 100 * c.top1_rate(), 100 * c.top3_rate(),
                c.out_of_scope, 100 * c.decline_rate());
  out << buf;
}

namespace {

std::vector<std::string> folded_words(const std::string& s) {
  std::vector<std::string> out;
  for (const auto& w : text::syllables(s)) out.push_back(text::fold(w));
  return out;
}

}  // namespace

namespace {

std::vector<std::string> sorted_unique(std::vector<std::string> words) {
  std::sort(words.begin(), words.end());
  words.erase(std::unique(words.begin(), words.end()), words.end());
  return words;
}

}  // namespace

CopyCheck::CopyCheck(const FaqContent& faq) {
  for (const auto& e : faq.entries) {
    std::vector<std::string> texts = e.paraphrases;
    texts.push_back(e.question);
    texts.push_back(e.title);
    for (auto& t : texts) {
      auto words = folded_words(t);
      auto unique = sorted_unique(words);
      wordings_.push_back({std::move(t), std::move(words), std::move(unique)});
    }
  }
}

std::string CopyCheck::copied(const std::string& question) const {
  const auto q = folded_words(question);
  const auto qs = sorted_unique(q);
  for (const auto& w : wordings_) {
    if (w.words == q) return w.text;
    std::vector<std::string> shared;
    std::set_intersection(qs.begin(), qs.end(), w.unique.begin(), w.unique.end(), std::back_inserter(shared));
    const std::size_t joined = qs.size() + w.unique.size() - shared.size();
    if (shared.size() >= 2 && joined > 0 && 10 * shared.size() >= 7 * joined) return w.text;
  }
  return {};
}

bool harmful(const FaqContent& faq, const std::string& question, std::string* what) {
  const Decision d = decide(faq, text::mask_secrets(question).text);
  if (d.outcome == Outcome::refuse) {
    if (what) *what = "refused";
    return true;
  }
  if (d.outcome != Outcome::answer && d.outcome != Outcome::choices) return false;
  const std::size_t shown = d.outcome == Outcome::answer ? 1 : d.hits.size();
  for (std::size_t i = 0; i < shown && i < d.hits.size(); ++i)
    if (faq.entries[d.hits[i].doc].scam) {
      if (what) *what = "scam entry " + faq.entries[d.hits[i].doc].id;
      return true;
    }
  return false;
}

}  // namespace hocvuso::faq
