#!/usr/bin/env bash
# Every benchmark, one after the other, each printing its own side-by-side
# table (`make bench`). Usage: bench/run_all.sh [BUILD_DIR]
# The lint benchmark needs the reference corpus beside the checkout
# (../shared/corpus/workflows); it is skipped when absent.
set -uo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
build="$(cd "${1:-$here/../build/release}" && pwd)"
status=0
run() {
  echo
  echo "################ $* ################"
  "$@" || { echo "(benchmark failed: $*)"; status=1; }
}
if [ -d "$here/../../shared/corpus/workflows" ]; then
  run "$here/lint.sh" "$build"
else
  echo "lint benchmark skipped: no corpus at ../shared/corpus/workflows"
fi
run "$here/expr.sh" "$build"
run "$here/runner.sh" "$build"
run "$here/github.sh" "$build"
run "$here/sandbox.sh" "$build"
run "$here/egress.sh" "$build"
exit $status
