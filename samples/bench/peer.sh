#!/usr/bin/env bash
# What the near-line peer's link costs, next to pgBackRest's zstd repository of the same WAL:
#   samples/bench/peer.sh [pgbench-seconds=60]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
exec "$root/samples/scenarios/run-main.sh" io.nearline.samples.bench.PeerBenchmark "$@"
