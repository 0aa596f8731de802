// The reports feature's tables (reports, audit, targets, reminders; from version 12 the
// per-period summary) in SQLite, as migration parts by version.
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
      {12, "reports: the per-period summary (confirmed figures, villages and submissions per commune and report period), "
           "rebuilt from the stored reports", R"sql(
-- The per-period summary, kept by ReportStore in the same transaction as every change
-- of a report (create, confirm, withdraw, correct), so that a province's period adds up
-- from a few rows per commune instead of every report (the dashboard's overview,
-- `hocvuso report`; bench/reports). Keyed by each report's own period: a query for a
-- period takes the rows whose [period_start, period_end] lies within it, exactly the
-- rule the reports table is read by. Only confirmed reports count; a row whose count
-- falls to 0 is deleted.
-- Sums of each indicator; n: the report rows that named it (an indicator named with 0
-- still shows as 0, as in a recount).
CREATE TABLE report_sums (
  province     TEXT NOT NULL,
  period_start INTEGER NOT NULL,
  period_end   INTEGER NOT NULL,
  commune      TEXT NOT NULL,
  indicator    TEXT NOT NULL,
  value        INTEGER NOT NULL,
  n            INTEGER NOT NULL,
  PRIMARY KEY (province, period_start, period_end, commune, indicator)
) WITHOUT ROWID;
-- Confirmed report rows per village key ('' for commune-wide reports): who reported.
-- Keyed commune first: "did this commune report for the period" is one short range.
CREATE TABLE report_villages (
  province     TEXT NOT NULL,
  commune      TEXT NOT NULL,
  period_start INTEGER NOT NULL,
  period_end   INTEGER NOT NULL,
  village_key  TEXT NOT NULL,
  n            INTEGER NOT NULL,
  PRIMARY KEY (province, commune, period_start, period_end, village_key)
) WITHOUT ROWID;
-- Confirmed submissions (one message's report, any number of villages).
CREATE TABLE report_submissions (
  province     TEXT NOT NULL,
  period_start INTEGER NOT NULL,
  period_end   INTEGER NOT NULL,
  commune      TEXT NOT NULL,
  n            INTEGER NOT NULL,
  PRIMARY KEY (province, period_start, period_end, commune)
) WITHOUT ROWID;

-- The rebuild for a database that already holds reports. figures is "id=value;id=value":
-- split by a recursive query; the value is its leading digits, as decode_figures reads it.
WITH RECURSIVE split (province, period_start, period_end, commune, item, rest) AS (
  SELECT province, period_start, period_end, commune, '', figures || ';' FROM reports WHERE status = 'confirmed'
  UNION ALL
  SELECT province, period_start, period_end, commune, substr(rest, 1, instr(rest, ';') - 1),
         substr(rest, instr(rest, ';') + 1)
  FROM split WHERE rest != ''
)
INSERT INTO report_sums (province, period_start, period_end, commune, indicator, value, n)
SELECT province, period_start, period_end, commune, substr(item, 1, instr(item, '=') - 1),
       SUM(CASE WHEN substr(item, instr(item, '=') + 1, 1) GLOB '[0-9]'
                THEN CAST(substr(item, instr(item, '=') + 1) AS INTEGER) ELSE 0 END), COUNT(*)
FROM split WHERE instr(item, '=') > 0
GROUP BY province, period_start, period_end, commune, substr(item, 1, instr(item, '=') - 1);
INSERT INTO report_villages (province, commune, period_start, period_end, village_key, n)
SELECT province, commune, period_start, period_end, village_key, COUNT(*) FROM reports WHERE status = 'confirmed'
GROUP BY province, commune, period_start, period_end, village_key;
INSERT INTO report_submissions (province, period_start, period_end, commune, n)
SELECT province, period_start, period_end, commune, COUNT(DISTINCT submission) FROM reports WHERE status = 'confirmed'
GROUP BY province, period_start, period_end, commune;
)sql"},
  };
  return parts;
}

}  // namespace hocvuso::reports
