// hocvuso users grant --channel telegram|zalo|zalobot|console --user ID
//   --role admin|officer|leader [--province …] [--commune …]
// hocvuso users revoke (the same options)   hocvuso users list
#include "bot/app/users_cli.hpp"

#include <iostream>

#include "bot/app/report_cli.hpp"
#include "bot/app/place_set_aside.hpp"
#include "flows/roles/roles.hpp"

namespace hocvuso {

namespace {

roles::Grant read_grant(const std::map<std::string, std::string>& v, const groups::Places& places) {
  roles::Grant g;
  auto channel = v.contains("--channel") ? channel_from_string(v.at("--channel")) : std::nullopt;
  if (!channel) throw CliUsageError("--channel is telegram, zalo, zalobot or console");
  g.channel = *channel;
  if (!v.contains("--user") || v.at("--user").empty()) throw CliUsageError("--user ID is required");
  g.user_id = v.at("--user");
  auto role = v.contains("--role") ? roles::role_from_string(v.at("--role")) : std::nullopt;
  if (!role) throw CliUsageError("--role is admin, officer or leader");
  g.role = *role;
  if (g.role == roles::Role::admin) {
    if (v.contains("--province") || v.contains("--commune")) throw CliUsageError("an admin has no --province/--commune");
    return g;
  }
  if (!v.contains("--province") && !v.contains("--commune")) {
    throw CliUsageError("an officer needs --province (and maybe --commune); a leader needs --commune");
  }
  // By official code and province id, through the one resolver: a former name, a
  // typo or a shared name is refused (exit 2) with the closest units.
  const groups::Province* province = v.contains("--province") ? &cli_province(places, v.at("--province")) : nullptr;
  if (v.contains("--commune")) {
    const auto& c = cli_commune(places, province, v.at("--commune"));
    g.scope = {c.province, c.code};
  } else {
    g.scope.province = province->id;
  }
  if (g.role == roles::Role::leader && g.scope.commune.empty()) throw CliUsageError("a leader needs --commune");
  return g;
}

}  // namespace

int run_users_command(const std::vector<std::string>& args) {
  try {
    if (args.size() < 2) throw CliUsageError("users grant|revoke|list");
    const std::string action = args[1];
    if (action != "grant" && action != "revoke" && action != "list") throw CliUsageError("unknown users action: " + action);
    const auto v = action == "list" ? cli_values(args, 2, {"--config"})
                                    : cli_values(args, 2, {"--channel", "--user", "--role", "--province", "--commune",
                                                           "--config"});
    auto core = cli_core(v);
    const auto content = core->engine->content();
    const auto& places = content->get<groups::Places>();
    int rc = 0;
    if (action == "list") {
      auto grants = core->store->call([](Store& s) { return roles::RoleStore::of(s).list(); });
      for (const auto& g : grants) {
        std::string place = g.scope.province.empty() ? "*" : g.scope.province;
        if (!g.scope.commune.empty()) place += "/" + g.scope.commune + "\t" + places.label_of(g.scope.province, g.scope.commune);
        else if (!g.scope.province.empty()) place += "\t" + places.province_name(g.scope.province);
        std::cout << roles::to_string(g.role) << '\t' << to_string(g.channel) << '\t' << g.user_id << '\t' << place
                  << '\n';
      }
      // Grants, tokens and subscriptions whose place the move to official codes could
      // not map (migration 7): disabled, listed here until an operator grants again.
      const auto aside = core->store->call([](Store& s) { return PlaceSetAside::of(s).list(); });
      if (!aside.empty()) std::cout << "\nset aside (place not mapped to one xã/phường; disabled, grant again):\n";
      for (const auto& a : aside) {
        std::cout << a.kind << '\t' << a.ref << '\t' << a.province << '\t' << a.commune << '\t' << a.action << '\n';
      }
    } else {
      const roles::Grant g = read_grant(v, places);
      std::cout << action << ' ' << roles::to_string(g.role) << ' ' << to_string(g.channel) << ':' << g.user_id << ' '
                << (g.scope.commune.empty() ? (g.scope.province.empty() ? std::string("everywhere")
                                                                       : "tỉnh " + places.province_name(g.scope.province))
                                            : places.label_of(g.scope.province, g.scope.commune) + " (" + g.scope.commune + ")")
                << '\n';
      const bool done = core->store->call([&g, &action](Store& s) {
        auto& roles = roles::RoleStore::of(s);
        if (action == "revoke") return roles.revoke(g);
        roles.grant(g, std::chrono::system_clock::now());
        return true;
      });
      if (!done) {
        std::cerr << "hocvuso users: no such grant\n";
        rc = 1;
      }
    }
    core->store->stop();
    return rc;
  } catch (const CliUsageError& e) {
    std::cerr << "hocvuso users: " << e.what() << '\n';
    return 2;
  }
}

}  // namespace hocvuso
