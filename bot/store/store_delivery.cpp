// Store operations for delivery: per-chat queue heads, retries, chat state changes,
// payload references and the options last shown in a chat.
#include <nlohmann/json.hpp>

#include "bot/core/options.hpp"
#include "bot/store/store_impl.hpp"

namespace hocvuso {

using nlohmann::json;

std::vector<Store::DueMessage> Store::due_heads(Channel channel, TimePoint now, int limit) {
  if (pg_) return pg_->core.due_heads(channel, now, limit);
  // The head of each chat's queue (its oldest pending row) keeps per-chat order even
  // when that head waits for a retry: later rows of the chat wait behind it.
  auto q = impl_->sql.query(
      "SELECT o.id, o.chat_id, o.body, o.priority, o.attempts, o.parts_sent, coalesce(c.chat_type, 'private'), o.tag "
      "FROM outbox o LEFT JOIN chats c ON c.channel = o.channel AND c.chat_id = o.chat_id "
      "WHERE o.channel = ? AND o.status = 'pending' AND o.not_before <= ? AND o.id = "
      "  (SELECT min(h.id) FROM outbox h WHERE h.channel = o.channel AND h.chat_id = o.chat_id "
      "   AND h.status = 'pending') "
      "ORDER BY o.priority, o.id LIMIT ?");
  q.bind(1, to_string(channel));
  q.bind(2, now);
  q.bind(3, limit);
  std::vector<DueMessage> out;
  while (q.step()) {
    DueMessage d;
    d.item.id = q.int64(0);
    d.item.message.chat = ChatRef{channel, q.text(1)};
    d.body = q.text(2);
    d.item.priority = q.integer(3);
    d.item.attempts = q.integer(4);
    d.parts_sent = q.integer(5);
    d.chat_type = q.text(6) == "group" ? ChatType::group : ChatType::private_chat;
    if (!q.null(7)) d.item.message.tag = q.text(7);
    out.push_back(std::move(d));
  }
  return out;
}

std::optional<TimePoint> Store::next_due(Channel channel) {
  if (pg_) return pg_->core.next_due(channel);
  auto q = impl_->sql.query("SELECT min(not_before) FROM outbox WHERE channel = ? AND status = 'pending'");
  q.bind(1, to_string(channel));
  if (!q.step() || q.null(0)) return std::nullopt;
  return q.time(0);
}

void Store::mark_part_sent(std::int64_t id, int parts_sent) {
  if (pg_) return pg_->core.mark_part_sent(id, parts_sent);
  auto q = impl_->sql.query("UPDATE outbox SET parts_sent = ? WHERE id = ?");
  q.bind(1, parts_sent);
  q.bind(2, id);
  q.exec();
}

void Store::reschedule(std::int64_t id, TimePoint not_before, bool count_attempt, std::string_view error) {
  if (pg_) return pg_->core.reschedule(id, not_before, count_attempt, error);
  auto q = impl_->sql.query(
      "UPDATE outbox SET not_before = ?, attempts = attempts + ?, last_error = ? WHERE id = ?");
  q.bind(1, not_before);
  q.bind(2, count_attempt ? 1 : 0);
  q.bind(3, error);
  q.bind(4, id);
  q.exec();
}

void Store::finish(std::int64_t id, std::string_view status, std::string_view error) {
  if (pg_) return pg_->core.finish(id, status, error);
  auto q = impl_->sql.query("UPDATE outbox SET status = ?, last_error = ? WHERE id = ?");
  q.bind(1, status);
  q.bind(2, error);
  q.bind(3, id);
  q.exec();
}

void Store::set_chat_active(const ChatRef& chat, bool active) {
  if (pg_) return pg_->core.set_chat_active(chat, active);
  {
    // Unchanged (every private message of an active chat) writes nothing.
    auto q = impl_->sql.query("UPDATE chats SET active = ? WHERE channel = ? AND chat_id = ? AND active != ?");
    q.bind(1, active ? 1 : 0);
    q.bind(2, to_string(chat.channel));
    q.bind(3, chat.id);
    q.bind(4, active ? 1 : 0);
    q.exec();
  }
  {
    // Most chats have no row to move. Looking through the partial index is far cheaper than
    // the UPDATE below, which SQLite runs through a temporary table because it changes the
    // column the index is defined by (callgrind, bench/README.md).
    auto any = impl_->sql.query(active ? "SELECT 1 FROM outbox WHERE channel = ? AND chat_id = ? AND status = 'parked'"
                                       : "SELECT 1 FROM outbox WHERE channel = ? AND chat_id = ? AND status = 'pending'");
    any.bind(1, to_string(chat.channel));
    any.bind(2, chat.id);
    if (!any.step()) return;
  }
  auto q = impl_->sql.query(active ? "UPDATE outbox SET status = 'pending', not_before = 0 "
                                 "WHERE channel = ? AND chat_id = ? AND status = 'parked'"
                               : "UPDATE outbox SET status = 'blocked', last_error = 'chat inactive' "
                                 "WHERE channel = ? AND chat_id = ? AND status = 'pending'");
  q.bind(1, to_string(chat.channel));
  q.bind(2, chat.id);
  q.exec();
}

bool Store::chat_active(const ChatRef& chat) {
  if (pg_) return pg_->core.chat_active(chat);
  auto q = impl_->sql.query("SELECT active FROM chats WHERE channel = ? AND chat_id = ?");
  q.bind(1, to_string(chat.channel));
  q.bind(2, chat.id);
  return !q.step() || q.integer(0) != 0;
}

void Store::migrate_chat(const ChatRef& from, std::string_view new_id) {
  if (pg_) return pg_->core.migrate_chat(from, new_id);
  if (from.id == new_id) return;
  const std::string_view ch = to_string(from.channel);
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
    auto q = impl_->sql.query(sql);
    q.bind(1, to);
    q.bind(2, ch);
    q.bind(3, from.id);
    q.exec();
  }
}

