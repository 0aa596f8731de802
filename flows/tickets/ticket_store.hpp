// Help tickets (tables: migration 6): a citizen's request relayed to a commune's
// team group, who took it, what was relayed each way (kept while open plus the
// retention), how it ended and the citizen's rating. Store thread only, inside the
// caller's transaction.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "bot/core/message.hpp"

namespace hocvuso {
class Store;
}
namespace hocvuso::pg {
class Db;
}

namespace hocvuso::tickets {

// "HT12": what people see and type. The number is the row id: codes need not be
// secret, because only the claiming member's own messages are relayed.
std::string ticket_code(std::int64_t id);
// "HT12", "ht12", "#HT12" -> 12; nullopt for anything else.
std::optional<std::int64_t> parse_ticket_code(std::string_view word);
// "12" -> 12: a positive decimal id, nothing else.
std::optional<std::int64_t> parse_id(std::string_view digits);
// The tag of the bot's group posts about a ticket (sent_tags), and back.
std::string ticket_tag(std::int64_t id);
std::optional<std::int64_t> ticket_of_tag(std::string_view tag);

enum class Status { open, claimed, closed };
enum class Side { citizen, helper };
// "claimed" -> claimed, "closed" -> closed, anything else -> open (the stored words).
Status status_from_string(std::string_view s);

struct Ticket {
  std::int64_t id = 0;
  ChatRef citizen_chat;
  std::string citizen_user;
  std::string citizen_name;  // as the group sees it: display name or alias
  std::string province, commune;  // places ids
  ChatRef group;
  std::string question;
  Status status = Status::open;
  ChatRef helper;  // helper.id is the member's user id; empty until claimed
  std::string helper_name;
  bool helper_private = false;
  TimePoint created_at{};
  std::optional<TimePoint> claimed_at, first_answer_at, closed_at;
  TimePoint last_activity_at{};
  std::optional<int> rating;

  std::string code() const { return ticket_code(id); }
};

struct NewTicket {
  ChatRef citizen_chat;
  std::string citizen_user, citizen_name, province, commune;
  ChatRef group;
  std::string question;
};

// A commune's tickets opened in a time range.
struct Figures {
  int opened = 0;
  int claimed = 0;
  int resolved = 0;  // closed after at least one answer from the team
  std::optional<double> median_first_answer_minutes;
  int rated = 0;
  double average_rating = 0;  // over the rated ones
};

// Tickets' state. An interface, so that feature logic never sees which database
// holds it; the SQLite backend is ticket_store_sqlite.cpp.
class TicketStore {
 public:
  // The store's TicketStore, made on first use (Store::repository).
  static TicketStore& of(Store& store);
  virtual ~TicketStore() = default;

  virtual std::int64_t open(const NewTicket& t, TimePoint now) = 0;
  virtual std::optional<Ticket> get(std::int64_t id) = 0;
  // The citizen's ticket that is not closed yet, if any (at most one at a time).
  virtual std::optional<Ticket> active_of(const ChatRef& citizen_chat) = 0;

  // False when it is no longer open (someone else took it, or it closed).
  virtual bool claim(std::int64_t id, const ChatRef& helper, std::string_view helper_name, TimePoint now) = 0;
  // Keeps the relayed text and moves the idle clock; the first helper message is the first answer.
  virtual void add_message(std::int64_t id, Side side, std::string_view text, TimePoint now) = 0;
  virtual void set_helper_private(std::int64_t id) = 0;
  // Tickets of `group` that `helper` has taken and not yet been hinted about.
  virtual std::vector<std::int64_t> unhinted_of(const ChatRef& helper, const ChatRef& group) = 0;
  // Records the hint; false when it was given already (one hint a ticket).
  virtual bool mark_hinted(std::int64_t id, TimePoint now) = 0;
  // False when it was closed already. by: citizen, helper, idle.
  virtual bool close(std::int64_t id, std::string_view by, TimePoint now) = 0;
  // False when not closed, never taken by a member, or already rated.
  virtual bool rate(std::int64_t id, int stars) = 0;

  // --- For the periodic job (idempotent: each step is recorded) ---
  // Unclaimed tickets opened before `before` and not yet re-announced (escalated).
  virtual std::vector<Ticket> to_reannounce(TimePoint before) = 0;
  virtual std::vector<Ticket> to_escalate(TimePoint before) = 0;
  virtual void mark_reannounced(std::int64_t id, TimePoint now) = 0;
  virtual void mark_escalated(std::int64_t id, TimePoint now) = 0;
  // Tickets still open with no relayed message since `before`.
  virtual std::vector<Ticket> idle_since(TimePoint before) = 0;
  // Deletes the relayed texts (and the question) of tickets closed before `before`;
  // returns their ids.
  virtual std::vector<std::int64_t> purge_closed_before(TimePoint before, TimePoint now) = 0;

  // --- Figures ---
  virtual Figures figures(std::string_view province, std::string_view commune, TimePoint from, TimePoint to) = 0;
  // Resolved tickets per commune id of a province, closed in [from, to).
  virtual std::map<std::string, long long> resolved_per_commune(std::string_view province, TimePoint from,
                                                                TimePoint to) = 0;
  // Communes (province, commune) that had tickets opened in [from, to).
  virtual std::vector<std::pair<std::string, std::string>> communes_with_tickets(TimePoint from, TimePoint to) = 0;
};

// TicketStore on PostgreSQL (ticket_store_pg.cpp), for the PostgreSQL Store to make
// (issue 18; not chosen by `of` yet).
std::shared_ptr<TicketStore> make_pg_ticket_store(pg::Db& db);

}  // namespace hocvuso::tickets
