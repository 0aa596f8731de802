// Authors see scores and coverage; the JSONL form is what evaluations read.
#include "bot/app/faq_cli.hpp"

#include <cstdio>
#include <iostream>
#include <nlohmann/json.hpp>

#include "bot/app/runtime.hpp"
#include "bot/app/store_backend.hpp"
#include "bot/app/report_cli.hpp"
#include "bot/content/content.hpp"
#include "bot/store/store.hpp"
#include "bot/text/secrets.hpp"
#include "flows/faq/faq_content.hpp"
#include "flows/faq/faq_policy.hpp"
#include "flows/faq/faq_store.hpp"

namespace hocvuso {

namespace {

int ask(const faq::FaqContent& faq, const std::string& question) {
  const auto masked = text::mask_secrets(question);
  const faq::Decision d = faq::decide(faq, masked.text);
  const auto a = faq.index->analyze(text::without_placeholders(masked.text));  // the words decide() reads
  std::cout << "question: " << masked.text << '\n' << "words:";
  for (const auto& w : a.exact) std::cout << ' ' << w;
  std::cout << "\nverdict: " << faq::to_string(d.outcome) << '\n';
  for (const auto& h : faq.index->search(a, 5)) {
    const auto& e = faq.entries[h.doc];
    std::cout << "  " << cli_decimal(h.score, 3) << "  confidence " << cli_decimal(faq::confidence(h), 3) << " (question "
              << cli_decimal(h.coverage, 3) << ", entry " << cli_decimal(h.doc_coverage, 3) << ", closest wording " << cli_decimal(h.fit, 3) << ")  " << e.id << "  (" << e.question
              << ")\n";
  }
  if (d.outcome == faq::Outcome::answer) std::cout << '\n' << faq.entries[d.hits[0].doc].answer << '\n';
  return 0;
}

int answer_jsonl(const faq::FaqContent& faq) {
  std::string line;
  while (std::getline(std::cin, line)) {
    if (line.empty()) continue;
    auto in = nlohmann::json::parse(line, nullptr, false);
    nlohmann::ordered_json out;  // id, score, answer first, as authors read them
    if (!in.is_object() || !in.contains("q") || !in["q"].is_string()) {
      out = {{"id", nullptr}, {"error", "expected {\"q\":\"...\"}"}};
    } else {
      const auto masked = text::mask_secrets(in["q"].get<std::string>()).text;
      const auto d = faq::decide(faq, masked);
      if (d.outcome == faq::Outcome::answer || d.outcome == faq::Outcome::choices) {
        const auto& e = faq.entries[d.hits[0].doc];
        out = {{"id", e.id},
               {"score", d.hits[0].score},
               {"answer", e.answer},
               {"verdict", faq::to_string(d.outcome)},
               {"confidence", faq::confidence(d.hits[0])},
               {"coverage", d.hits[0].coverage},
               {"entry_coverage", d.hits[0].doc_coverage}};
        nlohmann::ordered_json ranked = nlohmann::ordered_json::array();
        for (const auto& h : d.hits) ranked.push_back(faq.entries[h.doc].id);
        out["top"] = ranked;
      } else {
        out = {{"id", nullptr}, {"verdict", faq::to_string(d.outcome)}};
        if (!d.hits.empty()) {
          out["confidence"] = faq::confidence(d.hits[0]);
          out["coverage"] = d.hits[0].coverage;
          out["entry_coverage"] = d.hits[0].doc_coverage;
          out["top"] = nlohmann::ordered_json::array({faq.entries[d.hits[0].doc].id});
        }
      }
      // Every ranked hit's figures and the rule that decided, for authors tuning the policy.
      nlohmann::ordered_json hits = nlohmann::ordered_json::array();
      for (const auto& h : d.ranked)
        hits.push_back({{"id", faq.entries[h.doc].id},
                        {"topic", faq.entries[h.doc].topic},
                        {"score", h.score},
                        {"confidence", faq::confidence(h)},
                        {"coverage", h.coverage},
                        {"entry_coverage", h.doc_coverage},
                        {"fit", h.fit}});
      out["hits"] = hits;
      out["rule"] = d.rule;
      out["words"] = faq.index->analyze(masked).folded.size();
    }
    std::cout << out.dump() << '\n' << std::flush;
  }
  return 0;
}

int misses(const Config& config) {
  const auto store = open_store(config);  // the database serve uses, SQLite or PostgreSQL
  const auto list = faq::FaqStore::of(*store).misses(200);
  if (list.empty()) std::cout << "no missed questions yet\n";
  for (const auto& m : list)
    std::cout << m.count << '\t' << m.verdict << '\t' << (m.best_id.empty() ? "-" : m.best_id) << '\t' << m.question
              << '\n';
  return 0;
}

int stats(const Config& config, const faq::FaqContent& faq) {
  const auto store = open_store(config);  // the database serve uses, SQLite or PostgreSQL
  const auto list = faq::FaqStore::of(*store).feedback();
  std::cout << "entries: " << faq.entries.size() << '\n';
  if (list.empty()) std::cout << "no feedback yet\n";
  for (const auto& f : list) std::cout << "👍 " << f.up << "\t👎 " << f.down << '\t' << f.entry_id << '\n';
  return 0;
}

}  // namespace

int run_faq_command(const Config& config, const std::vector<std::string>& args) {
  if (args.empty()) {
    std::cerr << "hocvuso faq: give a question, --jsonl, misses or stats\n";
    return 2;
  }
  if (args[0] == "misses" && args.size() == 1) return misses(config);
  const Content content = load_content(config.content, content_spec());
  const auto& faq = content.get<faq::FaqContent>();
  if (args[0] == "stats" && args.size() == 1) return stats(config, faq);
  if (args[0] == "--jsonl" && args.size() == 1) return answer_jsonl(faq);
  std::string question;
  for (const auto& a : args) question += (question.empty() ? "" : " ") + a;
  return ask(faq, question);
}

}  // namespace hocvuso
