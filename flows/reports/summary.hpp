// A period's figures against targets, per commune or village: what /tongket,
// /xephang and `hocvuso report` show. Completion of a commune is the mean, over
// the indicators that have a target, of actual/target capped at 100%; a commune
// without targets has no completion and is listed apart, never ranked as 0%.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "flows/groups/places.hpp"
#include "flows/reports/report_content.hpp"
#include "flows/reports/report_store.hpp"

namespace hocvuso::reports {

struct SummaryRow {
  std::string province;      // name, "Sơn La"
  std::string commune_id;    // "thuan-chau"
  std::string commune;       // "xã Thuận Châu"
  std::string village;       // by village only; "Cả xã" on the commune's total row
  bool whole_commune = true;  // the commune's row (with --by village: its total)
  Counts actual, target;
  std::optional<double> completion;  // percent
};

struct Summary {
  Period period;
  bool by_village = false;
  std::vector<SummaryRow> rows;
};

struct SummaryQuery {
  std::string province;  // places id
  Period period;
  std::string commune;   // places id; empty: every commune of the province
  bool by_village = false;
};

// Every commune of the province is a row (with zeros when it did not report).
Summary summarize(ReportStore& store, const groups::Places& places, const ReportContent& content,
                  const SummaryQuery& query);

std::optional<double> completion(const Counts& actual, const Counts& target);

struct Ranked {
  int rank = 0;  // 0: no target
  const SummaryRow* row = nullptr;
};
// By completion, highest first; equal completion shares a rank (1, 1, 3); rows
// without a target come last with rank 0, by name.
std::vector<Ranked> rank(const Summary& summary);

// "83.3": one decimal, dot: the machine form of exports (CSV, JSON).
std::string format_percent(double percent);
// Chat and web pages write numbers the Vietnamese way: "68,6" (decimal comma) and
// "1.200" (thousands dot).
std::string format_percent_vi(double percent);
std::string format_count_vi(long long n);

// CSV for Excel: UTF-8 with BOM, Vietnamese headers, CRLF, one row per line of the summary.
std::string to_csv(const Summary& summary, const ReportContent& content);
std::string to_json(const Summary& summary, const ReportContent& content);

}  // namespace hocvuso::reports
