// The core store's operations on PostgreSQL (issue 18): the same operations, arguments
// and meaning as Store's (store.hpp) on SQLite, held to one meaning by the conformance
// suite (tests/bot/store/core_store_conformance_test.cpp runs the same test bodies on
// both). What one SQLite process never needs and several nodes on one database do:
//  - due_heads() claims what it returns: each row gets a lease (this node, until now +
//    lease) in the statement that reads it (FOR UPDATE SKIP LOCKED), and a chat any of
//    whose rows is leased by another live node is left out. So a chat's messages
//    go out in order whichever node holds them, no row is sent by two nodes while their
//    leases hold, and a node that died mid-send loses its rows when the lease runs out:
//    another node takes them over, repeating at most the part that was in flight
//    (parts_sent is kept). The node's own rows come back on its next read, as on SQLite
//    (the sender skips chats it has in flight), and the read renews their lease.
//    mark_sent, reschedule and finish release this node's own lease (never another's:
//    a node that stalled past its lease must not free the chat while the node that took
//    over is still sending). Lease times are the callers' `now`:
//    the nodes' clocks must agree to well within the lease (NTP).
//  - record_update() may name the chat, and next_update_of_chat() hands a chat's
//    updates out in arrival order (inbox seq) under a per-chat lock held until the
//    caller's transaction ends, so two nodes never process one chat's updates at once
//    or out of order.
// The Db is the store thread's connection (one thread at a time); this class keeps no
// state but the node's name, so it may be made per job. No libpq here.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "bot/core/message.hpp"
#include "bot/core/state.hpp"
#include "bot/store/pg_db.hpp"
#include "bot/store/store.hpp"

namespace hocvuso::pg {

class CoreStore {
 public:
  static constexpr std::chrono::milliseconds kDefaultLease = std::chrono::minutes(2);

  // `db` must already be migrated (pg::migrate). `node` names this process among the
  // cluster's nodes (host and pid, say); `lease` is how long a claimed outbox row stays
  // this node's without a renewal.
  CoreStore(Db& db, std::string node, std::chrono::milliseconds lease = kDefaultLease);

  int current_version();
  void ping();
  const std::string& node() const { return node_; }
  // The configured length (`outbox_lease_seconds`): how long a dead node's rows wait.
  void set_lease(std::chrono::milliseconds lease) { lease_ = lease; }

  // The worker's group commit, as on SQLite. set_full_sync is a no-op here: the server
  // decides durability (synchronous_commit) for every client alike.
  void set_full_sync(bool) {}
  void begin();
  void commit();
  void rollback();
  void savepoint();
  void release_savepoint();
  void rollback_savepoint();

  // Inbox.
  bool record_update(Channel channel, std::string_view key, std::string_view payload, TimePoint now);
  // The same, naming the chat the update is from, for next_update_of_chat.
  bool record_update(Channel channel, std::string_view key, std::string_view payload, TimePoint now,
                     std::string_view chat_id);
  void mark_update_processed(Channel channel, std::string_view key, TimePoint now);
  std::vector<std::pair<std::string, std::string>> unprocessed_updates(Channel channel, int limit);
  // Inside a transaction: waits for the chat's lock (held by another node processing one
  // of its updates), then returns the chat's oldest unprocessed update (key, payload);
  // nullopt when none is left. The lock is held until the transaction ends, so the
  // caller processes and marks it processed before the next holder looks. Arrival is
  // the inbox seq among the updates committed when the lock is taken: record_update
  // commits at once (before the platform gets its answer), so only two updates of one
  // chat recorded within the same instant on two nodes can come the other way round.
  std::optional<std::pair<std::string, std::string>> next_update_of_chat(const ChatRef& chat);
  // The chat's inbox lock, until the transaction ends (waits while another node holds it).
  // Taken again by the same transaction it is held once more, at no wait.
  void lock_chat(const ChatRef& chat);

  // Users and chats.
  UserProfile touch_user(Channel channel, std::string_view user_id, std::string_view display_name,
                         TimePoint now);
  void set_user_locale(Channel channel, std::string_view user_id, std::string_view locale);
  void touch_chat(const ChatRef& chat, ChatType type, std::string_view title, TimePoint now);
  std::optional<ChatType> chat_type(const ChatRef& chat);

  ConversationState load_state(const ChatRef& chat, std::string_view user_id);
  void save_state(const ChatRef& chat, std::string_view user_id, const ConversationState& state,
                  TimePoint now);

  // Outbox.
  std::int64_t enqueue(const Outgoing& message, OutboxPriority priority, TimePoint now);
  std::vector<OutboxItem> pending(Channel channel, int limit);
  void mark_sent(std::int64_t id, TimePoint now);
  std::int64_t outbox_depth();
  std::int64_t oldest_pending_age_ms(TimePoint now);

  // Delivery (pg_core_delivery.cpp). due_heads claims (see above).
  std::vector<Store::DueMessage> due_heads(Channel channel, TimePoint now, int limit);
  std::optional<TimePoint> next_due(Channel channel);
  void mark_part_sent(std::int64_t id, int parts_sent);
  void reschedule(std::int64_t id, TimePoint not_before, bool count_attempt, std::string_view error);
  void finish(std::int64_t id, std::string_view status, std::string_view error);
  void set_chat_active(const ChatRef& chat, bool active);
  bool chat_active(const ChatRef& chat);
  void migrate_chat(const ChatRef& from, std::string_view new_id);
  // At the end of a graceful stop, when this node sends nothing more: its leases run out
  // now, so the rows it claimed but did not send go out from the other nodes at once
  // rather than a lease later (a rolling restart held up to Sender::kReadAhead chats for
  // the whole lease). The node's name stays on the rows, as on a dead node's.
  void give_up_leases();
  // Renews this node's claims on the rows `ids` it is sending now, to now + lease: a send
  // can outlast a lease (a slow platform, up to the client's timeouts), and the claim read
  // renews only heads within its limit, which a dead node's rows, taken over, can push
  // out. Rows no longer pending, or another node's, are left alone.
  void renew_claims(const std::vector<std::int64_t>& ids, TimePoint now);

  std::string payload_ref(std::string_view payload);
  std::optional<std::string> resolve_payload_ref(std::string_view ref);
  void save_options(const ChatRef& chat, const std::string& options, TimePoint now);
  std::optional<std::string> match_option(const ChatRef& chat, std::string_view text, bool by_number_or_label);

  std::optional<std::string> kv_get(std::string_view key);
  void kv_set(std::string_view key, std::string_view value);

  // The connection, for a feature's PostgreSQL backend file and nothing else.
  Db& db() { return db_; }

 private:
  Db& db_;
  std::string node_;
  std::chrono::milliseconds lease_;
};

}  // namespace hocvuso::pg
