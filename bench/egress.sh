#!/usr/bin/env bash
# Egress proxy benchmark (loopback only): 1 GiB through a CONNECT tunnel vs
# direct (client, upstream and proxy are separate processes; CPU seconds per
# GiB of each), median added latency per new connection, 1,000 concurrent
# tunnels. Then the same throughput test with all three processes pinned to
# one CPU (taskset): there throughput is bounded by CPU alone, so the ratio
# shows what the extra process costs; comparing it with the 2-CPU ratio
# shows how the proxied path scales with CPUs.
# Usage: bench/egress.sh [BUILD_DIR] [BYTES] [ROUNDS] [TUNNELS] [PAIRS]
# EGRESS_BENCH_NICE=-10 runs the benchmark at that priority (root only), to
# keep other jobs on a shared machine from dominating both sides.
set -euo pipefail
build="${1:-build/release}"
bytes="${2:-1073741824}"
rounds="${3:-1000}"
tunnels="${4:-1000}"
pairs="${5:-5}"
bin="$build/bench/egress_bench"
if [ ! -x "$bin" ]; then
  cmake --build "$build" --target egress_bench -j "$(nproc)" >/dev/null
fi
run=()
if [ -n "${EGRESS_BENCH_NICE:-}" ]; then
  run=(nice -n "$EGRESS_BENCH_NICE")
fi
echo "== egress proxy: $bytes bytes x $pairs pairs, $rounds connection rounds, $tunnels tunnels (loopback), $(nproc) CPUs, nice ${EGRESS_BENCH_NICE:-0} =="
echo "load before: $(cut -d' ' -f1-3 /proc/loadavg)"
"${run[@]}" "$bin" "$bytes" "$rounds" "$tunnels" "$pairs"
echo "== the same throughput test pinned to one CPU (taskset -c 0) =="
"${run[@]}" taskset -c 0 "$bin" "$bytes" 0 0 3
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
