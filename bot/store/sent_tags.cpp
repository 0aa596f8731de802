// sent_tags: the reply map of tagged messages.
#include "bot/store/sent_tags.hpp"

#include "bot/store/store_impl.hpp"

namespace hocvuso {

void SentTags::record(const ChatRef& chat, std::string_view message_id, std::string_view tag, TimePoint now) {
  if (message_id.empty() || tag.empty()) return;
  SQLite::Statement q(store_.database(),
                      "INSERT OR REPLACE INTO sent_tags (channel, chat_id, message_id, tag, sent_at) "
                      "VALUES (?, ?, ?, ?, ?)");
  q.bind(1, std::string(to_string(chat.channel)));
  q.bind(2, chat.id);
  q.bind(3, std::string(message_id));
  q.bind(4, std::string(tag));
  q.bind(5, millis(now));
  q.exec();
}

std::optional<std::string> SentTags::find(const ChatRef& chat, std::string_view message_id) {
  if (message_id.empty()) return std::nullopt;
  SQLite::Statement q(store_.database(),
                      "SELECT tag FROM sent_tags WHERE channel = ? AND chat_id = ? AND message_id = ?");
  q.bind(1, std::string(to_string(chat.channel)));
  q.bind(2, chat.id);
  q.bind(3, std::string(message_id));
  if (!q.executeStep()) return std::nullopt;
  return q.getColumn(0).getString();
}

void SentTags::forget(std::string_view tag) {
  SQLite::Statement q(store_.database(), "DELETE FROM sent_tags WHERE tag = ?");
  q.bind(1, std::string(tag));
  q.exec();
}

void SentTags::erase_texts(std::string_view tag) {
  SQLite::Statement q(store_.database(),
                      "UPDATE outbox SET body = json_set(body, '$.text', ''), "
                      "status = CASE WHEN status = 'pending' THEN 'cancelled' ELSE status END "
                      "WHERE tag = ?");
  q.bind(1, std::string(tag));
  q.exec();
}

}  // namespace hocvuso
