// ReportStore on SQLite (tables reports, report_audit, targets, report_reminders and the
// per-period summary report_sums, report_villages, report_submissions:
// report_schema_sqlite.cpp).
#include <algorithm>
#include <compare>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>

#include "bot/store/sqlite_db.hpp"
#include "bot/store/store.hpp"
#include "flows/reports/report_store.hpp"

namespace hocvuso::reports {

namespace {

class SqliteReportStore final : public ReportStore {
 public:
  SqliteReportStore(Store& store, sqlite::Db& db) : store_(store), db_(db) {}

  Store& store() const override { return store_; }

  std::int64_t create(const Submission& s, TimePoint now) override {
    // Numbers people can say: 1, 2, 3… (a correction keeps its number).
    std::int64_t next = 1;
    {
      auto q = db_.query("SELECT COALESCE(MAX(submission), 0) + 1 FROM reports");
      if (q.step()) next = q.int64(0);
    }
    insert_rows(s, next, now);
    add_to_summary(next, +1);
    add_audit(next, "created", s.chat.channel, s.author_id, "", rows_json(next), now);
    return next;
  }

  std::optional<Submission> find(std::int64_t number) override {
    auto q = db_.query("SELECT channel, chat_id, author_id, province, commune, village, village_key, period, figures, "
                       "status, message_id FROM reports WHERE submission = ? ORDER BY id");
    q.bind(1, number);
    std::optional<Submission> s;
    while (q.step()) {
      if (!s) {
        s.emplace();
        s->number = number;
        s->chat = ChatRef{channel_from_string(q.text(0)).value_or(Channel::console), q.text(1)};
        s->author_id = q.text(2);
        s->province = q.text(3);
        s->commune = q.text(4);
        s->period = Period::parse(q.text(7)).value_or(Period{});
        s->status = q.text(9);
        s->message_id = q.text(10);
      }
      ReportRow row{q.text(5), q.text(6), {}};
      decode_figures(q.text_view(8),
                     [&row](std::string_view id, long long v) { row.figures.emplace_back(std::string(id), v); });
      s->rows.push_back(std::move(row));
    }
    return s;
  }

  std::optional<std::int64_t> latest(const ChatRef& chat, std::string_view author_id) override {
    auto q = db_.query("SELECT MAX(submission) FROM reports WHERE channel = ? AND chat_id = ? AND author_id = ? "
                       "AND status != 'withdrawn'");
    q.bind_all(to_string(chat.channel), chat.id, author_id);
    if (!q.step() || q.null(0)) return std::nullopt;
    return q.int64(0);
  }

  std::optional<std::int64_t> by_message(const ChatRef& chat, std::string_view message_id) override {
    if (message_id.empty()) return std::nullopt;
    auto q = db_.query("SELECT MAX(submission) FROM reports WHERE channel = ? AND chat_id = ? AND message_id = ? "
                       "AND status != 'withdrawn'");
    q.bind_all(to_string(chat.channel), chat.id, message_id);
    if (!q.step() || q.null(0)) return std::nullopt;
    return q.int64(0);
  }

  void set_status(std::int64_t number, std::string_view status, Channel channel, std::string_view actor,
                  TimePoint now) override {
    const std::string before = rows_json(number);
    add_to_summary(number, -1);
    db_.query("UPDATE reports SET status = ?, updated_at = ? WHERE submission = ?").bind_all(status, now, number).exec();
    add_to_summary(number, +1);
    add_audit(number, status == "confirmed" ? "confirmed" : "withdrawn", channel, actor, before, rows_json(number),
              now);
  }

  void correct(const Submission& after, Channel channel, std::string_view actor, TimePoint now) override {
    const std::string before = rows_json(after.number);
    add_to_summary(after.number, -1);
    db_.query("DELETE FROM reports WHERE submission = ?").bind_all(after.number).exec();
    insert_rows(after, after.number, now);
    add_to_summary(after.number, +1);
    add_audit(after.number, "corrected", channel, actor, before, rows_json(after.number), now);
  }

  std::vector<std::pair<std::string, std::string>> audit(std::int64_t number) override {
    auto q = db_.query("SELECT action, actor_id FROM report_audit WHERE submission = ? ORDER BY id");
    q.bind(1, number);
    std::vector<std::pair<std::string, std::string>> out;
    while (q.step()) out.emplace_back(q.text(0), q.text(1));
    return out;
  }

