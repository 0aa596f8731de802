// The store's own tables (users, chats, state, inbox, outbox, payload refs, options, kv, sent tags) in SQLite, as migration parts by version.
// Append only: a released part is never edited, because databases in the field already ran it.
// bot/store/migrations.cpp orders the parts of every feature into one list.
#include "bot/store/feature_schemas.hpp"

namespace hocvuso {

const std::vector<MigrationPart>& store_sqlite_schema() {
  static const std::vector<MigrationPart> parts = {
      {1, "users, chats, conversation state, inbox, outbox, payload refs, chat options, kv", R"sql(
CREATE TABLE users (
  channel      TEXT NOT NULL,
  user_id      TEXT NOT NULL,
  display_name TEXT NOT NULL DEFAULT '',
  locale       TEXT NOT NULL DEFAULT 'vi',
  first_seen   INTEGER NOT NULL,
  last_seen    INTEGER NOT NULL,
  PRIMARY KEY (channel, user_id)
) WITHOUT ROWID;

CREATE TABLE chats (
  channel    TEXT NOT NULL,
  chat_id    TEXT NOT NULL,
  chat_type  TEXT NOT NULL CHECK (chat_type IN ('private', 'group')),
  title      TEXT NOT NULL DEFAULT '',
  active     INTEGER NOT NULL DEFAULT 1,
  first_seen INTEGER NOT NULL,
  last_seen  INTEGER NOT NULL,
  PRIMARY KEY (channel, chat_id)
) WITHOUT ROWID;

CREATE TABLE conversation_state (
  channel    TEXT NOT NULL,
  chat_id    TEXT NOT NULL,
  user_id    TEXT NOT NULL,
  flow       TEXT NOT NULL DEFAULT '',
  step       TEXT NOT NULL DEFAULT '',
  data       TEXT NOT NULL DEFAULT '{}',
  updated_at INTEGER NOT NULL,
  PRIMARY KEY (channel, chat_id, user_id)
) WITHOUT ROWID;

-- Platform updates, recorded before they are acknowledged. A redelivered update
-- finds its key here and has no second effect; seq keeps arrival order for processing.
CREATE TABLE inbox (
  seq          INTEGER PRIMARY KEY AUTOINCREMENT,
  channel      TEXT NOT NULL,
  update_key   TEXT NOT NULL,
  payload      TEXT NOT NULL,
  received_at  INTEGER NOT NULL,
  processed_at INTEGER,
  UNIQUE (channel, update_key)
);
CREATE INDEX inbox_unprocessed ON inbox (channel, seq) WHERE processed_at IS NULL;

CREATE TABLE outbox (
  id          INTEGER PRIMARY KEY AUTOINCREMENT,
  channel     TEXT NOT NULL,
  chat_id     TEXT NOT NULL,
  body        TEXT NOT NULL,       -- JSON: text, buttons, reply_to
  priority    INTEGER NOT NULL DEFAULT 0,
  status      TEXT NOT NULL DEFAULT 'pending'
              CHECK (status IN ('pending', 'sent', 'failed', 'blocked', 'parked', 'cancelled')),
  attempts    INTEGER NOT NULL DEFAULT 0,
  parts_sent  INTEGER NOT NULL DEFAULT 0,  -- pieces of a long text already accepted
  not_before  INTEGER NOT NULL DEFAULT 0,  -- retry or rate-limit pause, ms since epoch
  created_at  INTEGER NOT NULL,
  sent_at     INTEGER,
  last_error  TEXT
);
-- The sender takes the oldest pending message of each chat (per-chat order).
CREATE INDEX outbox_pending_chat ON outbox (channel, chat_id, id) WHERE status = 'pending';
CREATE INDEX outbox_pending ON outbox (channel, priority, id) WHERE status = 'pending';
-- Every incoming private message un-parks its chat's rows (Zalo's 7-day window): keep
-- that lookup off a scan of the whole, ever-growing outbox (measured in bench/).
CREATE INDEX outbox_parked_chat ON outbox (channel, chat_id) WHERE status = 'parked';

-- Button payloads too long for a platform (Telegram: 64 bytes) travel as "ref:<id>".
CREATE TABLE payload_refs (
  id      INTEGER PRIMARY KEY AUTOINCREMENT,
  payload TEXT NOT NULL UNIQUE
);

-- The options last shown in a chat, so "2" or an option's words (or a Zalo button's
-- payload coming back as text) count as pressing that button.
CREATE TABLE chat_options (
  channel  TEXT NOT NULL,
  chat_id  TEXT NOT NULL,
  options  TEXT NOT NULL,  -- JSON [{"label":..,"payload":..}]
  shown_at INTEGER NOT NULL,
  PRIMARY KEY (channel, chat_id)
) WITHOUT ROWID;

-- Small durable settings: getUpdates offsets, rotating tokens.
CREATE TABLE kv (
  key   TEXT PRIMARY KEY,
  value TEXT NOT NULL
) WITHOUT ROWID;
)sql"},
      {6, "sent tags (reply map of tagged messages), the outbox row's tag", R"sql(
-- Delivered messages that carried a feature tag (Outgoing::tag): a reply to one of
-- them is mapped back to what it was about (a help ticket).
CREATE TABLE sent_tags (
  channel    TEXT NOT NULL,
  chat_id    TEXT NOT NULL,
  message_id TEXT NOT NULL,
  tag        TEXT NOT NULL,
  sent_at    INTEGER NOT NULL,
  PRIMARY KEY (channel, chat_id, message_id)
) WITHOUT ROWID;
CREATE INDEX sent_tags_by_tag ON sent_tags (tag);
-- The outbox row's tag (Outgoing::tag), a column of its own so that rows are found again
-- when a feature's retention erases their text, without parsing any body.
ALTER TABLE outbox ADD COLUMN tag TEXT;
CREATE INDEX outbox_by_tag ON outbox (tag) WHERE tag IS NOT NULL;
)sql"},
      // The version number of PostgreSQL's shared rate limits (store_schema_pg.cpp), so one number
      // names one schema on both backends. One SQLite process keeps its rates in memory: nothing
      // changes here, and its sends pay no index for them.
      {15, "(PostgreSQL only: the rate limits shared by the nodes)", R"sql(
-- nothing on SQLite
)sql"},
      // Every write to the outbox evaluated CHECK (status IN (six values)), which SQLite
      // does by building a temporary b-tree on each execution: a page allocated and
      // cleared, a table created. Measured with callgrind (bench/README.md, 7 Dec 2026):
      // about a fifth of the store thread's instructions per update. The same check as
      // comparisons builds nothing. A CHECK is not alterable in place, so the table is
      // rebuilt (SQLite's documented procedure), its AUTOINCREMENT counter carried over so
      // that no id is ever given twice.
      {16, "the outbox's status check without an IN list (no temporary b-tree per write)", R"sql(
CREATE TABLE outbox_rebuilt (
  id          INTEGER PRIMARY KEY AUTOINCREMENT,
  channel     TEXT NOT NULL,
  chat_id     TEXT NOT NULL,
  body        TEXT NOT NULL,       -- JSON: text, buttons, reply_to
  priority    INTEGER NOT NULL DEFAULT 0,
  status      TEXT NOT NULL DEFAULT 'pending'
              CHECK (status = 'pending' OR status = 'sent' OR status = 'failed' OR status = 'blocked'
                     OR status = 'parked' OR status = 'cancelled'),
  attempts    INTEGER NOT NULL DEFAULT 0,
  parts_sent  INTEGER NOT NULL DEFAULT 0,  -- pieces of a long text already accepted
  not_before  INTEGER NOT NULL DEFAULT 0,  -- retry or rate-limit pause, ms since epoch
  created_at  INTEGER NOT NULL,
  sent_at     INTEGER,
  last_error  TEXT,
  tag         TEXT
);
INSERT INTO outbox_rebuilt (id, channel, chat_id, body, priority, status, attempts, parts_sent, not_before,
                            created_at, sent_at, last_error, tag)
  SELECT id, channel, chat_id, body, priority, status, attempts, parts_sent, not_before, created_at, sent_at,
         last_error, tag FROM outbox;
-- The counter, not max(id): rows at the end may have been deleted since.
DELETE FROM sqlite_sequence WHERE name = 'outbox_rebuilt';
INSERT INTO sqlite_sequence (name, seq) SELECT 'outbox_rebuilt', seq FROM sqlite_sequence WHERE name = 'outbox';
DROP TABLE outbox;
ALTER TABLE outbox_rebuilt RENAME TO outbox;
CREATE INDEX outbox_pending_chat ON outbox (channel, chat_id, id) WHERE status = 'pending';
CREATE INDEX outbox_pending ON outbox (channel, priority, id) WHERE status = 'pending';
CREATE INDEX outbox_parked_chat ON outbox (channel, chat_id) WHERE status = 'parked';
CREATE INDEX outbox_by_tag ON outbox (tag) WHERE tag IS NOT NULL;
)sql"},
  };
  return parts;
}

}  // namespace hocvuso
