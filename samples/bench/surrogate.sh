#!/usr/bin/env bash
# Live RPO under pgbench and backlog replay throughput against a plain standby, same run.
#   samples/bench/surrogate.sh [pgbench-scale=50] [seconds=60]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
exec "$root/samples/scenarios/run-main.sh" io.nearline.samples.bench.SurrogateBenchmark "$@"
