// The broadcast feature's tables (subscriptions, tokens, officers, broadcasts, deliveries, audit) in SQLite, as migration parts by version.
// Append only: a released part is never edited, because databases in the field already ran it.
// bot/store/migrations.cpp orders the parts of every feature into one list.
#include "bot/store/feature_schemas.hpp"

namespace hocvuso::broadcast {

const std::vector<MigrationPart>& sqlite_schema() {
  static const std::vector<MigrationPart> parts = {
      {5, "broadcasts: subscriptions, API tokens, broadcasts with a fan-out cursor, deliveries, officers, audit", R"sql(
-- Who wants scam warnings. Private chats opt in; groups are in unless they opt out
-- (no row = default). commune/province are folded (text::fold) names given by the
-- citizen, matched against a broadcast's target without a places list.
CREATE TABLE broadcast_subscriptions (
  channel    TEXT NOT NULL,
  chat_id    TEXT NOT NULL,
  subscribed INTEGER NOT NULL,
  commune    TEXT NOT NULL DEFAULT '',
  province   TEXT NOT NULL DEFAULT '',
  updated_at INTEGER NOT NULL,
  PRIMARY KEY (channel, chat_id)
) WITHOUT ROWID;

-- Admin API tokens, kept only as SHA-256 hashes.
CREATE TABLE broadcast_tokens (
  id         INTEGER PRIMARY KEY AUTOINCREMENT,
  token_hash TEXT NOT NULL UNIQUE,
  role       TEXT NOT NULL CHECK (role IN ('officer', 'admin')),
  province   TEXT NOT NULL DEFAULT '',
  commune    TEXT NOT NULL DEFAULT '',
  created_at INTEGER NOT NULL,
  revoked_at INTEGER
);

-- Officers known in chat (until the roles of the groups feature take over).
CREATE TABLE broadcast_officers (
  channel  TEXT NOT NULL,
  user_id  TEXT NOT NULL,
  role     TEXT NOT NULL CHECK (role IN ('officer', 'admin')),
  province TEXT NOT NULL DEFAULT '',
  commune  TEXT NOT NULL DEFAULT '',
  PRIMARY KEY (channel, user_id)
) WITHOUT ROWID;

-- One warning. The fan-out walks chats in primary-key order; (cursor_channel,
-- cursor_chat) is the last chat queued, advanced in the same transaction as the rows.
CREATE TABLE broadcasts (
  id             INTEGER PRIMARY KEY AUTOINCREMENT,
  author         TEXT NOT NULL,        -- "token:<id>" or "<channel>:<user>"
  text           TEXT NOT NULL,        -- the message as recipients see it
  severity       TEXT NOT NULL,
  link           TEXT NOT NULL DEFAULT '',
  scope          TEXT NOT NULL CHECK (scope IN ('all', 'subscribers', 'groups', 'province', 'communes')),
  province       TEXT NOT NULL DEFAULT '',  -- folded
  communes       TEXT NOT NULL DEFAULT '[]', -- JSON array of folded names
  status         TEXT NOT NULL DEFAULT 'running'
                 CHECK (status IN ('awaiting_approval', 'running', 'paused', 'done', 'cancelled')),
  approved_by    TEXT,                 -- the second officer, when approval was required
  cursor_channel TEXT NOT NULL DEFAULT '',
  cursor_chat    TEXT NOT NULL DEFAULT '',
  queued         INTEGER NOT NULL DEFAULT 0,
  created_at     INTEGER NOT NULL,
  finished_at    INTEGER
);
CREATE INDEX broadcasts_running ON broadcasts (status) WHERE status = 'running';
CREATE INDEX broadcasts_author ON broadcasts (author, created_at);

-- Which outbox rows belong to which broadcast (progress, cancel, unsubscribe).
CREATE TABLE broadcast_deliveries (
  outbox_id    INTEGER PRIMARY KEY,
  broadcast_id INTEGER NOT NULL
);
CREATE INDEX broadcast_deliveries_broadcast ON broadcast_deliveries (broadcast_id);

CREATE TABLE broadcast_audit (
  id           INTEGER PRIMARY KEY AUTOINCREMENT,
  at           INTEGER NOT NULL,
  actor        TEXT NOT NULL,
  action       TEXT NOT NULL,
  broadcast_id INTEGER,
  detail       TEXT NOT NULL DEFAULT ''
);
)sql"},
      {10, "broadcasts: who turned warnings off (opted_out), and each broadcast's recipient counts as created", R"sql(
-- A private chat's explicit /canhbao tat, told apart from "never subscribed" (a
-- remembered place alone): the counts say how many a target leaves out for it, and a
-- team member's private chat follows it. Before this, only a row without a place can
-- be told for sure (remember_place always stores one); places set aside by migration 7 were not a choice.
ALTER TABLE broadcast_subscriptions ADD COLUMN opted_out INTEGER NOT NULL DEFAULT 0;
UPDATE broadcast_subscriptions SET opted_out = 1
  WHERE subscribed = 0 AND commune = ''
    AND channel || ':' || chat_id NOT IN (SELECT ref FROM place_set_aside WHERE kind = 'subscription');
-- {"recipients", "by_kind", "by_platform", "left_out"} (flows/broadcast recipients_json).
ALTER TABLE broadcasts ADD COLUMN recipients TEXT NOT NULL DEFAULT '{}';
)sql"},
  };
  return parts;
}

}  // namespace hocvuso::broadcast
