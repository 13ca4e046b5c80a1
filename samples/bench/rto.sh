#!/usr/bin/env bash
# Failover RTO with and without the instant option, against pg_basebackup + start-up, same run.
#   samples/bench/rto.sh [sizes-in-GB=1,5]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
exec "$root/samples/scenarios/run-main.sh" io.nearline.samples.bench.RtoBenchmark "$@"
