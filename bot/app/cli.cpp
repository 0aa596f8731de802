// Commands: serve, chat, content check, config keys, --help, --version.
#include "bot/app/cli.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <iostream>
#include <map>
#include <optional>

#include "bot/app/broadcast_cli.hpp"
#include "bot/app/chat.hpp"
#include "bot/app/faq_cli.hpp"
#include "bot/app/report_cli.hpp"
#include "bot/app/tickets_cli.hpp"
#include "bot/app/team_cli.hpp"
#include "bot/app/dashboard_cli.hpp"
#include "bot/app/db_copy_cli.hpp"
#include "bot/app/users_cli.hpp"
#include "bot/app/service.hpp"
#include "bot/app/store_backend.hpp"
#include "bot/app/webhook_cli.hpp"
#include "bot/content/content.hpp"
#include "flows/faq/faq_content.hpp"
#include "flows/learn/content.hpp"
#include "bot/log/log.hpp"
#include "bot/store/store.hpp"

#ifndef HOCVUSO_VERSION
#define HOCVUSO_VERSION "0.0.0"
#endif

namespace hocvuso {

namespace {

constexpr const char* kUsage = R"(hocvuso — trợ lý Bình dân học vụ số (chat-bot for Telegram and Zalo)

Usage:
  hocvuso serve [--config FILE]          run the HTTP service (webhooks, /healthz, /readyz, /metrics)
  hocvuso chat [--config FILE] [--jsonl] [--user ID] [--name NAME]
                                         talk to the bot in this terminal; --jsonl: one JSON object
                                         per line in, one JSON line of replies out
  hocvuso content check [--content DIR]  validate content/ (exit 1 with file:location: message lines)
  hocvuso faq [--config FILE] "câu hỏi"  the FAQ's top matches with scores and coverage
  hocvuso faq [--config FILE] --jsonl    one {"q":"..."} per line in; {"id":..,"score":..,"answer":..}
                                         or {"id":null} (declined) per line out
  hocvuso faq [--config FILE] misses     questions the FAQ declined or was unsure of, most frequent first
  hocvuso faq [--config FILE] stats      👍/👎 counts per FAQ entry
  hocvuso config keys                    list every configuration key with its environment variable
  hocvuso telegram set-webhook URL       point Telegram at URL (with the secret and update kinds)
  hocvuso telegram delete-webhook        stop webhooks (needed before long polling)
  hocvuso telegram get-me                check the token; prints the bot's @username
  hocvuso report --period 2026-Q3|2026-H1|2026|2026-11 [--province ID] [--commune NAME] [--by village]
                 [--format csv|json] [--out FILE]
                                         team reports per commune (or village) with targets and completion;
                                         CSV is UTF-8 with BOM and Vietnamese headers (opens in Excel)
  hocvuso report set-target --period P --commune NAME [--province ID] --values "huongdan=100 buoi=10"
  hocvuso tickets --period P [--province ID]
                                         help tickets per commune: opened, claimed, resolved, median
                                         minutes to the first answer, ratings (tab-separated)
  hocvuso users grant|revoke --channel telegram|zalo|zalobot|console --user ID
                 --role admin|officer|leader [--province ID] [--commune NAME]
  hocvuso users list                     who holds which role
  hocvuso team code --commune NAME [--province ID]
                                         a one-time code to join the commune's team in a private chat
  hocvuso team members --commune NAME [--province ID]    who joined by code (channel, chat, name, date)
  hocvuso team remove --commune NAME [--province ID] --channel zalo|zalobot|telegram --chat ID
  hocvuso tokens create --role officer|admin [--province P] [--commune C]
                                         new admin-API token (printed once, on the last line)
  hocvuso tokens list | tokens revoke ID  API tokens (only their hashes are stored)
  hocvuso broadcasts export ID           a broadcast's per-recipient delivery as CSV
  hocvuso dashboard link --channel C --user ID
                                         a one-time sign-in link to the web dashboard (10 minutes)
  hocvuso db copy --from FILE [--to postgresql://…] [--replace] [--config FILE]
                                         with the service stopped: the SQLite database FILE into
                                         PostgreSQL (--to, else database_url), in one transaction,
                                         with each table's rows counted on both sides; --replace
                                         empties a PostgreSQL database that already holds data
  hocvuso --help | --version

Configuration: a JSON file (--config) and HOCVUSO_* environment variables, which win.
Exit codes: 0 success, 1 failure while running, 2 bad usage or configuration.
)";

class UsageError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// "--name value" options and bare flags after the command words.
struct Options {
  std::map<std::string, std::string> values;
  std::map<std::string, bool> flags;
};

Options parse_options(const std::vector<std::string>& args, std::size_t from,
                      const std::vector<std::string>& with_value, const std::vector<std::string>& flags) {
  Options o;
  for (std::size_t i = from; i < args.size(); ++i) {
    const auto& a = args[i];
    if (std::find(flags.begin(), flags.end(), a) != flags.end()) {
      o.flags[a] = true;
    } else if (std::find(with_value.begin(), with_value.end(), a) != with_value.end()) {
      if (i + 1 >= args.size()) throw UsageError(a + " needs a value");
      o.values[a] = args[++i];
    } else {
      throw UsageError("unknown argument: " + a);
    }
  }
  return o;
}

Config config_from(const Options& o) {
  auto it = o.values.find("--config");
  return load_config(it == o.values.end() ? std::filesystem::path() : std::filesystem::path(it->second),
                     process_environment());
}

int cmd_serve(const Options& o) {
  Config config = config_from(o);
  setup_logging(config.log_format, config.log_level);
  Service service(config);
  service.start();
  service.run_until_signal();
  return 0;
}

int cmd_chat(const Options& o) {
  Config config = config_from(o);
  // The terminal belongs to the conversation: only warnings and errors on stderr,
  // unless the operator asked for more.
  setup_logging(config.log_format, std::getenv("HOCVUSO_LOG_LEVEL") ? config.log_level : "warn");
  auto core = make_runtime(config);
  ChatOptions chat;
  chat.jsonl = o.flags.contains("--jsonl");
  if (auto it = o.values.find("--user"); it != o.values.end()) chat.user = it->second;
  if (auto it = o.values.find("--name"); it != o.values.end()) chat.name = it->second;
  int rc = run_chat(*core, chat, std::cin, std::cout);
  core->store->stop();
  return rc;
}

int cmd_content_check(const Options& o) {
  std::filesystem::path dir;
  if (auto it = o.values.find("--content"); it != o.values.end()) {
    dir = it->second;
  } else {
    dir = load_config({}, process_environment()).content;
  }
  auto problems = check_content(dir, content_spec());
  for (const auto& p : problems) std::cout << p.to_string() << '\n';
  if (!problems.empty()) {
    std::cerr << problems.size() << " problem(s) in " << dir.string() << '\n';
    return 1;
  }
  // Not errors: what Zalo OA (4 buttons a message) shows in two messages.
  const Content content = load_content(dir, content_spec());
  std::vector<std::string> notes = learn::zalo_button_notes(content.get<learn::Learning>());
  const auto& faq = content.get<faq::FaqContent>();
  for (const auto& [key, ids] : {std::pair{"examples", &faq.examples}, std::pair{"scams", &faq.scams}}) {
    const std::size_t count = ids->size() + 1;  // and "Về menu" (faq_flow.cpp entry_buttons)
    if (count <= learn::kMaxButtons) continue;
    const std::size_t per = learn::kMaxButtons;
    notes.push_back("faq/language.json:" + std::string(key) + ": note: shows " + std::to_string(count) +
                    " buttons with \"Về menu\"; Zalo OA shows at most " + std::to_string(per) +
                    " a message, so it takes " + std::to_string((count + per - 1) / per) +
                    " messages (the rest under \"Xem thêm:\")");
  }
  for (const auto& n : notes) std::cout << (dir / n).string() << '\n';
  std::cout << "content ok: " << dir.string();
  if (!notes.empty()) std::cout << " (" << notes.size() << " note(s))";
  std::cout << '\n';
  return 0;
}

int cmd_config_keys() {
  for (const auto& k : config_keys()) {
    std::cout << k.key << "\t" << k.env << "\t" << (k.secret ? "(secret)" : k.default_value) << "\t" << k.description
              << '\n';
  }
  return 0;
}

}  // namespace

int run_cli(const std::vector<std::string>& args) {
  try {
    // "--help" anywhere ("hocvuso chat --help") is a request for help, not a mistake.
    const bool help = std::any_of(args.begin(), args.end(), [](const std::string& a) { return a == "--help" || a == "-h"; });
    if (args.empty() || help || args[0] == "help") {
      std::cout << kUsage;
      return args.empty() ? 2 : 0;
    }
    if (args[0] == "--version") {
      std::cout << "hocvuso " << HOCVUSO_VERSION << " (schema " << Store::schema_version() << ")\n";
      return 0;
    }
    if (args[0] == "serve") return cmd_serve(parse_options(args, 1, {"--config"}, {}));
    if (args[0] == "chat") return cmd_chat(parse_options(args, 1, {"--config", "--user", "--name"}, {"--jsonl"}));
    if (args[0] == "content" && args.size() >= 2 && args[1] == "check") {
      return cmd_content_check(parse_options(args, 2, {"--content"}, {}));
    }
    if (args[0] == "faq") {
      std::vector<std::string> rest(args.begin() + 1, args.end());
      Options o;
      if (rest.size() >= 2 && rest[0] == "--config") {
        o.values["--config"] = rest[1];
        rest.erase(rest.begin(), rest.begin() + 2);
      }
      return run_faq_command(config_from(o), rest);
    }
    if (args[0] == "tokens" || args[0] == "broadcasts") return run_broadcast_command(args);
    if (args[0] == "config" && args.size() == 2 && args[1] == "keys") return cmd_config_keys();
    if (args[0] == "report") return run_report_command(args);
    if (args[0] == "tickets") return run_tickets_command(args);
    if (args[0] == "users") return run_users_command(args);
    if (args[0] == "team") return run_team_command(args);
    if (args[0] == "dashboard") return run_dashboard_command(args);
    if (args[0] == "db") return run_db_command(args, std::cout, std::cerr);
    if (args[0] == "telegram" && args.size() >= 2) {
      const std::string action = args[1];
      if (action == "set-webhook") {
        if (args.size() < 3) throw UsageError("telegram set-webhook needs the public https URL of /webhook/telegram");
        auto o = parse_options(args, 3, {"--config"}, {});
        return run_telegram_command(config_from(o), action, args[2]);
      }
      if (action == "delete-webhook" || action == "get-me") {
        return run_telegram_command(config_from(parse_options(args, 2, {"--config"}, {})), action, "");
      }
      throw UsageError("unknown telegram action: " + action);
    }
    throw UsageError("unknown command: " + args[0]);
  } catch (const UsageError& e) {
    std::cerr << "hocvuso: " << e.what() << "\n\n" << kUsage;
    return 2;
  } catch (const ConfigError& e) {
    std::cerr << "hocvuso: invalid configuration: " << e.what() << '\n';
    return 2;
  } catch (const ContentError& e) {
    std::cerr << "hocvuso: " << e.what() << '\n';
    return 1;
  } catch (const std::exception& e) {
    std::cerr << "hocvuso: " << e.what() << '\n';
    return 1;
  }
}

}  // namespace hocvuso
