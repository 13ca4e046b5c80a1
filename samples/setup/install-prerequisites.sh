#!/usr/bin/env bash
# Installs, from Debian packages, what the quickstart and the tests need and the machine lacks:
# Samba (smbd, smbpasswd, smbclient), PostgreSQL 15, curl and zstd (surrogates), OpenLDAP's slapd
# (directory tests), BIND's named (DNS update tests), OpenSSH's sshd (standby control tests) and
# Maven. Safe to run again.
set -euo pipefail
need=()
command -v smbd >/dev/null 2>&1 || need+=(samba)
command -v smbclient >/dev/null 2>&1 || need+=(smbclient)
command -v curl >/dev/null 2>&1 || need+=(curl)
command -v zstd >/dev/null 2>&1 || need+=(zstd)
[[ -x /usr/sbin/slapd ]] || need+=(slapd)
[[ -x /usr/sbin/sshd ]] || need+=(openssh-server)
[[ -x /usr/sbin/named ]] || need+=(bind9)
[[ -x /usr/lib/postgresql/15/bin/postgres ]] || need+=(postgresql-15 postgresql-client-15)
command -v mvn >/dev/null 2>&1 || need+=(maven)
command -v java >/dev/null 2>&1 || need+=(openjdk-17-jdk-headless)
if ((${#need[@]} == 0)); then
  exit 0
fi
sudo=""
[[ "$(id -u)" -eq 0 ]] || sudo="sudo"
echo "installing: ${need[*]}" >&2
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
