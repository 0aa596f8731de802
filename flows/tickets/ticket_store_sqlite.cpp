// TicketStore on SQLite (tables tickets and ticket_messages: ticket_schema_sqlite.cpp).
#include <algorithm>
#include <memory>

#include "bot/store/sqlite_db.hpp"
#include "bot/store/store.hpp"
#include "flows/tickets/ticket_store.hpp"

namespace hocvuso::tickets {

namespace {

// A macro, so that every statement is one string literal, prepared once (sqlite_db.hpp).
#define HVS_TICKET_COLUMNS                                                                                      \
  "SELECT id, citizen_channel, citizen_chat, citizen_user, citizen_name, province, commune, group_channel, "   \
  "group_chat, question, status, helper_channel, helper_user, helper_name, helper_private, created_at, "       \
  "claimed_at, first_answer_at, closed_at, last_activity_at, rating FROM tickets "

std::optional<TimePoint> optional_time(const sqlite::Query& q, int column) {
  if (q.null(column)) return std::nullopt;
  return q.time(column);
}

Channel channel_of(const std::string& s) { return channel_from_string(s).value_or(Channel::console); }

Ticket read_ticket(const sqlite::Query& q) {
  Ticket t;
  t.id = q.int64(0);
  t.citizen_chat = ChatRef{channel_of(q.text(1)), q.text(2)};
  t.citizen_user = q.text(3);
  t.citizen_name = q.text(4);
  t.province = q.text(5);
  t.commune = q.text(6);
  t.group = ChatRef{channel_of(q.text(7)), q.text(8)};
  t.question = q.text(9);
  t.status = status_from_string(q.text(10));
  if (!q.text(12).empty()) t.helper = ChatRef{channel_of(q.text(11)), q.text(12)};
  t.helper_name = q.text(13);
  t.helper_private = q.integer(14) != 0;
  t.created_at = q.time(15);
  t.claimed_at = optional_time(q, 16);
  t.first_answer_at = optional_time(q, 17);
  t.closed_at = optional_time(q, 18);
  t.last_activity_at = q.time(19);
  if (!q.null(20)) t.rating = q.integer(20);
  return t;
}

std::vector<Ticket> read_tickets(sqlite::Query& q) {
  std::vector<Ticket> out;
  while (q.step()) out.push_back(read_ticket(q));
  return out;
}

class SqliteTicketStore final : public TicketStore {
 public:
  explicit SqliteTicketStore(sqlite::Db& db) : db_(db) {}

