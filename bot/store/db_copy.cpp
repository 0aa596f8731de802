// `hocvuso db copy` (db_copy.hpp): every table the two schemas share, column by column by
// name, through COPY … FROM STDIN in one PostgreSQL transaction; the SQLite side is read
// in one read transaction, so both counts describe the same snapshot.
// Both schemas store times as BIGINT milliseconds and flags as 0/1 integers
// (store_schema_pg.cpp), so most values move as they are; what differs is converted by
// the PostgreSQL column's type (render_value), and anything that cannot be is an error
// naming the table, the column and the row's position, never its value.
#include "bot/store/db_copy.hpp"

#include <SQLiteCpp/SQLiteCpp.h>
#include <sqlite3.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <optional>
#include <set>

#include "bot/store/migrations.hpp"
#include "bot/store/pg_db.hpp"
#include "bot/store/pg_migrate.hpp"
#include "bot/store/store.hpp"

namespace hocvuso {

namespace {

// Tables and columns that exist on one side only by design, and why nothing of them is
// copied. Anything on one side that is not listed here is reported as unexplained; a
// SQLite-only column is refused (its values would be lost).
struct Explained {
  std::string_view what;
  std::string_view why;
};
constexpr Explained kSqliteOnly[] = {
    {"sqlite_sequence",
     "SQLite's AUTOINCREMENT counters; PostgreSQL's identity sequences are set past the copied ids instead"},
    {"sqlite_stat1", "SQLite's query planner statistics"},
    {"sqlite_stat4", "SQLite's query planner statistics"},
};
constexpr Explained kPostgresOnly[] = {
    {"schema_migrations", "PostgreSQL's record of applied migrations (SQLite keeps PRAGMA user_version); "
                          "written by the migration, not copied"},
    {"job_leases", "which node runs each timed job; one SQLite process needs none, so it starts empty"},
    {"inbox.chat_id", "an update's chat, for the per-chat lock across nodes; left empty: an update not yet "
                      "processed is claimed row by row instead, before the chats' (bot/store/inbox_queue.hpp)"},
    {"outbox.lease_node", "the node sending a row; empty: no node holds a row after a copy"},
    {"outbox.lease_until", "until when a node holds a row; empty: no node holds a row after a copy"},
};
// PostgreSQL-only tables emptied with the copied ones under --replace: hocvuso's own
// state, which would be stale beside the copied rows.
constexpr std::string_view kPostgresOnlyState[] = {"job_leases"};

template <std::size_t N>
std::optional<std::string_view> why_of(const Explained (&list)[N], std::string_view what) {
  for (const auto& e : list) {
    if (e.what == what) return e.why;
  }
  return std::nullopt;
}

// Sequences that no column owns, and the column whose largest value they must pass.
struct FreeSequence {
  std::string_view sequence;
  std::string_view table;
  std::string_view column;
};
constexpr FreeSequence kFreeSequences[] = {
    // flows/reports/report_schema_pg.cpp: the submission numbers people see.
    {"report_submission_numbers", "reports", "submission"},
};

std::string sql_name(std::string_view name) {
  std::string out = "\"";
  for (char c : name) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + '"';
}

// How a PostgreSQL column takes a value.
enum class Kind { integer, boolean, real, text, bytea };

std::optional<Kind> kind_of(std::string_view data_type) {
  if (data_type == "bigint" || data_type == "integer" || data_type == "smallint") return Kind::integer;
  if (data_type == "boolean") return Kind::boolean;
  if (data_type == "double precision" || data_type == "real" || data_type == "numeric") return Kind::real;
  if (data_type == "text" || data_type == "character varying" || data_type == "character" || data_type == "json" ||
      data_type == "jsonb") {
    return Kind::text;
  }
  if (data_type == "bytea") return Kind::bytea;
  return std::nullopt;
}

struct Column {
  std::string name;
  Kind kind;
};

struct TablePlan {
  std::string name;
  std::vector<Column> columns;  // the shared ones, in PostgreSQL's order
};

class ValueError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// COPY's text format: backslash escapes for the delimiter, line ends and backslash.
void append_escaped(std::string& out, std::string_view text) {
  for (char c : text) {
    switch (c) {
      case '\\': out += "\\\\"; break;
      case '\t': out += "\\t"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\0': throw ValueError("holds a NUL byte, which PostgreSQL text cannot store");
      default: out += c;
    }
  }
}

void append_number(std::string& out, double d) {
  if (!std::isfinite(d)) throw ValueError("holds a number PostgreSQL cannot store (infinite or NaN)");
  char buffer[32];
  auto [end, ec] = std::to_chars(buffer, buffer + sizeof buffer, d);  // shortest round trip
  out.append(buffer, end);
}

bool whole_number(std::string_view text) {
  std::int64_t n = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), n);
  return !text.empty() && ec == std::errc() && end == text.data() + text.size();
}

