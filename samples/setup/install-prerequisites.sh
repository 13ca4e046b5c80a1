#!/usr/bin/env bash
# Installs, from Debian packages, every program the quickstart, the benchmarks and the tests
# run that this machine lacks. The programs and their packages are declared in one place,
# samples/setup/programs.tsv, which Nearline's program runner also reads: a program the code runs
# is either declared there, and so installed here, or refused by the runner. Safe to run again.
set -euo pipefail
declared="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/programs.tsv"

# Whether a declared program (a name on PATH, or a path) is on this machine: a file, not a
# shell builtin of the same name (kill).
present() {
  case "$1" in
    /*) [[ -x $1 ]] ;;
    *) type -P "$1" >/dev/null 2>&1 || [[ -x /usr/sbin/$1 || -x /sbin/$1 ]] ;;
  esac
}

missing() {
  grep -v '^#' "$declared" | while IFS=$'\t' read -r program package _; do
    [[ -z $program ]] || present "$program" || printf '%s\t%s\n' "$program" "$package"
  done
}

# The migration tests' newer PostgreSQL client programs, which Debian 12 does not package;
# after this machine's own packages.
newer_client() {
  "$(dirname "${BASH_SOURCE[0]}")/newer-postgres-client.sh"
}

lacking="$(missing)"
if [[ -z $lacking ]]; then
  newer_client
  exit 0
fi
packages=$(cut -f2 <<<"$lacking" | sort -u | tr '\n' ' ')
sudo=""
[[ "$(id -u)" -eq 0 ]] || sudo="sudo"
echo "installing: $packages" >&2
$sudo apt-get update -qq
# shellcheck disable=SC2086 # one word per package
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends $packages >/dev/null

still="$(missing)"
if [[ -n $still ]]; then
  echo "still missing after installing their packages (is the package in $declared right?):" >&2
  echo "$still" >&2
  exit 1
fi
newer_client
