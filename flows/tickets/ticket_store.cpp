// The tickets and ticket_messages tables.
#include "flows/tickets/ticket_store.hpp"

#include <SQLiteCpp/SQLiteCpp.h>

#include <algorithm>
#include <charconv>

#include "bot/store/store.hpp"

namespace hocvuso::tickets {

namespace {

constexpr std::string_view kCodePrefix = "HT";
constexpr std::string_view kTagPrefix = "ticket:";

std::int64_t millis(TimePoint t) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(t.time_since_epoch()).count();
}
TimePoint from_millis(std::int64_t ms) { return TimePoint(std::chrono::milliseconds(ms)); }

}  // namespace

std::optional<std::int64_t> parse_id(std::string_view digits) {
  std::int64_t n = 0;
  if (digits.empty() || digits.size() > 15) return std::nullopt;
  const auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), n);
  if (ec != std::errc() || end != digits.data() + digits.size() || n <= 0) return std::nullopt;
  return n;
}

namespace {

std::optional<TimePoint> optional_time(const SQLite::Column& c) {
  if (c.isNull()) return std::nullopt;
  return from_millis(c.getInt64());
}

Status status_from(std::string_view s) {
  if (s == "claimed") return Status::claimed;
  if (s == "closed") return Status::closed;
  return Status::open;
}

constexpr const char* kColumns =
    "SELECT id, citizen_channel, citizen_chat, citizen_user, citizen_name, province, commune, group_channel, "
    "group_chat, question, status, helper_channel, helper_user, helper_name, helper_private, created_at, "
    "claimed_at, first_answer_at, closed_at, last_activity_at, rating FROM tickets ";

Channel channel_of(const std::string& s) { return channel_from_string(s).value_or(Channel::console); }

Ticket read_ticket(SQLite::Statement& q) {
  Ticket t;
  t.id = q.getColumn(0).getInt64();
  t.citizen_chat = ChatRef{channel_of(q.getColumn(1).getString()), q.getColumn(2).getString()};
  t.citizen_user = q.getColumn(3).getString();
  t.citizen_name = q.getColumn(4).getString();
  t.province = q.getColumn(5).getString();
  t.commune = q.getColumn(6).getString();
  t.group = ChatRef{channel_of(q.getColumn(7).getString()), q.getColumn(8).getString()};
  t.question = q.getColumn(9).getString();
  t.status = status_from(q.getColumn(10).getString());
  if (!q.getColumn(12).getString().empty()) {
    t.helper = ChatRef{channel_of(q.getColumn(11).getString()), q.getColumn(12).getString()};
  }
  t.helper_name = q.getColumn(13).getString();
  t.helper_private = q.getColumn(14).getInt() != 0;
  t.created_at = from_millis(q.getColumn(15).getInt64());
  t.claimed_at = optional_time(q.getColumn(16));
  t.first_answer_at = optional_time(q.getColumn(17));
  t.closed_at = optional_time(q.getColumn(18));
  t.last_activity_at = from_millis(q.getColumn(19).getInt64());
  if (!q.getColumn(20).isNull()) t.rating = q.getColumn(20).getInt();
  return t;
}

}  // namespace

std::string ticket_code(std::int64_t id) { return std::string(kCodePrefix) + std::to_string(id); }

std::optional<std::int64_t> parse_ticket_code(std::string_view word) {
  if (word.starts_with('#')) word.remove_prefix(1);
  if (word.size() <= kCodePrefix.size()) return std::nullopt;
  for (std::size_t i = 0; i < kCodePrefix.size(); ++i) {
    if ((word[i] & ~0x20) != kCodePrefix[i]) return std::nullopt;  // ASCII upper-case compare
  }
  return parse_id(word.substr(kCodePrefix.size()));
}

std::string ticket_tag(std::int64_t id) { return std::string(kTagPrefix) + std::to_string(id); }

std::optional<std::int64_t> ticket_of_tag(std::string_view tag) {
  if (!tag.starts_with(kTagPrefix)) return std::nullopt;
  return parse_id(tag.substr(kTagPrefix.size()));
}

