#!/usr/bin/env bash
# GitHub online lookups: 40 distinct action references at 50 ms latency per
# request against the fake GitHub API (loopback): cold, warm (result cache),
# revalidation (ETag 304s) and serial, with the requests each made.
# Usage: bench/github.sh [BUILD_DIR] [extra github_bench args]
set -euo pipefail
build="${1:-build/release}"
shift || true
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
if [ ! -x "$build/bench/github_bench" ]; then
  cmake --build "$build" --target github_bench -j2 >/dev/null
fi
"$build/bench/github_bench" --refs 40 --latency-ms 50 "$@"