  std::vector<Total> totals(std::string_view province, const Period& period, bool by_village,
                            std::string_view commune) override {
    if (!by_village) return commune_totals(province, period, commune);
    // By village: read from the covering index reports_scope; a million rows must add up in well
    // under a second, so no per-row allocation (text_view, not text): rows are matched
    // to their total by a short linear search (a province has at most a few hundred communes).
    auto q = db_.query("SELECT commune, village_key, village, figures FROM reports INDEXED BY reports_scope "
                       "WHERE province = ?1 AND status = 'confirmed' AND period_start >= ?2 AND period_end <= ?3 "
                       "AND (?4 = '' OR commune = ?4)");
    q.bind_all(province, day_number(period.first_day()), day_number(period.last_day()), commune);
    struct Running {
      Total total;
      std::vector<std::pair<std::string, long long>> values;  // few indicators: a vector beats a map
    };
    std::vector<Running> out;
    std::size_t last = 0;
    while (q.step()) {
      const std::string_view c = q.text_view(0);
      const std::string_view vk = by_village ? q.text_view(1) : std::string_view();
      auto same = [&](const Running& r) { return r.total.commune == c && r.total.village_key == vk; };
      if (last >= out.size() || !same(out[last])) {
        last = static_cast<std::size_t>(std::find_if(out.begin(), out.end(), same) - out.begin());
        if (last == out.size()) out.push_back(Running{Total{std::string(c), std::string(vk), {}, {}}, {}});
      }
      Running& r = out[last];
      if (by_village) {
        // The spelling with diacritics wins over a plain one ("Bản Mòng" over "Ban Mong").
        const std::string_view v = q.text_view(2);
        if (v > r.total.village) r.total.village = std::string(v);
      }
      decode_figures(q.text_view(3), [&r](std::string_view id, long long v) {
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

  std::set<std::string> reported(std::string_view province, std::string_view commune, const Period& period) override {
    // From the summary (report_villages), not the reports.
    auto q = db_.query("SELECT village_key FROM report_villages WHERE province = ? AND commune = ? AND "
                       "period_start >= ? AND period_end <= ? AND period_end >= ?");
    q.bind_all(province, commune, day_number(period.first_day()), day_number(period.last_day()),
               day_number(last_quarter(period).first_day()));
    std::set<std::string> out;
    while (q.step()) out.insert(q.text(0));
    return out;
  }

  void set_target(std::string_view province, const Target& t, const Period& period, std::string_view by,
                  TimePoint now) override {
    db_.query("INSERT INTO targets (province, commune, village_key, village, period, indicator, value, set_by, "
              "set_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9) ON CONFLICT (province, commune, period, "
              "village_key, indicator) DO UPDATE SET value = ?7, village = ?4, set_by = ?8, set_at = ?9")
        .bind_all(province, t.commune, t.village_key, t.village, period.key(), t.indicator,
                  static_cast<std::int64_t>(t.value), by, now)
        .exec();
  }

  std::vector<Target> targets(std::string_view province, const Period& period, std::string_view commune) override {
    auto q = db_.query("SELECT commune, village_key, village, indicator, value FROM targets WHERE province = ?1 AND "
                       "period = ?2 AND (?3 = '' OR commune = ?3) ORDER BY commune, village_key, indicator");
    q.bind_all(province, period.key(), commune);
    std::vector<Target> out;
    while (q.step()) out.push_back(Target{q.text(0), q.text(1), q.text(2), q.text(3), q.int64(4)});
    return out;
  }

  bool reminder_sent(const ChatRef& group, const Period& period, std::string_view deadline) override {
    auto q = db_.query("SELECT 1 FROM report_reminders WHERE channel = ? AND chat_id = ? AND period = ? AND "
                       "deadline = ?");
    q.bind_all(to_string(group.channel), group.id, period.key(), deadline);
    return q.step();
  }

  void mark_reminder(const ChatRef& group, const Period& period, std::string_view deadline, TimePoint now) override {
    db_.query("INSERT OR IGNORE INTO report_reminders (channel, chat_id, period, deadline, sent_at) "
              "VALUES (?, ?, ?, ?, ?)")
        .bind_all(to_string(group.channel), group.id, period.key(), deadline, now)
        .exec();
  }

 private:
  // A commune's figures for the period from the summary: the rows of every report period
  // that lies within it, a few per commune however many reports there are.
  std::vector<Total> commune_totals(std::string_view province, const Period& period, std::string_view commune) {
    auto q = db_.query("SELECT commune, indicator, SUM(value) FROM report_sums WHERE province = ?1 AND "
                       "period_start >= ?2 AND period_end <= ?3 AND (?4 = '' OR commune = ?4) "
                       "GROUP BY commune, indicator ORDER BY commune, indicator");
    q.bind_all(province, day_number(period.first_day()), day_number(period.last_day()), commune);
    std::vector<Total> out;
    while (q.step()) {
      if (out.empty() || out.back().commune != q.text_view(0)) out.push_back(Total{q.text(0), "", "", {}});
      out.back().values.emplace(q.text(1), q.int64(2));
    }
    return out;
  }

  // The per-period summary follows every change of a submission in the same transaction:
  // its confirmed rows are taken out (sign -1) before the change and added back (+1)
  // after it. A summary row whose count falls to 0 is deleted, so the tables hold only
  // what a recount of the reports would find.
  void add_to_summary(std::int64_t number, int sign) {
    struct Key {
      std::string province, commune;
      int start = 0, end = 0;
      auto operator<=>(const Key&) const = default;
    };
    struct Part {
      std::map<std::string, std::pair<long long, long long>> figures;  // indicator -> value, rows naming it
      std::map<std::string, long long> villages;                       // village key -> rows
    };
    std::map<Key, Part> parts;
    {
      auto q = db_.query("SELECT province, commune, period_start, period_end, village_key, figures FROM reports "
                         "WHERE submission = ? AND status = 'confirmed'");
      q.bind(1, number);
      while (q.step()) {
        Part& part = parts[Key{q.text(0), q.text(1), q.integer(2), q.integer(3)}];
        ++part.villages[q.text(4)];
        decode_figures(q.text_view(5), [&part](std::string_view id, long long v) {
          auto& f = part.figures[std::string(id)];
          f.first += v;
          ++f.second;
        });
      }
    }
    for (const auto& [k, part] : parts) {
      for (const auto& [id, f] : part.figures) {
        db_.query("INSERT INTO report_sums (province, period_start, period_end, commune, indicator, value, n) "
                  "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) ON CONFLICT (province, period_start, period_end, commune, "
                  "indicator) DO UPDATE SET value = value + ?6, n = n + ?7")
            .bind_all(k.province, k.start, k.end, k.commune, id, static_cast<std::int64_t>(sign * f.first),
                      static_cast<std::int64_t>(sign * f.second))
            .exec();
      }
      for (const auto& [village, n] : part.villages) {
        db_.query("INSERT INTO report_villages (province, commune, period_start, period_end, village_key, n) "
                  "VALUES (?1, ?2, ?3, ?4, ?5, ?6) ON CONFLICT (province, commune, period_start, period_end, "
                  "village_key) DO UPDATE SET n = n + ?6")
            .bind_all(k.province, k.commune, k.start, k.end, village, static_cast<std::int64_t>(sign * n))
            .exec();
      }
      db_.query("INSERT INTO report_submissions (province, period_start, period_end, commune, n) "
                "VALUES (?1, ?2, ?3, ?4, ?5) ON CONFLICT (province, period_start, period_end, commune) "
                "DO UPDATE SET n = n + ?5")
          .bind_all(k.province, k.start, k.end, k.commune, sign)
          .exec();
      if (sign > 0) continue;
      db_.query("DELETE FROM report_sums WHERE province = ? AND period_start = ? AND period_end = ? AND commune = ? "
                "AND n <= 0")
          .bind_all(k.province, k.start, k.end, k.commune)
          .exec();
      db_.query("DELETE FROM report_villages WHERE province = ? AND commune = ? AND period_start = ? AND "
                "period_end = ? AND n <= 0")
          .bind_all(k.province, k.commune, k.start, k.end)
          .exec();
      db_.query("DELETE FROM report_submissions WHERE province = ? AND period_start = ? AND period_end = ? AND "
                "commune = ? AND n <= 0")
          .bind_all(k.province, k.start, k.end, k.commune)
          .exec();
    }
  }

  void insert_rows(const Submission& s, std::int64_t number, TimePoint now) {
    for (const auto& row : s.rows) {
      db_.query("INSERT INTO reports (submission, channel, chat_id, author_id, province, commune, village, "
                "village_key, period, period_start, period_end, figures, status, created_at, updated_at, "
                "message_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
          .bind_all(number, to_string(s.chat.channel), s.chat.id, s.author_id, s.province, s.commune, row.village,
                    row.village_key, s.period.key(), day_number(s.period.first_day()),
                    day_number(s.period.last_day()), encode_figures(row.figures),
                    s.status.empty() ? std::string("pending") : s.status, now, now, s.message_id)
          .exec();
    }
  }

  std::string rows_json(std::int64_t number) {
    auto q = db_.query("SELECT village, period, figures, status FROM reports WHERE submission = ? ORDER BY id");
    q.bind(1, number);
    nlohmann::json rows = nlohmann::json::array();
    while (q.step()) {
      rows.push_back({{"village", q.text(0)}, {"period", q.text(1)}, {"figures", q.text(2)}, {"status", q.text(3)}});
    }
    return rows.dump();
  }

  void add_audit(std::int64_t number, std::string_view action, Channel channel, std::string_view actor,
                 const std::string& before, const std::string& after, TimePoint now) {
    db_.query("INSERT INTO report_audit (submission, at, channel, actor_id, action, before, after) "
              "VALUES (?, ?, ?, ?, ?, ?, ?)")
        .bind_all(number, now, to_string(channel), actor, action, before, after)
        .exec();
  }

  Store& store_;
  sqlite::Db& db_;
};

}  // namespace

// The backend the Store was opened on (issue 18): make_pg_report_store on PostgreSQL.
ReportStore& ReportStore::of(Store& store) {
  return store.repository<ReportStore>([](Store& s) -> std::shared_ptr<ReportStore> {
    if (s.on_postgresql()) return make_pg_report_store(s, s.pg());
    return std::make_shared<SqliteReportStore>(s, s.sqlite());
  });
}

}  // namespace hocvuso::reports
