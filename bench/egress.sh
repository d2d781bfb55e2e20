#!/usr/bin/env bash
# Egress proxy benchmark (loopback only): 1 GiB through a CONNECT tunnel vs
# direct, median added latency per new connection, 1,000 concurrent tunnels.
# Usage: bench/egress.sh [BUILD_DIR] [BYTES] [ROUNDS] [TUNNELS]
set -euo pipefail
build="${1:-build/release}"
bytes="${2:-1073741824}"
rounds="${3:-1000}"
tunnels="${4:-1000}"
bin="$build/bench/egress_bench"
if [ ! -x "$bin" ]; then
  cmake --build "$build" --target egress_bench -j "$(nproc)" >/dev/null
fi
echo "== egress proxy: $bytes bytes, $rounds connection rounds, $tunnels tunnels (loopback) =="
"$bin" "$bytes" "$rounds" "$tunnels"
