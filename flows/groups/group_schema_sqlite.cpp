// The team groups feature's tables (links, titles, activity, team codes) in SQLite, as migration parts by version.
// Append only: a released part is never edited, because databases in the field already ran it.
// bot/store/migrations.cpp orders the parts of every feature into one list.
#include "bot/store/feature_schemas.hpp"

namespace hocvuso::groups {

const std::vector<MigrationPart>& sqlite_schema() {
  static const std::vector<MigrationPart> parts = {
      {4, "team groups: links to communes, titles read, activity counts", R"sql(
-- Which commune a team group belongs to (content/places ids).
CREATE TABLE group_links (
  channel   TEXT NOT NULL,
  chat_id   TEXT NOT NULL,
  province  TEXT NOT NULL,
  commune   TEXT NOT NULL,
  linked_by TEXT NOT NULL DEFAULT '',
  linked_at INTEGER NOT NULL,
  PRIMARY KEY (channel, chat_id)
) WITHOUT ROWID;

-- The last group title read, so an unknown title is answered once, not per message.
CREATE TABLE group_titles (
  channel TEXT NOT NULL,
  chat_id TEXT NOT NULL,
  title   TEXT NOT NULL,
  PRIMARY KEY (channel, chat_id)
) WITHOUT ROWID;

-- Counts per member and local day; never the messages themselves.
CREATE TABLE group_activity (
  channel  TEXT NOT NULL,
  chat_id  TEXT NOT NULL,
  user_id  TEXT NOT NULL,
  day      INTEGER NOT NULL,  -- yyyymmdd, Vietnam time
  messages INTEGER NOT NULL DEFAULT 0,
  reports  INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (channel, chat_id, user_id, day)
) WITHOUT ROWID;
)sql"},
      {9, "one-time team codes: a member joins a commune's team in a private chat (flows/groups/private_team)", R"sql(
-- Issued by an officer; spent when a member sends it privately. The member's chat is
-- then a row of group_links (chat_type 'private' in chats), so province and commune
-- here are the same place ids as group_links'.
CREATE TABLE team_codes (
  code       TEXT PRIMARY KEY,    -- "TO-K7QM4P"
  province   TEXT NOT NULL,
  commune    TEXT NOT NULL,
  issued_by  TEXT NOT NULL,       -- "<channel>:<user>" or "cli"
  issued_at  INTEGER NOT NULL,
  expires_at INTEGER NOT NULL,
  used_by    TEXT NOT NULL DEFAULT '',  -- "<channel>:<chat>" once spent
  used_at    INTEGER
) WITHOUT ROWID;
)sql"},
  };
  return parts;
}

}  // namespace hocvuso::groups
