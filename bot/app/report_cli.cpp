// `hocvuso report --period 2026-Q3 [--province son-la] [--commune "Thuận Châu"]
//  [--by village] --format csv|json [--out FILE]` and `hocvuso report set-target`.
#include "bot/app/report_cli.hpp"

#include <cstdio>
#include <algorithm>
#include <fstream>
#include <iostream>

#include "bot/config/config.hpp"
#include "flows/places/explain.hpp"
#include "flows/reports/parser.hpp"
#include "flows/reports/report_content.hpp"
#include "flows/reports/summary.hpp"

namespace hocvuso {

namespace {

using reports::Period;

Period cli_period(const std::map<std::string, std::string>& v) {
  auto it = v.find("--period");
  if (it == v.end()) throw CliUsageError("--period is required (2026-Q3, 2026-H1, 2026, 2026-11)");
  auto p = Period::parse(it->second);
  if (!p) throw CliUsageError("bad --period " + it->second + " (2026-Q3, 2026-H1, 2026, 2026-11)");
  return *p;
}

std::string value_or(const std::map<std::string, std::string>& v, const std::string& key, std::string fallback = "") {
  auto it = v.find(key);
  return it == v.end() ? fallback : it->second;
}

int export_report(const std::vector<std::string>& args) {
  const auto v = cli_values(args, 1, {"--period", "--province", "--commune", "--by", "--format", "--out", "--config"});
  const Period period = cli_period(v);
  const std::string format = value_or(v, "--format", "csv");
  if (format != "csv" && format != "json") throw CliUsageError("--format is csv or json");
  const std::string by = value_or(v, "--by");
  if (!by.empty() && by != "village" && by != "commune") throw CliUsageError("--by is village or commune");
  auto core = cli_core(v);
  const auto content = core->engine->content();
  const auto& places = content->get<groups::Places>();
  const auto& report_content = content->get<reports::ReportContent>();
  const groups::Province* given = v.contains("--province") ? &cli_province(places, v.at("--province")) : nullptr;
  std::string commune;
  if (v.contains("--commune")) {
    const auto& c = cli_commune(places, given, v.at("--commune"));
    commune = c.code;
    given = places.province(c.province);
  }
  const auto& province = given != nullptr ? *given : cli_province(places, "");
  const reports::SummaryQuery query{province.id, period, commune, by == "village"};
  const std::string out = core->store->call([&](Store& s) {
    auto& store = reports::ReportStore::of(s);
    auto summary = reports::summarize(store, places, report_content, query);
    return format == "csv" ? reports::to_csv(summary, report_content) : reports::to_json(summary, report_content);
  });
  core->store->stop();
  if (v.contains("--out")) {
    std::ofstream file(v.at("--out"), std::ios::binary);
    file << out;
    if (!file) throw std::runtime_error("cannot write " + v.at("--out"));
  } else {
    std::cout << out;
  }
  return 0;
}

// hocvuso report set-target --period 2026-Q4 --commune "Thuận Châu" [--province son-la]
//   --values "huongdan=100 buoi=10"   (the same words as a /chitieu message; a village
//   may be named in them: "Bản Mòng huongdan=40")
int set_target(const std::vector<std::string>& args) {
  const auto v = cli_values(args, 2, {"--period", "--province", "--commune", "--values", "--config"});
  const Period period = cli_period(v);
  if (!v.contains("--commune") || !v.contains("--values")) throw CliUsageError("set-target needs --commune and --values");
  auto core = cli_core(v);
  const auto content = core->engine->content();
  const auto& places = content->get<groups::Places>();
  const auto& report_content = content->get<reports::ReportContent>();
  const groups::Province* given = v.contains("--province") ? &cli_province(places, v.at("--province")) : nullptr;
  const auto& commune = cli_commune(places, given, v.at("--commune"));
  const auto& province = *places.province(commune.province);
  const auto parse = reports::parse_report(v.at("--values"), report_content, period.last_day(), reports::Reading::targets);
  if (!parse.has_values() || !parse.unread.empty()) {
    throw CliUsageError("--values not understood: " + v.at("--values") + " (example: \"huongdan=100 buoi=10\")");
  }
  const auto now = std::chrono::system_clock::now();
  core->store->call([&](Store& s) {
    auto& store = reports::ReportStore::of(s);
    for (const auto& part : parse.parts) {
      for (const auto& [id, value] : part.values) {
        store.set_target(province.id, reports::Target{commune.id, part.village_key, part.village, id, value}, period,
                         "cli", now);
        std::cout << period.key() << '\t' << places.label(commune) << '\t' << part.village << '\t' << id << '\t'
                  << value << '\n';
      }
    }
  });
  core->store->stop();
  return 0;
}

}  // namespace

std::map<std::string, std::string> cli_values(const std::vector<std::string>& args, std::size_t from,
                                              const std::vector<std::string>& allowed) {
  std::map<std::string, std::string> out;
  for (std::size_t i = from; i < args.size(); ++i) {
    if (std::find(allowed.begin(), allowed.end(), args[i]) == allowed.end()) {
      throw CliUsageError("unknown argument: " + args[i]);
    }
    if (i + 1 >= args.size()) throw CliUsageError(args[i] + " needs a value");
    out[args[i]] = args[i + 1];
    ++i;
  }
  return out;
}

std::unique_ptr<Runtime> cli_core(const std::map<std::string, std::string>& values) {
  auto it = values.find("--config");
  return make_runtime(load_config(it == values.end() ? std::filesystem::path() : std::filesystem::path(it->second),
                               process_environment()));
}

const groups::Province& cli_province(const groups::Places& places, const std::string& given) {
  if (given.empty()) {
    if (places.provinces.size() == 1) return places.provinces.front();
    throw CliUsageError("--province is required (several provinces are loaded: " + cli_province_ids(places) + ")");
  }
  if (const auto* p = places::resolve_province(places, given)) return *p;
  throw CliUsageError("unknown province: " + given + " (loaded: " + cli_province_ids(places) + ")");
}

const groups::Commune& cli_commune(const groups::Places& places, const groups::Province* province,
                                   const std::string& given) {
  const auto r = places::resolve(places, given, province == nullptr ? "" : province->id);
  if (r.kind != places::Resolution::Kind::one) throw CliUsageError("--commune " + places::refusal(places, given, r));
  return *r.unit();
}

const groups::Commune& cli_commune(const groups::Places& places, const groups::Province& province,
                                   const std::string& given) {
  return cli_commune(places, &province, given);
}

std::string cli_province_ids(const groups::Places& places) {
  std::string out;
  for (const auto& p : places.provinces) out += (out.empty() ? "" : ", ") + p.id + " (" + p.name + ")";
  return out;
}

int run_report_command(const std::vector<std::string>& args) {
  try {
    if (args.size() >= 2 && args[1] == "set-target") return set_target(args);
    return export_report(args);
  } catch (const CliUsageError& e) {
    std::cerr << "hocvuso report: " << e.what() << '\n';
    return 2;
  }
}

std::string cli_decimal(double v, int places) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.*f", places, v);
  return buf;
}

}  // namespace hocvuso