std::string Store::payload_ref(std::string_view payload) {
  if (pg_) return pg_->core.payload_ref(payload);
  {
    auto q = impl_->sql.query("INSERT INTO payload_refs (payload) VALUES (?) ON CONFLICT (payload) DO NOTHING");
    q.bind(1, payload);
    q.exec();
  }
  auto q = impl_->sql.query("SELECT id FROM payload_refs WHERE payload = ?");
  q.bind(1, payload);
  q.step();
  return "ref:" + std::to_string(q.int64(0));
}

std::optional<std::string> Store::resolve_payload_ref(std::string_view ref) {
  if (pg_) return pg_->core.resolve_payload_ref(ref);
  if (!ref.starts_with("ref:")) return std::nullopt;
  auto q = impl_->sql.query("SELECT payload FROM payload_refs WHERE id = ?");
  q.bind(1, ref.substr(4));
  if (!q.step()) return std::nullopt;
  return q.text(0);
}

void Store::save_options(const ChatRef& chat, const std::string& options, TimePoint now) {
  if (pg_) return pg_->core.save_options(chat, options, now);
  auto q = impl_->sql.query(
      "INSERT INTO chat_options (channel, chat_id, options, shown_at) VALUES (?, ?, ?, ?) "
      "ON CONFLICT (channel, chat_id) DO UPDATE SET options = excluded.options, shown_at = excluded.shown_at");
  q.bind(1, to_string(chat.channel));
  q.bind(2, chat.id);
  q.bind(3, options);
  q.bind(4, now);
  q.exec();
}

std::optional<std::string> Store::match_option(const ChatRef& chat, std::string_view text,
                                               bool by_number_or_label) {
  if (pg_) return pg_->core.match_option(chat, text, by_number_or_label);
  auto q = impl_->sql.query("SELECT options FROM chat_options WHERE channel = ? AND chat_id = ?");
  q.bind(1, to_string(chat.channel));
  q.bind(2, chat.id);
  if (!q.step()) return std::nullopt;
  std::vector<Button> options;
  for (const auto& o : json::parse(q.text(0))) {
    options.push_back({o["label"].get<std::string>(), o["payload"].get<std::string>()});
  }
  if (auto i = choose_option(text, options, by_number_or_label)) return options[*i].payload;
  return std::nullopt;
}

std::optional<std::string> Store::kv_get(std::string_view key) {
  if (pg_) return pg_->core.kv_get(key);
  auto q = impl_->sql.query("SELECT value FROM kv WHERE key = ?");
  q.bind(1, key);
  if (!q.step()) return std::nullopt;
  return q.text(0);
}

void Store::kv_set(std::string_view key, std::string_view value) {
  if (pg_) return pg_->core.kv_set(key, value);
  auto q = impl_->sql.query(
      "INSERT INTO kv (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value");
  q.bind(1, key);
  q.bind(2, value);
  q.exec();
}

}  // namespace hocvuso
