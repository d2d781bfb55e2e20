#!/usr/bin/env bash
# `stepguard runner` wall time on this machine (issue 7: well under 100 ms).
# Runs the whole binary three ways with hyperfine: the default plain report,
# JSON, and JSON in a workspace that is a git repository (adds the libgit2
# configuration read). Usage: bench/runner.sh [BUILD_DIR]
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
build="${1:-$root/build/release}"
if [ ! -f "$build/CMakeCache.txt" ]; then
  cmake -S "$root" -B "$build" -DCMAKE_BUILD_TYPE=Release >/dev/null
fi
cmake --build "$build" -j2 --target stepguard >/dev/null 2>&1 || { echo "build failed" >&2; exit 1; }
bin="$build/stepguard"
ws="$(mktemp -d)"
trap 'rm -rf "$ws"' EXIT
git -C "$ws" init -q
echo "== stepguard runner: $(nproc) CPUs, load $(cut -d' ' -f1-3 /proc/loadavg), $(ls /proc | grep -c '^[0-9]') processes =="
hyperfine -N --warmup 5 --min-runs 50 \
  -n startup-only "$bin --version" \
  -n plain "$bin runner --quiet" \
  -n json "$bin runner --format json" \
  -n json-git-workspace "$bin runner --format json --workspace $ws" \
  --export-json "${RUNNER_BENCH_JSON:-/dev/null}"
