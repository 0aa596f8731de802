// The broadcast tables (migration 5): subscriptions, API tokens, broadcasts with their
// fan-out cursor, the audit log and the feature's own officers. A broadcast's outbox rows
// are the store's (bot/store/outbox_batches.hpp). Used on the store thread only, inside
// the caller's transaction.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <ostream>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "bot/core/message.hpp"
#include "flows/broadcast/broadcast_types.hpp"

namespace hocvuso {
class Store;
}
namespace hocvuso::pg {
class Db;
}

namespace hocvuso::broadcast {

struct TokenInfo {
  std::int64_t id = 0;
  Scope scope;
  std::int64_t created_at_ms = 0;
  bool revoked = false;
};

// Province-wide or larger: what the optional second-officer approval covers.
bool needs_approval(const Target& target);


struct NewBroadcast {
  std::string author;  // "token:<id>" or "<channel>:<user id>"
  std::string text;    // as recipients will see it
  std::string severity;
  std::string link;
  Target target;
};

// A new API token: "hvs_" and 64 hex digits from the system's random source.
std::string new_token();

// {"recipients": total, "by_kind": {"groups", "private"}, "by_platform": {"<channel>":
// {"groups", "private"}}, "left_out": {"groups", "private"}}: the API's words for the counts.
std::string recipients_json(const RecipientCounts& counts);

// Column formats: a target's communes are kept as a JSON array of codes.
std::string communes_json(const Target& target);
Target target_from(std::string scope, std::string province, const std::string& communes);
// A CSV field in double quotes, inner quotes doubled.
std::string csv_quoted(std::string_view field);

// Broadcasts' state. An interface, so that feature logic never sees which database
// holds it; the backends are broadcast_store_sqlite.cpp and broadcast_store_pg.cpp.
class BroadcastStore {
 public:
  // The store's BroadcastStore, made on first use (Store::repository).
  static BroadcastStore& of(Store& store);
  // of()'s store on PostgreSQL (broadcast_store_pg.cpp), for the PostgreSQL Store to make
  // (issue 18): `db` is that Store's connection. Declared below the class.
  virtual ~BroadcastStore() = default;

  // --- Subscriptions ---
  // Turning off also cancels this chat's broadcast messages still waiting to go.
  virtual void set_subscription(const ChatRef& chat, bool on, std::string_view commune, std::string_view province,
                                TimePoint now) = 0;
  // nullopt: never chosen (groups count as subscribed, private chats as not).
  virtual std::optional<bool> subscription(const ChatRef& chat) = 0;
  // A private chat's commune is one remembered value, shared with help tickets
  // (flows/tickets), so a citizen never tells the bot twice. Remembering it leaves the
  // subscription as it was (a new row is "not subscribed", a private chat's default).
  virtual void remember_place(const ChatRef& chat, std::string_view commune, std::string_view province,
                              TimePoint now) = 0;
  // Folded commune and province names; nullopt when no commune was ever given.
  virtual std::optional<std::pair<std::string, std::string>> place(const ChatRef& chat) = 0;

  // --- API tokens (only the SHA-256 of a token is stored) ---
  // Returns the new token itself, which exists nowhere else afterwards.
  virtual std::string create_token(const Scope& scope, TimePoint now) = 0;
  virtual std::optional<TokenInfo> find_token(std::string_view token) = 0;
  virtual std::vector<TokenInfo> tokens() = 0;
  virtual bool revoke_token(std::int64_t id, TimePoint now) = 0;

  // --- Broadcasts ---
  // `awaiting_approval`: nothing is sent until another officer approves.
  // The recipients are counted (count_by_kind) and kept with the broadcast; `counts`, when
  // given, receives them.
  // (Defaults on a virtual: callers hold a BroadcastStore&, whose defaults apply.)
  virtual std::int64_t create(const NewBroadcast& b, TimePoint now, bool awaiting_approval = false,
                              RecipientCounts* counts = nullptr) = 0;
  enum class Approval { approved, not_waiting, same_officer };
  virtual Approval approve(std::int64_t id, std::string_view actor, TimePoint now) = 0;
  virtual std::int64_t count_recipients(const Target& target) = 0;
  virtual RecipientCounts count_by_kind(const Target& target) = 0;
  // The counts kept when the broadcast was created, as JSON ({"recipients", "by_kind",
  // "by_platform", "left_out"}, recipients_json()); nullopt for an unknown id.
  virtual std::optional<std::string> recipients_of(std::int64_t id) = 0;
  // Broadcasts by `author` since the start of the local (Vietnam) day of `now`. Read it
  // in the transaction that then creates: on PostgreSQL it locks the author's count
  // until that transaction ends, so nodes side by side cannot both pass the limit.
  virtual int created_today(std::string_view author, TimePoint now) = 0;
  virtual std::optional<Progress> progress(std::int64_t id) = 0;
  virtual std::optional<std::string> author_of(std::int64_t id) = 0;
  virtual std::optional<Target> target_of(std::int64_t id) = 0;
  // The newest broadcasts first (id, author, target), at most `limit`: /thongke without
  // a number filters them by the officer's scope.
  struct Recent {
    std::int64_t id = 0;
    std::string author;
    Target target;
  };
  virtual std::vector<Recent> recent(int limit) = 0;
  // Cancel: no more rows are queued and the queued ones still waiting are cancelled,
  // in this transaction. False when the broadcast is unknown or already finished.
  virtual bool cancel(std::int64_t id, std::string_view actor, TimePoint now) = 0;
  virtual bool set_paused(std::int64_t id, bool paused, std::string_view actor, TimePoint now) = 0;

  // Queues the next recipients of running broadcasts: at most `batch` rows, and none
  // until at least a tenth of `window` is free again (at most `window` broadcast rows wait
  // in the outbox, so cancel and pause act on a bounded queue). The cursor moves in the same transaction as the rows, so a
  // crash repeats nothing and skips no one. Returns the rows queued.
  virtual int fan_out(int batch, int window, TimePoint now) = 0;

  // One CSV row per recipient: channel,chat_id,status,attempts,sent_at,last_error.
  virtual void export_csv(std::int64_t id, std::ostream& out) = 0;

  virtual void audit(std::string_view actor, std::string_view action, std::optional<std::int64_t> id,
                     std::string_view detail, TimePoint now) = 0;

  // --- The feature's own officers (StoreDirectory, directory.hpp) ---
  virtual std::optional<Scope> officer(Channel channel, std::string_view user_id) = 0;
  virtual void grant_officer(Channel channel, std::string_view user_id, const Scope& scope) = 0;
};

std::shared_ptr<BroadcastStore> make_pg_broadcast_store(pg::Db& db);

}  // namespace hocvuso::broadcast
