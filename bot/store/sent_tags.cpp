// sent_tags: the reply map of tagged messages. On a PostgreSQL Store each operation is
// pg::SentTags' (pg_sent_tags.cpp), with the same meaning.
#include "bot/store/sent_tags.hpp"

#include "bot/store/pg_sent_tags.hpp"
#include "bot/store/sqlite_db.hpp"
#include "bot/store/store.hpp"

namespace hocvuso {

void SentTags::record(const ChatRef& chat, std::string_view message_id, std::string_view tag, TimePoint now) {
  if (message_id.empty() || tag.empty()) return;
  if (store_.on_postgresql()) return pg::SentTags(store_.pg_core()).record(chat, message_id, tag, now);
  store_.sqlite()
      .query("INSERT OR REPLACE INTO sent_tags (channel, chat_id, message_id, tag, sent_at) "
             "VALUES (?, ?, ?, ?, ?)")
      .bind_all(to_string(chat.channel), chat.id, message_id, tag, now)
      .exec();
}

std::optional<std::string> SentTags::find(const ChatRef& chat, std::string_view message_id) {
  if (message_id.empty()) return std::nullopt;
  if (store_.on_postgresql()) return pg::SentTags(store_.pg_core()).find(chat, message_id);
  auto q = store_.sqlite().query("SELECT tag FROM sent_tags WHERE channel = ? AND chat_id = ? AND message_id = ?");
  q.bind_all(to_string(chat.channel), chat.id, message_id);
  if (!q.step()) return std::nullopt;
  return q.text(0);
}

void SentTags::forget(std::string_view tag) {
  if (store_.on_postgresql()) return pg::SentTags(store_.pg_core()).forget(tag);
  store_.sqlite().query("DELETE FROM sent_tags WHERE tag = ?").bind_all(tag).exec();
}

void SentTags::erase_texts(std::string_view tag) {
  if (store_.on_postgresql()) return pg::SentTags(store_.pg_core()).erase_texts(tag);
  store_.sqlite()
      .query("UPDATE outbox SET body = json_set(body, '$.text', ''), "
             "status = CASE WHEN status = 'pending' THEN 'cancelled' ELSE status END "
             "WHERE tag = ?")
      .bind_all(tag)
      .exec();
}

}  // namespace hocvuso
