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

}  // namespace hocvuso
