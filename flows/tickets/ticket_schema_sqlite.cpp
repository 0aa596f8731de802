// The help tickets' tables (tickets, relayed messages) in SQLite, as migration parts by version.
// Append only: a released part is never edited, because databases in the field already ran it.
// bot/store/migrations.cpp orders the parts of every feature into one list.
#include "bot/store/feature_schemas.hpp"

namespace hocvuso::tickets {

const std::vector<MigrationPart>& sqlite_schema() {
  static const std::vector<MigrationPart> parts = {
      {6, "help tickets and their relayed messages", R"sql(
-- A citizen's request for help, relayed to a commune's team group. The citizen's ids
-- never leave this table; the group sees the code, citizen_name and the question.
CREATE TABLE tickets (
  id               INTEGER PRIMARY KEY AUTOINCREMENT,
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
  created_at       INTEGER NOT NULL,
  claimed_at       INTEGER,
  first_answer_at  INTEGER,
  last_activity_at INTEGER NOT NULL,
  reannounced_at   INTEGER,
  escalated_at     INTEGER,
  closed_at        INTEGER,
  closed_by        TEXT CHECK (closed_by IN ('citizen', 'helper', 'idle')),
  rating           INTEGER CHECK (rating BETWEEN 1 AND 5),
  purged_at        INTEGER
);
CREATE INDEX tickets_citizen ON tickets (citizen_channel, citizen_chat) WHERE status <> 'closed';
CREATE INDEX tickets_commune ON tickets (province, commune, created_at);
-- The periodic job: unclaimed ones by age; closed ones whose texts still wait for the retention.
CREATE INDEX tickets_by_status ON tickets (status, created_at);
CREATE INDEX tickets_to_purge ON tickets (closed_at) WHERE status = 'closed' AND purged_at IS NULL;

-- What was relayed, each way, kept while the ticket is open plus the retention.
CREATE TABLE ticket_messages (
  id        INTEGER PRIMARY KEY AUTOINCREMENT,
  ticket_id INTEGER NOT NULL,
  at        INTEGER NOT NULL,
  side      TEXT NOT NULL CHECK (side IN ('citizen', 'helper')),
  text      TEXT NOT NULL
);
CREATE INDEX ticket_messages_ticket ON ticket_messages (ticket_id);
)sql"},
      {8, "tickets: when the member who took a ticket was told how to answer it (one hint a ticket)", R"sql(
ALTER TABLE tickets ADD COLUMN helper_hinted_at INTEGER;
)sql"},
  };
  return parts;
}

}  // namespace hocvuso::tickets
