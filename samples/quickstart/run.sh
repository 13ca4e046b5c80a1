#!/usr/bin/env bash
# The main job on one machine, with embedded defaults: a sample PostgreSQL 15 primary whose WAL
# archive is shared by a private smbd on loopback, a Nearline server protecting it, pgbench load,
# and live status until Ctrl-C, which stops everything this started.
#   samples/quickstart/run.sh [data-dir]     (default: ./quickstart-data, recreated each run)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
"$root/samples/setup/install-prerequisites.sh"
cd "$root"
if [[ ! -d samples/quickstart/target/lib || -n "$(find . -name '*.java' -newer samples/quickstart/target/lib -print -quit)" ]]; then
  echo "building nearline (once)..." >&2
  mvn -B -q -DskipTests install
fi
exec java -cp "samples/quickstart/target/quickstart-0.1.0-SNAPSHOT.jar:samples/quickstart/target/lib/*" \
  io.nearline.quickstart.Quickstart "${1:-$root/quickstart-data}"
