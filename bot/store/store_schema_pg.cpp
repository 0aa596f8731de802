// The store's own tables in PostgreSQL's dialect, the same versions and meaning as
// store_schema_sqlite.cpp: times are BIGINT milliseconds since the epoch and flags are
// 0/1 integers, so a row means the same on both backends and `db copy` moves it as is.
// Differences from SQLite, and why:
//  - identity columns instead of AUTOINCREMENT (never reused either way);
//  - no WITHOUT ROWID (PostgreSQL tables are heaps; the primary key is an index);
//  - the inbox's UNIQUE (channel, update_key) is what makes an update delivered to two
//    nodes recorded once (INSERT … ON CONFLICT DO NOTHING in the recording transaction).
#include "bot/store/feature_schemas.hpp"

namespace hocvuso {

const std::vector<MigrationPart>& store_pg_schema() {
  static const std::vector<MigrationPart> parts = {
      {1, "users, chats, conversation state, inbox, outbox, payload refs, chat options, kv", R"sql(
CREATE TABLE users (
  channel      TEXT NOT NULL,
  user_id      TEXT NOT NULL,
  display_name TEXT NOT NULL DEFAULT '',
  locale       TEXT NOT NULL DEFAULT 'vi',
  first_seen   BIGINT NOT NULL,
  last_seen    BIGINT NOT NULL,
  PRIMARY KEY (channel, user_id)
);

CREATE TABLE chats (
  channel    TEXT NOT NULL,
  chat_id    TEXT NOT NULL,
  chat_type  TEXT NOT NULL CHECK (chat_type IN ('private', 'group')),
  title      TEXT NOT NULL DEFAULT '',
  active     INTEGER NOT NULL DEFAULT 1,
  first_seen BIGINT NOT NULL,
  last_seen  BIGINT NOT NULL,
  PRIMARY KEY (channel, chat_id)
);

CREATE TABLE conversation_state (
  channel    TEXT NOT NULL,
  chat_id    TEXT NOT NULL,
  user_id    TEXT NOT NULL,
  flow       TEXT NOT NULL DEFAULT '',
  step       TEXT NOT NULL DEFAULT '',
  data       TEXT NOT NULL DEFAULT '{}',
  updated_at BIGINT NOT NULL,
  PRIMARY KEY (channel, chat_id, user_id)
);

-- Platform updates, recorded before they are acknowledged. A redelivered update (or
-- one delivered to two nodes) finds its key here and has no second effect; seq keeps
-- arrival order for processing.
CREATE TABLE inbox (
  seq          BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  channel      TEXT NOT NULL,
  update_key   TEXT NOT NULL,
  payload      TEXT NOT NULL,
  received_at  BIGINT NOT NULL,
  processed_at BIGINT,
  UNIQUE (channel, update_key)
);
CREATE INDEX inbox_unprocessed ON inbox (channel, seq) WHERE processed_at IS NULL;

CREATE TABLE outbox (
  id          BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  channel     TEXT NOT NULL,
  chat_id     TEXT NOT NULL,
  body        TEXT NOT NULL,       -- JSON: text, buttons, reply_to
  priority    INTEGER NOT NULL DEFAULT 0,
  status      TEXT NOT NULL DEFAULT 'pending'
              CHECK (status IN ('pending', 'sent', 'failed', 'blocked', 'parked', 'cancelled')),
  attempts    INTEGER NOT NULL DEFAULT 0,
  parts_sent  INTEGER NOT NULL DEFAULT 0,  -- pieces of a long text already accepted
  not_before  BIGINT NOT NULL DEFAULT 0,   -- retry or rate-limit pause, ms since epoch
  created_at  BIGINT NOT NULL,
  sent_at     BIGINT,
  last_error  TEXT
);
CREATE INDEX outbox_pending_chat ON outbox (channel, chat_id, id) WHERE status = 'pending';
CREATE INDEX outbox_pending ON outbox (channel, priority, id) WHERE status = 'pending';
CREATE INDEX outbox_parked_chat ON outbox (channel, chat_id) WHERE status = 'parked';

CREATE TABLE payload_refs (
  id      BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  payload TEXT NOT NULL UNIQUE
);

CREATE TABLE chat_options (
  channel  TEXT NOT NULL,
  chat_id  TEXT NOT NULL,
  options  TEXT NOT NULL,  -- JSON [{"label":..,"payload":..}]
  shown_at BIGINT NOT NULL,
  PRIMARY KEY (channel, chat_id)
);

CREATE TABLE kv (
  key   TEXT PRIMARY KEY,
  value TEXT NOT NULL
);
)sql"},
      {6, "sent tags (reply map of tagged messages), the outbox row's tag", R"sql(
CREATE TABLE sent_tags (
  channel    TEXT NOT NULL,
  chat_id    TEXT NOT NULL,
  message_id TEXT NOT NULL,
  tag        TEXT NOT NULL,
  sent_at    BIGINT NOT NULL,
  PRIMARY KEY (channel, chat_id, message_id)
);
CREATE INDEX sent_tags_by_tag ON sent_tags (tag);
ALTER TABLE outbox ADD COLUMN tag TEXT;
CREATE INDEX outbox_by_tag ON outbox (tag) WHERE tag IS NOT NULL;
)sql"},
  };
  return parts;
}

}  // namespace hocvuso
