// Schema migrations, applied in order at start-up.
#include "bot/store/migrations.hpp"

namespace hocvuso {

const std::vector<Migration>& migrations() {
  static const std::vector<Migration> list = {
      {1, "users, chats, conversation state, inbox, outbox", R"sql(
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

-- Processed update ids: a redelivered update finds its key here and has no effect.
CREATE TABLE inbox (
  channel      TEXT NOT NULL,
  update_key   TEXT NOT NULL,
  payload      TEXT NOT NULL,
  received_at  INTEGER NOT NULL,
  processed_at INTEGER,
  PRIMARY KEY (channel, update_key)
) WITHOUT ROWID;
CREATE INDEX inbox_unprocessed ON inbox (channel, received_at) WHERE processed_at IS NULL;

CREATE TABLE outbox (
  id          INTEGER PRIMARY KEY AUTOINCREMENT,
  channel     TEXT NOT NULL,
  chat_id     TEXT NOT NULL,
  body        TEXT NOT NULL,       -- JSON: text, buttons, reply_to
  priority    INTEGER NOT NULL DEFAULT 0,
  status      TEXT NOT NULL DEFAULT 'pending'
              CHECK (status IN ('pending', 'sent', 'failed', 'blocked', 'cancelled')),
  attempts    INTEGER NOT NULL DEFAULT 0,
  not_before  INTEGER NOT NULL DEFAULT 0,
  created_at  INTEGER NOT NULL,
  sent_at     INTEGER,
  last_error  TEXT
);
CREATE INDEX outbox_pending ON outbox (channel, priority, id) WHERE status = 'pending';
)sql"},
  };
  return list;
}

}  // namespace hocvuso
