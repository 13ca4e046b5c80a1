#!/usr/bin/env bash
# Builds the project if any source is newer than the last build, then runs a main class of the
# scenarios module:  run-main.sh CLASS [ARGS...]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
"$root/samples/setup/install-prerequisites.sh"
cd "$root"
lib=samples/scenarios/target/lib
if [[ ! -d $lib || -n "$(find . -path ./quickstart-data -prune -o \( -name '*.java' -o -name 'pom.xml' -o -name '*.sql' \) -newer $lib -print -quit)" ]]; then
  echo "building nearline..." >&2
  # Libraries an earlier build copied must not shadow the ones this build needs.
  rm -rf "$lib" nearline-server/target/lib
  mvn -B -q -DskipTests install
  touch $lib
fi
class="$1"
shift
exec java ${NEARLINE_JAVA_OPTS:-} -cp "samples/scenarios/target/scenarios-0.1.0-SNAPSHOT.jar:$lib/*" "$class" "$@"
