// What the broadcast store's backends share and is not SQL: scopes and targets, token
// bytes and hashes, the JSON of counts and targets, CSV quoting. The SQL is in
// broadcast_store_sqlite.cpp and broadcast_store_pg.cpp; the row handling they share is in
// broadcast_store_rows.cpp.
#include "flows/broadcast/broadcast_store.hpp"

#include <algorithm>
#include <nlohmann/json.hpp>

#include "bot/crypto/digest.hpp"
#include "flows/broadcast/directory.hpp"
#include "flows/places/places.hpp"

namespace hocvuso::broadcast {

using nlohmann::json;

std::optional<Role> role_from_string(std::string_view s) {
  if (s == "officer") return Role::officer;
  if (s == "admin") return Role::admin;
  return std::nullopt;
}

const char* to_string(Role r) { return r == Role::admin ? "admin" : "officer"; }

bool allows(const Scope& scope, const Target& target, const places::Places* places) {
  if (scope.role == Role::admin) return true;
  if (!scope.commune.empty()) {
    return target.scope == "communes" && !target.communes.empty() &&
           std::all_of(target.communes.begin(), target.communes.end(),
                       [&](const std::string& c) { return c == scope.commune; });
  }
  if (scope.province.empty()) return false;
  if (target.scope == "province") return target.province == scope.province;
  return target.scope == "communes" && places != nullptr && !target.communes.empty() &&
         std::all_of(target.communes.begin(), target.communes.end(), [&](const std::string& code) {
           const auto* unit = places->unit(code);
           return unit != nullptr && unit->province == scope.province;
         });
  return false;
}

std::string new_token() { return "hvs_" + crypto::random_hex(32); }

bool needs_approval(const Target& target) { return target.scope != "communes"; }

std::string recipients_json(const RecipientCounts& counts) {
  const auto kinds = [](const RecipientCounts::Kinds& k) {
    return json{{"groups", k.groups}, {"private", k.private_chats}};
  };
  json platforms = json::object();
  for (const auto& [channel, k] : counts.by_platform) platforms[channel] = kinds(k);
  return json{{"recipients", counts.total},
              {"by_kind", kinds(counts.by_kind)},
              {"by_platform", platforms},
              {"left_out", kinds(counts.left_out)}}
      .dump();
}

std::string communes_json(const Target& target) { return json(target.communes).dump(); }

Target target_from(std::string scope, std::string province, const std::string& communes) {
  Target t;
  t.scope = std::move(scope);
  t.province = std::move(province);
  t.communes = json::parse(communes).get<std::vector<std::string>>();
  return t;
}

std::string csv_quoted(std::string_view field) {
  std::string quoted = "\"";
  for (char ch : field) quoted += ch == '"' ? std::string("\"\"") : std::string(1, ch);
  return quoted + '"';
}

std::optional<Scope> StoreDirectory::officer(Channel channel, std::string_view user_id) {
  return BroadcastStore::of(store_).officer(channel, user_id);
}

void StoreDirectory::grant(Channel channel, std::string_view user_id, const Scope& scope) {
  BroadcastStore::of(store_).grant_officer(channel, user_id, scope);
}

}  // namespace hocvuso::broadcast
