#!/usr/bin/env bash
# Installs hocvuso's build and test dependencies from Debian 12 packages.
# Idempotent and non-interactive: packages already present are left alone.
set -euo pipefail

packages=(
  g++ cmake ninja-build pkg-config
  lld         # a faster linker for the big sanitizer test binaries (CMakeLists.txt)
  libboost1.81-dev libssl-dev
  nlohmann-json3-dev libsqlitecpp-dev libsqlite3-dev libspdlog-dev libfmt-dev
  libgtest-dev libgmock-dev
  curl sqlite3
  libpq-dev   # the PostgreSQL backend (database_url), bot/store/pg_db.cpp
  postgresql  # its tests run a real server (tests/support/pg_cluster.hpp)
  chromium    # the dashboard's browser tests (tests/browser), driven by puppeteer-core
)

# Node.js for the browser tests: Debian's, unless a node is already installed (e.g.
# NodeSource's, whose package conflicts with Debian's npm).
if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
  packages+=(nodejs npm)
fi

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done

if ((${#missing[@]} == 0)); then
  echo "install-deps: all ${#packages[@]} packages already installed"
  exit 0
fi

SUDO=""
if [[ $(id -u) -ne 0 ]]; then SUDO="sudo"; fi
echo "install-deps: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