  std::int64_t open(const NewTicket& t, TimePoint now) override {
    db_.query("INSERT INTO tickets (citizen_channel, citizen_chat, citizen_user, citizen_name, province, "
              "commune, group_channel, group_chat, question, created_at, last_activity_at) "
              "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
        .bind_all(to_string(t.citizen_chat.channel), t.citizen_chat.id, t.citizen_user, t.citizen_name, t.province,
                  t.commune, to_string(t.group.channel), t.group.id, t.question, now, now)
        .exec();
    const std::int64_t id = db_.last_insert_id();
    add_message(id, Side::citizen, t.question, now);
    return id;
  }

  std::optional<Ticket> get(std::int64_t id) override {
    auto q = db_.query(HVS_TICKET_COLUMNS "WHERE id = ?");
    q.bind(1, id);
    if (!q.step()) return std::nullopt;
    return read_ticket(q);
  }

  std::optional<Ticket> active_of(const ChatRef& citizen_chat) override {
    auto q = db_.query(HVS_TICKET_COLUMNS
                       "WHERE citizen_channel = ? AND citizen_chat = ? AND status <> 'closed' "
                       "ORDER BY id DESC LIMIT 1");
    q.bind_all(to_string(citizen_chat.channel), citizen_chat.id);
    if (!q.step()) return std::nullopt;
    return read_ticket(q);
  }

  bool claim(std::int64_t id, const ChatRef& helper, std::string_view helper_name, TimePoint now) override {
    return db_.query("UPDATE tickets SET status = 'claimed', helper_channel = ?, helper_user = ?, helper_name = ?, "
                     "claimed_at = ?, last_activity_at = ? WHERE id = ? AND status = 'open'")
               .bind_all(to_string(helper.channel), helper.id, helper_name, now, now, id)
               .exec() == 1;
  }

  void add_message(std::int64_t id, Side side, std::string_view text, TimePoint now) override {
    db_.query("INSERT INTO ticket_messages (ticket_id, at, side, text) VALUES (?, ?, ?, ?)")
        .bind_all(id, now, side == Side::citizen ? "citizen" : "helper", text)
        .exec();
    db_.query("UPDATE tickets SET last_activity_at = ?1, "
              "first_answer_at = CASE WHEN ?2 AND first_answer_at IS NULL THEN ?1 ELSE first_answer_at END "
              "WHERE id = ?3")
        .bind_all(now, side == Side::helper ? 1 : 0, id)
        .exec();
  }

  void set_helper_private(std::int64_t id) override {
    db_.query("UPDATE tickets SET helper_private = 1 WHERE id = ?").bind_all(id).exec();
  }

  std::vector<std::int64_t> unhinted_of(const ChatRef& helper, const ChatRef& group) override {
    auto q = db_.query("SELECT id FROM tickets WHERE status = 'claimed' AND helper_hinted_at IS NULL "
                       "AND helper_channel = ? AND helper_user = ? AND group_channel = ? AND group_chat = ? ORDER BY id");
    q.bind_all(to_string(helper.channel), helper.id, to_string(group.channel), group.id);
    std::vector<std::int64_t> ids;
    while (q.step()) ids.push_back(q.int64(0));
    return ids;
  }

  bool mark_hinted(std::int64_t id, TimePoint now) override {
    return db_.query("UPDATE tickets SET helper_hinted_at = ? WHERE id = ? AND helper_hinted_at IS NULL")
               .bind_all(now, id)
               .exec() == 1;
  }

  bool close(std::int64_t id, std::string_view by, TimePoint now) override {
    return db_.query("UPDATE tickets SET status = 'closed', closed_by = ?, closed_at = ? "
                     "WHERE id = ? AND status <> 'closed'")
               .bind_all(by, now, id)
               .exec() == 1;
  }

  bool rate(std::int64_t id, int stars) override {
    return db_.query("UPDATE tickets SET rating = ? WHERE id = ? AND status = 'closed' AND helper_user <> '' "
                     "AND rating IS NULL")
               .bind_all(stars, id)
               .exec() == 1;
  }

  std::vector<Ticket> to_reannounce(TimePoint before) override {
    auto q = db_.query(HVS_TICKET_COLUMNS
                       "WHERE status = 'open' AND reannounced_at IS NULL AND created_at <= ? ORDER BY id");
    q.bind(1, before);
    return read_tickets(q);
  }

  std::vector<Ticket> to_escalate(TimePoint before) override {
    auto q = db_.query(HVS_TICKET_COLUMNS
                       "WHERE status = 'open' AND escalated_at IS NULL AND created_at <= ? ORDER BY id");
    q.bind(1, before);
    return read_tickets(q);
  }

  void mark_reannounced(std::int64_t id, TimePoint now) override {
    db_.query("UPDATE tickets SET reannounced_at = ? WHERE id = ?").bind_all(now, id).exec();
  }

  void mark_escalated(std::int64_t id, TimePoint now) override {
    db_.query("UPDATE tickets SET escalated_at = ? WHERE id = ?").bind_all(now, id).exec();
  }

  std::vector<Ticket> idle_since(TimePoint before) override {
    auto q = db_.query(HVS_TICKET_COLUMNS
                       "WHERE status IN ('open', 'claimed') AND last_activity_at <= ? ORDER BY id");
    q.bind(1, before);
    return read_tickets(q);
  }

  std::vector<std::int64_t> purge_closed_before(TimePoint before, TimePoint now) override {
    std::vector<std::int64_t> ids;
    {
      auto q = db_.query("SELECT id FROM tickets WHERE status = 'closed' AND purged_at IS NULL AND closed_at <= ?");
      q.bind(1, before);
      while (q.step()) ids.push_back(q.int64(0));
    }
    for (const auto id : ids) {
      db_.query("DELETE FROM ticket_messages WHERE ticket_id = ?").bind_all(id).exec();
      db_.query("UPDATE tickets SET question = '', purged_at = ? WHERE id = ?").bind_all(now, id).exec();
    }
    return ids;
  }

  Figures figures(std::string_view province, std::string_view commune, TimePoint from, TimePoint to) override {
    auto q = db_.query("SELECT status, claimed_at IS NOT NULL, first_answer_at, created_at, rating FROM tickets "
                       "WHERE province = ? AND commune = ? AND created_at >= ? AND created_at < ?");
    q.bind_all(province, commune, from, to);
    Figures f;
    std::vector<double> waits;
    int stars = 0;
    while (q.step()) {
      ++f.opened;
      if (q.integer(1) != 0) ++f.claimed;
      const bool answered = !q.null(2);
      if (answered) {
        waits.push_back(static_cast<double>(q.int64(2) - q.int64(3)) / 60000.0);
        if (q.text(0) == "closed") ++f.resolved;
      }
      if (!q.null(4)) {
        ++f.rated;
        stars += q.integer(4);
      }
    }
    if (!waits.empty()) {
      std::sort(waits.begin(), waits.end());
      const std::size_t n = waits.size();
      f.median_first_answer_minutes = n % 2 == 1 ? waits[n / 2] : (waits[n / 2 - 1] + waits[n / 2]) / 2;
    }
    if (f.rated > 0) f.average_rating = static_cast<double>(stars) / f.rated;
    return f;
  }

  std::map<std::string, long long> resolved_per_commune(std::string_view province, TimePoint from,
                                                        TimePoint to) override {
    auto q = db_.query("SELECT commune, count(*) FROM tickets WHERE province = ? AND status = 'closed' "
                       "AND first_answer_at IS NOT NULL AND closed_at >= ? AND closed_at < ? GROUP BY commune");
    q.bind_all(province, from, to);
    std::map<std::string, long long> out;
    while (q.step()) out[q.text(0)] = q.int64(1);
    return out;
  }

  std::vector<std::pair<std::string, std::string>> communes_with_tickets(TimePoint from, TimePoint to) override {
    auto q = db_.query("SELECT DISTINCT province, commune FROM tickets WHERE created_at >= ? AND created_at < ? "
                       "ORDER BY province, commune");
    q.bind_all(from, to);
    std::vector<std::pair<std::string, std::string>> out;
    while (q.step()) out.emplace_back(q.text(0), q.text(1));
    return out;
  }

 private:
  sqlite::Db& db_;
};

}  // namespace

// The backend the Store was opened on (issue 18): make_pg_ticket_store on PostgreSQL.
TicketStore& TicketStore::of(Store& store) {
  return store.repository<TicketStore>([](Store& s) -> std::shared_ptr<TicketStore> {
    if (s.on_postgresql()) return make_pg_ticket_store(s.pg());
    return std::make_shared<SqliteTicketStore>(s.sqlite());
  });
}

}  // namespace hocvuso::tickets
