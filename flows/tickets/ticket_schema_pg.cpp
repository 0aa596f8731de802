// The help tickets' tables (tickets, relayed messages) in PostgreSQL's dialect, the same
// meaning as ticket_schema_sqlite.cpp. One part at the version of the latest SQLite part
// (8, helper_hinted_at): no PostgreSQL database is in the field yet, so this list may
// still be reshaped until `serve` runs on PostgreSQL (bot/store/pg_migrations.cpp); from
// then on it is append only. Columns in SQLite's order (helper_hinted_at last, as
// SQLite's ALTER TABLE left it), so `db copy` moves a row column for column.
// Differences from SQLite: identity columns instead of AUTOINCREMENT (a ticket's id is
// its public code, HT12: never reused either way); times are BIGINT milliseconds.
#include "bot/store/feature_schemas.hpp"

namespace hocvuso::tickets {

const std::vector<MigrationPart>& pg_schema() {
  static const std::vector<MigrationPart> parts = {
      {8, "help tickets and their relayed messages", R"sql(
-- A citizen's request for help, relayed to a commune's team group. The citizen's ids
-- never leave this table; the group sees the code, citizen_name and the question.
CREATE TABLE tickets (
  id               BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  citizen_channel  TEXT NOT NULL,
  citizen_chat     TEXT NOT NULL,
  citizen_user     TEXT NOT NULL,
  citizen_name     TEXT NOT NULL,       -- display name or the alias the citizen chose
  province         TEXT NOT NULL,       -- places ids
  commune          TEXT NOT NULL,
  group_channel    TEXT NOT NULL,
  group_chat       TEXT NOT NULL,
  question         TEXT NOT NULL,       -- relayed text: emptied when the retention ends
  status           TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'claimed', 'closed')),
  helper_channel   TEXT NOT NULL DEFAULT '',
  helper_user      TEXT NOT NULL DEFAULT '',
  helper_name      TEXT NOT NULL DEFAULT '',
  helper_private   INTEGER NOT NULL DEFAULT 0,  -- the helper wrote privately: the citizen's answers go there too
  created_at       BIGINT NOT NULL,
  claimed_at       BIGINT,
  first_answer_at  BIGINT,
  last_activity_at BIGINT NOT NULL,
  reannounced_at   BIGINT,
  escalated_at     BIGINT,
  closed_at        BIGINT,
  closed_by        TEXT CHECK (closed_by IN ('citizen', 'helper', 'idle')),
  rating           INTEGER CHECK (rating BETWEEN 1 AND 5),
  purged_at        BIGINT,
  helper_hinted_at BIGINT               -- when the member who took it was told how to answer (one hint)
);
CREATE INDEX tickets_citizen ON tickets (citizen_channel, citizen_chat) WHERE status <> 'closed';
CREATE INDEX tickets_commune ON tickets (province, commune, created_at);
-- The periodic job: unclaimed ones by age; closed ones whose texts still wait for the retention.
CREATE INDEX tickets_by_status ON tickets (status, created_at);
CREATE INDEX tickets_to_purge ON tickets (closed_at) WHERE status = 'closed' AND purged_at IS NULL;

-- What was relayed, each way, kept while the ticket is open plus the retention.
CREATE TABLE ticket_messages (
  id        BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  ticket_id BIGINT NOT NULL,
  at        BIGINT NOT NULL,
  side      TEXT NOT NULL CHECK (side IN ('citizen', 'helper')),
  text      TEXT NOT NULL
);
CREATE INDEX ticket_messages_ticket ON ticket_messages (ticket_id);
)sql"},
  };
  return parts;
}

}  // namespace hocvuso::tickets
