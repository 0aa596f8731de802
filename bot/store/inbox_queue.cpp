// InboxQueue and record_update_of_chat (inbox_queue.hpp).
#include "bot/store/inbox_queue.hpp"

#include <algorithm>
#include <tuple>

#include "bot/store/pg_core_store.hpp"
#include "bot/store/pg_db.hpp"
#include "bot/store/store.hpp"

namespace hocvuso {

bool record_update_of_chat(Store& store, Channel channel, std::string_view key, std::string_view payload,
                           TimePoint now, std::string_view chat_id) {
  if (!store.on_postgresql() || chat_id.empty()) return store.record_update(channel, key, payload, now);
  return store.pg_core().record_update(channel, key, payload, now, chat_id);
}

InboxQueue::InboxQueue(Store& store, Channel channel, int limit) : store_(store), channel_(channel), left_(limit) {
  if (!store.on_postgresql()) {
    for (auto& [key, payload] : store.unprocessed_updates(channel, limit))
      unchained_.push_back(InboxUpdate{std::move(key), std::move(payload)});
    return;
  }
  if (!store.pg().in_transaction())
    throw StoreError("the inbox is processed inside a transaction on PostgreSQL (the chats' locks last as long)");
  // Updates with no chat (an older node's or db copy's rows) have no chat lock to order
  // them: each row is claimed instead, and a row another node's open batch holds is
  // skipped. Its lock lasts until that batch commits it processed, so no two nodes
  // process it. An empty chat_id is such a row.
  auto lone = store.pg().query(
      "SELECT update_key, payload FROM inbox WHERE channel = $1 AND processed_at IS NULL "
      "AND COALESCE(chat_id, '') = '' ORDER BY seq LIMIT $2 FOR UPDATE SKIP LOCKED");
  lone.bind_all(to_string(channel), limit);
  while (lone.step()) unchained_.push_back(InboxUpdate{lone.text(0), lone.text(1)});
  // The chats with work waiting, and their lock keys as next_update_of_chat computes
  // them; a chat's bodies are read under its lock.
  auto q = store.pg().query(
      "SELECT DISTINCT chat_id, hashtext(channel || ':' || chat_id) FROM "
      "(SELECT channel, chat_id FROM inbox WHERE channel = $1 AND processed_at IS NULL "
      "AND COALESCE(chat_id, '') <> '' ORDER BY seq LIMIT $2) AS waiting");
  q.bind_all(to_string(channel), limit);
  std::vector<std::tuple<int, std::string>> chats;
  while (q.step()) chats.emplace_back(q.integer(1), q.text(0));
  // One global order of the locks: two nodes each holding some chats' locks until their
  // commit only ever wait for a higher key, so they cannot wait for each other in a circle.
  // All of the batch's chats are locked here, before any is processed: a node that waited
  // for a chat's lock in the middle of its batch held row locks of what it had processed
  // (a question counted in faq_misses, asked in two chats), and the node holding the chat
  // waited for that row: a deadlock in every cluster test run. Now a node waits for locks
  // only while it holds no row another node's processing may want.
  std::sort(chats.begin(), chats.end());
  chats.erase(std::unique(chats.begin(), chats.end()), chats.end());
  for (auto& [lock_key, chat_id] : chats) {
    store.pg_core().lock_chat(ChatRef{channel, chat_id});
    chats_.push_back(ChatTurn{std::move(chat_id), {}});
  }
}

std::optional<InboxUpdate> InboxQueue::next() {
  if (left_ <= 0) return std::nullopt;
  std::optional<InboxUpdate> out;
  if (next_unchained_ < unchained_.size()) {
    out = std::move(unchained_[next_unchained_++]);
  } else {
    out = next_of_chat();
  }
  if (out) --left_;
  return out;
}

std::optional<InboxUpdate> InboxQueue::next_of_chat() {
  for (; chat_ < chats_.size(); ++chat_) {
    ChatTurn& turn = chats_[chat_];
    // Waits while another node holds the chat; then what it processed reads as processed.
    auto next = store_.pg_core().next_update_of_chat(ChatRef{channel_, turn.chat_id});
    // The same key again: the caller did not mark it processed. Leave the chat to the next
    // batch rather than hand one update out twice.
    if (!next || next->first == turn.last_key) continue;
    turn.last_key = next->first;
    return InboxUpdate{std::move(next->first), std::move(next->second)};
  }
  return std::nullopt;
}

}  // namespace hocvuso
