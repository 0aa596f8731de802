// Entry point: everything else lives in libraries the tests link.
#include <string>
#include <vector>

#include "bot/app/cli.hpp"

int main(int argc, char** argv) { return hocvuso::run_cli(std::vector<std::string>(argv + 1, argv + argc)); }
