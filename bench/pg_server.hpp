// The bench's own PostgreSQL 15 server (issue 18 item 5): Debian's initdb and pg_ctl in a temporary
// directory, stopped and removed at the end. Like tests/support/pg_cluster.hpp (runuser -u postgres
// when run as root, a unix socket in that directory, no TCP), with three differences that a
// measurement needs and the tests must not pay for:
//  - durable as the SQLite row is: fsync and synchronous_commit on (the tests' cluster runs -F);
//  - pg_stat_statements preloaded (top-level statements only), to count the statements the nodes
//    send: each is one round trip (bot/store/pg_db.cpp sends one PQexec or PQexecPrepared per
//    statement; the PQprepare of each statement, once per connection, is not counted);
//  - room for three nodes and their store connections (max_connections 100, shared_buffers 128MB).
#pragma once

#include <sys/types.h>

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

namespace hocvuso::bench {

class PgServer {
 public:
  // Starts the server; throws with initdb's or the server's log when it cannot (no PostgreSQL
  // installed: "apt-get install postgresql").
  PgServer();
  ~PgServer();  // pg_ctl stop -m fast, then the directory is removed
  PgServer(const PgServer&) = delete;
  PgServer& operator=(const PgServer&) = delete;

  // A libpq URL for `database` over the socket, as the database user postgres (trust: the socket
  // directory is the only way in).
  std::string url(const std::string& database) const;
  // CREATE DATABASE; CREATE EXTENSION pg_stat_statements in the maintenance database.
  void create_database(const std::string& name) const;
  // ANALYZE `database`: statistics as autovacuum keeps them on a database in service (its first
  // pass comes up to a minute after the tables filled, later than a bench run).
  void analyze(const std::string& database) const;
  // "PostgreSQL 15.x ..." as the server says.
  std::string version() const;

  // The server's processes: the postmaster and every child it has now (backends, WAL writer,
  // checkpointer...). Read for their CPU (bench/proc_cpu.hpp).
  pid_t postmaster() const;

  // Statements executed in `database` since the server started, from pg_stat_statements (calls,
  // utility statements such as BEGIN and COMMIT included), and of them the COMMITs.
  struct Statements {
    std::int64_t calls = 0;
    std::int64_t commits = 0;
  };
  Statements statements(const std::string& database) const;

  // The `n` statements of `database` run most often so far (each call a round trip), with their server time.
  struct Top {
    std::int64_t calls = 0;
    double total_ms = 0;
    std::int64_t rows = 0;
    std::string query;  // normalised by pg_stat_statements ($1 for constants), on one line
  };
  std::vector<Top> top_statements(const std::string& database, int n) const;

 private:
  void start(uid_t uid, gid_t gid);
  void stop() noexcept;
  int run_as_owner(std::vector<std::string> args) const;
  std::string log() const;

  std::filesystem::path bin_;
  std::filesystem::path dir_;
  int port_ = 0;
  bool as_postgres_ = false;
  bool started_ = false;
};

}  // namespace hocvuso::bench
