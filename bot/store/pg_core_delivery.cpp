// pg::CoreStore for delivery (store_delivery.cpp's operations on PostgreSQL): queue heads
// claimed under a lease, retries, chat state changes, payload references, options.
#include <nlohmann/json.hpp>

#include "bot/core/options.hpp"
#include "bot/store/pg_core_store.hpp"

namespace hocvuso::pg {

using nlohmann::json;

std::vector<Store::DueMessage> CoreStore::due_heads(Channel channel, TimePoint now, int limit) {
  // The head of each chat's queue (its oldest pending row), as on SQLite, claimed in the
  // statement that finds it:
  //  - FOR UPDATE SKIP LOCKED: a head another node is claiming right now is skipped, not
  //    waited for;
  //  - the head's own lease is tested on the row itself (o.lease_*), which PostgreSQL
  //    re-reads once it holds the row's lock, so a head another node claimed and
  //    committed since this statement's snapshot is skipped too;
  //  - NOT IN: no row of the chat is leased by another live node, whatever its
  //    status: a parked row brought back by set_chat_active can become the head while a
  //    later row is in flight elsewhere, and a row a stalled node marked sent after its
  //    lease ran out may still be in flight at the node that took it over (a lease is
  //    released only by its holder, below): the chat waits for that one;
  //  - this node's own heads come back and their lease is renewed.
  // The chats leased elsewhere are one small set (a lease goes when its row is done),
  // read once per statement as a hashed subplan rather than NOT EXISTS's anti join,
  // which kept PostgreSQL from walking outbox_pending in order up to the LIMIT. NOT IN,
  // not `<> ALL`: PostgreSQL hashes only an ANY sublink (NOT IN is NOT = ANY), and `<> ALL`
  // compared each candidate with every leased chat, 0.5-0.9 s a claim with three nodes
  // holding 1,000 chats between them (the cluster test's broadcast was paced by it at
  // ~80 messages a second); chat_id is NOT NULL, so the two mean the same. Whether
  // it walks the index or scans and sorts every pending row still depends on its
  // statistics (both seen with 20,000 pending rows in 10,000 chats); the scan is the
  // cost to watch when the sender runs on PostgreSQL (issue 18's bench).
  auto q = db_.query(
      "WITH heads AS ("
      "  SELECT o.id FROM outbox o"
      "  WHERE o.channel = $1 AND o.status = 'pending' AND o.not_before <= $2"
      "    AND o.id = (SELECT min(h.id) FROM outbox h WHERE h.channel = o.channel AND h.chat_id = o.chat_id"
      "                AND h.status = 'pending')"
      "    AND (o.lease_node IS NULL OR o.lease_node = $3 OR o.lease_until <= $2)"
      "    AND o.chat_id NOT IN (SELECT l.chat_id FROM outbox l WHERE l.channel = $1"
      "                          AND l.lease_node IS NOT NULL AND l.lease_node <> $3 AND l.lease_until > $2)"
      "  ORDER BY o.priority, o.id LIMIT $4"
      "  FOR UPDATE OF o SKIP LOCKED"
      "), claimed AS ("
      "  UPDATE outbox o SET lease_node = $3, lease_until = $5 FROM heads WHERE o.id = heads.id"
      "  RETURNING o.id, o.chat_id, o.body, o.priority, o.attempts, o.parts_sent, o.tag"
      ") "
      // The chat's type by its primary key, one probe a claimed row: as a join, a database
      // without statistics (new, or just copied) read the whole chats table for each claim.
      "SELECT c.id, c.chat_id, c.body, c.priority, c.attempts, c.parts_sent, "
      "coalesce((SELECT k.chat_type FROM chats k WHERE k.channel = $1 AND k.chat_id = c.chat_id), 'private'), c.tag "
      "FROM claimed c ORDER BY c.priority, c.id");
  q.bind_all(to_string(channel), now, node_, limit, now + lease_);
  std::vector<Store::DueMessage> out;
  while (q.step()) {
    Store::DueMessage d;
    d.item.id = q.int64(0);
    d.item.message.chat = ChatRef{channel, q.text(1)};
    d.body = q.text(2);
    d.item.priority = q.integer(3);
    d.item.attempts = q.integer(4);
    d.parts_sent = q.integer(5);
    d.chat_type = q.text_view(6) == "group" ? ChatType::group : ChatType::private_chat;
    if (!q.null(7)) d.item.message.tag = q.text(7);
    out.push_back(std::move(d));
  }
  return out;
}

std::optional<TimePoint> CoreStore::next_due(Channel channel) {
  auto q = db_.query("SELECT min(not_before) FROM outbox WHERE channel = $1 AND status = 'pending'");
  q.bind(1, to_string(channel));
  if (!q.step() || q.null(0)) return std::nullopt;
  return q.time(0);
}

void CoreStore::mark_part_sent(std::int64_t id, int parts_sent) {
  db_.query("UPDATE outbox SET parts_sent = $1 WHERE id = $2").bind_all(parts_sent, id).exec();
}

void CoreStore::reschedule(std::int64_t id, TimePoint not_before, bool count_attempt, std::string_view error) {
  // The lease goes: whichever node is free when the pause ends sends it (it is still
  // the chat's head, so the chat's order holds). Only this node's own lease, as in
  // mark_sent.
  db_.query("UPDATE outbox SET not_before = $1, attempts = attempts + $2, last_error = $3, "
            "lease_until = CASE WHEN lease_node = $5 THEN NULL ELSE lease_until END, "
            "lease_node = CASE WHEN lease_node = $5 THEN NULL ELSE lease_node END WHERE id = $4")
      .bind_all(not_before, count_attempt ? 1 : 0, error, id, node_)
      .exec();
}

void CoreStore::finish(std::int64_t id, std::string_view status, std::string_view error) {
  db_.query("UPDATE outbox SET status = $1, last_error = $2, "
            "lease_until = CASE WHEN lease_node = $4 THEN NULL ELSE lease_until END, "
            "lease_node = CASE WHEN lease_node = $4 THEN NULL ELSE lease_node END WHERE id = $3")
      .bind_all(status, error, id, node_)
      .exec();
}

void CoreStore::renew_claims(const std::vector<std::int64_t>& ids, TimePoint now) {
  if (ids.empty()) return;
  std::string list;
  for (const auto id : ids) {
    if (!list.empty()) list += ',';
    list += std::to_string(id);
  }
  // One statement by primary key, the ids as one text parameter (the statement stays
  // prepared once whatever their number).
  db_.query("UPDATE outbox SET lease_until = $1 WHERE id = ANY(string_to_array($2, ',')::bigint[]) "
            "AND lease_node = $3 AND status = 'pending'")
      .bind_all(now + lease_, list, node_)
      .exec();
}

void CoreStore::give_up_leases() {
  db_.query("UPDATE outbox SET lease_until = 0 WHERE lease_node = $1 AND lease_until > 0").bind(1, node_).exec();
}

void CoreStore::set_chat_active(const ChatRef& chat, bool active) {
  db_.query("UPDATE chats SET active = $1 WHERE channel = $2 AND chat_id = $3")
      .bind_all(active ? 1 : 0, to_string(chat.channel), chat.id)
      .exec();
  db_.query(active ? "UPDATE outbox SET status = 'pending', not_before = 0 "
                     "WHERE channel = $1 AND chat_id = $2 AND status = 'parked'"
                   : "UPDATE outbox SET status = 'blocked', last_error = 'chat inactive' "
                     "WHERE channel = $1 AND chat_id = $2 AND status = 'pending'")
      .bind_all(to_string(chat.channel), chat.id)
      .exec();
}

bool CoreStore::chat_active(const ChatRef& chat) {
  auto q = db_.query("SELECT active FROM chats WHERE channel = $1 AND chat_id = $2");
  q.bind_all(to_string(chat.channel), chat.id);
  return !q.step() || q.integer(0) != 0;
}

void CoreStore::migrate_chat(const ChatRef& from, std::string_view new_id) {
  if (from.id == new_id) return;
  const std::string_view ch = to_string(from.channel);
  // SQLite's UPDATE OR IGNORE (chats: the supergroup's own row, if it came first, wins)
  // and UPDATE OR REPLACE (state and options: the group's rows win) spelled out.
  for (const char* sql : {
           "UPDATE chats SET chat_id = $1 WHERE channel = $2 AND chat_id = $3 "
           "AND NOT EXISTS (SELECT 1 FROM chats k WHERE k.channel = $2 AND k.chat_id = $1)",
           "DELETE FROM conversation_state t WHERE t.channel = $2 AND t.chat_id = $1 AND EXISTS "
           "(SELECT 1 FROM conversation_state s WHERE s.channel = $2 AND s.chat_id = $3 AND s.user_id = t.user_id)",
           "UPDATE conversation_state SET chat_id = $1 WHERE channel = $2 AND chat_id = $3",
           "UPDATE outbox SET chat_id = $1 WHERE channel = $2 AND chat_id = $3 AND status IN ('pending', 'parked')",
           "DELETE FROM chat_options t WHERE t.channel = $2 AND t.chat_id = $1 AND EXISTS "
           "(SELECT 1 FROM chat_options s WHERE s.channel = $2 AND s.chat_id = $3)",
           "UPDATE chat_options SET chat_id = $1 WHERE channel = $2 AND chat_id = $3",
       }) {
    db_.query(sql).bind_all(new_id, ch, from.id).exec();
  }
  db_.query("DELETE FROM chats WHERE channel = $1 AND chat_id = $2").bind_all(ch, from.id).exec();
}

std::string CoreStore::payload_ref(std::string_view payload) {
  // Two statements: after a concurrent insert of the same payload (another node) this
  // one's DO NOTHING waits for it, and the SELECT's fresh snapshot sees its row.
  db_.query("INSERT INTO payload_refs (payload) VALUES ($1) ON CONFLICT (payload) DO NOTHING").bind(1, payload).exec();
  auto q = db_.query("SELECT id FROM payload_refs WHERE payload = $1");
  q.bind(1, payload);
  if (!q.step()) throw StoreError("payload reference vanished after it was written");
  return "ref:" + std::to_string(q.int64(0));
}

std::optional<std::string> CoreStore::resolve_payload_ref(std::string_view ref) {
  if (!ref.starts_with("ref:")) return std::nullopt;
  const std::string_view id = ref.substr(4);
  // PostgreSQL refuses a non-number where SQLite finds no row: a typed-in "ref:abc" is
  // simply unknown.
  if (id.empty() || id.size() > 18 || id.find_first_not_of("0123456789") != std::string_view::npos) {
    return std::nullopt;
  }
  auto q = db_.query("SELECT payload FROM payload_refs WHERE id = $1");
  q.bind(1, id);
  if (!q.step()) return std::nullopt;
  return q.text(0);
}

void CoreStore::save_options(const ChatRef& chat, const std::string& options, TimePoint now) {
  db_.query("INSERT INTO chat_options (channel, chat_id, options, shown_at) VALUES ($1, $2, $3, $4) "
            "ON CONFLICT (channel, chat_id) DO UPDATE SET options = excluded.options, shown_at = excluded.shown_at")
      .bind_all(to_string(chat.channel), chat.id, options, now)
      .exec();
}

std::optional<std::string> CoreStore::match_option(const ChatRef& chat, std::string_view text,
                                                   bool by_number_or_label) {
  auto q = db_.query("SELECT options FROM chat_options WHERE channel = $1 AND chat_id = $2");
  q.bind_all(to_string(chat.channel), chat.id);
  if (!q.step()) return std::nullopt;
  std::vector<Button> options;
  for (const auto& o : json::parse(q.text_view(0))) {
    options.push_back({o["label"].get<std::string>(), o["payload"].get<std::string>()});
  }
  if (auto i = choose_option(text, options, by_number_or_label)) return options[*i].payload;
  return std::nullopt;
}

}  // namespace hocvuso::pg
