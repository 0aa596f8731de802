// Building summaries, ranking them, and writing them out.
#include "flows/reports/summary.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <nlohmann/json.hpp>

#include "bot/core/local_time.hpp"
#include "flows/tickets/ticket_store.hpp"
#include "flows/tickets/tickets.hpp"

namespace hocvuso::reports {

namespace {

std::string csv_cell(const std::string& s) {
  if (s.find_first_of(",\"\r\n") == std::string::npos) return s;
  std::string out = "\"";
  for (char c : s) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

}  // namespace

std::optional<double> completion(const Counts& actual, const Counts& target) {
  double sum = 0;
  int n = 0;
  for (const auto& [id, goal] : target) {
    if (goal <= 0) continue;
    auto a = actual.find(id);
    const double got = a == actual.end() ? 0.0 : static_cast<double>(a->second);
    sum += std::min(got / static_cast<double>(goal), 1.0);
    ++n;
  }
  if (n == 0) return std::nullopt;
  return 100.0 * sum / n;
}

Summary summarize(ReportStore& store, const groups::Places& places, const ReportContent&, const SummaryQuery& query) {
  Summary s;
  s.period = query.period;
  s.by_village = query.by_village;
  const groups::Province* province = places.province(query.province);
  if (province == nullptr) return s;
  auto totals = store.totals(query.province, query.period, query.by_village, query.commune);
  auto targets = store.targets(query.province, query.period, query.commune);
  // Help tickets resolved through the bot count as problems resolved (tickets::kResolvedIndicator),
  // added to what the team reported: teams report only problems solved outside the bot.
  const auto resolved = tickets::TicketStore::of(store.store())
                            .resolved_per_commune(query.province, local_time_point(query.period.first_day()),
                                                  local_day_end(query.period.last_day()));
  for (const auto& c : province->communes) {
    if (!query.commune.empty() && c.id != query.commune) continue;
    // Rows of this commune: the commune-wide one, then each village that reported,
    // has a target, or is listed in content.
    std::vector<SummaryRow> rows;
    // Rows hold the village key in `village` until the names are filled in below.
    auto row_for = [&](const std::string& village_key) -> SummaryRow& {
      const std::string key = query.by_village ? village_key : "";
      for (auto& r : rows) {
        if (r.village == key) return r;
      }
      rows.push_back(SummaryRow{province->name, c.id, c.full_name(), key, key.empty(), {}, {}, std::nullopt});
      return rows.back();
    };
    std::map<std::string, std::string> names;  // village key -> name to show
    row_for("");
    if (query.by_village) {
      for (const auto& v : c.villages) {
        row_for(v.key);
        names[v.key] = v.name;
      }
    }
    for (const auto& t : totals) {
      if (t.commune != c.id) continue;
      SummaryRow& r = row_for(t.village_key);
      if (!t.village.empty() && !names.contains(t.village_key)) names[t.village_key] = t.village;
      for (const auto& [id, v] : t.values) r.actual[id] += v;
    }
    for (const auto& t : targets) {
      if (t.commune != c.id) continue;
      // Without --by village, village targets add up to the commune's.
      SummaryRow& r = row_for(t.village_key);
      if (!t.village.empty() && !names.contains(t.village_key)) names[t.village_key] = t.village;
      r.target[t.indicator] += t.value;
    }
    // With villages, the commune's row is their total (plus reports for the whole commune).
    for (std::size_t k = 1; k < rows.size(); ++k) {
      for (const auto& [id, v] : rows[k].actual) rows[0].actual[id] += v;
    }
    if (auto r = resolved.find(c.id); r != resolved.end()) rows[0].actual[tickets::kResolvedIndicator] += r->second;
    for (auto& r : rows) {
      r.completion = completion(r.actual, r.target);
      if (!r.village.empty()) r.village = names.contains(r.village) ? names[r.village] : r.village;
    }
    std::stable_sort(rows.begin(), rows.end(), [](const SummaryRow& a, const SummaryRow& b) {
      return a.village.empty() != b.village.empty() ? a.village.empty() : a.village < b.village;
    });
    if (query.by_village) rows[0].village = "Cả xã";
    for (auto& r : rows) s.rows.push_back(std::move(r));
  }
  return s;
}

std::vector<Ranked> rank(const Summary& summary) {
  std::vector<Ranked> out;
  for (const auto& r : summary.rows) {
    if (r.whole_commune) out.push_back(Ranked{0, &r});
  }
  std::stable_sort(out.begin(), out.end(), [](const Ranked& a, const Ranked& b) {
    if (a.row->completion.has_value() != b.row->completion.has_value()) return a.row->completion.has_value();
    if (!a.row->completion) return a.row->commune < b.row->commune;
    return *a.row->completion > *b.row->completion;
  });
  for (std::size_t i = 0; i < out.size(); ++i) {
    if (!out[i].row->completion) break;
    const bool tie = i > 0 && std::fabs(*out[i].row->completion - *out[i - 1].row->completion) < 1e-9;
    out[i].rank = tie ? out[i - 1].rank : static_cast<int>(i) + 1;
  }
  return out;
}

std::string format_percent(double percent) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f", percent);
  return buf;
}

std::string format_percent_vi(double percent) {
  std::string s = format_percent(percent);
  const auto dot = s.find('.');
  std::string whole = s.substr(0, dot);
  const std::string frac = dot == std::string::npos ? "" : s.substr(dot + 1);
  const bool negative = !whole.empty() && whole[0] == '-';
  if (negative) whole.erase(0, 1);
  std::string grouped = format_count_vi(std::stoll(whole));
  return (negative ? "-" : "") + grouped + (frac.empty() ? "" : "," + frac);
}

std::string format_count_vi(long long n) {
  const bool negative = n < 0;
  std::string digits = std::to_string(negative ? -n : n);
  std::string out;
  for (std::size_t i = 0; i < digits.size(); ++i) {
    if (i != 0 && (digits.size() - i) % 3 == 0) out += '.';
    out += digits[i];
  }
  return (negative ? "-" : "") + out;
}

std::string to_csv(const Summary& summary, const ReportContent& content) {
  std::string out = "\xEF\xBB\xBF";
  std::vector<std::string> header = {"Kỳ", "Tỉnh", "Xã/Phường"};
  if (summary.by_village) header.emplace_back("Thôn/Bản");
  for (const auto& i : content.indicators) header.push_back(i.name);
  for (const auto& i : content.indicators) header.push_back("Chỉ tiêu: " + i.name);
  header.emplace_back("Hoàn thành chỉ tiêu (%)");
  auto line = [&out](const std::vector<std::string>& cells) {
    for (std::size_t k = 0; k < cells.size(); ++k) {
      if (k) out += ',';
      out += csv_cell(cells[k]);
    }
    out += "\r\n";
  };
  line(header);
  const std::string period = summary.period.key();
  for (const auto& r : summary.rows) {
    std::vector<std::string> cells = {period, r.province, r.commune};
    if (summary.by_village) cells.push_back(r.village);
    for (const auto& i : content.indicators) {
      auto a = r.actual.find(i.id);
      cells.push_back(std::to_string(a == r.actual.end() ? 0 : a->second));
    }
    for (const auto& i : content.indicators) {
      auto t = r.target.find(i.id);
      cells.push_back(t == r.target.end() ? std::string() : std::to_string(t->second));
    }
    cells.push_back(r.completion ? format_percent(*r.completion) : std::string());
    line(cells);
  }
  return out;
}

std::string to_json(const Summary& summary, const ReportContent& content) {
  nlohmann::ordered_json doc;
  doc["period"] = summary.period.key();
  nlohmann::ordered_json indicators = nlohmann::ordered_json::array();
  for (const auto& i : content.indicators) indicators.push_back({{"id", i.id}, {"name", i.name}});
  doc["indicators"] = indicators;
  nlohmann::ordered_json rows = nlohmann::ordered_json::array();
  for (const auto& r : summary.rows) {
    nlohmann::ordered_json row;
    row["province"] = r.province;
    row["commune_id"] = r.commune_id;
    row["commune"] = r.commune;
    if (summary.by_village) row["village"] = r.village;
    nlohmann::ordered_json actual, target;
    for (const auto& i : content.indicators) {
      auto a = r.actual.find(i.id);
      actual[i.id] = a == r.actual.end() ? 0 : a->second;
      if (auto t = r.target.find(i.id); t != r.target.end()) target[i.id] = t->second;
    }
    row["actual"] = actual;
    row["target"] = target.is_null() ? nlohmann::ordered_json::object() : target;
    row["completion"] = r.completion ? nlohmann::ordered_json(std::round(*r.completion * 10) / 10) : nullptr;
    rows.push_back(row);
  }
  doc["rows"] = rows;
  return doc.dump(2) + "\n";
}

}  // namespace hocvuso::reports
