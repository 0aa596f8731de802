// The reports feature's tables (reports, audit, targets, reminders and the per-period
// summary) in PostgreSQL's dialect, the same meaning as report_schema_sqlite.cpp. One
// part at the version of the latest SQLite part (12): no PostgreSQL database is in the
// field yet, so this list may still be reshaped until `serve` runs on PostgreSQL
// (bot/store/pg_migrations.cpp); from then on it is append only.
// Differences from SQLite:
//  - identity columns instead of AUTOINCREMENT; no WITHOUT ROWID; times BIGINT ms;
//  - no rebuild of the summary: SQLite's version 12 rebuilt it from the reports a
//    database already held; a PostgreSQL database is born with these tables empty (and
//    `db copy` moves the summary rows with the reports);
//  - report_submission_numbers: the submission numbers people see (1, 2, 3…), handed out
//    once across every node, where SQLite's single writer could read MAX(submission) + 1
//    (`db copy` must set it past the largest number it copies);
//  - sums are BIGINT (a province's year of figures).
#include "bot/store/feature_schemas.hpp"

namespace hocvuso::reports {

const std::vector<MigrationPart>& pg_schema() {
  static const std::vector<MigrationPart> parts = {
      {12, "reports, their audit trail, targets, reminders, the per-period summary", R"sql(
-- One row per village of a submitted report; a message about three villages is one
-- submission (the number people see) of three rows. figures: "huongdan=25;buoi=2".
CREATE TABLE reports (
  id           BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  submission   BIGINT NOT NULL,
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
  created_at   BIGINT NOT NULL,
  updated_at   BIGINT NOT NULL
);
CREATE SEQUENCE report_submission_numbers;
CREATE INDEX reports_by_submission ON reports (submission);
CREATE INDEX reports_by_message ON reports (channel, chat_id, message_id) WHERE message_id != '';
-- Covering: a province's period adds up from the index alone.
CREATE INDEX reports_scope ON reports (province, status, period_start, period_end, commune, village_key, village)
  INCLUDE (figures);

-- Every change to a submission, with its rows before and after (JSON).
CREATE TABLE report_audit (
  id         BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  submission BIGINT NOT NULL,
  at         BIGINT NOT NULL,
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
  value       BIGINT NOT NULL,
  set_by      TEXT NOT NULL DEFAULT '',
  set_at      BIGINT NOT NULL,
  PRIMARY KEY (province, commune, period, village_key, indicator)
);

-- Reminders sent, one per group, period and deadline: never twice, even across restarts.
CREATE TABLE report_reminders (
  channel  TEXT NOT NULL,
  chat_id  TEXT NOT NULL,
  period   TEXT NOT NULL,
  deadline TEXT NOT NULL,  -- yyyy-mm-dd
  sent_at  BIGINT NOT NULL,
  PRIMARY KEY (channel, chat_id, period, deadline)
);

-- The per-period summary, kept by ReportStore in the same transaction as every change
-- of a report (create, confirm, withdraw, correct); keyed by each report's own period;
-- only confirmed reports count; a row whose count falls to 0 is deleted
-- (report_schema_sqlite.cpp, version 12, says why).
CREATE TABLE report_sums (
  province     TEXT NOT NULL,
  period_start INTEGER NOT NULL,
  period_end   INTEGER NOT NULL,
  commune      TEXT NOT NULL,
  indicator    TEXT NOT NULL,
  value        BIGINT NOT NULL,
  n            BIGINT NOT NULL,
  PRIMARY KEY (province, period_start, period_end, commune, indicator)
);
CREATE TABLE report_villages (
  province     TEXT NOT NULL,
  commune      TEXT NOT NULL,
  period_start INTEGER NOT NULL,
  period_end   INTEGER NOT NULL,
  village_key  TEXT NOT NULL,
  n            BIGINT NOT NULL,
  PRIMARY KEY (province, commune, period_start, period_end, village_key)
);
CREATE TABLE report_submissions (
  province     TEXT NOT NULL,
  period_start INTEGER NOT NULL,
  period_end   INTEGER NOT NULL,
  commune      TEXT NOT NULL,
  n            BIGINT NOT NULL,
  PRIMARY KEY (province, period_start, period_end, commune)
);
)sql"},
  };
  return parts;
}

}  // namespace hocvuso::reports
