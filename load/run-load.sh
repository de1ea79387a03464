#!/usr/bin/env bash
# Runs every load scenario (issue 6) against IMPL's server with full reports under
# load/reports/<UTC stamp>/ and prints where they are. Exits non-zero when a threshold fails.
#
#   load/run-load.sh [load options...]      e.g. --scenarios 1,2 --duration 5 --rate 500
#   IMPL=c load/run-load.sh                 IMPL: a name under bin/ (csharp, c, python) or a directory
#   LOAD_BIN=path load/run-load.sh          another build of the runner (default bin/load)
#
# `make load` builds first (bin/load, the servers, bin/toxiproxy-server) and then calls this script.
set -uo pipefail
cd "$(dirname "$0")/.."
export SOCKETBENCH_ROOT="$PWD"

impl="${IMPL:-csharp}"
runner="${LOAD_BIN:-bin/load}"
if [ ! -x "$runner" ]; then
  echo "run-load: $runner not found: run \`make build\` (or make bin/load) first" >&2
  exit 2
fi

stamp="$(date -u +%Y%m%dT%H%M%SZ)"
reports="load/reports/$stamp"
mkdir -p "$reports"

"$runner" --impl "$impl" --reports "$reports" "$@"
status=$?

echo "load: reports in $reports (report.md, report.html, stats.csv, timeline.csv, latency.png)"
if [ "$status" -eq 0 ]; then
  echo "load: all thresholds passed"
else
  echo "load: FAILED (exit $status): see the threshold table above and $reports/report.md" >&2
fi
exit "$status"
