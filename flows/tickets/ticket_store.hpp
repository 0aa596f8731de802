// Help tickets in SQLite (migration 6): a citizen's request relayed to a commune's
// team group, who took it, what was relayed each way (kept while open plus the
// retention), how it ended and the citizen's rating. Store thread only, inside the
// caller's transaction.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "bot/core/message.hpp"

namespace hocvuso {
class Store;
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

class TicketStore {
 public:
  explicit TicketStore(Store& store) : store_(store) {}

  std::int64_t open(const NewTicket& t, TimePoint now);
  std::optional<Ticket> get(std::int64_t id);
  // The citizen's ticket that is not closed yet, if any (at most one at a time).
  std::optional<Ticket> active_of(const ChatRef& citizen_chat);

  // False when it is no longer open (someone else took it, or it closed).
  bool claim(std::int64_t id, const ChatRef& helper, std::string_view helper_name, TimePoint now);
  // Keeps the relayed text and moves the idle clock; the first helper message is the first answer.
  void add_message(std::int64_t id, Side side, std::string_view text, TimePoint now);
  void set_helper_private(std::int64_t id);
  // Tickets of `group` that `helper` has taken and not yet been hinted about.
  std::vector<std::int64_t> unhinted_of(const ChatRef& helper, const ChatRef& group);
  // Records the hint; false when it was given already (one hint a ticket).
  bool mark_hinted(std::int64_t id, TimePoint now);
  // False when it was closed already. by: citizen, helper, idle.
  bool close(std::int64_t id, std::string_view by, TimePoint now);
  // False when not closed, never taken by a member, or already rated.
  bool rate(std::int64_t id, int stars);

  // --- For the periodic job (idempotent: each step is recorded) ---
  // Unclaimed tickets opened before `before` and not yet re-announced (escalated).
  std::vector<Ticket> to_reannounce(TimePoint before);
  std::vector<Ticket> to_escalate(TimePoint before);
  void mark_reannounced(std::int64_t id, TimePoint now);
  void mark_escalated(std::int64_t id, TimePoint now);
  // Tickets still open with no relayed message since `before`.
  std::vector<Ticket> idle_since(TimePoint before);
  // Deletes the relayed texts (and the question) of tickets closed before `before`;
  // returns their ids.
  std::vector<std::int64_t> purge_closed_before(TimePoint before, TimePoint now);

  // --- Figures ---
  Figures figures(std::string_view province, std::string_view commune, TimePoint from, TimePoint to);
  // Resolved tickets per commune id of a province, closed in [from, to).
  std::map<std::string, long long> resolved_per_commune(std::string_view province, TimePoint from, TimePoint to);
  // Communes (province, commune) that had tickets opened in [from, to).
  std::vector<std::pair<std::string, std::string>> communes_with_tickets(TimePoint from, TimePoint to);

 private:
  std::vector<Ticket> select(const char* where, std::int64_t at);
  Store& store_;
};

}  // namespace hocvuso::tickets
