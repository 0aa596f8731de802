// The reports feature's tables (reports, audit, targets, reminders) in SQLite, as migration parts by version.
// Append only: a released part is never edited, because databases in the field already ran it.
// bot/store/migrations.cpp orders the parts of every feature into one list.
#include "bot/store/feature_schemas.hpp"

namespace hocvuso::reports {

const std::vector<MigrationPart>& sqlite_schema() {
  static const std::vector<MigrationPart> parts = {
      {4, "reports, their audit trail, targets, reminders", R"sql(
-- One row per village of a submitted report; a message about three villages is one
-- submission (the number people see) of three rows. figures: "huongdan=25;buoi=2".
CREATE TABLE reports (
  id           INTEGER PRIMARY KEY AUTOINCREMENT,
  submission   INTEGER NOT NULL,
  channel      TEXT NOT NULL,
  chat_id      TEXT NOT NULL,
  author_id    TEXT NOT NULL,
  message_id   TEXT NOT NULL DEFAULT '',  -- the platform message, so its edit corrects the report
  province     TEXT NOT NULL,
  commune      TEXT NOT NULL,
  village      TEXT NOT NULL DEFAULT '',
  village_key  TEXT NOT NULL DEFAULT '',
  period       TEXT NOT NULL,
  period_start INTEGER NOT NULL,  -- yyyymmdd
  period_end   INTEGER NOT NULL,
  figures      TEXT NOT NULL,
  status       TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'confirmed', 'withdrawn')),
  created_at   INTEGER NOT NULL,
  updated_at   INTEGER NOT NULL
);
CREATE INDEX reports_by_submission ON reports (submission);
CREATE INDEX reports_by_message ON reports (channel, chat_id, message_id) WHERE message_id != '';
-- Covering: a province's period adds up from the index alone (bench/reports).
CREATE INDEX reports_scope ON reports (province, status, period_start, period_end, commune, village_key, village,
                                       figures);

-- Every change to a submission, with its rows before and after (JSON).
CREATE TABLE report_audit (
  id         INTEGER PRIMARY KEY AUTOINCREMENT,
  submission INTEGER NOT NULL,
  at         INTEGER NOT NULL,
  channel    TEXT NOT NULL,
  actor_id   TEXT NOT NULL,
  action     TEXT NOT NULL CHECK (action IN ('created', 'confirmed', 'corrected', 'withdrawn')),
  before     TEXT NOT NULL DEFAULT '',
  after      TEXT NOT NULL DEFAULT ''
);
CREATE INDEX report_audit_submission ON report_audit (submission, id);

-- Targets per commune (village_key '') or village, for exactly one period key.
CREATE TABLE targets (
  province    TEXT NOT NULL,
  commune     TEXT NOT NULL,
  village_key TEXT NOT NULL DEFAULT '',
  village     TEXT NOT NULL DEFAULT '',
  period      TEXT NOT NULL,
  indicator   TEXT NOT NULL,
  value       INTEGER NOT NULL,
  set_by      TEXT NOT NULL DEFAULT '',
  set_at      INTEGER NOT NULL,
  PRIMARY KEY (province, commune, period, village_key, indicator)
) WITHOUT ROWID;

-- Reminders sent, one per group, period and deadline: never twice, even across restarts.
CREATE TABLE report_reminders (
  channel  TEXT NOT NULL,
  chat_id  TEXT NOT NULL,
  period   TEXT NOT NULL,
  deadline TEXT NOT NULL,  -- yyyy-mm-dd
  sent_at  INTEGER NOT NULL,
  PRIMARY KEY (channel, chat_id, period, deadline)
) WITHOUT ROWID;
)sql"},
  };
  return parts;
}

}  // namespace hocvuso::reports
