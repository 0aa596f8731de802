// Schema migrations, applied in order at start-up.
#include "bot/store/migrations.hpp"

namespace hocvuso {

const std::vector<Migration>& migrations() {
  static const std::vector<Migration> list = {
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
  };
  return list;
}

}  // namespace hocvuso
