// Store operations for delivery: per-chat queue heads, retries, chat state changes,
// payload references and the options last shown in a chat.
#include <nlohmann/json.hpp>

#include "bot/core/options.hpp"
#include "bot/store/store_impl.hpp"

namespace hocvuso {

using nlohmann::json;

std::vector<Store::DueMessage> Store::due_heads(Channel channel, TimePoint now, int limit) {
  // The head of each chat's queue (its oldest pending row) keeps per-chat order even
  // when that head waits for a retry: later rows of the chat wait behind it.
  auto q = impl_->stmt(
      "SELECT o.id, o.chat_id, o.body, o.priority, o.attempts, o.parts_sent, coalesce(c.chat_type, 'private'), o.tag "
      "FROM outbox o LEFT JOIN chats c ON c.channel = o.channel AND c.chat_id = o.chat_id "
      "WHERE o.channel = ? AND o.status = 'pending' AND o.not_before <= ? AND o.id = "
      "  (SELECT min(h.id) FROM outbox h WHERE h.channel = o.channel AND h.chat_id = o.chat_id "
      "   AND h.status = 'pending') "
      "ORDER BY o.priority, o.id LIMIT ?");
  q.bind(1, channel_name(channel));
  q.bind(2, millis(now));
  q.bind(3, limit);
  std::vector<DueMessage> out;
  while (q.executeStep()) {
    DueMessage d;
    d.item.id = q.getColumn(0).getInt64();
    d.item.message.chat = ChatRef{channel, q.getColumn(1).getString()};
    d.body = q.getColumn(2).getString();
    d.item.priority = q.getColumn(3).getInt();
    d.item.attempts = q.getColumn(4).getInt();
    d.parts_sent = q.getColumn(5).getInt();
    d.chat_type = q.getColumn(6).getString() == "group" ? ChatType::group : ChatType::private_chat;
    if (!q.getColumn(7).isNull()) d.item.message.tag = q.getColumn(7).getString();
    out.push_back(std::move(d));
  }
  return out;
}

std::optional<TimePoint> Store::next_due(Channel channel) {
  auto q = impl_->stmt("SELECT min(not_before) FROM outbox WHERE channel = ? AND status = 'pending'");
  q.bind(1, channel_name(channel));
  if (!q.executeStep() || q.getColumn(0).isNull()) return std::nullopt;
  return TimePoint(std::chrono::milliseconds(q.getColumn(0).getInt64()));
}

void Store::mark_part_sent(std::int64_t id, int parts_sent) {
  auto q = impl_->stmt("UPDATE outbox SET parts_sent = ? WHERE id = ?");
  q.bind(1, parts_sent);
  q.bind(2, id);
  q.exec();
}

void Store::reschedule(std::int64_t id, TimePoint not_before, bool count_attempt, std::string_view error) {
  auto q = impl_->stmt(
      "UPDATE outbox SET not_before = ?, attempts = attempts + ?, last_error = ? WHERE id = ?");
  q.bind(1, millis(not_before));
  q.bind(2, count_attempt ? 1 : 0);
  q.bind(3, std::string(error));
  q.bind(4, id);
  q.exec();
}

void Store::finish(std::int64_t id, std::string_view status, std::string_view error) {
  auto q = impl_->stmt("UPDATE outbox SET status = ?, last_error = ? WHERE id = ?");
  q.bind(1, std::string(status));
  q.bind(2, std::string(error));
  q.bind(3, id);
  q.exec();
}

void Store::set_chat_active(const ChatRef& chat, bool active) {
  {
    auto q = impl_->stmt("UPDATE chats SET active = ? WHERE channel = ? AND chat_id = ?");
    q.bind(1, active ? 1 : 0);
    q.bind(2, channel_name(chat.channel));
    q.bind(3, chat.id);
    q.exec();
  }
  auto q = impl_->stmt(active ? "UPDATE outbox SET status = 'pending', not_before = 0 "
                                 "WHERE channel = ? AND chat_id = ? AND status = 'parked'"
                               : "UPDATE outbox SET status = 'blocked', last_error = 'chat inactive' "
                                 "WHERE channel = ? AND chat_id = ? AND status = 'pending'");
  q.bind(1, channel_name(chat.channel));
  q.bind(2, chat.id);
  q.exec();
}

bool Store::chat_active(const ChatRef& chat) {
  auto q = impl_->stmt("SELECT active FROM chats WHERE channel = ? AND chat_id = ?");
  q.bind(1, channel_name(chat.channel));
  q.bind(2, chat.id);
  return !q.executeStep() || q.getColumn(0).getInt() != 0;
}

void Store::migrate_chat(const ChatRef& from, std::string_view new_id) {
  if (from.id == new_id) return;
  const std::string ch = channel_name(from.channel);
  const std::string to(new_id);
  // The supergroup may already be known (its own updates can arrive first): then the
  // UPDATE is ignored and the old row removed, keeping one row for the group.
  for (const char* sql : {
           "UPDATE OR IGNORE chats SET chat_id = ? WHERE channel = ? AND chat_id = ?",
           "DELETE FROM chats WHERE channel = ?2 AND chat_id = ?3",
           "UPDATE OR REPLACE conversation_state SET chat_id = ? WHERE channel = ? AND chat_id = ?",
           "UPDATE outbox SET chat_id = ? WHERE channel = ? AND chat_id = ? AND status IN ('pending', 'parked')",
           "UPDATE OR REPLACE chat_options SET chat_id = ? WHERE channel = ? AND chat_id = ?",
       }) {
    auto q = impl_->stmt(sql);
    q.bind(1, to);
    q.bind(2, ch);
    q.bind(3, from.id);
    q.exec();
  }
}

std::string Store::payload_ref(std::string_view payload) {
  {
    auto q = impl_->stmt("INSERT INTO payload_refs (payload) VALUES (?) ON CONFLICT (payload) DO NOTHING");
    q.bind(1, std::string(payload));
    q.exec();
  }
  auto q = impl_->stmt("SELECT id FROM payload_refs WHERE payload = ?");
  q.bind(1, std::string(payload));
  q.executeStep();
  return "ref:" + std::to_string(q.getColumn(0).getInt64());
}

std::optional<std::string> Store::resolve_payload_ref(std::string_view ref) {
  if (!ref.starts_with("ref:")) return std::nullopt;
  auto q = impl_->stmt("SELECT payload FROM payload_refs WHERE id = ?");
  q.bind(1, std::string(ref.substr(4)));
  if (!q.executeStep()) return std::nullopt;
  return q.getColumn(0).getString();
}

void Store::save_options(const ChatRef& chat, const std::string& options, TimePoint now) {
  auto q = impl_->stmt(
      "INSERT INTO chat_options (channel, chat_id, options, shown_at) VALUES (?, ?, ?, ?) "
      "ON CONFLICT (channel, chat_id) DO UPDATE SET options = excluded.options, shown_at = excluded.shown_at");
  q.bind(1, channel_name(chat.channel));
  q.bind(2, chat.id);
  q.bind(3, options);
  q.bind(4, millis(now));
  q.exec();
}

std::optional<std::string> Store::match_option(const ChatRef& chat, std::string_view text,
                                               bool by_number_or_label) {
  auto q = impl_->stmt("SELECT options FROM chat_options WHERE channel = ? AND chat_id = ?");
  q.bind(1, channel_name(chat.channel));
  q.bind(2, chat.id);
  if (!q.executeStep()) return std::nullopt;
  std::vector<Button> options;
  for (const auto& o : json::parse(q.getColumn(0).getString())) {
    options.push_back({o["label"].get<std::string>(), o["payload"].get<std::string>()});
  }
  if (auto i = choose_option(text, options, by_number_or_label)) return options[*i].payload;
  return std::nullopt;
}

std::optional<std::string> Store::kv_get(std::string_view key) {
  auto q = impl_->stmt("SELECT value FROM kv WHERE key = ?");
  q.bind(1, std::string(key));
  if (!q.executeStep()) return std::nullopt;
  return q.getColumn(0).getString();
}

void Store::kv_set(std::string_view key, std::string_view value) {
  auto q = impl_->stmt(
      "INSERT INTO kv (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value");
  q.bind(1, std::string(key));
  q.bind(2, std::string(value));
  q.exec();
}

}  // namespace hocvuso
