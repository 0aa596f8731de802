// Reports, their audit trail, targets and sent reminders (tables: report_schema_sqlite.cpp).
// A submission is what one message reported (its number is what people see); it
// has one row per village. Figures are kept as "id=value;id=value" so a province's
// quarter adds up in one pass over the rows (bench/reports).
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "bot/core/message.hpp"
#include "flows/reports/parser.hpp"
#include "flows/reports/period.hpp"

namespace hocvuso {
class Store;
}
namespace hocvuso::pg {
class Db;
}

namespace hocvuso::reports {

using Figures = std::vector<std::pair<std::string, long long>>;
// Sums per indicator id (transparent: looked up by string_view while decoding).
using Counts = std::map<std::string, long long, std::less<>>;

std::string encode_figures(const Figures& figures);
// Calls add(id, value) for each "id=value" in the text.
template <class Add>
void decode_figures(std::string_view text, Add&& add) {
  while (!text.empty()) {
    const auto end = text.find(';');
    const std::string_view item = text.substr(0, end);
    const auto eq = item.find('=');
    if (eq != std::string_view::npos) {
      long long v = 0;
      for (std::size_t i = eq + 1; i < item.size() && item[i] >= '0' && item[i] <= '9'; ++i) v = v * 10 + (item[i] - '0');
      add(item.substr(0, eq), v);
    }
    if (end == std::string_view::npos) break;
    text.remove_prefix(end + 1);
  }
}

struct ReportRow {
  std::string village, village_key;
  Figures figures;
};

struct Submission {
  std::int64_t number = 0;
  ChatRef chat;
  std::string author_id;
  std::string message_id;  // platform message id, when known
  std::string province, commune;
  Period period;
  std::string status;  // pending, confirmed, withdrawn
  std::vector<ReportRow> rows;
};

// Sums for one commune, or one village of it.
struct Total {
  std::string commune;
  std::string village_key, village;
  Counts values;
};

struct Target {
  std::string commune, village_key, village, indicator;
  long long value = 0;
};

// Stored reports. An interface, so that feature logic never sees which database
// holds them; the SQLite backend is report_store_sqlite.cpp.
class ReportStore {
 public:
  // The store's ReportStore, made on first use (Store::repository).
  static ReportStore& of(Store& store);
  virtual ~ReportStore() = default;
  // The Store it belongs to (a summary reads resolved tickets through it too).
  virtual Store& store() const = 0;

  virtual std::int64_t create(const Submission& s, TimePoint now) = 0;
  virtual std::optional<Submission> find(std::int64_t number) = 0;
  // The author's latest submission in this chat that is not withdrawn.
  virtual std::optional<std::int64_t> latest(const ChatRef& chat, std::string_view author_id) = 0;
  // The submission a platform message created (not withdrawn), for its edits.
  virtual std::optional<std::int64_t> by_message(const ChatRef& chat, std::string_view message_id) = 0;
  virtual void set_status(std::int64_t number, std::string_view status, Channel channel, std::string_view actor,
                          TimePoint now) = 0;
  // Replaces the rows and period of a submission (a correction), keeping its status.
  virtual void correct(const Submission& after, Channel channel, std::string_view actor, TimePoint now) = 0;
  // action, actor for each change, oldest first.
  virtual std::vector<std::pair<std::string, std::string>> audit(std::int64_t number) = 0;

  // Confirmed figures within the period, per commune (by_village: per village too).
  virtual std::vector<Total> totals(std::string_view province, const Period& period, bool by_village,
                                    std::string_view commune = "") = 0;
  // Village keys ("" for commune-wide reports) with a confirmed report counting for
  // the period: inside it, and ending in its last quarter.
  virtual std::set<std::string> reported(std::string_view province, std::string_view commune,
                                         const Period& period) = 0;

  virtual void set_target(std::string_view province, const Target& target, const Period& period,
                          std::string_view by, TimePoint now) = 0;
  virtual std::vector<Target> targets(std::string_view province, const Period& period,
                                      std::string_view commune = "") = 0;

  virtual bool reminder_sent(const ChatRef& group, const Period& period, std::string_view deadline) = 0;
  virtual void mark_reminder(const ChatRef& group, const Period& period, std::string_view deadline,
                             TimePoint now) = 0;
};

// ReportStore on PostgreSQL (report_store_pg.cpp), for the PostgreSQL Store to make (issue 18;
// not chosen by `of` yet): `store` is the Store it belongs to (store() above), `db` that
// Store's connection.
std::shared_ptr<ReportStore> make_pg_report_store(Store& store, pg::Db& db);

}  // namespace hocvuso::reports
