// SQL for reports, audit, targets and reminders.
#include "flows/reports/report_store.hpp"

#include <SQLiteCpp/SQLiteCpp.h>

#include <algorithm>
#include <nlohmann/json.hpp>

#include "bot/store/store.hpp"

namespace hocvuso::reports {

namespace {

std::int64_t millis(TimePoint t) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(t.time_since_epoch()).count();
}

std::string channel_name(Channel c) { return std::string(to_string(c)); }

void insert_rows(SQLite::Database& db, const Submission& s, std::int64_t number, TimePoint now) {
  SQLite::Statement q(db,
                      "INSERT INTO reports (submission, channel, chat_id, author_id, province, commune, village, "
                      "village_key, period, period_start, period_end, figures, status, created_at, updated_at, "
                      "message_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
  for (const auto& row : s.rows) {
    q.reset();
    q.bind(1, number);
    q.bind(2, channel_name(s.chat.channel));
    q.bind(3, s.chat.id);
    q.bind(4, s.author_id);
    q.bind(5, s.province);
    q.bind(6, s.commune);
    q.bind(7, row.village);
    q.bind(8, row.village_key);
    q.bind(9, s.period.key());
    q.bind(10, day_number(s.period.first_day()));
    q.bind(11, day_number(s.period.last_day()));
    q.bind(12, encode_figures(row.figures));
    q.bind(13, s.status.empty() ? std::string("pending") : s.status);
    q.bind(14, millis(now));
    q.bind(15, millis(now));
    q.bind(16, s.message_id);
    q.exec();
  }
}

}  // namespace

std::string encode_figures(const Figures& figures) {
  std::string out;
  for (const auto& [id, value] : figures) {
    if (!out.empty()) out += ';';
    out += id + "=" + std::to_string(value);
  }
  return out;
}

std::int64_t ReportStore::create(const Submission& s, TimePoint now) {
  auto& db = store_.database();
  // Numbers people can say: 1, 2, 3… (a correction keeps its number).
  const std::int64_t next = db.execAndGet("SELECT COALESCE(MAX(submission), 0) + 1 FROM reports").getInt64();
  insert_rows(db, s, next, now);
  add_audit(next, "created", s.chat.channel, s.author_id, "", rows_json(next), now);
  return next;
}

std::optional<Submission> ReportStore::find(std::int64_t number) {
  SQLite::Statement q(store_.database(),
                      "SELECT channel, chat_id, author_id, province, commune, village, village_key, period, figures, "
                      "status, message_id FROM reports WHERE submission = ? ORDER BY id");
  q.bind(1, number);
  std::optional<Submission> s;
  while (q.executeStep()) {
    if (!s) {
      s.emplace();
      s->number = number;
      s->chat = ChatRef{channel_from_string(q.getColumn(0).getString()).value_or(Channel::console),
                        q.getColumn(1).getString()};
      s->author_id = q.getColumn(2).getString();
      s->province = q.getColumn(3).getString();
      s->commune = q.getColumn(4).getString();
      s->period = Period::parse(q.getColumn(7).getString()).value_or(Period{});
      s->status = q.getColumn(9).getString();
      s->message_id = q.getColumn(10).getString();
    }
    ReportRow row{q.getColumn(5).getString(), q.getColumn(6).getString(), {}};
    decode_figures(q.getColumn(8).getString(),
                   [&row](std::string_view id, long long v) { row.figures.emplace_back(std::string(id), v); });
    s->rows.push_back(std::move(row));
  }
  return s;
}

std::optional<std::int64_t> ReportStore::latest(const ChatRef& chat, std::string_view author_id) {
  SQLite::Statement q(store_.database(),
                      "SELECT MAX(submission) FROM reports WHERE channel = ? AND chat_id = ? AND author_id = ? "
                      "AND status != 'withdrawn'");
  q.bind(1, channel_name(chat.channel));
  q.bind(2, chat.id);
  q.bind(3, std::string(author_id));
  if (!q.executeStep() || q.getColumn(0).isNull()) return std::nullopt;
  return q.getColumn(0).getInt64();
}

std::optional<std::int64_t> ReportStore::by_message(const ChatRef& chat, std::string_view message_id) {
  if (message_id.empty()) return std::nullopt;
  SQLite::Statement q(store_.database(),
                      "SELECT MAX(submission) FROM reports WHERE channel = ? AND chat_id = ? AND message_id = ? "
                      "AND status != 'withdrawn'");
  q.bind(1, channel_name(chat.channel));
  q.bind(2, chat.id);
  q.bind(3, std::string(message_id));
  if (!q.executeStep() || q.getColumn(0).isNull()) return std::nullopt;
  return q.getColumn(0).getInt64();
}

void ReportStore::set_status(std::int64_t number, std::string_view status, Channel channel, std::string_view actor,
                             TimePoint now) {
  const std::string before = rows_json(number);
  SQLite::Statement q(store_.database(), "UPDATE reports SET status = ?, updated_at = ? WHERE submission = ?");
  q.bind(1, std::string(status));
  q.bind(2, millis(now));
  q.bind(3, number);
  q.exec();
  add_audit(number, status == "confirmed" ? "confirmed" : "withdrawn", channel, actor, before, rows_json(number), now);
}

void ReportStore::correct(const Submission& after, Channel channel, std::string_view actor, TimePoint now) {
  const std::string before = rows_json(after.number);
  auto& db = store_.database();
  SQLite::Statement del(db, "DELETE FROM reports WHERE submission = ?");
  del.bind(1, after.number);
  del.exec();
  insert_rows(db, after, after.number, now);
  add_audit(after.number, "corrected", channel, actor, before, rows_json(after.number), now);
}

std::vector<std::pair<std::string, std::string>> ReportStore::audit(std::int64_t number) {
  SQLite::Statement q(store_.database(), "SELECT action, actor_id FROM report_audit WHERE submission = ? ORDER BY id");
  q.bind(1, number);
  std::vector<std::pair<std::string, std::string>> out;
  while (q.executeStep()) out.emplace_back(q.getColumn(0).getString(), q.getColumn(1).getString());
  return out;
}

std::string ReportStore::rows_json(std::int64_t number) {
  SQLite::Statement q(store_.database(),
                      "SELECT village, period, figures, status FROM reports WHERE submission = ? ORDER BY id");
  q.bind(1, number);
  nlohmann::json rows = nlohmann::json::array();
  while (q.executeStep()) {
    rows.push_back({{"village", q.getColumn(0).getString()}, {"period", q.getColumn(1).getString()},
                    {"figures", q.getColumn(2).getString()}, {"status", q.getColumn(3).getString()}});
  }
  return rows.dump();
}

void ReportStore::add_audit(std::int64_t number, std::string_view action, Channel channel, std::string_view actor,
                            const std::string& before, const std::string& after, TimePoint now) {
  SQLite::Statement q(store_.database(),
                      "INSERT INTO report_audit (submission, at, channel, actor_id, action, before, after) "
                      "VALUES (?, ?, ?, ?, ?, ?, ?)");
  q.bind(1, number);
  q.bind(2, millis(now));
  q.bind(3, channel_name(channel));
  q.bind(4, std::string(actor));
  q.bind(5, std::string(action));
  q.bind(6, before);
  q.bind(7, after);
  q.exec();
}

std::vector<Total> ReportStore::totals(std::string_view province, const Period& period, bool by_village,
                                       std::string_view commune) {
  // Read from the covering index reports_scope; a million rows must add up in well
  // under a second, so no per-row allocation: rows are matched to their total by a
  // short linear search (a province has at most a few hundred communes).
  SQLite::Statement q(store_.database(),
                      "SELECT commune, village_key, village, figures FROM reports INDEXED BY reports_scope "
                      "WHERE province = ?1 AND status = 'confirmed' AND period_start >= ?2 AND period_end <= ?3 "
                      "AND (?4 = '' OR commune = ?4)");
  q.bind(1, std::string(province));
  q.bind(2, day_number(period.first_day()));
  q.bind(3, day_number(period.last_day()));
  q.bind(4, std::string(commune));
  struct Running {
    Total total;
    std::vector<std::pair<std::string, long long>> values;  // few indicators: a vector beats a map
  };
  std::vector<Running> out;
  std::size_t last = 0;
  while (q.executeStep()) {
    const std::string_view c(q.getColumn(0).getText());
    const std::string_view vk = by_village ? std::string_view(q.getColumn(1).getText()) : std::string_view();
    auto same = [&](const Running& r) { return r.total.commune == c && r.total.village_key == vk; };
    if (last >= out.size() || !same(out[last])) {
      last = static_cast<std::size_t>(std::find_if(out.begin(), out.end(), same) - out.begin());
      if (last == out.size()) out.push_back(Running{Total{std::string(c), std::string(vk), {}, {}}, {}});
    }
    Running& r = out[last];
    if (by_village) {
      // The spelling with diacritics wins over a plain one ("Bản Mòng" over "Ban Mong").
      const std::string_view v(q.getColumn(2).getText());
      if (v > r.total.village) r.total.village = std::string(v);
    }
    decode_figures(q.getColumn(3).getText(), [&r](std::string_view id, long long v) {
      for (auto& [name, sum] : r.values) {
        if (name == id) {
          sum += v;
          return;
        }
      }
      r.values.emplace_back(std::string(id), v);
    });
  }
  std::vector<Total> totals;
  for (auto& r : out) {
    for (auto& [id, v] : r.values) r.total.values.emplace(std::move(id), v);
    totals.push_back(std::move(r.total));
  }
  return totals;
}

std::set<std::string> ReportStore::reported(std::string_view province, std::string_view commune,
                                            const Period& period) {
  SQLite::Statement q(store_.database(),
                      "SELECT DISTINCT village_key FROM reports WHERE province = ? AND commune = ? AND "
                      "status = 'confirmed' AND period_start >= ? AND period_end <= ? AND period_end >= ?");
  q.bind(1, std::string(province));
  q.bind(2, std::string(commune));
  q.bind(3, day_number(period.first_day()));
  q.bind(4, day_number(period.last_day()));
  q.bind(5, day_number(last_quarter(period).first_day()));
  std::set<std::string> out;
  while (q.executeStep()) out.insert(q.getColumn(0).getString());
  return out;
}

void ReportStore::set_target(std::string_view province, const Target& t, const Period& period, std::string_view by,
                             TimePoint now) {
  SQLite::Statement q(store_.database(),
                      "INSERT INTO targets (province, commune, village_key, village, period, indicator, value, set_by, "
                      "set_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9) ON CONFLICT (province, commune, period, "
                      "village_key, indicator) DO UPDATE SET value = ?7, village = ?4, set_by = ?8, set_at = ?9");
  q.bind(1, std::string(province));
  q.bind(2, t.commune);
  q.bind(3, t.village_key);
  q.bind(4, t.village);
  q.bind(5, period.key());
  q.bind(6, t.indicator);
  q.bind(7, static_cast<std::int64_t>(t.value));
  q.bind(8, std::string(by));
  q.bind(9, millis(now));
  q.exec();
}

std::vector<Target> ReportStore::targets(std::string_view province, const Period& period, std::string_view commune) {
  SQLite::Statement q(store_.database(),
                      "SELECT commune, village_key, village, indicator, value FROM targets WHERE province = ?1 AND "
                      "period = ?2 AND (?3 = '' OR commune = ?3) ORDER BY commune, village_key, indicator");
  q.bind(1, std::string(province));
  q.bind(2, period.key());
  q.bind(3, std::string(commune));
  std::vector<Target> out;
  while (q.executeStep()) {
    out.push_back(Target{q.getColumn(0).getString(), q.getColumn(1).getString(), q.getColumn(2).getString(),
                         q.getColumn(3).getString(), q.getColumn(4).getInt64()});
  }
  return out;
}

bool ReportStore::reminder_sent(const ChatRef& group, const Period& period, std::string_view deadline) {
  SQLite::Statement q(store_.database(),
                      "SELECT 1 FROM report_reminders WHERE channel = ? AND chat_id = ? AND period = ? AND deadline = ?");
  q.bind(1, channel_name(group.channel));
  q.bind(2, group.id);
  q.bind(3, period.key());
  q.bind(4, std::string(deadline));
  return q.executeStep();
}

void ReportStore::mark_reminder(const ChatRef& group, const Period& period, std::string_view deadline, TimePoint now) {
  SQLite::Statement q(store_.database(),
                      "INSERT OR IGNORE INTO report_reminders (channel, chat_id, period, deadline, sent_at) "
                      "VALUES (?, ?, ?, ?, ?)");
  q.bind(1, channel_name(group.channel));
  q.bind(2, group.id);
  q.bind(3, period.key());
  q.bind(4, std::string(deadline));
  q.bind(5, millis(now));
  q.exec();
}

}  // namespace hocvuso::reports
