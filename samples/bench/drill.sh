#!/usr/bin/env bash
# Drill time in the sandbox and on the standby, next to the same policy's failover RTO.
#   samples/bench/drill.sh [sizes-in-GB=1,5]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
exec "$root/samples/scenarios/run-main.sh" io.nearline.samples.bench.DrillBenchmark "$@"