std::int64_t TicketStore::open(const NewTicket& t, TimePoint now) {
  auto& db = store_.database();
  SQLite::Statement q(db,
                      "INSERT INTO tickets (citizen_channel, citizen_chat, citizen_user, citizen_name, province, "
                      "commune, group_channel, group_chat, question, created_at, last_activity_at) "
                      "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
  q.bind(1, std::string(to_string(t.citizen_chat.channel)));
  q.bind(2, t.citizen_chat.id);
  q.bind(3, t.citizen_user);
  q.bind(4, t.citizen_name);
  q.bind(5, t.province);
  q.bind(6, t.commune);
  q.bind(7, std::string(to_string(t.group.channel)));
  q.bind(8, t.group.id);
  q.bind(9, t.question);
  q.bind(10, millis(now));
  q.bind(11, millis(now));
  q.exec();
  const std::int64_t id = db.getLastInsertRowid();
  add_message(id, Side::citizen, t.question, now);
  return id;
}

std::optional<Ticket> TicketStore::get(std::int64_t id) {
  SQLite::Statement q(store_.database(), std::string(kColumns) + "WHERE id = ?");
  q.bind(1, id);
  if (!q.executeStep()) return std::nullopt;
  return read_ticket(q);
}

std::optional<Ticket> TicketStore::active_of(const ChatRef& citizen_chat) {
  SQLite::Statement q(store_.database(), std::string(kColumns) +
                                             "WHERE citizen_channel = ? AND citizen_chat = ? AND status <> 'closed' "
                                             "ORDER BY id DESC LIMIT 1");
  q.bind(1, std::string(to_string(citizen_chat.channel)));
  q.bind(2, citizen_chat.id);
  if (!q.executeStep()) return std::nullopt;
  return read_ticket(q);
}

bool TicketStore::claim(std::int64_t id, const ChatRef& helper, std::string_view helper_name, TimePoint now) {
  SQLite::Statement q(store_.database(),
                      "UPDATE tickets SET status = 'claimed', helper_channel = ?, helper_user = ?, helper_name = ?, "
                      "claimed_at = ?, last_activity_at = ? WHERE id = ? AND status = 'open'");
  q.bind(1, std::string(to_string(helper.channel)));
  q.bind(2, helper.id);
  q.bind(3, std::string(helper_name));
  q.bind(4, millis(now));
  q.bind(5, millis(now));
  q.bind(6, id);
  return q.exec() == 1;
}

void TicketStore::add_message(std::int64_t id, Side side, std::string_view text, TimePoint now) {
  auto& db = store_.database();
  SQLite::Statement m(db, "INSERT INTO ticket_messages (ticket_id, at, side, text) VALUES (?, ?, ?, ?)");
  m.bind(1, id);
  m.bind(2, millis(now));
  m.bind(3, side == Side::citizen ? "citizen" : "helper");
  m.bind(4, std::string(text));
  m.exec();
  SQLite::Statement t(db,
                      "UPDATE tickets SET last_activity_at = ?1, "
                      "first_answer_at = CASE WHEN ?2 AND first_answer_at IS NULL THEN ?1 ELSE first_answer_at END "
                      "WHERE id = ?3");
  t.bind(1, millis(now));
  t.bind(2, side == Side::helper ? 1 : 0);
  t.bind(3, id);
  t.exec();
}

std::vector<std::int64_t> TicketStore::unhinted_of(const ChatRef& helper, const ChatRef& group) {
  SQLite::Statement q(store_.database(),
                      "SELECT id FROM tickets WHERE status = 'claimed' AND helper_hinted_at IS NULL AND helper_channel = ? "
                      "AND helper_user = ? AND group_channel = ? AND group_chat = ? ORDER BY id");
  q.bind(1, std::string(to_string(helper.channel)));
  q.bind(2, helper.id);
  q.bind(3, std::string(to_string(group.channel)));
  q.bind(4, group.id);
  std::vector<std::int64_t> ids;
  while (q.executeStep()) ids.push_back(q.getColumn(0).getInt64());
  return ids;
}

bool TicketStore::mark_hinted(std::int64_t id, TimePoint now) {
  SQLite::Statement q(store_.database(), "UPDATE tickets SET helper_hinted_at = ? WHERE id = ? AND helper_hinted_at IS NULL");
  q.bind(1, millis(now));
  q.bind(2, id);
  return q.exec() == 1;
}

void TicketStore::set_helper_private(std::int64_t id) {
  SQLite::Statement q(store_.database(), "UPDATE tickets SET helper_private = 1 WHERE id = ?");
  q.bind(1, id);
  q.exec();
}

bool TicketStore::close(std::int64_t id, std::string_view by, TimePoint now) {
  SQLite::Statement q(store_.database(),
                      "UPDATE tickets SET status = 'closed', closed_by = ?, closed_at = ? WHERE id = ? AND status <> 'closed'");
  q.bind(1, std::string(by));
  q.bind(2, millis(now));
  q.bind(3, id);
  return q.exec() == 1;
}

bool TicketStore::rate(std::int64_t id, int stars) {
  SQLite::Statement q(store_.database(),
                      "UPDATE tickets SET rating = ? WHERE id = ? AND status = 'closed' AND helper_user <> '' "
                      "AND rating IS NULL");
  q.bind(1, stars);
  q.bind(2, id);
  return q.exec() == 1;
}

std::vector<Ticket> TicketStore::select(const char* where, std::int64_t at) {
  SQLite::Statement q(store_.database(), std::string(kColumns) + where + " ORDER BY id");
  q.bind(1, at);
  std::vector<Ticket> out;
  while (q.executeStep()) out.push_back(read_ticket(q));
  return out;
}

std::vector<Ticket> TicketStore::to_reannounce(TimePoint before) {
  return select("WHERE status = 'open' AND reannounced_at IS NULL AND created_at <= ?", millis(before));
}

std::vector<Ticket> TicketStore::to_escalate(TimePoint before) {
  return select("WHERE status = 'open' AND escalated_at IS NULL AND created_at <= ?", millis(before));
}

void TicketStore::mark_reannounced(std::int64_t id, TimePoint now) {
  SQLite::Statement q(store_.database(), "UPDATE tickets SET reannounced_at = ? WHERE id = ?");
  q.bind(1, millis(now));
  q.bind(2, id);
  q.exec();
}

void TicketStore::mark_escalated(std::int64_t id, TimePoint now) {
  SQLite::Statement q(store_.database(), "UPDATE tickets SET escalated_at = ? WHERE id = ?");
  q.bind(1, millis(now));
  q.bind(2, id);
  q.exec();
}

std::vector<Ticket> TicketStore::idle_since(TimePoint before) {
  return select("WHERE status IN ('open', 'claimed') AND last_activity_at <= ?", millis(before));
}

std::vector<std::int64_t> TicketStore::purge_closed_before(TimePoint before, TimePoint now) {
  auto& db = store_.database();
  std::vector<std::int64_t> ids;
  {
    SQLite::Statement q(db, "SELECT id FROM tickets WHERE status = 'closed' AND purged_at IS NULL AND closed_at <= ?");
    q.bind(1, millis(before));
    while (q.executeStep()) ids.push_back(q.getColumn(0).getInt64());
  }
  for (const auto id : ids) {
    SQLite::Statement del(db, "DELETE FROM ticket_messages WHERE ticket_id = ?");
    del.bind(1, id);
    del.exec();
    SQLite::Statement t(db, "UPDATE tickets SET question = '', purged_at = ? WHERE id = ?");
    t.bind(1, millis(now));
    t.bind(2, id);
    t.exec();
  }
  return ids;
}

Figures TicketStore::figures(std::string_view province, std::string_view commune, TimePoint from, TimePoint to) {
  SQLite::Statement q(store_.database(),
                      "SELECT status, claimed_at IS NOT NULL, first_answer_at, created_at, rating FROM tickets "
                      "WHERE province = ? AND commune = ? AND created_at >= ? AND created_at < ?");
  q.bind(1, std::string(province));
  q.bind(2, std::string(commune));
  q.bind(3, millis(from));
  q.bind(4, millis(to));
  Figures f;
  std::vector<double> waits;
  int stars = 0;
  while (q.executeStep()) {
    ++f.opened;
    if (q.getColumn(1).getInt() != 0) ++f.claimed;
    const bool answered = !q.getColumn(2).isNull();
    if (answered) {
      waits.push_back(static_cast<double>(q.getColumn(2).getInt64() - q.getColumn(3).getInt64()) / 60000.0);
      if (q.getColumn(0).getString() == "closed") ++f.resolved;
    }
    if (!q.getColumn(4).isNull()) {
      ++f.rated;
      stars += q.getColumn(4).getInt();
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

std::map<std::string, long long> TicketStore::resolved_per_commune(std::string_view province, TimePoint from,
                                                                  TimePoint to) {
  SQLite::Statement q(store_.database(),
                      "SELECT commune, count(*) FROM tickets WHERE province = ? AND status = 'closed' "
                      "AND first_answer_at IS NOT NULL AND closed_at >= ? AND closed_at < ? GROUP BY commune");
  q.bind(1, std::string(province));
  q.bind(2, millis(from));
  q.bind(3, millis(to));
  std::map<std::string, long long> out;
  while (q.executeStep()) out[q.getColumn(0).getString()] = q.getColumn(1).getInt64();
  return out;
}

std::vector<std::pair<std::string, std::string>> TicketStore::communes_with_tickets(TimePoint from, TimePoint to) {
  SQLite::Statement q(store_.database(),
                      "SELECT DISTINCT province, commune FROM tickets WHERE created_at >= ? AND created_at < ? "
                      "ORDER BY province, commune");
  q.bind(1, millis(from));
  q.bind(2, millis(to));
  std::vector<std::pair<std::string, std::string>> out;
  while (q.executeStep()) out.emplace_back(q.getColumn(0).getString(), q.getColumn(1).getString());
  return out;
}

}  // namespace hocvuso::tickets
