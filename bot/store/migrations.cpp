// The migration list: every owner's schema parts ordered into versions. Within one
// version, parts apply in the order of `owners` below (the store's own tables first),
// which is the order the statements had when each version shipped.
#include "bot/store/migrations.hpp"

#include <map>

#include "bot/store/feature_schemas.hpp"
#include "bot/store/migration_places.hpp"

namespace hocvuso {

namespace {

// Data migrations that span features live here, with what they touch.
const std::vector<MigrationPart>& cross_feature_parts() {
  static const std::vector<MigrationPart> parts = {
      // Touches role_grants, broadcast_officers, broadcast_tokens, broadcast_subscriptions,
      // group_links, group_titles, reports, targets, tickets and broadcasts; adds
      // place_set_aside. What it does and why: bot/store/migration_places.cpp.
      {7, "places by official code: folded names of communes and provinces become codes and province ids; "
          "what cannot be mapped is set aside (place_set_aside), never widened",
       places_migration_sql()},
  };
  return parts;
}

std::vector<Migration> ordered() {
  const std::vector<const std::vector<MigrationPart>*> owners = {
      &store_sqlite_schema(), &learn::sqlite_schema(),   &faq::sqlite_schema(),
      &roles::sqlite_schema(), &groups::sqlite_schema(), &reports::sqlite_schema(),
      &broadcast::sqlite_schema(), &tickets::sqlite_schema(), &cross_feature_parts(),
      &dashboard::sqlite_schema(),
  };
  return order_parts(owners);
}

}  // namespace

std::vector<Migration> order_parts(const std::vector<const std::vector<MigrationPart>*>& owners) {
  std::map<int, Migration> by_version;
  for (const auto* parts : owners) {
    for (const auto& part : *parts) {
      auto& m = by_version.try_emplace(part.version, Migration{part.version, "", ""}).first->second;
      if (!m.description.empty()) m.description += "; ";
      m.description += part.description;
      m.sql += part.sql;
      m.sql += '\n';
    }
  }
  std::vector<Migration> list;
  for (auto& [version, m] : by_version) list.push_back(std::move(m));
  return list;
}

std::string newer_schema_message(const std::string& database, int have, int known) {
  return database + " has schema version " + std::to_string(have) + ", newer than this hocvuso supports (" +
         std::to_string(known) + "); run a newer hocvuso or restore a backup";
}

const std::vector<Migration>& migrations() {
  static const std::vector<Migration> list = ordered();
  return list;
}

}  // namespace hocvuso
