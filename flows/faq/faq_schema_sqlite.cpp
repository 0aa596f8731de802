// The FAQ's tables (misses, feedback) in SQLite, as migration parts by version.
// Append only: a released part is never edited, because databases in the field already ran it.
// bot/store/migrations.cpp orders the parts of every feature into one list.
#include "bot/store/feature_schemas.hpp"

namespace hocvuso::faq {

const std::vector<MigrationPart>& sqlite_schema() {
  static const std::vector<MigrationPart> parts = {
      {3, "FAQ: questions it could not answer (masked), feedback per entry", R"sql(
-- Questions the FAQ declined or was unsure about, for content authors. The text is
-- masked (codes, passwords, card, identity and phone numbers) and normalized; no
-- user, chat or time of a single person is kept, only counts.
CREATE TABLE faq_misses (
  question   TEXT PRIMARY KEY,
  verdict    TEXT NOT NULL CHECK (verdict IN ('decline', 'choices')),
  best_id    TEXT NOT NULL DEFAULT '',   -- the closest entry, for the author's eye
  count      INTEGER NOT NULL DEFAULT 0,
  first_seen INTEGER NOT NULL,
  last_seen  INTEGER NOT NULL
) WITHOUT ROWID;

-- 👍 / 👎 under answers, counted per entry.
CREATE TABLE faq_feedback (
  entry_id TEXT PRIMARY KEY,
  up       INTEGER NOT NULL DEFAULT 0,
  down     INTEGER NOT NULL DEFAULT 0
) WITHOUT ROWID;
)sql"},
      {14, "FAQ: faq_misses by last_seen, for its retention", R"sql(
-- Questions unseen for 180 days are dropped as new ones come (faq_store.hpp).
CREATE INDEX faq_misses_last_seen ON faq_misses (last_seen);
)sql"},
  };
  return parts;
}

}  // namespace hocvuso::faq
