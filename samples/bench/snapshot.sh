#!/usr/bin/env bash
# How long opening a past point takes, next to pgBackRest restoring the same point from its own
# repository of the same data, in the same run:
#   samples/bench/snapshot.sh [pgbench-seconds=120] [points=5]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
exec "$root/samples/scenarios/run-main.sh" io.nearline.samples.bench.SnapshotBenchmark "$@"