// One SQLite value as the PostgreSQL column of `kind` takes it, in COPY's text format.
void render_value(std::string& out, const SQLite::Column& v, Kind kind) {
  const int type = v.getType();
  if (type == SQLITE_NULL) {
    out += "\\N";
    return;
  }
  std::string_view text;
  if (type == SQLITE_TEXT || type == SQLITE_BLOB) {
    const auto* bytes = static_cast<const char*>(v.getBlob());  // before getBytes(), as SQLite asks
    text = std::string_view(bytes, static_cast<std::size_t>(v.getBytes()));
  }
  switch (kind) {
    case Kind::integer:
      if (type == SQLITE_INTEGER) {
        out += std::to_string(v.getInt64());
      } else if (type == SQLITE_FLOAT) {
        const double d = v.getDouble();
        if (d != std::floor(d) || std::fabs(d) > 9.2e18) throw ValueError("holds a fraction where PostgreSQL takes a whole number");
        out += std::to_string(static_cast<std::int64_t>(d));
      } else if (type == SQLITE_TEXT && whole_number(text)) {
        out += text;
      } else {
        throw ValueError("holds text or bytes where PostgreSQL takes a whole number");
      }
      return;
    case Kind::boolean:
      if (type == SQLITE_INTEGER) {
        out += v.getInt64() != 0 ? "t" : "f";
      } else if (type == SQLITE_TEXT && (text == "0" || text == "1" || text == "t" || text == "f")) {
        out += text == "1" || text == "t" ? "t" : "f";
      } else {
        throw ValueError("holds something other than 0 or 1 where PostgreSQL takes a boolean");
      }
      return;
    case Kind::real:
      if (type == SQLITE_INTEGER) {
        out += std::to_string(v.getInt64());
      } else if (type == SQLITE_FLOAT) {
        append_number(out, v.getDouble());
      } else {
        throw ValueError("holds text or bytes where PostgreSQL takes a number");
      }
      return;
    case Kind::text:
      if (type == SQLITE_INTEGER) {
        out += std::to_string(v.getInt64());
      } else if (type == SQLITE_FLOAT) {
        append_number(out, v.getDouble());
      } else {
        append_escaped(out, text);  // PostgreSQL checks the UTF-8 itself
      }
      return;
    case Kind::bytea: {
      if (type == SQLITE_INTEGER || type == SQLITE_FLOAT) throw ValueError("holds a number where PostgreSQL takes bytes");
      static constexpr char kHex[] = "0123456789abcdef";
      out += "\\\\x";  // bytea's hex form, its backslash escaped for COPY
      for (unsigned char c : text) {
        out += kHex[c >> 4];
        out += kHex[c & 15];
      }
      return;
    }
  }
}

std::vector<std::string> sqlite_tables(SQLite::Database& db) {
  std::vector<std::string> out;
  SQLite::Statement q(db, "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name");
  while (q.executeStep()) out.push_back(q.getColumn(0).getString());
  return out;
}

std::vector<std::string> sqlite_columns(SQLite::Database& db, const std::string& table) {
  std::vector<std::string> out;
  SQLite::Statement q(db, "SELECT name FROM pragma_table_info(?) ORDER BY cid");
  q.bind(1, table);
  while (q.executeStep()) out.push_back(q.getColumn(0).getString());
  return out;
}

