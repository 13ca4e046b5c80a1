#!/usr/bin/env bash
# A PostgreSQL 15 -> 17 cutover under pgbench load: write downtime and total time, next to a
# plain pg_dump | pg_restore of the same database.
#   samples/bench/migration.sh [sizes-in-GB=1,5]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
exec "$root/samples/scenarios/run-main.sh" io.nearline.samples.bench.MigrationBenchmark "$@"
