// The officers' web dashboard: one-time sign-in links, sessions and the sign-in audit.
// Only hashes of links and sessions are stored (SHA-256 of the secret the browser
// holds), so a copy of the database signs nobody in. An interface, so that the
// dashboard's logic never sees the database; the SQLite backend is
// dashboard_store_sqlite.cpp, its tables dashboard_schema_sqlite.cpp (migration 11).
#pragma once

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "bot/core/message.hpp"

namespace hocvuso {
class Store;
}
namespace hocvuso::pg {
class Db;
}

namespace hocvuso::dashboard {

// Who a link or a session belongs to: the chat user the roles were granted to.
struct WebUser {
  Channel channel = Channel::console;
  std::string user_id;
  friend bool operator==(const WebUser&, const WebUser&) = default;
};

// What the overview shows beside the figures, per commune code.
struct CommuneCounts {
  int groups = 0;     // team groups (and members' private chats) linked to the commune
  int confirmed = 0;  // confirmed reports (submissions) inside the period
};

class DashboardStore {
 public:
  static DashboardStore& of(Store& store);
  virtual ~DashboardStore() = default;

  virtual void add_link(std::string_view hash, const WebUser& user, TimePoint now, TimePoint expires) = 0;
  // Links made for the user since `since` (the per-user rate limit).
  virtual int links_since(const WebUser& user, TimePoint since) = 0;
  // Marks the link used and returns its user, when it exists, is unused and not expired.
  virtual std::optional<WebUser> consume_link(std::string_view hash, TimePoint now) = 0;

  virtual void add_session(std::string_view hash, const WebUser& user, TimePoint now) = 0;
  // The session's user when it was seen within `idle`; its last use becomes now.
  virtual std::optional<WebUser> use_session(std::string_view hash, TimePoint now, std::chrono::seconds idle) = 0;
  // Returns false when there was no such session.
  virtual bool end_session(std::string_view hash) = 0;

  // Sign-in, sign-out and refused attempts, with the actor "<channel>:<user>".
  virtual void audit(std::string_view actor, std::string_view action, std::string_view detail, TimePoint now) = 0;

  // Per commune of the province: linked groups, and confirmed submissions whose period lies
  // within [first_day, last_day] (yyyymmdd, the rule of the report totals).
  virtual std::map<std::string, CommuneCounts> commune_counts(std::string_view province, int first_day,
                                                              int last_day) = 0;
};

// DashboardStore on PostgreSQL (dashboard_store_pg.cpp), for the PostgreSQL Store to
// make (issue 18; not chosen by `of` yet).
std::shared_ptr<DashboardStore> make_pg_dashboard_store(pg::Db& db);

// The outbox tag of a sign-in link message, so its text can be erased once delivered
// (bot/store/outbox_texts.hpp).
inline constexpr std::string_view kLinkTagPrefix = "dashboard-link:";

}  // namespace hocvuso::dashboard
