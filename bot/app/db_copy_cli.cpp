// `hocvuso db copy` (db_copy_cli.hpp): the options, the serve locks on both databases,
// and the table of counts. The URL is read from --to or, so that its password need not
// appear on a command line that `ps` shows every user, from database_url
// (HOCVUSO_DATABASE_URL); it is never printed: messages name the database by
// pg::Db::name() ("PostgreSQL database x on host").
#include "bot/app/db_copy_cli.hpp"

#include <algorithm>
#include <iomanip>
#include <optional>
#include <ostream>

#include "bot/app/serve_lock.hpp"
#include "bot/config/config.hpp"
#include "bot/store/db_copy.hpp"
#include "bot/store/store.hpp"

namespace hocvuso {

namespace {

class UsageError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

struct CopyArgs {
  std::filesystem::path from;
  std::optional<std::string> to;
  std::filesystem::path config;
  bool replace = false;
};

CopyArgs parse(const std::vector<std::string>& args) {
  if (args.size() < 2 || args[1] != "copy") throw UsageError("db copy --from FILE [--to postgresql://…] [--replace]");
  CopyArgs a;
  for (std::size_t i = 2; i < args.size(); ++i) {
    const std::string& name = args[i];
    if (name == "--replace") {
      a.replace = true;
      continue;
    }
    if (name != "--from" && name != "--to" && name != "--config") throw UsageError("unknown argument: " + name);
    if (i + 1 >= args.size()) throw UsageError(name + " needs a value");
    const std::string& value = args[++i];
    if (name == "--from") a.from = value;
    if (name == "--to") a.to = value;
    if (name == "--config") a.config = value;
  }
  if (a.from.empty()) throw UsageError("--from FILE (the SQLite database, e.g. data/hocvuso.db) is needed");
  return a;
}

// --to, checked by the same rules as database_url; without it, database_url itself.
std::string target_url(const CopyArgs& a) {
  const EnvLookup process = process_environment();
  const EnvLookup env = [&](const std::string& name) -> std::optional<std::string> {
    if (name == "HOCVUSO_DATABASE_URL" && a.to) return *a.to;
    return process(name);
  };
  try {
    const Config config = load_config(a.config, env);
    if (config.database_url.empty()) {
      throw UsageError("--to postgresql://… is needed (or database_url / HOCVUSO_DATABASE_URL, which keeps the "
                       "password off the command line)");
    }
    return config.database_url;
  } catch (const ConfigError& e) {
    if ((e.key() == "database_url" || e.key() == "HOCVUSO_DATABASE_URL") && a.to) throw UsageError("--to " + e.reason());
    throw;
  }
}

void print_report(const DbCopyReport& r, std::ostream& out) {
  std::size_t width = 5;
  for (const auto& t : r.tables) width = std::max(width, t.name.size());
  out << std::left << std::setw(static_cast<int>(width)) << "table" << std::right << std::setw(12) << "SQLite"
      << std::setw(12) << "PostgreSQL" << '\n';
  std::int64_t rows = 0;
  for (const auto& t : r.tables) {
    out << std::left << std::setw(static_cast<int>(width)) << t.name << std::right << std::setw(12) << t.sqlite
        << std::setw(12) << t.postgresql << (t.sqlite == t.postgresql ? "" : "  <- differs") << '\n';
    rows += t.sqlite;
  }
  if (!r.one_side.empty()) {
    out << "\nnot copied (on one side only):\n";
    for (const auto& o : r.one_side) out << "  " << o.side << " only: " << o.what << " — " << o.why << '\n';
  }
  if (!r.sequences.empty()) {
    out << "\nsequences set past the copied ids (the others start at 1):";
    for (const auto& s : r.sequences) out << "\n  " << s;
    out << '\n';
  }
  out << '\n';
  if (r.committed) {
    out << "copied " << rows << " rows in " << r.tables.size() << " tables; every count matches. Point "
        << "database_url at this database and start hocvuso serve.\n";
  }
}

}  // namespace

int run_db_command(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
  try {
    const CopyArgs a = parse(args);
    DbCopyOptions options{a.from, target_url(a), a.replace};
    // Checked before the serve lock, whose file would otherwise appear beside a path
    // that holds no database.
    std::error_code ec;
    if (!std::filesystem::is_regular_file(a.from, ec)) {
      err << "hocvuso db copy: no SQLite database at " << a.from.string() << '\n';
      return 1;
    }
    // Both serve locks for the whole copy: a running service would write rows the copy
    // misses (SQLite) or mix its rows with the copied ones (PostgreSQL), and neither may
    // start meanwhile.
    std::optional<ServeLock> sqlite_lock, postgres_lock;
    try {
      sqlite_lock.emplace(a.from);
      postgres_lock.emplace(a.from, options.to, ServeLock::Holder::alone);
    } catch (const StoreError& e) {
      // ServeLock's refusal ends with why two services clash; here the reason is the copy's.
      std::string why = e.what();
      const auto cut = why.find("; stop it first");
      if (cut == std::string::npos) {
        err << "hocvuso db copy: nothing copied: " << why << '\n';  // e.g. the server cannot be reached
        return 1;
      }
      why.resize(cut);
      err << "hocvuso db copy: refused, nothing copied: " << why
          << "; stop it first (webhooks wait at the platform meanwhile), then copy\n";
      return 1;
    }
    out << "copying " << a.from.string() << " into PostgreSQL" << (a.replace ? " (replacing what it holds)" : "")
        << "…\n";
    const DbCopyReport report = copy_sqlite_to_postgresql(options);
    out << "from " << a.from.string() << " (schema " << report.schema_version << ") to " << report.target
        << (report.postgresql_version_before == 0 ? " (schema created)" : "") << "\n\n";
    print_report(report, out);
    if (!report.committed) {
      err << "hocvuso db copy: the counts differ (marked above); the transaction was rolled back and "
          << report.target << " holds nothing of this copy\n";
      return 1;
    }
    return 0;
  } catch (const UsageError& e) {
    err << "hocvuso db copy: " << e.what() << '\n';
    return 2;
  } catch (const ConfigError& e) {
    err << "hocvuso db copy: invalid configuration: " << e.what() << '\n';
    return 2;
  } catch (const StoreError& e) {
    err << "hocvuso db copy: " << e.what() << '\n';
    return 1;
  }
}

}  // namespace hocvuso
