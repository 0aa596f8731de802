// Plain data of officer broadcasts: who may send (Scope), to whom (Target), what.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace hocvuso::places {
struct Places;
}

namespace hocvuso::broadcast {

enum class Role { officer, admin };

// What a token or a chat officer may reach: a province id ("son-la") and the official
// code of a xã/phường ("03664"), as everywhere a place is stored.
// An admin reaches everyone; an officer with a commune only that commune; an
// officer with a province (and no commune) that province.
struct Scope {
  Role role = Role::officer;
  std::string province;
  std::string commune;
};

// scope: all | subscribers | groups | province | communes.
struct Target {
  std::string scope;
  std::string province;               // province id
  std::vector<std::string> communes;  // official codes
};

struct Progress {
  std::int64_t id = 0;
  std::string status;  // awaiting_approval | running | paused | done (all queued) | cancelled
  std::string scope;
  std::int64_t created_at_ms = 0;
  std::int64_t queued = 0;  // rows handed to the outbox so far
  std::int64_t pending = 0, sent = 0, failed = 0, blocked = 0, cancelled = 0;
};

// Who a target reaches, counted when the broadcast is created (and for the
// composer's preview): per kind and per platform, and who is left out because they
// turned warnings off (/canhbao tat), so an officer sees exactly why a number is smaller.
struct RecipientCounts {
  struct Kinds {
    std::int64_t groups = 0;         // team groups
    std::int64_t private_chats = 0;  // subscribers and team members in private
  };
  std::int64_t total = 0;
  Kinds by_kind;
  std::map<std::string, Kinds> by_platform;  // "telegram", "zalo", "zalobot"
  Kinds left_out;                            // turned warnings off; not counted above
};

std::optional<Role> role_from_string(std::string_view s);
const char* to_string(Role r);

// Whether `scope` may send to `target` (ids and codes on both sides).
// A province officer also reaches any communes of her province; which province a
// commune code lies in comes from `places` (without it, only the province scope).
bool allows(const Scope& scope, const Target& target, const places::Places* places = nullptr);

}  // namespace hocvuso::broadcast
