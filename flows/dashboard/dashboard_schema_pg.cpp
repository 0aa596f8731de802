// The dashboard's tables (sign-in links, sessions, audit) and its index on reports, in
// PostgreSQL's dialect, the same meaning as dashboard_schema_sqlite.cpp. One part at the
// version of the latest SQLite part (13): no PostgreSQL database is in the field yet, so
// this list may still be reshaped until `serve` runs on PostgreSQL
// (bot/store/pg_migrations.cpp); from then on it is append only. The reports table it
// indexes is made at version 12 (flows/reports/report_schema_pg.cpp).
// Differences from SQLite: an identity column for the audit's id; no WITHOUT ROWID;
// times are BIGINT milliseconds.
#include "bot/store/feature_schemas.hpp"

namespace hocvuso::dashboard {

const std::vector<MigrationPart>& pg_schema() {
  static const std::vector<MigrationPart> parts = {
      {13, "dashboard sign-in links, sessions and their audit; a commune's reports of a period (the Xã page)", R"sql(
-- One-time sign-in links (/dangnhap): the SHA-256 of the secret only; single use, 10 minutes.
CREATE TABLE dashboard_links (
  hash       TEXT PRIMARY KEY,
  channel    TEXT NOT NULL,
  user_id    TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  expires_at BIGINT NOT NULL,
  used_at    BIGINT
);
CREATE INDEX dashboard_links_by_user ON dashboard_links (channel, user_id, created_at);
-- Browser sessions: the SHA-256 of the cookie; ended after 8 hours without use or on sign-out.
CREATE TABLE dashboard_sessions (
  hash       TEXT PRIMARY KEY,
  channel    TEXT NOT NULL,
  user_id    TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  last_seen  BIGINT NOT NULL
);
CREATE TABLE dashboard_audit (
  id     BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  at     BIGINT NOT NULL,
  actor  TEXT NOT NULL,
  action TEXT NOT NULL,
  detail TEXT NOT NULL DEFAULT ''
);
-- The Xã page lists one commune's submissions and counts them, without reading the
-- province's rows of the period (dashboard_schema_sqlite.cpp, version 13).
CREATE INDEX reports_commune_period ON reports (province, commune, period_start, period_end, status, submission);
)sql"},
  };
  return parts;
}

}  // namespace hocvuso::dashboard
