#!/usr/bin/env bash
# The migration tests protect a PostgreSQL 17 cluster like any primary, and its baseline needs
# 17's client programs (pg_basebackup, pg_controldata, pg_verifybackup) on the near-line host.
# Debian 12 has no PostgreSQL 17, so this fetches Debian 13's packages with everything they
# link against and unpacks them into one folder, without installing them: this machine's C
# library is older, so each program runs under Debian 13's own loader, through a small script
# of the same name in $target/bin. Only the tests use them; a real near-line host installs its
# new version's packages. Safe to run again: nothing is done once the scripts are there.
set -euo pipefail
major=17
target=${1:-/opt/nearline-tests/postgresql-$major-client}
programs=(pg_basebackup pg_controldata pg_verifybackup pg_waldump)

installed() {
  local program
  for program in "${programs[@]}"; do
    "$target/bin/$program" --version >/dev/null 2>&1 || return 1
  done
}
if installed; then
  exit 0
fi
sudo=""
[[ "$(id -u)" -eq 0 ]] || sudo="sudo"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work"/etc/apt/{apt.conf.d,preferences.d} "$work"/var/lib/apt/lists/partial \
  "$work"/var/cache/apt/archives/partial "$work"/var/lib/dpkg "$work"/root
touch "$work"/var/lib/dpkg/status
echo "deb [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg]" \
  "http://deb.debian.org/debian trixie main" >"$work"/etc/apt/sources.list
# An apt of its own: its lists, cache and (empty) package state, so that it resolves every
# library the programs need from Debian 13 and touches nothing of this machine's.
apt=(apt-get -qq -o "Dir=$work" -o "Dir::State::status=$work/var/lib/dpkg/status"
  -o APT::Sandbox::User=root -o Debug::NoLocking=1)
echo "fetching PostgreSQL $major's client programs from Debian 13 into $target" >&2
"${apt[@]}" update
"${apt[@]}" install --download-only -y --no-install-recommends "postgresql-client-$major"
# pg_controldata and pg_waldump come with the server package; they need only the C library.
(cd "$work"/var/cache/apt/archives && "${apt[@]}" download "postgresql-$major")
for deb in "$work"/var/cache/apt/archives/*.deb; do
  dpkg-deb -x "$deb" "$work"/root
done
rm -rf "$work"/root/usr/share/{doc,man,locale}

$sudo rm -rf "$target.new"
$sudo mkdir -p "$target.new/bin"
$sudo cp -r "$work"/root "$target.new/root"
root=$target/root
for program in "${programs[@]}"; do
  # --argv0 names the script, so that a program looking for a sibling (pg_verifybackup runs
  # pg_waldump) finds the sibling's script rather than the bare binary.
  printf '#!/bin/sh\nexec %q --library-path %q --argv0 %q %q "$@"\n' \
    "$root/usr/lib64/ld-linux-x86-64.so.2" "$root/usr/lib/x86_64-linux-gnu" \
    "$target/bin/$program" "$root/usr/lib/postgresql/$major/bin/$program" |
    $sudo tee "$target.new/bin/$program" >/dev/null
done
$sudo chown -R root:root "$target.new"
$sudo chmod -R a+rX,go-w "$target.new"
$sudo chmod 755 "$target.new"/bin/*
$sudo rm -rf "$target"
$sudo mv "$target.new" "$target"
installed || { echo "PostgreSQL $major's client programs in $target do not run" >&2; exit 1; }
"$target/bin/pg_basebackup" --version
