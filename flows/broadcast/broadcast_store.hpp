// The broadcast tables (migration 5): subscriptions, API tokens, broadcasts with their
// fan-out cursor, the link from outbox rows to broadcasts, and the audit log. Used on
// the store thread only, inside the caller's transaction.
#pragma once

#include <cstdint>
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

std::string sha256_hex(std::string_view data);

// {"recipients": total, "by_kind": {"groups", "private"}, "by_platform": {"<channel>":
// {"groups", "private"}}, "left_out": {"groups", "private"}}: the API's words for the counts.
std::string recipients_json(const RecipientCounts& counts);

class BroadcastStore {
 public:
  explicit BroadcastStore(Store& store) : store_(store) {}

  // --- Subscriptions ---
  // Turning off also cancels this chat's broadcast messages still waiting to go.
  void set_subscription(const ChatRef& chat, bool on, std::string_view commune, std::string_view province,
                        TimePoint now);
  // nullopt: never chosen (groups count as subscribed, private chats as not).
  std::optional<bool> subscription(const ChatRef& chat);
  // A private chat's commune is one remembered value, shared with help tickets
  // (flows/tickets), so a citizen never tells the bot twice. Remembering it leaves the
  // subscription as it was (a new row is "not subscribed", a private chat's default).
  void remember_place(const ChatRef& chat, std::string_view commune, std::string_view province, TimePoint now);
  // Folded commune and province names; nullopt when no commune was ever given.
  std::optional<std::pair<std::string, std::string>> place(const ChatRef& chat);

  // --- API tokens (only the SHA-256 of a token is stored) ---
  // Returns the new token itself, which exists nowhere else afterwards.
  std::string create_token(const Scope& scope, TimePoint now);
  std::optional<TokenInfo> find_token(std::string_view token);
  std::vector<TokenInfo> tokens();
  bool revoke_token(std::int64_t id, TimePoint now);

  // --- Broadcasts ---
  // `awaiting_approval`: nothing is sent until another officer approves.
  // The recipients are counted (count_by_kind) and kept with the broadcast; `counts`, when
  // given, receives them.
  std::int64_t create(const NewBroadcast& b, TimePoint now, bool awaiting_approval = false,
                      RecipientCounts* counts = nullptr);
  enum class Approval { approved, not_waiting, same_officer };
  Approval approve(std::int64_t id, std::string_view actor, TimePoint now);
  std::int64_t count_recipients(const Target& target);
  RecipientCounts count_by_kind(const Target& target);
  // The counts kept when the broadcast was created, as JSON ({"recipients", "by_kind",
  // "by_platform", "left_out"}, recipients_json()); nullopt for an unknown id.
  std::optional<std::string> recipients_of(std::int64_t id);
  // Broadcasts by `author` since the start of the local (Vietnam) day of `now`.
  int created_today(std::string_view author, TimePoint now);
  std::optional<Progress> progress(std::int64_t id);
  std::optional<std::string> author_of(std::int64_t id);
  std::optional<Target> target_of(std::int64_t id);
  // The newest broadcasts first (id, author, target), at most `limit`: /thongke without
  // a number filters them by the officer's scope.
  struct Recent {
    std::int64_t id = 0;
    std::string author;
    Target target;
  };
  std::vector<Recent> recent(int limit);
  // Cancel: no more rows are queued and the queued ones still waiting are cancelled,
  // in this transaction. False when the broadcast is unknown or already finished.
  bool cancel(std::int64_t id, std::string_view actor, TimePoint now);
  bool set_paused(std::int64_t id, bool paused, std::string_view actor, TimePoint now);

  // Queues the next recipients of running broadcasts: at most `batch` rows, and none
  // until at least a tenth of `window` is free again (at most `window` broadcast rows wait
  // in the outbox, so cancel and pause act on a bounded queue). The cursor moves in the same transaction as the rows, so a
  // crash repeats nothing and skips no one. Returns the rows queued.
  int fan_out(int batch, int window, TimePoint now);

  // One CSV row per recipient: channel,chat_id,status,attempts,sent_at,last_error.
  void export_csv(std::int64_t id, std::ostream& out);

  void audit(std::string_view actor, std::string_view action, std::optional<std::int64_t> id,
             std::string_view detail, TimePoint now);

 private:
  Store& store_;
};

}  // namespace hocvuso::broadcast
