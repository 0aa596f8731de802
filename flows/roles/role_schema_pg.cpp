// The roles feature's table (grants) in PostgreSQL's dialect, the same meaning as
// role_schema_sqlite.cpp. One part at the version of the latest SQLite part that shaped
// the table (4; migration 7 only rewrote place values, not the table): no PostgreSQL
// database is in the field yet, so this list may still be reshaped until `serve` runs on
// PostgreSQL (bot/store/pg_migrations.cpp); from then on it is append only.
// Differences from SQLite: no WITHOUT ROWID (the primary key is an index either way);
// granted_at is BIGINT milliseconds, as every time on both backends.
#include "bot/store/feature_schemas.hpp"

namespace hocvuso::roles {

const std::vector<MigrationPart>& pg_schema() {
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
  granted_at BIGINT NOT NULL,
  PRIMARY KEY (channel, user_id, role, province, commune)
);
)sql"},
  };
  return parts;
}

}  // namespace hocvuso::roles
