// What the Xã and Hỗ trợ pages read beyond the features' own stores (reports,
// tickets, faq): a commune's linked chats, its submissions with their audit trail,
// its members' activity and the tickets still waiting. Names are display names from
// the users table; no page gets a user id, chat id or phone number from here. An
// interface, so that the dashboard's logic never sees the database; the SQLite
// backend is page_store_sqlite.cpp.
#pragma once

#include <cstdint>
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

namespace hocvuso::dashboard {

struct LinkedChat {
  Channel channel = Channel::console;
  bool group = true;   // false: a member's private chat (the private team path)
  std::string title;   // the group's title as the platform last gave it
  TimePoint linked_at{};
};

struct AuditStep {
  std::string action;  // created, confirmed, corrected, withdrawn
  std::string name;    // the actor's display name; empty when unknown
  TimePoint at{};
};

struct SubmissionRow {
  std::string village;   // "" for the whole commune
  std::string figures;   // "huongdan=25;buoi=2" (reports::decode_figures)
};

struct SubmissionView {
  std::int64_t number = 0;
  std::string period;  // key, "2026-Q4"
  std::string status;  // pending or confirmed
  std::string author;  // display name; empty when unknown
  TimePoint created_at{};
  std::vector<SubmissionRow> rows;
  std::vector<AuditStep> audit;
};

struct MemberActivity {
  std::string name;  // display name; empty when unknown
  long long messages = 0, reports = 0;
  int last_day = 0;  // yyyymmdd
};

// A ticket as the dashboard shows it: no citizen, no text.
struct WaitingTicket {
  std::int64_t id = 0;
  std::string commune;  // places id
  bool claimed = false;
  std::string helper_name;
  TimePoint created_at{};
  std::optional<TimePoint> first_answer_at;
};

struct SubmissionCounts {
  int confirmed = 0, pending = 0;
};

struct WaitingCounts {
  int unclaimed = 0, claimed = 0;
};

class PageStore {
 public:
  static PageStore& of(Store& store);
  virtual ~PageStore() = default;

  virtual std::vector<LinkedChat> linked_chats(std::string_view province, std::string_view commune) = 0;
  // Pending and confirmed submissions whose period lies within [first_day, last_day]
  // (yyyymmdd), newest first, at most `limit`, each with its audit trail.
  virtual std::vector<SubmissionView> submissions(std::string_view province, std::string_view commune,
                                                  int first_day, int last_day, int limit) = 0;
  // How many submissions() would list without its limit.
  virtual SubmissionCounts submission_counts(std::string_view province, std::string_view commune, int first_day,
                                             int last_day) = 0;
  // Messages and reports per member in the commune's linked chats, days in [first_day, last_day],
  // the most reports first, at most `limit`.
  virtual std::vector<MemberActivity> activity(std::string_view province, std::string_view commune,
                                               int first_day, int last_day, int limit) = 0;
  // Tickets not closed yet: unclaimed first, oldest first. commune "" = the whole province.
  virtual std::vector<WaitingTicket> waiting_tickets(std::string_view province, std::string_view commune,
                                                     int limit) = 0;
  // How many waiting_tickets() would list without its limit.
  virtual WaitingCounts waiting_counts(std::string_view province, std::string_view commune) = 0;
};

// PageStore on PostgreSQL (page_store_pg.cpp), for the PostgreSQL Store to
// make (issue 18; not chosen by `of` yet).
std::shared_ptr<PageStore> make_pg_page_store(pg::Db& db);

}  // namespace hocvuso::dashboard
