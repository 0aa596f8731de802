// The FAQ benchmark: hocvuso's accuracy on tests/faq/eval.jsonl beside MiniSearch's
// (results written by minisearch_eval.js, passed with --peer), split by questions
// with and without diacritics; then hocvuso's latency per question (mask + analyse +
// search + decide, as the bot does it) on one thread: p50, p99 and queries per second.
// Usage: hocvuso_faq_bench [--peer FILE] [--rounds N]   (bash bench/faq/run.sh does it all)
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "bench/options.hpp"
#include "bot/app/runtime.hpp"
#include "bot/content/content.hpp"
#include "bot/text/secrets.hpp"
#include "flows/faq/faq_eval.hpp"
#include "flows/faq/faq_policy.hpp"

namespace {

using namespace hocvuso;

struct Row {
  std::string name;
  faq::EvalReport report;
  double p50_us = 0, p99_us = 0, qps = 0;
};

void print_row(const Row& r) {
  auto cell = [](const faq::EvalCounts& c) {
    char buf[64];
    std::snprintf(buf, sizeof buf, "%5.1f%% %5.1f%% %5.1f%%", 100 * c.top1_rate(), 100 * c.top3_rate(),
                  100 * c.decline_rate());
    return std::string(buf);
  };
  char lat[96] = "";
  if (r.qps > 0) std::snprintf(lat, sizeof lat, "  %7.1f %8.1f %9.0f", r.p50_us, r.p99_us, r.qps);
  std::printf("%-32s %s | %s | %s%s\n", r.name.c_str(), cell(r.report.all).c_str(),
              cell(r.report.with_diacritics).c_str(), cell(r.report.without_diacritics).c_str(), lat);
}

}  // namespace

int main(int argc, char** argv) {
  std::string peer_file;
  int rounds = 200;
  try {
    bench::parse_options(argc, argv, "usage: hocvuso_faq_bench [--peer RESULTS.json] [--rounds N]",
                         [&](const std::string& a, const std::string& v) {
                           if (a == "--peer") peer_file = v;
                           else if (a == "--rounds") rounds = std::max(1, std::stoi(v));
                           else return false;
                           return true;
                         });
  } catch (const std::invalid_argument& e) {
    std::fprintf(stderr, "hocvuso_faq_bench: %s\n", e.what());
    return 2;
  }
  const std::filesystem::path root = HOCVUSO_SOURCE_DIR;
  const Content content = load_content(root / "content", content_spec());
  const auto& faq = content.get<faq::FaqContent>();
  const auto cases = faq::load_eval_cases(root / "tests" / "faq" / "eval.jsonl");

  std::vector<Row> rows;
  Row ours;
  ours.name = "hocvuso";
  ours.report = faq::evaluate(cases, [&](const faq::EvalCase& c, bool* confident) {
    return faq::hocvuso_answer(faq, c.question, confident);
  });

  // Latency: every question, `rounds` times, one thread.
  for (const auto& c : cases) faq::decide(faq, text::mask_secrets(c.question).text);  // warm-up
  std::vector<double> us;
  us.reserve(cases.size() * static_cast<std::size_t>(rounds));
  std::size_t sink = 0;
  const auto start = std::chrono::steady_clock::now();
  for (int r = 0; r < rounds; ++r) {
    for (const auto& c : cases) {
      const auto t0 = std::chrono::steady_clock::now();
      const auto d = faq::decide(faq, text::mask_secrets(c.question).text);
      const auto t1 = std::chrono::steady_clock::now();
      sink += d.hits.size();
      us.push_back(std::chrono::duration<double, std::micro>(t1 - t0).count());
    }
  }
  const double total_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  std::sort(us.begin(), us.end());
  ours.p50_us = us[us.size() / 2];
  ours.p99_us = us[std::min(us.size() - 1, us.size() * 99 / 100)];
  ours.qps = static_cast<double>(us.size()) / total_s;
  rows.push_back(std::move(ours));

  if (!peer_file.empty()) {
    std::ifstream in(peer_file);
    std::string line;
    while (std::getline(in, line)) {
      auto j = nlohmann::json::parse(line, nullptr, false);
      if (!j.is_object() || !j.contains("answers") || j["answers"].size() != cases.size()) continue;
      Row peer;
      peer.name = j.value("name", std::string("peer"));
      const auto& answers = j["answers"];
      std::size_t i = 0;
      peer.report = faq::evaluate(cases, [&](const faq::EvalCase&, bool* confident) {
        faq::EvalAnswer a;
        const auto& x = answers[i++];
        for (const auto& id : x["ranked"]) a.ranked.push_back(id.get<std::string>());
        a.declined = x.value("declined", false);
        *confident = !a.declined;  // it has no notion of "unsure": every result is an answer
        return a;
      });
      peer.p50_us = j.value("p50_us", 0.0);
      peer.p99_us = j.value("p99_us", 0.0);
      peer.qps = j.value("qps", 0.0);
      rows.push_back(std::move(peer));
    }
  } else {
    std::cout << "(no --peer file: MiniSearch rows skipped; bash bench/faq/run.sh makes one)\n";
  }

  int with = 0, without = 0, oos = 0;
  for (const auto& c : cases) {
    (c.has_diacritics ? with : without) += c.id ? 1 : 0;
    oos += c.id ? 0 : 1;
  }
  std::printf("FAQ benchmark: %zu questions (%d in scope with diacritics, %d without, %d out of scope), %zu entries\n",
              cases.size(), with, without, oos, faq.entries.size());
  std::printf("%-32s %-21s | %-21s | %-21s  %s\n", "", "all", "with diacritics", "without diacritics",
              "latency per query");
  std::printf("%-32s %-21s | %-21s | %-21s  %7s %8s %9s\n", "system", " top-1  top-3  oos-dec", " top-1  top-3  oos-dec",
              " top-1  top-3  oos-dec", "p50 µs", "p99 µs", "qps");
  for (const auto& r : rows) print_row(r);
  std::printf("hocvuso: %d rounds, one thread; median target <= 50 µs (%s). (checksum %zu)\n", rounds,
              rows[0].p50_us <= 50 ? "met" : "NOT met", sink);
  return 0;
}
