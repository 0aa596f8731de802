// Operator commands for broadcasts, run against the database next to a live service
// (SQLite WAL lets both work) through a store thread of their own.
#include "bot/app/broadcast_cli.hpp"

#include <iostream>
#include <map>
#include <stdexcept>

#include "bot/app/report_cli.hpp"
#include "bot/app/store_backend.hpp"
#include "bot/config/config.hpp"
#include "bot/store/worker.hpp"
#include "flows/broadcast/broadcast.hpp"
#include "flows/broadcast/broadcast_store.hpp"

namespace hocvuso {

namespace {

namespace bc = broadcast;

struct Usage : std::invalid_argument {
  using std::invalid_argument::invalid_argument;
};

// "--name value" pairs after the command words; anything else is a usage error.
std::map<std::string, std::string> options(const std::vector<std::string>& args, std::size_t from,
                                           std::initializer_list<const char*> allowed) {
  std::map<std::string, std::string> o;
  for (std::size_t i = from; i < args.size(); i += 2) {
    bool known = false;
    for (const char* a : allowed) known = known || args[i] == a;
    if (!known) throw Usage("unknown argument: " + args[i]);
    if (i + 1 >= args.size()) throw Usage(args[i] + " needs a value");
    o[args[i]] = args[i + 1];
  }
  return o;
}

// content/places as the service loads it (--config, HOCVUSO_CONTENT), for naming places.
std::shared_ptr<groups::Places> load_cli_places(const std::map<std::string, std::string>& o) {
  const auto it = o.find("--config");
  const Config config =
      load_config(it == o.end() ? std::filesystem::path() : std::filesystem::path(it->second), process_environment());
  std::vector<ContentProblem> problems;
  auto places = places::load_places(config.content, Strings{}, problems);
  if (!problems.empty()) throw std::runtime_error("content: " + problems.front().to_string());
  return places;
}

StoreWorker open_store(const std::map<std::string, std::string>& o) {
  const auto it = o.find("--config");
  const Config config =
      load_config(it == o.end() ? std::filesystem::path() : std::filesystem::path(it->second), process_environment());
  return StoreWorker(hocvuso::open_store(config));
}

std::int64_t parse_id(const std::string& s) {
  try {
    std::size_t used = 0;
    const std::int64_t id = std::stoll(s, &used);
    if (used == s.size() && id > 0) return id;
  } catch (const std::exception&) {
  }
  throw Usage("not an id: " + s);
}

int tokens_create(const std::vector<std::string>& args) {
  const auto o = options(args, 2, {"--role", "--province", "--commune", "--config"});
  const auto role = o.contains("--role") ? bc::role_from_string(o.at("--role")) : std::nullopt;
  if (!role) throw Usage("tokens create needs --role officer|admin");
  if (*role == bc::Role::officer && !o.contains("--province") && !o.contains("--commune")) {
    throw Usage("an officer token needs --province or --commune");
  }
  if (*role == bc::Role::admin && (o.contains("--province") || o.contains("--commune"))) {
    throw Usage("an admin token has no --province/--commune");
  }
  // The same resolver and identity as `users grant`: province id, official code.
  const auto places = load_cli_places(o);
  bc::Scope scope{*role, "", ""};
  std::string label;
  try {
    const groups::Province* province = o.contains("--province") ? &cli_province(*places, o.at("--province")) : nullptr;
    if (o.contains("--commune")) {
      const auto& c = cli_commune(*places, province, o.at("--commune"));
      scope.province = c.province;
      scope.commune = c.code;
      label = places->label(c) + " (" + c.code + ")";
    } else if (province != nullptr) {
      scope.province = province->id;
      label = "tỉnh " + province->name;
    }
  } catch (const CliUsageError& e) {
    throw Usage(e.what());
  }
  StoreWorker store = open_store(o);
  const std::string token = store.call([scope](Store& s) {
    auto& bs = bc::BroadcastStore::of(s);
    const auto now = std::chrono::system_clock::now();
    std::string t = bs.create_token(scope, now);
    bs.audit("cli", "token_create", std::nullopt, std::string("{\"role\":\"") + bc::to_string(scope.role) + "\"}", now);
    return t;
  });
  store.stop();
  std::cout << "role " << bc::to_string(scope.role) << (label.empty() ? "" : ", " + label)
            << "\nKeep this token secret; it is shown only now:\n"
            << token << '\n';
  return 0;
}

int tokens_list(const std::vector<std::string>& args) {
  StoreWorker store = open_store(options(args, 2, {"--config"}));
  const auto tokens = store.call([](Store& s) { return bc::BroadcastStore::of(s).tokens(); });
  store.stop();
  std::cout << "id\trole\tprovince\tcommune\tstate\n";
  for (const auto& t : tokens) {
    std::cout << t.id << '\t' << bc::to_string(t.scope.role) << '\t' << t.scope.province << '\t' << t.scope.commune
              << '\t' << (t.revoked ? "revoked" : "active") << '\n';
  }
  return 0;
}

int tokens_revoke(const std::vector<std::string>& args) {
  if (args.size() < 3) throw Usage("tokens revoke needs the token id (see tokens list)");
  const std::int64_t id = parse_id(args[2]);
  StoreWorker store = open_store(options(args, 3, {"--config"}));
  const bool done = store.call([id](Store& s) {
    auto& bs = bc::BroadcastStore::of(s);
    const auto now = std::chrono::system_clock::now();
    const bool revoked = bs.revoke_token(id, now);
    if (revoked) bs.audit("cli", "token_revoke", std::nullopt, "{\"token\":" + std::to_string(id) + "}", now);
    return revoked;
  });
  store.stop();
  if (!done) {
    std::cerr << "hocvuso: no active token " << id << '\n';
    return 1;
  }
  std::cout << "token " << id << " revoked\n";
  return 0;
}

int broadcasts_export(const std::vector<std::string>& args) {
  if (args.size() < 3) throw Usage("broadcasts export needs the broadcast id");
  const std::int64_t id = parse_id(args[2]);
  StoreWorker store = open_store(options(args, 3, {"--config"}));
  const bool found = store.call([id](Store& s) {
    auto& bs = bc::BroadcastStore::of(s);
    if (!bs.progress(id)) return false;
    bs.export_csv(id, std::cout);
    return true;
  });
  store.stop();
  if (!found) {
    std::cerr << "hocvuso: no broadcast " << id << '\n';
    return 1;
  }
  return 0;
}

}  // namespace

int run_broadcast_command(const std::vector<std::string>& args) {
  try {
    const std::string action = args.size() >= 2 ? args[1] : "";
    if (args[0] == "tokens" && action == "create") return tokens_create(args);
    if (args[0] == "tokens" && action == "list") return tokens_list(args);
    if (args[0] == "tokens" && action == "revoke") return tokens_revoke(args);
    if (args[0] == "broadcasts" && action == "export") return broadcasts_export(args);
    throw Usage("unknown " + args[0] + " action: " + action);
  } catch (const Usage& e) {
    std::cerr << "hocvuso: " << e.what() << '\n';
    return 2;
  }
}

}  // namespace hocvuso
