// The roles feature's table (grants) in SQLite, as migration parts by version.
// Append only: a released part is never edited, because databases in the field already ran it.
// bot/store/migrations.cpp orders the parts of every feature into one list.
#include "bot/store/feature_schemas.hpp"

namespace hocvuso::roles {

const std::vector<MigrationPart>& sqlite_schema() {
  static const std::vector<MigrationPart> parts = {
      {4, "role grants", R"sql(
-- Roles beyond "member" (everyone who writes in a commune's group). Empty province:
-- everywhere; empty commune: the whole province.
CREATE TABLE role_grants (
  channel    TEXT NOT NULL,
  user_id    TEXT NOT NULL,
  role       TEXT NOT NULL CHECK (role IN ('admin', 'officer', 'leader')),
  province   TEXT NOT NULL DEFAULT '',
  commune    TEXT NOT NULL DEFAULT '',
  granted_at INTEGER NOT NULL,
  PRIMARY KEY (channel, user_id, role, province, commune)
) WITHOUT ROWID;
)sql"},
  };
  return parts;
}

}  // namespace hocvuso::roles
