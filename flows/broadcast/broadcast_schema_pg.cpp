// The broadcast feature's tables (subscriptions, tokens, officers, broadcasts, deliveries,
// audit) in PostgreSQL's dialect, the same meaning as broadcast_schema_sqlite.cpp. One
// part at the version of the latest SQLite part (10: opted_out, recipients): no
// PostgreSQL database is in the field yet, so this list may still be reshaped until
// `serve` runs on PostgreSQL (bot/store/pg_migrations.cpp); from then on it is append
// only. Columns in SQLite's order (opted_out and recipients last, where SQLite's ALTER
// TABLE left them), so `db copy` moves a row column for column. Version 10's UPDATE of
// opted_out is not here: it mends rows a SQLite database held before 10, and a
// PostgreSQL database is born after it (its rows, if any, arrive by `db copy`).
// Differences from SQLite, and why:
//  - identity columns instead of AUTOINCREMENT (never reused either way); times are
//    BIGINT milliseconds, flags 0/1 integers;
//  - broadcast_deliveries_broadcast is on (broadcast_id, outbox_id): SQLite's index on
//    broadcast_id holds the rowid (outbox_id) too, and the export's keyset pages
//    (bot/store/pg_outbox_batches.cpp) walk it in that order;
//  - broadcast_chats_in_byte_order: the fan-out walks recipients in byte order
//    (COLLATE "C", as SQLite compares text), whatever the database's collation, so that
//    a cursor copied from SQLite goes on where it stopped; the chats table's primary key
//    follows the database's collation and cannot serve that walk.
#include "bot/store/feature_schemas.hpp"

namespace hocvuso::broadcast {

const std::vector<MigrationPart>& pg_schema() {
  static const std::vector<MigrationPart> parts = {
      {10, "broadcasts: subscriptions, API tokens, broadcasts with a fan-out cursor and recipient counts, "
           "deliveries, officers, audit", R"sql(
-- Who wants scam warnings. Private chats opt in; groups are in unless they opt out
-- (no row = default). commune/province are places ids given by the citizen.
CREATE TABLE broadcast_subscriptions (
  channel    TEXT NOT NULL,
  chat_id    TEXT NOT NULL,
  subscribed INTEGER NOT NULL,
  commune    TEXT NOT NULL DEFAULT '',
  province   TEXT NOT NULL DEFAULT '',
  updated_at BIGINT NOT NULL,
  opted_out  INTEGER NOT NULL DEFAULT 0,  -- an explicit /canhbao tat (not "never subscribed")
  PRIMARY KEY (channel, chat_id)
);

-- Admin API tokens, kept only as SHA-256 hashes.
CREATE TABLE broadcast_tokens (
  id         BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  token_hash TEXT NOT NULL UNIQUE,
  role       TEXT NOT NULL CHECK (role IN ('officer', 'admin')),
  province   TEXT NOT NULL DEFAULT '',
  commune    TEXT NOT NULL DEFAULT '',
  created_at BIGINT NOT NULL,
  revoked_at BIGINT
);

-- Officers known in chat (until the roles of the groups feature take over).
CREATE TABLE broadcast_officers (
  channel  TEXT NOT NULL,
  user_id  TEXT NOT NULL,
  role     TEXT NOT NULL CHECK (role IN ('officer', 'admin')),
  province TEXT NOT NULL DEFAULT '',
  commune  TEXT NOT NULL DEFAULT '',
  PRIMARY KEY (channel, user_id)
);

-- One warning. The fan-out walks chats in byte order; (cursor_channel, cursor_chat) is
-- the last chat queued, advanced in the same transaction as the rows.
CREATE TABLE broadcasts (
  id             BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  author         TEXT NOT NULL,        -- "token:<id>" or "<channel>:<user>"
  text           TEXT NOT NULL,        -- the message as recipients see it
  severity       TEXT NOT NULL,
  link           TEXT NOT NULL DEFAULT '',
  scope          TEXT NOT NULL CHECK (scope IN ('all', 'subscribers', 'groups', 'province', 'communes')),
  province       TEXT NOT NULL DEFAULT '',
  communes       TEXT NOT NULL DEFAULT '[]', -- JSON array of commune ids
  status         TEXT NOT NULL DEFAULT 'running'
                 CHECK (status IN ('awaiting_approval', 'running', 'paused', 'done', 'cancelled')),
  approved_by    TEXT,                 -- the second officer, when approval was required
  cursor_channel TEXT NOT NULL DEFAULT '',
  cursor_chat    TEXT NOT NULL DEFAULT '',
  queued         BIGINT NOT NULL DEFAULT 0,
  created_at     BIGINT NOT NULL,
  finished_at    BIGINT,
  recipients     TEXT NOT NULL DEFAULT '{}'  -- the counts as created (flows/broadcast recipients_json)
);
CREATE INDEX broadcasts_running ON broadcasts (status) WHERE status = 'running';
CREATE INDEX broadcasts_author ON broadcasts (author, created_at);

-- Which outbox rows belong to which broadcast (progress, cancel, unsubscribe, export).
CREATE TABLE broadcast_deliveries (
  outbox_id    BIGINT PRIMARY KEY,
  broadcast_id BIGINT NOT NULL
);
CREATE INDEX broadcast_deliveries_broadcast ON broadcast_deliveries (broadcast_id, outbox_id);

CREATE TABLE broadcast_audit (
  id           BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  at           BIGINT NOT NULL,
  actor        TEXT NOT NULL,
  action       TEXT NOT NULL,
  broadcast_id BIGINT,
  detail       TEXT NOT NULL DEFAULT ''
);

CREATE INDEX broadcast_chats_in_byte_order ON chats (channel COLLATE "C", chat_id COLLATE "C");
)sql"},
  };
  return parts;
}

}  // namespace hocvuso::broadcast
