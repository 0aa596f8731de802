// `hocvuso report …`: a period's figures per commune (or village) as CSV or JSON,
// and `hocvuso report set-target …` for officers working from the command line.
// Also the option reading shared with `hocvuso users`.
#pragma once

#include <map>
#include <stdexcept>
#include <string>
#include <vector>

#include "bot/app/runtime.hpp"
#include "flows/groups/places.hpp"

namespace hocvuso {

// Exit code: 0 done, 1 failure, 2 bad usage (message on stderr).
int run_report_command(const std::vector<std::string>& args);

// --- shared by the command-line tools (report, users, tickets, faq) ---
class CliUsageError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};
// "--name value" pairs from args[from..]; names outside `allowed` are refused.
std::map<std::string, std::string> cli_values(const std::vector<std::string>& args, std::size_t from,
                                              const std::vector<std::string>& allowed);
// The core for a CLI command: config from --config and the environment.
std::unique_ptr<Runtime> cli_core(const std::map<std::string, std::string>& values);
// A province by id ("son-la") or name ("Sơn La"); the only one when not given.
const groups::Province& cli_province(const groups::Places& places, const std::string& given);
// A xã or phường by name ("Thuận Châu", "xa thuan chau") or code ("03721"), through the
// place resolver, in `province` or (nullptr) any loaded province. Anything but exactly
// one current unit (a former name, a typo, a shared name) is refused (CliUsageError,
// exit 2) with the closest units.
const groups::Commune& cli_commune(const groups::Places& places, const groups::Province* province,
                                   const std::string& given);
const groups::Commune& cli_commune(const groups::Places& places, const groups::Province& province,
                                   const std::string& given);
// "son-la (Sơn La), lao-cai (Lào Cai)", for messages.
std::string cli_province_ids(const groups::Places& places);
// `v` with exactly `places` decimals ("4.50"), as the tables print figures.
std::string cli_decimal(double v, int places);

}  // namespace hocvuso
