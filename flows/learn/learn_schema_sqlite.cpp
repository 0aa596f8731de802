// The learn feature's tables (lessons, quizzes, review, certificates) in SQLite, as migration parts by version.
// Append only: a released part is never edited, because databases in the field already ran it.
// bot/store/migrations.cpp orders the parts of every feature into one list.
#include "bot/store/feature_schemas.hpp"

namespace hocvuso::learn {

const std::vector<MigrationPart>& sqlite_schema() {
  static const std::vector<MigrationPart> parts = {
      {2, "lessons done, quiz attempts, spaced review boxes, review opt-in, completion certificates", R"sql(
CREATE TABLE learn_lessons_done (
  channel   TEXT NOT NULL,
  user_id   TEXT NOT NULL,
  lesson_id TEXT NOT NULL,
  done_at   INTEGER NOT NULL,
  PRIMARY KEY (channel, user_id, lesson_id)
) WITHOUT ROWID;

-- Every quiz attempt; finished_at is NULL while it runs. kind: full | retry (wrong items only).
CREATE TABLE learn_attempts (
  id          INTEGER PRIMARY KEY AUTOINCREMENT,
  channel     TEXT NOT NULL,
  user_id     TEXT NOT NULL,
  lesson_id   TEXT NOT NULL,
  kind        TEXT NOT NULL CHECK (kind IN ('full', 'retry')),
  total       INTEGER NOT NULL,
  correct     INTEGER NOT NULL DEFAULT 0,
  passed      INTEGER NOT NULL DEFAULT 0,
  wrong_items TEXT NOT NULL DEFAULT '[]',  -- JSON array of item ids answered wrongly
  started_at  INTEGER NOT NULL,
  finished_at INTEGER
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
) WITHOUT ROWID;

-- Who asked for the daily review question (/ontap), where to send it, and the local
-- day it was last sent (so a tick sends it once a day, never twice).
CREATE TABLE learn_review_optin (
  channel       TEXT NOT NULL,
  user_id       TEXT NOT NULL,
  chat_id       TEXT NOT NULL,
  enabled       INTEGER NOT NULL,
  last_sent_day TEXT NOT NULL DEFAULT '',
  PRIMARY KEY (channel, user_id)
) WITHOUT ROWID;

CREATE TABLE learn_certificates (
  channel   TEXT NOT NULL,
  user_id   TEXT NOT NULL,
  path_id   TEXT NOT NULL,
  issued_at INTEGER NOT NULL,
  PRIMARY KEY (channel, user_id, path_id)
) WITHOUT ROWID;
)sql"},
  };
  return parts;
}

}  // namespace hocvuso::learn
