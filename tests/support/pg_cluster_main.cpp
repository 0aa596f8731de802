// The ctest fixture around the PostgreSQL tests: `pg_cluster start FILE` starts one
// cluster for the whole run and writes where it is to FILE; `pg_cluster stop FILE` stops
// and removes it (tests/support/pg_cluster.hpp). Without the server binaries, start
// succeeds without a cluster and the tests skip with the reason.
#include <iostream>
#include <string>

#include "support/pg_cluster.hpp"

int main(int argc, char** argv) {
  if (argc != 3 || (std::string(argv[1]) != "start" && std::string(argv[1]) != "stop")) {
    std::cerr << "usage: pg_cluster start|stop FILE\n";
    return 2;
  }
  try {
    if (std::string(argv[1]) == "stop") {
      hocvuso::testing::PgCluster::stop_detached(argv[2]);
      return 0;
    }
    hocvuso::testing::PgCluster::start_detached(argv[2]);
    std::cout << "PostgreSQL test cluster started: " << argv[2] << '\n';
  } catch (const std::exception& e) {
    if (hocvuso::testing::PgCluster::why_not().empty()) {
      std::cerr << e.what() << '\n';
      return 1;
    }
    std::cout << "no PostgreSQL test cluster: " << e.what() << '\n';
  }
  return 0;
}
