#!/usr/bin/env bash
# Expression-library throughput benchmark. Usage: bench/expr.sh [BUILD_DIR]
# (default build/release; configures it with -DCMAKE_BUILD_TYPE=Release).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
build="${1:-$root/build/release}"
if [ ! -f "$build/CMakeCache.txt" ]; then
  cmake -S "$root" -B "$build" -DCMAKE_BUILD_TYPE=Release >/dev/null
fi
cmake --build "$build" -j2 --target expr_bench >/dev/null
"$build/bench/expr_bench" "${SCALE:-1}"
