#!/usr/bin/env bash
# Proxy benchmark: pass-through throughput and added p50 echo latency of bin/toxiproxy-server,
# each against a direct connection in the same run. Prints a Markdown table; exits 1 if a goal
# (>= 50% of direct throughput, < 100 us added p50) is missed.
#   toxiproxy/bench.sh                 # after `make bin/toxiproxy-server`
#   BENCH_MIB=128 toxiproxy/bench.sh   # smaller transfer (default 512 MiB, best of 5 interleaved rounds)
set -euo pipefail
cd "$(dirname "$0")/.."
bin=bin/toxiproxy-server
if [ ! -x "$bin" ]; then
  echo "bench.sh: $bin is missing; run: make bin/toxiproxy-server" >&2
  exit 2
fi
exec python3 -I toxiproxy/bench.py "$PWD/$bin"
