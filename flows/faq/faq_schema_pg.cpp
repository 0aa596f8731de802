// The FAQ's tables (misses, feedback) in PostgreSQL's dialect, the same meaning as
// faq_schema_sqlite.cpp. One part at the version of the latest SQLite part (3): no
// PostgreSQL database is in the field yet, so this list may still be reshaped until
// `serve` runs on PostgreSQL (bot/store/pg_migrations.cpp); from then on it is append only.
// Differences from SQLite: no WITHOUT ROWID; times and counts are BIGINT.
#include "bot/store/feature_schemas.hpp"

namespace hocvuso::faq {

const std::vector<MigrationPart>& pg_schema() {
  static const std::vector<MigrationPart> parts = {
      {3, "FAQ: questions it could not answer (masked), feedback per entry", R"sql(
-- Questions the FAQ declined or was unsure about, for content authors. The text is
-- masked (codes, passwords, card, identity and phone numbers) and normalized; no
-- user, chat or time of a single person is kept, only counts.
CREATE TABLE faq_misses (
  question   TEXT PRIMARY KEY,
  verdict    TEXT NOT NULL CHECK (verdict IN ('decline', 'choices')),
  best_id    TEXT NOT NULL DEFAULT '',   -- the closest entry, for the author's eye
  count      BIGINT NOT NULL DEFAULT 0,
  first_seen BIGINT NOT NULL,
  last_seen  BIGINT NOT NULL
);

-- 👍 / 👎 under answers, counted per entry.
CREATE TABLE faq_feedback (
  entry_id TEXT PRIMARY KEY,
  up       BIGINT NOT NULL DEFAULT 0,
  down     BIGINT NOT NULL DEFAULT 0
);
)sql"},
      {14, "FAQ: faq_misses by last_seen, for its retention", R"sql(
CREATE INDEX faq_misses_last_seen ON faq_misses (last_seen);
)sql"},
  };
  return parts;
}

}  // namespace hocvuso::faq
