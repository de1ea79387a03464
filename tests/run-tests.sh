#!/usr/bin/env bash
# Runs the NUnit suites against the published binaries (make build first) and prints one
# summary line `N passed, N failed[, N skipped]` from the TRX results. Extra arguments go to
# `dotnet test` (for example --filter "TestCategory=unit").
set -uo pipefail
cd "$(dirname "$0")/.."
results=tests/results
rm -rf "$results" tests/reports/chaos-matrix.*; mkdir -p "$results"
export SOCKETBENCH_ROOT="$PWD"

dotnet build SocketBench.sln -c Release --nologo -v quiet -clp:ErrorsOnly >&2 || { echo "0 passed, 1 failed"; exit 1; }
dotnet test SocketBench.sln -c Release --no-build --nologo \
  --logger "trx" --logger "console;verbosity=normal" --results-directory "$results" "$@"
status=$?

if [ "${PRINT_CHAOS_MATRIX:-0}" = 1 ] && [ -f tests/reports/chaos-matrix.md ]; then
  echo; cat tests/reports/chaos-matrix.md; echo "(written to tests/reports/chaos-matrix.md and .json)"; echo
fi

passed=0; failed=0; skipped=0
for trx in "$results"/*.trx; do
  [ -e "$trx" ] || continue
  counters=$(grep -o '<Counters [^>]*>' "$trx" | head -1)
  get() { echo "$counters" | grep -o " $1=\"[0-9]*\"" | grep -o '[0-9]*'; }
  passed=$((passed + $(get passed)))
  failed=$((failed + $(get failed) + $(get error) + $(get timeout) + $(get aborted)))
  skipped=$((skipped + $(get notExecuted) + $(get inconclusive)))
done
if [ "$status" -ne 0 ] && [ "$failed" -eq 0 ]; then failed=1; fi
if [ "$skipped" -gt 0 ]; then
  echo "$passed passed, $failed failed, $skipped skipped"
else
  echo "$passed passed, $failed failed"
fi
exit "$status"
