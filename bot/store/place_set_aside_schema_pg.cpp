// place_set_aside in PostgreSQL's dialect (its SQLite form is made by the places
// migration, 7: migration_places.cpp). Only the table: the data migration itself rewrote
// folded names that a SQLite database held before version 7, and a PostgreSQL database is
// born after it (its rows, if any, arrive by `db copy`). One part at version 7; no
// PostgreSQL database is in the field yet, so the list may still be reshaped until `serve`
// runs on PostgreSQL (pg_migrations.cpp).
#include "bot/store/feature_schemas.hpp"

namespace hocvuso {

const std::vector<MigrationPart>& place_set_aside_pg_schema() {
  static const std::vector<MigrationPart> parts = {
      {7, "places by official code: what could not be mapped is set aside (place_set_aside)", R"sql(
-- What the move to official codes could not map, and what was done about it.
CREATE TABLE place_set_aside (
  id       BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  kind     TEXT NOT NULL,   -- role, officer, token, subscription, group, reports, targets, tickets, broadcast
  ref      TEXT NOT NULL,   -- which row ("telegram:42 officer", "token 3", "zalo:abc", "12 rows")
  province TEXT NOT NULL,   -- as stored before
  commune  TEXT NOT NULL,
  action   TEXT NOT NULL,   -- removed, revoked, unsubscribed, unlinked, kept
  at       BIGINT NOT NULL,
  logged   INTEGER NOT NULL DEFAULT 0  -- 1 once the service has logged it
);
)sql"},
  };
  return parts;
}

}  // namespace hocvuso
