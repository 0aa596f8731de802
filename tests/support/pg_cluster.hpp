// Test helper: a real PostgreSQL server of its own for the tests of one process, in a
// temporary directory, listening on a unix socket there only (no TCP port, so parallel
// test binaries and other engineers' runs never collide). Started on first use with
// Debian's initdb and pg_ctl, stopped and removed at exit.
//
// PostgreSQL refuses to run as root; CI runs as root. Then the directory is given to
// the `postgres` user (created by Debian's postgresql package) and initdb and pg_ctl
// run through `runuser -u postgres`; the tests themselves connect over the socket as
// the database user postgres, with trust authentication (the socket directory is the
// only way in).
//
// Under ctest one cluster serves every PostgreSQL test of the run (a ctest fixture:
// tests/support/pg_cluster_main.cpp starts it and writes its place to the file named by
// HOCVUSO_TEST_PG_FILE, the tests attach to it, the fixture's cleanup stops it): ctest
// runs each test as its own process, and a cluster per process cost ~4 s of a loaded
// 2-core machine per test. Each test takes a fresh database of its own.
//
//   auto* pg = hocvuso::testing::PgCluster::shared();
//   if (!pg) GTEST_SKIP() << hocvuso::testing::PgCluster::why_not();
//   pg::Db db(pg->create_database());
#pragma once

#include <fcntl.h>
#include <pwd.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <memory>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include "bot/store/pg_db.hpp"
#include "support/run_logged.hpp"

extern char** environ;

namespace hocvuso::testing {

class PgCluster {
 public:
  // The process's cluster, started on first call; nullptr when PostgreSQL's server
  // binaries are not installed (why_not() says what is missing). A cluster that is
  // installed but fails to start is a test failure, not a skip: it throws.
  static PgCluster* shared() {
    static std::unique_ptr<PgCluster> cluster = attach_or_start();
    return cluster.get();
  }

  // For the ctest fixture: a cluster that outlives this process, its place written to
  // `place` ("<dir>\n<port>\n"); stop_detached(place) ends it.
  static void start_detached(const std::filesystem::path& place) {
    stop_detached(place);  // a cluster left by an interrupted run
    auto c = start();
    if (!c) throw std::runtime_error(why_not());
    std::ofstream(place) << c->dir_.string() << '\n' << c->port_ << '\n';
    c->owned_ = false;
  }
  static void stop_detached(const std::filesystem::path& place) {
    auto c = attach(place);
    if (!c) return;
    c->owned_ = true;
    c.reset();
    std::filesystem::remove(place);
  }
  static std::string why_not() { return reason(); }

  // A new, empty database; its libpq URL.
  std::string create_database() {
    static std::atomic<int> counter{0};
    const std::string name = "t" + std::to_string(::getpid()) + "_" + std::to_string(counter++);
    pg::Db admin(url("postgres"));
    admin.run("CREATE DATABASE " + name);
    return url(name);
  }

  std::string url(const std::string& database) const {
    return "postgresql:///" + database + "?host=" + dir_.string() + "&port=" + std::to_string(port_) +
           "&user=postgres";
  }
  const std::filesystem::path& dir() const { return dir_; }

  ~PgCluster() {
    if (!owned_) return;
    run_as_owner({pg_ctl_, "-D", (dir_ / "data").string(), "-m", "immediate", "-w", "stop"});
    std::error_code ec;
    std::filesystem::remove_all(dir_, ec);
  }
  PgCluster(const PgCluster&) = delete;
  PgCluster& operator=(const PgCluster&) = delete;

 private:
  PgCluster() = default;

  static std::string& reason() {
    static std::string r;
    return r;
  }

  static std::unique_ptr<PgCluster> attach_or_start() {
    if (const char* place = std::getenv("HOCVUSO_TEST_PG_FILE"); place && *place) {
      if (auto c = attach(place)) return c;
    }
    return start();
  }

