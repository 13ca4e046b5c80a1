#!/usr/bin/env bash
# The main job on one machine, with embedded defaults: a sample PostgreSQL 15 primary whose WAL
# archive is shared by a private smbd on loopback, a Nearline server protecting it, pgbench load,
# and live status until Ctrl-C, which stops everything this started.
#   samples/quickstart.sh [data-dir]     (default: ./quickstart-data, recreated each run)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
exec "$root/samples/scenarios/run-main.sh" io.nearline.samples.quickstart.Quickstart "${1:-$root/quickstart-data}"