std::int64_t sqlite_count(SQLite::Database& db, const std::string& table) {
  SQLite::Statement q(db, "SELECT count(*) FROM " + sql_name(table));
  q.executeStep();
  return q.getColumn(0).getInt64();
}

std::vector<std::string> pg_tables(pg::Db& db) {
  std::vector<std::string> out;
  auto q = db.query(
      "SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() "
      "AND table_type = 'BASE TABLE' ORDER BY table_name COLLATE \"C\"");
  while (q.step()) out.push_back(q.text(0));
  return out;
}

struct PgColumn {
  std::string name;
  std::string data_type;
};

std::vector<PgColumn> pg_columns(pg::Db& db, const std::string& table) {
  std::vector<PgColumn> out;
  auto q = db.query(
      "SELECT column_name, data_type FROM information_schema.columns WHERE table_schema = current_schema() "
      "AND table_name = $1 ORDER BY ordinal_position");
  q.bind(1, table);
  while (q.step()) out.push_back({q.text(0), q.text(1)});
  return out;
}

std::int64_t pg_count(pg::Db& db, const std::string& table) {
  auto q = db.unprepared("SELECT count(*) FROM " + sql_name(table));
  q.step();
  return q.int64(0);
}

// The copy's plan: the shared tables and columns, and everything on one side only with
// its reason. Throws StoreError for what cannot be copied without losing data.
std::vector<TablePlan> plan(SQLite::Database& src, pg::Db& dst, DbCopyReport& report) {
  const auto lite = sqlite_tables(src);
  const auto post = pg_tables(dst);
  const std::set<std::string> lite_set(lite.begin(), lite.end()), post_set(post.begin(), post.end());
  std::vector<TablePlan> tables;
  std::vector<std::string> refused;
  for (const auto& t : lite) {
    if (post_set.contains(t)) continue;
    if (auto why = why_of(kSqliteOnly, t)) {
      report.one_side.push_back({t, "SQLite", std::string(*why)});
    } else if (t.starts_with("sqlite_")) {
      report.one_side.push_back({t, "SQLite", "SQLite's own bookkeeping"});
    } else if (const auto n = sqlite_count(src, t); n > 0) {
      refused.push_back("table " + t + " (" + std::to_string(n) + " rows) exists in SQLite only");
    } else {
      report.one_side.push_back({t, "SQLite", "not in this hocvuso's PostgreSQL schema; it is empty"});
    }
  }
  for (const auto& t : post) {
    if (lite_set.contains(t)) continue;
    auto why = why_of(kPostgresOnly, t);
    report.one_side.push_back(
        {t, "PostgreSQL", why ? std::string(*why) : "not one of hocvuso's SQLite tables; left as it is"});
  }
  for (const auto& t : lite) {
    if (!post_set.contains(t)) continue;
    TablePlan p{t, {}};
    const auto lite_columns = sqlite_columns(src, t);
    const std::set<std::string> lite_column_set(lite_columns.begin(), lite_columns.end());
    std::set<std::string> post_column_set;
    for (const auto& c : pg_columns(dst, t)) {
      post_column_set.insert(c.name);
      const std::string what = t + "." + c.name;
      if (!lite_column_set.contains(c.name)) {
        auto why = why_of(kPostgresOnly, what);
        report.one_side.push_back({what, "PostgreSQL", why ? std::string(*why) : "not in SQLite; left at its default"});
        continue;
      }
      auto kind = kind_of(c.data_type);
      if (!kind) {
        refused.push_back("column " + what + " has PostgreSQL type " + c.data_type + ", which db copy does not convert");
        continue;
      }
      p.columns.push_back({c.name, *kind});
    }
    for (const auto& c : lite_columns) {
      if (!post_column_set.contains(c)) refused.push_back("column " + t + "." + c + " exists in SQLite only");
    }
    tables.push_back(std::move(p));
  }
  if (!refused.empty()) {
    std::string message = "nothing copied: the PostgreSQL schema has no place for some of the SQLite data, "
                          "which would be lost:";
    for (const auto& r : refused) message += "\n  " + r;
    throw StoreError(message + "\n(a table or column added to the SQLite file by hand, or a schema change this "
                               "hocvuso has not made on PostgreSQL yet)");
  }
  return tables;
}

