// hocvuso dashboard link (dashboard_cli.hpp).
#include "bot/app/dashboard_cli.hpp"

#include <iostream>

#include "bot/app/report_cli.hpp"
#include "flows/dashboard/sign_in.hpp"

namespace hocvuso {

int run_dashboard_command(const std::vector<std::string>& args) {
  try {
    if (args.size() < 2 || args[1] != "link") throw CliUsageError("dashboard link --channel C --user ID");
    const auto v = cli_values(args, 2, {"--channel", "--user", "--config"});
    auto channel = v.contains("--channel") ? channel_from_string(v.at("--channel")) : std::nullopt;
    if (!channel) throw CliUsageError("--channel is telegram, zalo, zalobot or console");
    if (!v.contains("--user") || v.at("--user").empty()) throw CliUsageError("--user ID is required");
    const dashboard::WebUser user{*channel, v.at("--user")};
    auto core = cli_core(v);
    const std::string base = core->config.public_base();
    const auto issued = core->store->call([&](Store& s) {
      return dashboard::issue_link(s, user, base, std::chrono::system_clock::now());
    });
    core->store->stop();
    if (const auto* refusal = std::get_if<dashboard::LinkRefusal>(&issued)) {
      std::cerr << "hocvuso dashboard: "
                << (*refusal == dashboard::LinkRefusal::no_role
                        ? "this user holds no role (hocvuso users grant … first)"
                        : "too many links for this user in 10 minutes; wait and try again")
                << '\n';
      return 2;
    }
    std::cout << std::get<dashboard::IssuedLink>(issued).url << '\n';
    return 0;
  } catch (const CliUsageError& e) {
    std::cerr << "hocvuso dashboard: " << e.what() << '\n';
    return 2;
  }
}

}  // namespace hocvuso
