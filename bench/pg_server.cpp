// Start and stop as tests/support/pg_cluster.hpp does (its comments say why runuser and the socket);
// the settings differ, see pg_server.hpp.
#include "bench/pg_server.hpp"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <pwd.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <fstream>
#include <iterator>
#include <stdexcept>

#include "bot/store/pg_db.hpp"
#include "tests/support/run_logged.hpp"

extern char** environ;

namespace hocvuso::bench {

namespace {

// A TCP port free now. The server listens on no TCP port, but its port names the socket file and
// keys its shared memory, so one that no other server here uses avoids a clash.
int free_port() {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t len = sizeof a;
  int port = 0;
  if (fd >= 0 && ::bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) == 0 &&
      ::getsockname(fd, reinterpret_cast<sockaddr*>(&a), &len) == 0) {
    port = ntohs(a.sin_port);
  }
  if (fd >= 0) ::close(fd);
  if (port == 0) throw std::runtime_error("pg_server: no free port");
  return port;
}

// HOCVUSO_BENCH_PG_OPTIONS: more server settings for a look inside, e.g. "-c logging_collector=on
// -c log_directory=/tmp/pg-log -c session_preload_libraries=auto_explain -c auto_explain.log_min_duration=20".
std::string extra_options() {
  const char* env = std::getenv("HOCVUSO_BENCH_PG_OPTIONS");
  return env && *env ? std::string(" ") + env : std::string();
}

std::string read_all(const std::filesystem::path& file) {
  std::ifstream in(file);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

}  // namespace

PgServer::PgServer() : bin_(testing::pg_bin_dir()) {
  if (bin_.empty() || !std::filesystem::exists(bin_ / "initdb") || !std::filesystem::exists(bin_ / "pg_ctl")) {
    throw std::runtime_error("PostgreSQL server binaries not found (no /usr/lib/postgresql/*/bin/initdb, "
                             "HOCVUSO_PG_BIN unset): apt-get install postgresql");
  }
  uid_t uid = 0;
  gid_t gid = 0;
  if (::geteuid() == 0) {  // the server refuses to run as root
    const passwd* pw = ::getpwnam("postgres");
    if (pw == nullptr) throw std::runtime_error("running as root and there is no postgres user to run the server as");
    as_postgres_ = true;
    uid = pw->pw_uid;
    gid = pw->pw_gid;
  }
  try {
    start(uid, gid);
  } catch (...) {
    stop();
    throw;
  }
}

void PgServer::start(uid_t uid, gid_t gid) {
  char tmpl[] = "/tmp/hocvuso-bench-pg-XXXXXX";
  if (::mkdtemp(tmpl) == nullptr) throw std::runtime_error("pg_server: cannot create a temporary directory");
  dir_ = tmpl;
  if (as_postgres_ && ::chown(tmpl, uid, gid) != 0) {
    throw std::runtime_error("pg_server: cannot give " + dir_.string() + " to the postgres user");
  }
  port_ = free_port();
  const auto data = (dir_ / "data").string();
  if (run_as_owner({(bin_ / "initdb").string(), "-D", data, "-A", "trust", "-U", "postgres", "-E", "UTF8",
                    "--no-locale", "--no-sync"}) != 0) {
    throw std::runtime_error("pg_server: initdb failed:\n" + log());
  }
  const std::string options = "-h '' -k " + dir_.string() + " -p " + std::to_string(port_) +
                              " -c fsync=on -c synchronous_commit=on -c shared_buffers=128MB -c max_connections=100"
                              " -c shared_preload_libraries=pg_stat_statements -c pg_stat_statements.track=top" +
                              extra_options();
  if (run_as_owner({(bin_ / "pg_ctl").string(), "-D", data, "-o", options, "-l", (dir_ / "server.log").string(), "-w",
                    "-t", "120", "start"}) != 0) {
    throw std::runtime_error("pg_server: the server did not start:\n" + log() + read_all(dir_ / "server.log"));
  }
  started_ = true;
  pg::Db admin(url("postgres"));
  admin.run("CREATE EXTENSION IF NOT EXISTS pg_stat_statements");
}

PgServer::~PgServer() { stop(); }

void PgServer::stop() noexcept {
  if (started_) run_as_owner({(bin_ / "pg_ctl").string(), "-D", (dir_ / "data").string(), "-m", "fast", "-w", "stop"});
  started_ = false;
  std::error_code ec;
  if (!dir_.empty()) std::filesystem::remove_all(dir_, ec);
}

std::string PgServer::url(const std::string& database) const {
  return "postgresql:///" + database + "?host=" + dir_.string() + "&port=" + std::to_string(port_) + "&user=postgres";
}

void PgServer::create_database(const std::string& name) const {
  pg::Db admin(url("postgres"));
  admin.run("CREATE DATABASE " + name);
}

void PgServer::analyze(const std::string& database) const {
  pg::Db db(url(database));
  db.run("ANALYZE");
}

std::string PgServer::version() const {
  pg::Db admin(url("postgres"));
  auto q = admin.unprepared("SELECT version()");
  return q.step() ? q.text(0) : "?";
}

pid_t PgServer::postmaster() const {
  std::ifstream in(dir_ / "data" / "postmaster.pid");
  pid_t pid = 0;
  in >> pid;
  return pid;
}

// Read from the maintenance database, so that these reads are not counted in `database`.
PgServer::Statements PgServer::statements(const std::string& database) const {
  pg::Db admin(url("postgres"));
  auto q = admin.unprepared(
      "SELECT coalesce(sum(s.calls), 0)::bigint, coalesce(sum(s.calls) FILTER (WHERE upper(s.query) LIKE 'COMMIT%'), "
      "0)::bigint FROM pg_stat_statements s JOIN pg_database d ON d.oid = s.dbid WHERE d.datname = $1");
  q.bind(1, database);
  Statements s;
  if (q.step()) {
    s.calls = q.int64(0);
    s.commits = q.int64(1);
  }
  return s;
}

std::vector<PgServer::Top> PgServer::top_statements(const std::string& database, int n) const {
  pg::Db admin(url("postgres"));
  auto q = admin.unprepared(
      "SELECT s.calls, s.total_exec_time, s.rows, regexp_replace(s.query, '\\s+', ' ', 'g') FROM pg_stat_statements s "
      "JOIN pg_database d ON d.oid = s.dbid WHERE d.datname = $1 ORDER BY s.calls DESC, s.total_exec_time DESC LIMIT $2");
  q.bind(1, database);
  q.bind(2, n);
  std::vector<Top> out;
  while (q.step()) out.push_back({q.int64(0), q.real(1), q.int64(2), q.text(3)});
  return out;
}

std::string PgServer::log() const { return read_all(dir_ / "pg.log"); }

int PgServer::run_as_owner(std::vector<std::string> args) const {
  return testing::run_logged(std::move(args), dir_ / "pg.log", as_postgres_);
}

}  // namespace hocvuso::bench