// The tables of `tables` (and the PostgreSQL-only state) that hold rows: "users (3)".
std::vector<std::string> holding_data(pg::Db& dst, const std::vector<TablePlan>& tables) {
  std::vector<std::string> names;
  for (const auto& t : tables) names.push_back(t.name);
  for (auto t : kPostgresOnlyState) names.emplace_back(t);
  std::vector<std::string> out;
  for (const auto& name : names) {
    auto q = dst.unprepared("SELECT count(*) FROM " + sql_name(name));
    q.step();
    if (const auto n = q.int64(0); n > 0) out.push_back(name + " (" + std::to_string(n) + ")");
  }
  return out;
}

void truncate_all(pg::Db& dst, const std::vector<TablePlan>& tables) {
  std::string sql = "TRUNCATE ";
  for (const auto& t : tables) sql += sql_name(t.name) + ", ";
  for (auto t : kPostgresOnlyState) sql += sql_name(t) + ", ";
  sql.resize(sql.size() - 2);
  dst.run(sql + " RESTART IDENTITY");
}

// One table through COPY; the rows the server took.
std::int64_t copy_table(SQLite::Database& src, pg::Db& dst, const TablePlan& t) {
  if (t.columns.empty()) return 0;
  std::string names;
  for (const auto& c : t.columns) names += (names.empty() ? "" : ", ") + sql_name(c.name);
  SQLite::Statement rows(src, "SELECT " + names + " FROM " + sql_name(t.name));
  const int width = static_cast<int>(t.columns.size());
  std::int64_t row = 0;
  constexpr std::size_t kChunk = 1 << 20;  // bytes handed to libpq at a time
  return dst.copy_in("COPY " + sql_name(t.name) + " (" + names + ") FROM STDIN", [&](std::string& out) {
    while (out.size() < kChunk) {
      if (!rows.executeStep()) return false;
      ++row;
      for (int i = 0; i < width; ++i) {
        if (i > 0) out += '\t';
        try {
          render_value(out, rows.getColumn(i), t.columns[static_cast<std::size_t>(i)].kind);
        } catch (const ValueError& e) {
          throw StoreError("nothing copied: " + t.name + "." + t.columns[static_cast<std::size_t>(i)].name + " in row " +
                           std::to_string(row) + " of the SQLite table " + e.what());
        }
      }
      out += '\n';
    }
    return true;
  });
}

// Every sequence past the largest value copied into its column, so the next id handed
// out is new. ALTER SEQUENCE … RESTART is transactional: a rolled-back copy leaves the
// sequences as they were.
void move_sequences(pg::Db& dst, const std::vector<TablePlan>& tables, DbCopyReport& report) {
  auto restart = [&](const std::string& sequence, const std::string& table, const std::string& column,
                     const std::string& label) {
    auto q = dst.unprepared("SELECT max(" + sql_name(column) + ") FROM " + sql_name(table));
    q.step();
    const std::int64_t next = q.null(0) ? 1 : q.int64(0) + 1;
    dst.run("ALTER SEQUENCE " + sequence + " RESTART WITH " + std::to_string(next));
    if (next > 1) report.sequences.push_back(label + ": next " + std::to_string(next));
  };
  for (const auto& t : tables) {
    for (const auto& c : t.columns) {
      auto q = dst.query("SELECT pg_get_serial_sequence($1, $2)");
      q.bind_all(sql_name(t.name), c.name);
      if (!q.step() || q.null(0)) continue;
      const std::string sequence = q.text(0);  // quoted and qualified as SQL takes it
      restart(sequence, t.name, c.name, t.name + "." + c.name);
    }
  }
  // Sequences no column owns: only those this code knows the meaning of.
  auto free = dst.query(
      "SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
      "WHERE c.relkind = 'S' AND n.nspname = current_schema() AND NOT EXISTS "
      "(SELECT 1 FROM pg_depend d WHERE d.objid = c.oid AND d.classid = 'pg_class'::regclass AND d.deptype IN ('a', 'i')) "
      "ORDER BY c.relname COLLATE \"C\"");
  std::vector<std::string> names;
  while (free.step()) names.push_back(free.text(0));
  for (const auto& name : names) {
    const auto known = std::find_if(std::begin(kFreeSequences), std::end(kFreeSequences),
                                    [&](const FreeSequence& f) { return f.sequence == name; });
    if (known == std::end(kFreeSequences)) {
      throw StoreError("nothing copied: the PostgreSQL sequence " + name +
                       " belongs to no column and db copy does not know which values it must pass");
    }
    restart(sql_name(name), std::string(known->table), std::string(known->column),
            name + " (" + std::string(known->table) + "." + std::string(known->column) + ")");
  }
}

}  // namespace

