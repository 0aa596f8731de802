// SentTags and erase_finished_texts on PostgreSQL. The outbox body is JSON kept as TEXT
// (as on SQLite, so `db copy` moves it as is); jsonb reads and rewrites it here, and the
// rewritten body (jsonb's spacing and key order) decodes the same.
#include "bot/store/pg_sent_tags.hpp"

#include "bot/store/pg_core_store.hpp"

namespace hocvuso::pg {

void SentTags::record(const ChatRef& chat, std::string_view message_id, std::string_view tag, TimePoint now) {
  if (message_id.empty() || tag.empty()) return;
  store_.db()
      .query("INSERT INTO sent_tags (channel, chat_id, message_id, tag, sent_at) VALUES ($1, $2, $3, $4, $5) "
             "ON CONFLICT (channel, chat_id, message_id) DO UPDATE SET tag = excluded.tag, sent_at = excluded.sent_at")
      .bind_all(to_string(chat.channel), chat.id, message_id, tag, now)
      .exec();
}

std::optional<std::string> SentTags::find(const ChatRef& chat, std::string_view message_id) {
  if (message_id.empty()) return std::nullopt;
  auto q = store_.db().query("SELECT tag FROM sent_tags WHERE channel = $1 AND chat_id = $2 AND message_id = $3");
  q.bind_all(to_string(chat.channel), chat.id, message_id);
  if (!q.step()) return std::nullopt;
  return q.text(0);
}

void SentTags::forget(std::string_view tag) { store_.db().query("DELETE FROM sent_tags WHERE tag = $1").bind(1, tag).exec(); }

void SentTags::erase_texts(std::string_view tag) {
  store_.db()
      .query("UPDATE outbox SET body = jsonb_set(body::jsonb, '{text}', '\"\"')::text, "
             "status = CASE WHEN status = 'pending' THEN 'cancelled' ELSE status END "
             "WHERE tag = $1")
      .bind(1, tag)
      .exec();
}

int erase_finished_texts(CoreStore& store, std::string_view tag_prefix) {
  if (tag_prefix.empty()) return 0;  // never every tagged row at once
  // starts_with, not SQLite's byte range: under a database's language collation
  // (en_US.UTF-8) a range of text is not a prefix, and raising the last byte can make
  // invalid UTF-8, which PostgreSQL refuses.
  return store.db()
      .query("UPDATE outbox SET body = jsonb_set(body::jsonb, '{text}', '\"\"')::text "
             "WHERE tag IS NOT NULL AND starts_with(tag, $1) "
             "AND status IN ('sent', 'failed', 'blocked', 'cancelled') AND body::jsonb ->> 'text' <> ''")
      .bind(1, tag_prefix)
      .exec();
}

}  // namespace hocvuso::pg
