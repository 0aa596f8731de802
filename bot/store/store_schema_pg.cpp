// The store's own tables in PostgreSQL's dialect, the same versions and meaning as
// store_schema_sqlite.cpp: times are BIGINT milliseconds since the epoch and flags are
// 0/1 integers, so a row means the same on both backends and `db copy` moves it as is.
// Differences from SQLite, and why:
//  - identity columns instead of AUTOINCREMENT (never reused either way);
//  - no WITHOUT ROWID (PostgreSQL tables are heaps; the primary key is an index);
//  - the inbox's UNIQUE (channel, update_key) is what makes an update delivered to two
//    nodes recorded once (INSERT … ON CONFLICT DO NOTHING in the recording transaction);
//  - what several nodes on one database coordinate through, which one SQLite process
//    never needs (pg_core_store.hpp, pg_job_leases.hpp): the inbox row's chat (a chat's
//    updates are processed in arrival order under a per-chat lock), the outbox row's
//    lease (lease_node, lease_until: which node is sending it, until when), and the
//    job_leases table (a timed job runs once per due time across the cluster).
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
  chat_id      TEXT,  -- the chat the update is from, when the adapter knows it
  UNIQUE (channel, update_key)
);
CREATE INDEX inbox_unprocessed ON inbox (channel, seq) WHERE processed_at IS NULL;
CREATE INDEX inbox_unprocessed_chat ON inbox (channel, chat_id, seq) WHERE processed_at IS NULL;

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
  last_error  TEXT,
  lease_node  TEXT,    -- the node sending this row (due_heads claimed it) …
  lease_until BIGINT   -- … until then, ms since epoch; after it another node takes over
);
CREATE INDEX outbox_pending_chat ON outbox (channel, chat_id, id) WHERE status = 'pending';
CREATE INDEX outbox_pending ON outbox (channel, priority, id) WHERE status = 'pending';
CREATE INDEX outbox_parked_chat ON outbox (channel, chat_id) WHERE status = 'parked';
-- The rows some node holds (few: a lease goes when its holder is done with the row).
CREATE INDEX outbox_leased_chat ON outbox (channel, chat_id) WHERE lease_node IS NOT NULL;

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

-- Timed jobs (reminders, daily review, escalation, fan-out, token refresh, long
-- polling): one row per job name and due time; the node that holds it runs that job
-- for that due time (pg_job_leases.hpp).
CREATE TABLE job_leases (
  name        TEXT NOT NULL,
  due         BIGINT NOT NULL,  -- the due time being run, ms since epoch (0: no due time)
  node        TEXT NOT NULL,
  lease_until BIGINT NOT NULL,  -- the holder's lease ends then unless renewed
  done_at     BIGINT,           -- the run for `due` finished: never run again
  PRIMARY KEY (name, due)
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
      // PostgreSQL only: one SQLite process keeps its rates in memory (bot/outbox/shared_limits.hpp).
      {15, "the platform rate limits shared by the nodes: rate slots, a chat's recent sends", R"sql(
-- A channel's overall rate as `limit` slots: a request starts only on a slot its node holds,
-- and the slot is free again one window after the answer. A node holds a few at a time
-- (holder, until hold_until) and gives the idle ones back with the time each frees.
CREATE TABLE rate_slots (
  scope      TEXT NOT NULL,             -- whose limit: the channel
  slot       BIGINT NOT NULL,
  holder     TEXT,                      -- the node holding it; NULL: free
  hold_until BIGINT NOT NULL DEFAULT 0, -- after it another node may take the slot over
  free_at    BIGINT NOT NULL DEFAULT 0, -- no request starts on it before, ms since epoch
  PRIMARY KEY (scope, slot)
);
-- The nodes that asked for a channel's slots lately: a node holding slots keeps its idle ones
-- while no other node asks, and gives them back each second once one does.
CREATE TABLE rate_wants (
  scope    TEXT NOT NULL,
  node     TEXT NOT NULL,
  asked_at BIGINT NOT NULL,
  PRIMARY KEY (scope, node)
);
-- A chat's sends in its last window, whichever node made them (its own pace, per chat).
CREATE INDEX outbox_sent_chat ON outbox (channel, chat_id, sent_at) WHERE status = 'sent';
)sql"},
      // The version number of SQLite's outbox rebuild (store_schema_sqlite.cpp): PostgreSQL
      // evaluates the status check without building anything.
      {16, "(SQLite only: the outbox's status check without an IN list)", R"sql(
-- Nothing changes on PostgreSQL; a migration runs at least one statement.
SELECT 1;
)sql"},
  };
  return parts;
}

}  // namespace hocvuso