DbCopyReport copy_sqlite_to_postgresql(const DbCopyOptions& options) {
  std::error_code ec;
  if (!std::filesystem::is_regular_file(options.from, ec)) {
    throw StoreError("no SQLite database at " + options.from.string());
  }
  DbCopyReport report;
  std::optional<SQLite::Database> src;
  try {
    src.emplace(options.from.string(), SQLite::OPEN_READONLY);
    src->setBusyTimeout(5000);
    report.schema_version = src->execAndGet("PRAGMA user_version").getInt();
  } catch (const SQLite::Exception& e) {
    throw StoreError("cannot read " + options.from.string() + ": " + e.what());
  }
  const int known = Store::schema_version();
  if (report.schema_version > known) {
    throw StoreError(newer_schema_message(options.from.string(), report.schema_version, known));
  }
  if (report.schema_version < known) {
    throw StoreError(options.from.string() + " has schema version " + std::to_string(report.schema_version) +
                     ", older than this hocvuso's (" + std::to_string(known) +
                     "); start this hocvuso on it once (it migrates at start-up), stop it, then copy");
  }

  try {
    pg::Db dst(options.to);
    report.target = dst.name();
    report.postgresql_version_before = pg::migrate(dst);

    // One snapshot of the SQLite file for the rows and their counts (a CLI command may
    // write beside a stopped service).
    src->exec("BEGIN");
    const auto tables = plan(*src, dst, report);
    if (!options.replace) {
      if (const auto full = holding_data(dst, tables); !full.empty()) {
        std::string list;
        for (const auto& f : full) list += (list.empty() ? "" : ", ") + f;
        throw StoreError(report.target + " already holds data (" + list +
                         "); nothing copied. Copy into an empty database, or add --replace to delete what it "
                         "holds and copy over it");
      }
    }

    pg::Transaction tx(dst);
    if (options.replace) truncate_all(dst, tables);
    for (const auto& t : tables) {
      try {
        copy_table(*src, dst, t);
      } catch (const pg::Error& e) {
        throw StoreError("nothing copied: table " + t.name + ": " + e.what());
      }
    }
    for (const auto& t : tables) report.tables.push_back({t.name, sqlite_count(*src, t.name), pg_count(dst, t.name)});
    const bool same = std::all_of(report.tables.begin(), report.tables.end(),
                                  [](const DbCopyReport::Table& t) { return t.sqlite == t.postgresql; });
    if (!same) return report;  // tx rolls back: nothing half-copied
    move_sequences(dst, tables, report);
    // The planner's statistics, as autovacuum would gather them only later: without them
    // the first hours' outbox claims read whole tables (measured in bench/README.md).
    for (const auto& t : tables) dst.run("ANALYZE " + sql_name(t.name));
    tx.commit();
    report.committed = true;
    src->exec("COMMIT");
    return report;
  } catch (const pg::Error& e) {
    // pg::Error carries the server's primary line, never the URL (it may hold a password).
    throw StoreError(std::string("nothing copied: ") + e.what());
  } catch (const SQLite::Exception& e) {
    throw StoreError("nothing copied: reading " + options.from.string() + ": " + e.what());
  }
}

}  // namespace hocvuso
