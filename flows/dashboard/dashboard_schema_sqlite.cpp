// The dashboard's tables in SQLite, as migration parts by version.
// Append only: a released part is never edited, because databases in the field already ran it.
// bot/store/migrations.cpp orders the parts of every feature into one list.
#include "bot/store/feature_schemas.hpp"

namespace hocvuso::dashboard {

const std::vector<MigrationPart>& sqlite_schema() {
  static const std::vector<MigrationPart> parts = {
      {11, "dashboard sign-in links, sessions and their audit", R"sql(
-- One-time sign-in links (/dangnhap): the SHA-256 of the secret only; single use, 10 minutes.
CREATE TABLE dashboard_links (
  hash       TEXT PRIMARY KEY,
  channel    TEXT NOT NULL,
  user_id    TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  expires_at INTEGER NOT NULL,
  used_at    INTEGER
) WITHOUT ROWID;
CREATE INDEX dashboard_links_by_user ON dashboard_links (channel, user_id, created_at);
-- Browser sessions: the SHA-256 of the cookie; ended after 8 hours without use or on sign-out.
CREATE TABLE dashboard_sessions (
  hash       TEXT PRIMARY KEY,
  channel    TEXT NOT NULL,
  user_id    TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  last_seen  INTEGER NOT NULL
) WITHOUT ROWID;
CREATE TABLE dashboard_audit (
  id     INTEGER PRIMARY KEY,
  at     INTEGER NOT NULL,
  actor  TEXT NOT NULL,
  action TEXT NOT NULL,
  detail TEXT NOT NULL DEFAULT ''
);
)sql"},
      {13, "dashboard: a commune's reports of a period without reading the province's (the Xã page)", R"sql(
-- The Xã page lists one commune's submissions and counts them; reports_scope leads with
-- (province, status, period) and would read every commune's rows of the period
-- (1,000,000 reports: 1.6 s against 0.55 s for the whole page in a Debug+ASan build).
CREATE INDEX reports_commune_period ON reports (province, commune, period_start, period_end, status, submission);
)sql"},
  };
  return parts;
}

}  // namespace hocvuso::dashboard
