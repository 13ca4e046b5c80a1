#!/usr/bin/env bash
# Collection throughput: Nearline's collector against smbclient, same share, same run.
#   samples/bench/collection.sh [segments=32] [runs=3]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
exec "$root/samples/scenarios/run-main.sh" io.nearline.samples.bench.CollectionBenchmark "$@"