  // The cluster a fixture started, or nullptr when there is none.
  static std::unique_ptr<PgCluster> attach(const std::filesystem::path& place) {
    std::ifstream in(place);
    std::string dir;
    int port = 0;
    if (!(in >> dir >> port) || !std::filesystem::exists(std::filesystem::path(dir) / "data")) return nullptr;
    std::unique_ptr<PgCluster> c(new PgCluster());
    c->dir_ = dir;
    c->port_ = port;
    c->owned_ = false;
    c->pg_ctl_ = (pg_bin_dir() / "pg_ctl").string();
    if (::geteuid() == 0) c->as_postgres_ = true;
    return c;
  }

  static std::unique_ptr<PgCluster> start() {
    const auto bin = pg_bin_dir();
    if (bin.empty() || !std::filesystem::exists(bin / "initdb") || !std::filesystem::exists(bin / "pg_ctl")) {
      reason() = "PostgreSQL server binaries not found (no /usr/lib/postgresql/*/bin/initdb, HOCVUSO_PG_BIN unset): "
                 "apt-get install postgresql";
      return nullptr;
    }
    std::unique_ptr<PgCluster> c(new PgCluster());
    c->pg_ctl_ = (bin / "pg_ctl").string();
    if (::geteuid() == 0) {
      const passwd* pw = ::getpwnam("postgres");
      if (pw == nullptr) {
        reason() = "running as root and there is no postgres user to run the server as";
        return nullptr;
      }
      c->as_postgres_ = true;
      c->uid_ = pw->pw_uid;
      c->gid_ = pw->pw_gid;
    }
    char tmpl[] = "/tmp/hocvuso-pg-XXXXXX";
    if (::mkdtemp(tmpl) == nullptr) throw std::runtime_error("pg_cluster: cannot create a temporary directory");
    c->dir_ = tmpl;
    if (c->as_postgres_ && ::chown(tmpl, c->uid_, c->gid_) != 0) {
      throw std::runtime_error("pg_cluster: cannot give " + c->dir_.string() + " to the postgres user");
    }
    // The port only names the socket file (no TCP); random, so the shared-memory keys of
    // clusters started at the same moment differ.
    c->port_ = 20000 + static_cast<int>(std::random_device{}() % 40000);
    const auto data = (c->dir_ / "data").string();
    if (c->run_as_owner({(bin / "initdb").string(), "-D", data, "-A", "trust", "-U", "postgres", "-E", "UTF8",
                         "--no-locale", "--no-sync"}) != 0) {
      throw std::runtime_error("pg_cluster: initdb failed, see " + (c->dir_ / "pg.log").string() + ":\n" + c->log());
    }
    // max_connections: each node opens store_threads (4) connections and the tests' own; the
    // cluster test's three nodes with another test beside it need about 30.
    const std::string options = "-h '' -k " + c->dir_.string() + " -p " + std::to_string(c->port_) +
                                " -F -c shared_buffers=16MB -c max_connections=120";
    if (c->run_as_owner({c->pg_ctl_, "-D", data, "-o", options, "-l", (c->dir_ / "server.log").string(), "-w",
                         "-t", "120", "start"}) != 0) {
      std::string log = c->log();
      std::ifstream server(c->dir_ / "server.log");
      log += std::string(std::istreambuf_iterator<char>(server), {});
      throw std::runtime_error("pg_cluster: the server did not start:\n" + log);
    }
    return c;
  }

  std::string log() const {
    std::ifstream in(dir_ / "pg.log");
    return std::string(std::istreambuf_iterator<char>(in), {});
  }

  // Runs a server tool as the data directory's owner; its exit status.
  int run_as_owner(std::vector<std::string> args) const {
    return run_logged(std::move(args), dir_ / "pg.log", as_postgres_);
  }

  std::filesystem::path dir_;
  std::string pg_ctl_;
  int port_ = 0;
  bool as_postgres_ = false;
  bool owned_ = true;  // stopped and removed at the end (not a fixture's cluster)
  uid_t uid_ = 0;
  gid_t gid_ = 0;
};

}  // namespace hocvuso::testing
