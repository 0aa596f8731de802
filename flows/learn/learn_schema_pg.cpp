// The learn feature's tables (lessons, quizzes, review, certificates) in PostgreSQL's
// dialect, the same meaning as learn_schema_sqlite.cpp. One part at the version of the
// latest SQLite part (2): no PostgreSQL database is in the field yet, so this list may
// still be reshaped until `serve` runs on PostgreSQL (bot/store/pg_migrations.cpp); from
// then on it is append only.
// Differences from SQLite: an identity column instead of AUTOINCREMENT; no WITHOUT ROWID;
// times are BIGINT milliseconds; wrong_items stays JSON text (read whole in C++, never
// queried inside).
#include "bot/store/feature_schemas.hpp"

namespace hocvuso::learn {

const std::vector<MigrationPart>& pg_schema() {
  static const std::vector<MigrationPart> parts = {
      {2, "lessons done, quiz attempts, spaced review boxes, review opt-in, completion certificates", R"sql(
CREATE TABLE learn_lessons_done (
  channel   TEXT NOT NULL,
  user_id   TEXT NOT NULL,
  lesson_id TEXT NOT NULL,
  done_at   BIGINT NOT NULL,
  PRIMARY KEY (channel, user_id, lesson_id)
);

-- Every quiz attempt; finished_at is NULL while it runs. kind: full | retry (wrong items only).
CREATE TABLE learn_attempts (
  id          BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  channel     TEXT NOT NULL,
  user_id     TEXT NOT NULL,
  lesson_id   TEXT NOT NULL,
  kind        TEXT NOT NULL CHECK (kind IN ('full', 'retry')),
  total       INTEGER NOT NULL,
  correct     INTEGER NOT NULL DEFAULT 0,
  passed      INTEGER NOT NULL DEFAULT 0,
  wrong_items TEXT NOT NULL DEFAULT '[]',  -- JSON array of item ids answered wrongly
  started_at  BIGINT NOT NULL,
  finished_at BIGINT
);
CREATE INDEX learn_attempts_user ON learn_attempts (channel, user_id, lesson_id);

-- Leitner boxes: a wrong answer puts the item in box 1 (due tomorrow), a right one
-- moves it up a box and further away. due_day is a local date, YYYY-MM-DD.
CREATE TABLE learn_review_items (
  channel   TEXT NOT NULL,
  user_id   TEXT NOT NULL,
  lesson_id TEXT NOT NULL,
  item_id   TEXT NOT NULL,
  box       INTEGER NOT NULL,
  due_day   TEXT NOT NULL,
  PRIMARY KEY (channel, user_id, lesson_id, item_id)
);

-- Who asked for the daily review question (/ontap), where to send it, and the local
-- day it was last sent (so a tick sends it once a day, never twice).
CREATE TABLE learn_review_optin (
  channel       TEXT NOT NULL,
  user_id       TEXT NOT NULL,
  chat_id       TEXT NOT NULL,
  enabled       INTEGER NOT NULL,
  last_sent_day TEXT NOT NULL DEFAULT '',
  PRIMARY KEY (channel, user_id)
);

CREATE TABLE learn_certificates (
  channel   TEXT NOT NULL,
  user_id   TEXT NOT NULL,
  path_id   TEXT NOT NULL,
  issued_at BIGINT NOT NULL,
  PRIMARY KEY (channel, user_id, path_id)
);
)sql"},
  };
  return parts;
}

}  // namespace hocvuso::learn
