// Schema migrations, applied in order at start-up.
#include "bot/store/migrations.hpp"

#include "bot/store/migration_places.hpp"

namespace hocvuso {

const std::vector<Migration>& migrations() {
  static const std::vector<Migration> list = {
      {1, "users, chats, conversation state, inbox, outbox, payload refs, chat options, kv", R"sql(
CREATE TABLE users (
  channel      TEXT NOT NULL,
  user_id      TEXT NOT NULL,
  display_name TEXT NOT NULL DEFAULT '',
  locale       TEXT NOT NULL DEFAULT 'vi',
  first_seen   INTEGER NOT NULL,
  last_seen    INTEGER NOT NULL,
  PRIMARY KEY (channel, user_id)
) WITHOUT ROWID;

CREATE TABLE chats (
  channel    TEXT NOT NULL,
  chat_id    TEXT NOT NULL,
  chat_type  TEXT NOT NULL CHECK (chat_type IN ('private', 'group')),
  title      TEXT NOT NULL DEFAULT '',
  active     INTEGER NOT NULL DEFAULT 1,
  first_seen INTEGER NOT NULL,
  last_seen  INTEGER NOT NULL,
  PRIMARY KEY (channel, chat_id)
) WITHOUT ROWID;

CREATE TABLE conversation_state (
  channel    TEXT NOT NULL,
  chat_id    TEXT NOT NULL,
  user_id    TEXT NOT NULL,
  flow       TEXT NOT NULL DEFAULT '',
  step       TEXT NOT NULL DEFAULT '',
  data       TEXT NOT NULL DEFAULT '{}',
  updated_at INTEGER NOT NULL,
  PRIMARY KEY (channel, chat_id, user_id)
) WITHOUT ROWID;

-- Platform updates, recorded before they are acknowledged. A redelivered update
-- finds its key here and has no second effect; seq keeps arrival order for processing.
CREATE TABLE inbox (
  seq          INTEGER PRIMARY KEY AUTOINCREMENT,
  channel      TEXT NOT NULL,
  update_key   TEXT NOT NULL,
  payload      TEXT NOT NULL,
  received_at  INTEGER NOT NULL,
  processed_at INTEGER,
  UNIQUE (channel, update_key)
);
CREATE INDEX inbox_unprocessed ON inbox (channel, seq) WHERE processed_at IS NULL;

CREATE TABLE outbox (
  id          INTEGER PRIMARY KEY AUTOINCREMENT,
  channel     TEXT NOT NULL,
  chat_id     TEXT NOT NULL,
  body        TEXT NOT NULL,       -- JSON: text, buttons, reply_to
  priority    INTEGER NOT NULL DEFAULT 0,
  status      TEXT NOT NULL DEFAULT 'pending'
              CHECK (status IN ('pending', 'sent', 'failed', 'blocked', 'parked', 'cancelled')),
  attempts    INTEGER NOT NULL DEFAULT 0,
  parts_sent  INTEGER NOT NULL DEFAULT 0,  -- pieces of a long text already accepted
  not_before  INTEGER NOT NULL DEFAULT 0,  -- retry or rate-limit pause, ms since epoch
  created_at  INTEGER NOT NULL,
  sent_at     INTEGER,
  last_error  TEXT
);
-- The sender takes the oldest pending message of each chat (per-chat order).
CREATE INDEX outbox_pending_chat ON outbox (channel, chat_id, id) WHERE status = 'pending';
CREATE INDEX outbox_pending ON outbox (channel, priority, id) WHERE status = 'pending';
-- Every incoming private message un-parks its chat's rows (Zalo's 7-day window): keep
-- that lookup off a scan of the whole, ever-growing outbox (measured in bench/).
CREATE INDEX outbox_parked_chat ON outbox (channel, chat_id) WHERE status = 'parked';

-- Button payloads too long for a platform (Telegram: 64 bytes) travel as "ref:<id>".
CREATE TABLE payload_refs (
  id      INTEGER PRIMARY KEY AUTOINCREMENT,
  payload TEXT NOT NULL UNIQUE
);

-- The options last shown in a chat, so "2" or an option's words (or a Zalo button's
-- payload coming back as text) count as pressing that button.
CREATE TABLE chat_options (
  channel  TEXT NOT NULL,
  chat_id  TEXT NOT NULL,
  options  TEXT NOT NULL,  -- JSON [{"label":..,"payload":..}]
  shown_at INTEGER NOT NULL,
  PRIMARY KEY (channel, chat_id)
) WITHOUT ROWID;

-- Small durable settings: getUpdates offsets, rotating tokens.
CREATE TABLE kv (
  key   TEXT PRIMARY KEY,
  value TEXT NOT NULL
) WITHOUT ROWID;
)sql"},
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
      {4, "team groups and reports: role grants, group links and activity, reports, audit, targets, reminders",
       R"sql(
-- Roles beyond "member" (everyone who writes in a commune's group). Empty province:
-- everywhere; empty commune: the whole province.
CREATE TABLE role_grants (
  channel    TEXT NOT NULL,
  user_id    TEXT NOT NULL,
  role       TEXT NOT NULL CHECK (role IN ('admin', 'officer', 'leader')),
  province   TEXT NOT NULL DEFAULT '',
  commune    TEXT NOT NULL DEFAULT '',
  granted_at INTEGER NOT NULL,
  PRIMARY KEY (channel, user_id, role, province, commune)
) WITHOUT ROWID;

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
      {5, "broadcasts: subscriptions, API tokens, broadcasts with a fan-out cursor, deliveries, officers, audit", R"sql(
-- Who wants scam warnings. Private chats opt in; groups are in unless they opt out
-- (no row = default). commune/province are folded (text::fold) names given by the
-- citizen, matched against a broadcast's target without a places list.
CREATE TABLE broadcast_subscriptions (
  channel    TEXT NOT NULL,
  chat_id    TEXT NOT NULL,
  subscribed INTEGER NOT NULL,
  commune    TEXT NOT NULL DEFAULT '',
  province   TEXT NOT NULL DEFAULT '',
  updated_at INTEGER NOT NULL,
  PRIMARY KEY (channel, chat_id)
) WITHOUT ROWID;

-- Admin API tokens, kept only as SHA-256 hashes.
CREATE TABLE broadcast_tokens (
  id         INTEGER PRIMARY KEY AUTOINCREMENT,
  token_hash TEXT NOT NULL UNIQUE,
  role       TEXT NOT NULL CHECK (role IN ('officer', 'admin')),
  province   TEXT NOT NULL DEFAULT '',
  commune    TEXT NOT NULL DEFAULT '',
  created_at INTEGER NOT NULL,
  revoked_at INTEGER
);

-- Officers known in chat (until the roles of the groups feature take over).
CREATE TABLE broadcast_officers (
  channel  TEXT NOT NULL,
  user_id  TEXT NOT NULL,
  role     TEXT NOT NULL CHECK (role IN ('officer', 'admin')),
  province TEXT NOT NULL DEFAULT '',
  commune  TEXT NOT NULL DEFAULT '',
  PRIMARY KEY (channel, user_id)
) WITHOUT ROWID;

-- One warning. The fan-out walks chats in primary-key order; (cursor_channel,
-- cursor_chat) is the last chat queued, advanced in the same transaction as the rows.
CREATE TABLE broadcasts (
  id             INTEGER PRIMARY KEY AUTOINCREMENT,
  author         TEXT NOT NULL,        -- "token:<id>" or "<channel>:<user>"
  text           TEXT NOT NULL,        -- the message as recipients see it
  severity       TEXT NOT NULL,
  link           TEXT NOT NULL DEFAULT '',
  scope          TEXT NOT NULL CHECK (scope IN ('all', 'subscribers', 'groups', 'province', 'communes')),
  province       TEXT NOT NULL DEFAULT '',  -- folded
  communes       TEXT NOT NULL DEFAULT '[]', -- JSON array of folded names
  status         TEXT NOT NULL DEFAULT 'running'
                 CHECK (status IN ('awaiting_approval', 'running', 'paused', 'done', 'cancelled')),
  approved_by    TEXT,                 -- the second officer, when approval was required
  cursor_channel TEXT NOT NULL DEFAULT '',
  cursor_chat    TEXT NOT NULL DEFAULT '',
  queued         INTEGER NOT NULL DEFAULT 0,
  created_at     INTEGER NOT NULL,
  finished_at    INTEGER
);
CREATE INDEX broadcasts_running ON broadcasts (status) WHERE status = 'running';
CREATE INDEX broadcasts_author ON broadcasts (author, created_at);

-- Which outbox rows belong to which broadcast (progress, cancel, unsubscribe).
CREATE TABLE broadcast_deliveries (
  outbox_id    INTEGER PRIMARY KEY,
  broadcast_id INTEGER NOT NULL
);
CREATE INDEX broadcast_deliveries_broadcast ON broadcast_deliveries (broadcast_id);

CREATE TABLE broadcast_audit (
  id           INTEGER PRIMARY KEY AUTOINCREMENT,
  at           INTEGER NOT NULL,
  actor        TEXT NOT NULL,
  action       TEXT NOT NULL,
  broadcast_id INTEGER,
  detail       TEXT NOT NULL DEFAULT ''
);
)sql"},
      {6, "sent tags (reply map of tagged messages); help tickets and their relayed messages", R"sql(
-- Delivered messages that carried a feature tag (Outgoing::tag): a reply to one of
-- them is mapped back to what it was about (a help ticket).
CREATE TABLE sent_tags (
  channel    TEXT NOT NULL,
  chat_id    TEXT NOT NULL,
  message_id TEXT NOT NULL,
  tag        TEXT NOT NULL,
  sent_at    INTEGER NOT NULL,
  PRIMARY KEY (channel, chat_id, message_id)
) WITHOUT ROWID;
CREATE INDEX sent_tags_by_tag ON sent_tags (tag);
-- The outbox row's tag (Outgoing::tag), a column of its own so that rows are found again
-- when a feature's retention erases their text, without parsing any body.
ALTER TABLE outbox ADD COLUMN tag TEXT;
CREATE INDEX outbox_by_tag ON outbox (tag) WHERE tag IS NOT NULL;

-- A citizen's request for help, relayed to a commune's team group. The citizen's ids
-- never leave this table; the group sees the code, citizen_name and the question.
CREATE TABLE tickets (
  id               INTEGER PRIMARY KEY AUTOINCREMENT,
  citizen_channel  TEXT NOT NULL,
  citizen_chat     TEXT NOT NULL,
  citizen_user     TEXT NOT NULL,
  citizen_name     TEXT NOT NULL,       -- display name or the alias the citizen chose
  province         TEXT NOT NULL,       -- places ids
  commune          TEXT NOT NULL,
  group_channel    TEXT NOT NULL,
  group_chat       TEXT NOT NULL,
  question         TEXT NOT NULL,       -- relayed text: emptied when the retention ends
  status           TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'claimed', 'closed')),
  helper_channel   TEXT NOT NULL DEFAULT '',
  helper_user      TEXT NOT NULL DEFAULT '',
  helper_name      TEXT NOT NULL DEFAULT '',
  helper_private   INTEGER NOT NULL DEFAULT 0,  -- the helper wrote privately: the citizen's answers go there too
  created_at       INTEGER NOT NULL,
  claimed_at       INTEGER,
  first_answer_at  INTEGER,
  last_activity_at INTEGER NOT NULL,
  reannounced_at   INTEGER,
  escalated_at     INTEGER,
  closed_at        INTEGER,
  closed_by        TEXT CHECK (closed_by IN ('citizen', 'helper', 'idle')),
  rating           INTEGER CHECK (rating BETWEEN 1 AND 5),
  purged_at        INTEGER
);
CREATE INDEX tickets_citizen ON tickets (citizen_channel, citizen_chat) WHERE status <> 'closed';
CREATE INDEX tickets_commune ON tickets (province, commune, created_at);
-- The periodic job: unclaimed ones by age; closed ones whose texts still wait for the retention.
CREATE INDEX tickets_by_status ON tickets (status, created_at);
CREATE INDEX tickets_to_purge ON tickets (closed_at) WHERE status = 'closed' AND purged_at IS NULL;

-- What was relayed, each way, kept while the ticket is open plus the retention.
CREATE TABLE ticket_messages (
  id        INTEGER PRIMARY KEY AUTOINCREMENT,
  ticket_id INTEGER NOT NULL,
  at        INTEGER NOT NULL,
  side      TEXT NOT NULL CHECK (side IN ('citizen', 'helper')),
  text      TEXT NOT NULL
);
CREATE INDEX ticket_messages_ticket ON ticket_messages (ticket_id);
)sql"},
      // Touches role_grants, broadcast_officers, broadcast_tokens, broadcast_subscriptions,
      // group_links, group_titles, reports, targets, tickets and broadcasts; adds
      // place_set_aside. What it does and why: bot/store/migration_places.cpp.
      {7, "places by official code: folded names of communes and provinces become codes and province ids; "
          "what cannot be mapped is set aside (place_set_aside), never widened",
       places_migration_sql()},
      {8, "tickets: when the member who took a ticket was told how to answer it (one hint a ticket)", R"sql(
ALTER TABLE tickets ADD COLUMN helper_hinted_at INTEGER;
)sql"},
      {9, "one-time team codes: a member joins a commune's team in a private chat (flows/groups/private_team)",
       R"sql(
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
      {10, "broadcasts: who turned warnings off (opted_out), and each broadcast's recipient counts as created",
       R"sql(
-- A private chat's explicit /canhbao tat, told apart from "never subscribed" (a
-- remembered place alone): the counts say how many a target leaves out for it, and a
-- team member's private chat follows it. Before this, only a row without a place can
-- be told for sure (remember_place always stores one); places set aside by migration 7 were not a choice.
ALTER TABLE broadcast_subscriptions ADD COLUMN opted_out INTEGER NOT NULL DEFAULT 0;
UPDATE broadcast_subscriptions SET opted_out = 1
  WHERE subscribed = 0 AND commune = ''
    AND channel || ':' || chat_id NOT IN (SELECT ref FROM place_set_aside WHERE kind = 'subscription');
-- {"recipients", "by_kind", "by_platform", "left_out"} (flows/broadcast recipients_json).
ALTER TABLE broadcasts ADD COLUMN recipients TEXT NOT NULL DEFAULT '{}';
)sql"},
  };
  return list;
}

}  // namespace hocvuso
