// What migration 7 could not map to one xã/phường (table place_set_aside): listed by
// `hocvuso users list`, and logged once as a warning when the service starts.
#pragma once

#include <string>
#include <vector>

namespace hocvuso {

class Store;

struct SetAside {
  std::string kind;  // role, officer, token, subscription, group, reports, targets, tickets, broadcast
  std::string ref;   // "telegram:42 officer", "token 3", "zalo:abc", "12 rows"
  std::string province, commune;  // as stored before the migration
  std::string action;             // removed, revoked, unsubscribed, unlinked, kept
};

std::vector<SetAside> place_set_aside(Store& store);

// Logs rows not logged yet (a warning with the counts per kind and action; names of
// places but never a citizen's chat id), then marks them logged.
void log_place_set_aside(Store& store);

}  // namespace hocvuso
