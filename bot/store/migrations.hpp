// The schema, as an ordered list of migrations. Each feature owns its tables: their
// SQL lives in the feature's folder (flows/<feature>/*_schema_sqlite.cpp) as parts
// tagged with the version that added them, and migrations.cpp only orders the parts
// into versions. Append only: a released part is never edited, because databases in
// the field already ran it; a change is a new version.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace hocvuso {

// One feature's share of one version.
struct MigrationPart {
  int version;
  std::string_view description;
  std::string_view sql;
};

// One version: its parts' SQL in list order, applied in one transaction.
struct Migration {
  int version;
  std::string description;
  std::string sql;
};

const std::vector<Migration>& migrations();

// The same list in PostgreSQL's dialect (bot/store/pg_migrations.cpp): so far only the
// store's own tables; each feature adds its *_schema_pg.cpp as it moves.
const std::vector<Migration>& pg_migrations();

// Owners' parts merged into versions, parts of one version in owner order.
std::vector<Migration> order_parts(const std::vector<const std::vector<MigrationPart>*>& owners);

// The refusal of a database newer than this binary, worded once for both backends.
std::string newer_schema_message(const std::string& database, int have, int known);

}  // namespace hocvuso
