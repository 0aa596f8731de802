// The team groups feature's tables (links, titles, activity, team codes) in PostgreSQL's
// dialect, the same meaning as group_schema_sqlite.cpp. One part at the version of the
// latest SQLite part (9, team codes): no PostgreSQL database is in the field yet, so this
// list may still be reshaped until `serve` runs on PostgreSQL (bot/store/pg_migrations.cpp);
// from then on it is append only.
// Differences from SQLite: no WITHOUT ROWID; times are BIGINT milliseconds.
#include "bot/store/feature_schemas.hpp"

namespace hocvuso::groups {

const std::vector<MigrationPart>& pg_schema() {
  static const std::vector<MigrationPart> parts = {
      {9, "team groups: links to communes, titles read, activity counts, one-time team codes", R"sql(
-- Which commune a team group (or a member's private chat, by team code) belongs to:
-- province id and the official code of the xã/phường.
CREATE TABLE group_links (
  channel   TEXT NOT NULL,
  chat_id   TEXT NOT NULL,
  province  TEXT NOT NULL,
  commune   TEXT NOT NULL,
  linked_by TEXT NOT NULL DEFAULT '',
  linked_at BIGINT NOT NULL,
  PRIMARY KEY (channel, chat_id)
);

-- The last group title read, so an unknown title is answered once, not per message.
CREATE TABLE group_titles (
  channel TEXT NOT NULL,
  chat_id TEXT NOT NULL,
  title   TEXT NOT NULL,
  PRIMARY KEY (channel, chat_id)
);

-- Counts per member and local day; never the messages themselves.
CREATE TABLE group_activity (
  channel  TEXT NOT NULL,
  chat_id  TEXT NOT NULL,
  user_id  TEXT NOT NULL,
  day      INTEGER NOT NULL,  -- yyyymmdd, Vietnam time
  messages INTEGER NOT NULL DEFAULT 0,
  reports  INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (channel, chat_id, user_id, day)
);

-- Issued by an officer; spent when a member sends it privately.
CREATE TABLE team_codes (
  code       TEXT PRIMARY KEY,    -- "TO-K7QM4P"
  province   TEXT NOT NULL,
  commune    TEXT NOT NULL,
  issued_by  TEXT NOT NULL,       -- "<channel>:<user>" or "cli"
  issued_at  BIGINT NOT NULL,
  expires_at BIGINT NOT NULL,
  used_by    TEXT NOT NULL DEFAULT '',  -- "<channel>:<chat>" once spent
  used_at    BIGINT
);
)sql"},
  };
  return parts;
}

}  // namespace hocvuso::groups
