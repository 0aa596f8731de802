// Help-ticket figures per commune of a province for a period, one tab-separated line
// each: what officers follow between two reports (flows/tickets).
#include "bot/app/tickets_cli.hpp"

#include <cstdio>
#include <iostream>

#include "bot/app/report_cli.hpp"
#include "bot/core/local_time.hpp"
#include "flows/reports/period.hpp"
#include "flows/tickets/ticket_store.hpp"

namespace hocvuso {

namespace {

int print_figures(const std::vector<std::string>& args) {
  const auto v = cli_values(args, 1, {"--period", "--province", "--config"});
  const auto period = v.contains("--period") ? reports::Period::parse(v.at("--period")) : std::nullopt;
  if (!period) throw CliUsageError("--period is required (2026-Q4, 2026-H1, 2026, 2026-11)");
  auto core = cli_core(v);
  const auto content = core->engine->content();
  const auto& places = content->get<groups::Places>();
  const auto& province = cli_province(places, v.contains("--province") ? v.at("--province") : "");
  const TimePoint from = local_time_point(period->first_day());
  const TimePoint to = local_day_end(period->last_day());
  std::cout << "commune\topened\tclaimed\tresolved\tmedian_first_answer_minutes\trated\taverage_rating\n";
  core->store->call([&](Store& s) {
    auto& store = tickets::TicketStore::of(s);
    for (const auto& c : province.communes) {
      const auto f = store.figures(province.id, c.id, from, to);
      if (f.opened == 0) continue;
      std::cout << c.full_name() << '\t' << f.opened << '\t' << f.claimed << '\t' << f.resolved << '\t'
                << (f.median_first_answer_minutes ? cli_decimal(*f.median_first_answer_minutes, 1) : "") << '\t'
                << f.rated << '\t' << (f.rated > 0 ? cli_decimal(f.average_rating, 1) : "") << '\n';
    }
  });
  core->store->stop();
  return 0;
}

}  // namespace

int run_tickets_command(const std::vector<std::string>& args) {
  try {
    return print_figures(args);
  } catch (const CliUsageError& e) {
    std::cerr << "hocvuso tickets: " << e.what() << '\n';
    return 2;
  }
}

}  // namespace hocvuso
