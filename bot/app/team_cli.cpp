// hocvuso team code --commune NAME [--province ID]      a one-time code (printed on the last line)
// hocvuso team members --commune NAME [--province ID]   who joined by code
// hocvuso team remove --commune NAME [--province ID] --channel C --chat ID
#include "bot/app/team_cli.hpp"

#include <iostream>

#include "bot/app/report_cli.hpp"
#include "bot/core/local_time.hpp"
#include "flows/groups/private_team.hpp"

namespace hocvuso {

int run_team_command(const std::vector<std::string>& args) {
  try {
    if (args.size() < 2) throw CliUsageError("team code|members|remove");
    const std::string action = args[1];
    if (action != "code" && action != "members" && action != "remove") {
      throw CliUsageError("unknown team action: " + action);
    }
    const auto v = cli_values(args, 2, {"--province", "--commune", "--channel", "--chat", "--config"});
    if (!v.contains("--commune")) throw CliUsageError("--commune NAME is required");
    auto core = cli_core(v);
    const auto content = core->engine->content();
    const auto& places = content->get<groups::Places>();
    const auto& province = cli_province(places, v.contains("--province") ? v.at("--province") : "");
    const auto& commune = cli_commune(places, province, v.at("--commune"));
    const groups::GroupLink link{province.id, commune.id};
    const auto now = std::chrono::system_clock::now();
    int rc = 0;
    if (action == "code") {
      const std::string code =
          core->store->call([&](Store& s) { return groups::PrivateTeamStore::of(s).issue_code(link, "cli", now); });
      std::cerr << "one-time code for Tổ CNSCĐ " << commune.full_name() << ", valid "
                << groups::kTeamCodeLifetime.count() / 24 << " days; the member sends it to the bot privately\n";
      std::cout << code << '\n';
    } else if (action == "members") {
      const auto members = core->store->call([&](Store& s) { return groups::PrivateTeamStore::of(s).members(link); });
      for (const auto& m : members) {
        std::cout << to_string(m.chat.channel) << '\t' << m.chat.id << '\t' << (m.name.empty() ? "?" : m.name) << '\t'
                  << format_date_iso(local_date(m.joined)) << '\n';
      }
    } else {
      const auto channel = v.contains("--channel") ? channel_from_string(v.at("--channel")) : std::nullopt;
      if (!channel) throw CliUsageError("--channel is telegram, zalo or zalobot");
      if (!v.contains("--chat") || v.at("--chat").empty()) throw CliUsageError("--chat ID is required");
      const ChatRef chat{*channel, v.at("--chat")};
      const bool removed = core->store->call([&](Store& s) { return groups::PrivateTeamStore::of(s).remove(link, chat); });
      if (!removed) {
        std::cerr << "hocvuso team: that chat is not a member of Tổ CNSCĐ " << commune.full_name() << '\n';
        rc = 1;
      }
    }
    core->store->stop();
    return rc;
  } catch (const CliUsageError& e) {
    std::cerr << "hocvuso team: " << e.what() << '\n';
    return 2;
  }
}

}  // namespace hocvuso
