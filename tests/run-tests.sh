#!/usr/bin/env bash
# Runs the NUnit suites against the published binaries (make build first). Builds the solution
# once, tests with --no-build, then tests/SocketBench.TestSummary judges the TRX results: it fails
# the run when a test project ran nothing, a filter matched nothing, or a test was skipped for a
# reason not on tests/skip-allowlist.txt, and prints the closing line `N passed, N failed[, N skipped]`.
# Extra arguments go to `dotnet test` (for example --filter "TestCategory=unit").
set -uo pipefail
cd "$(dirname "$0")/.."
results=tests/results
rm -rf "$results" tests/reports/chaos-matrix.*; mkdir -p "$results"
export SOCKETBENCH_ROOT="$PWD"

dotnet build SocketBench.sln -c Release --nologo -v quiet -clp:ErrorsOnly >&2 || { echo "build failed"; echo "0 passed, 1 failed"; exit 1; }
dotnet test SocketBench.sln -c Release --no-build --nologo \
  --logger "trx" --logger "console;verbosity=normal" --results-directory "$results" "$@"
status=$?

if [ "${PRINT_CHAOS_MATRIX:-0}" = 1 ] && [ -f tests/reports/chaos-matrix.md ]; then
  echo; cat tests/reports/chaos-matrix.md; echo "(written to tests/reports/chaos-matrix.md and .json)"; echo
fi

exec dotnet tests/SocketBench.TestSummary/bin/Release/net10.0/linux-x64/SocketBench.TestSummary.dll \
  "$results" tests/skip-allowlist.txt SocketBench.sln "$status" "$@"
