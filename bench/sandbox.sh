#!/usr/bin/env bash
# Sandbox overhead, side by side (hyperfine):
#  1. `stepguard exec -- /bin/true` with every layer vs bare /bin/true vs
#     bubblewrap (`--unshare-all`, which applies fewer layers: no seccomp
#     filter, no Landlock, no rlimits, no output filter).
#  2. a syscall-heavy workload: `find /usr` (no output, then with ~170k
#     lines of output through the stepguard output filter) bare vs inside,
#     and the sandbox's layers one at a time off (sandbox_bench --disable);
#  3. the kernel's per-system-call cost of any seccomp filter (seccomp_cost);
#  4. `git status` in a generated 80,000-file repository, bare vs inside
#     (stepguard exec adds one libgit2 status pass for its changed-files
#     report; the sandbox alone shows what confinement costs).
# Kernel audit: once it has been enabled since boot (auditd, or the
# test suite's Landlock-audit test), every new process carries a syscall
# audit context, which slows bare runs as well and hides part of seccomp's
# cost. The script says whether audit is on; for a clean figure reboot, or
# add the audit rule `-a never,task` (auditctl) before measuring.
# Run as root (the CI/hosted-runner case: set up, then drop) or as a user
# with unprivileged user namespaces. Usage: bench/sandbox.sh [BUILD_DIR]
set -euo pipefail
build="${1:-build/release}"
sg="$(cd "$build" && pwd)/stepguard"
sb="$(cd "$build" && pwd)/bench/sandbox_bench"
if [ ! -x "$sg" ] || [ ! -x "$sb" ]; then
  cmake --build "$build" --target stepguard sandbox_bench -j "$(nproc)" >/dev/null
fi
sc="$(cd "$build" && pwd)/bench/seccomp_cost"
[ -x "$sc" ] || cmake --build "$build" --target seccomp_cost -j "$(nproc)" >/dev/null
command -v hyperfine >/dev/null || { echo "hyperfine missing (make setup-bench)"; exit 1; }
command -v bwrap >/dev/null || { echo "bubblewrap missing (make setup-bench)"; exit 1; }

# A workspace the task may write: owned by nobody when we are root.
ws="$(mktemp -d /tmp/sg-bench-XXXXXX)"
trap 'rm -rf "$ws"' EXIT
if [ "$(id -u)" = 0 ]; then chown 65534:65534 "$ws"; fi
cd "$ws"
# The bare runs use the same unprivileged user the sandboxed task gets.
as_task=""
if [ "$(id -u)" = 0 ]; then as_task="setpriv --reuid 65534 --regid 65534 --clear-groups --"; fi

echo "== kernel $(uname -r), $(nproc) CPUs, load $(cut -d' ' -f1-3 /proc/loadavg) =="
"$sg" exec --explain 2>&1 | grep -o 'kernel audit is [a-z]*' | head -1 || true
"$sg" exec --explain 2>&1 | sed -n '1,16p'
echo
echo "== startup: /bin/true =="
hyperfine -N --warmup 5 --min-runs 50 \
  -n bare '/bin/true' \
  -n 'stepguard --version (binary start-up alone)' "$sg --version" \
  -n 'stepguard exec (all layers)' "$sg exec --output /dev/null -- /bin/true" \
  -n 'sandbox alone (sandbox_bench, all layers)' "$sb -- /bin/true" \
  -n 'bwrap --unshare-all' 'bwrap --unshare-all --die-with-parent --ro-bind / / --dev /dev --proc /proc /bin/true'

echo
echo "== CPU time per run (perf stat, less sensitive to machine load) =="
if command -v perf >/dev/null; then
  for c in "/bin/true" "$sg --version" "$sg exec --output /dev/null -- /bin/true" \
           "$sb -- /bin/true" \
           "bwrap --unshare-all --die-with-parent --ro-bind / / --dev /dev --proc /proc /bin/true"; do
    ms=$(perf stat -r 50 -x, -e task-clock $c 2>&1 >/dev/null | awk -F, '/task-clock/ {print $1}')
    printf '%8.2f ms CPU  %s\n' "$ms" "$c"
  done
fi

echo
echo "== syscall-heavy: find /usr (no output) =="
bw="bwrap --unshare-all --die-with-parent --ro-bind / / --dev /dev --proc /proc"
hyperfine -i --warmup 2 --min-runs 10 \
  -n bare "$as_task find /usr -name no-such-file-xyz" \
  -n 'stepguard exec' "$sg exec --output /dev/null -- find /usr -name no-such-file-xyz" \
  -n 'bwrap --unshare-all (what namespaces alone cost)' "$bw find /usr -name no-such-file-xyz"

echo
echo "== find /usr CPU time (perf stat, alternating rounds, min and median of round means) =="
if command -v perf >/dev/null; then
  cpu=("" "" "")
  names=(bare "stepguard exec" bwrap)
  cmds=("$as_task find /usr -name no-such-file-xyz"
        "$sg exec --output /dev/null -- find /usr -name no-such-file-xyz"
        "$bw find /usr -name no-such-file-xyz")
  for round in 1 2 3 4 5; do
    for i in 0 1 2; do
      # find exits 1 on unreadable directories: not a benchmark failure.
      ms=$( (perf stat -r 4 -x, -e task-clock ${cmds[$i]} 2>&1 >/dev/null || true) |
            awk -F, '/task-clock/ {print $1}')
      cpu[$i]="${cpu[$i]} $ms"
    done
  done
  for i in 0 1 2; do
    echo ${cpu[$i]} | tr ' ' '\n' | sort -n | awk -v n="${names[$i]}" \
      '{a[NR]=$1} END {printf "%8.1f ms min  %8.1f ms median  %s\n", a[1], a[int((NR+1)/2)], n}'
  done
fi

echo
echo "== syscall- and output-heavy: find /usr (every path printed, filtered) =="
hyperfine -i --warmup 2 --min-runs 10 \
  -n bare "$as_task find /usr > /dev/null 2>&1" \
  -n 'stepguard exec' "$sg exec --output /dev/null -- find /usr > /dev/null 2>&1"

echo
echo "== find /usr CPU time by layer (sandbox alone; each line turns one layer off) =="
if command -v perf >/dev/null; then
  names=(bare "all layers" "-seccomp" "-landlock" "-seccomp,landlock")
  cmds=("$as_task find /usr -name no-such-file-xyz"
        "$sb -- find /usr -name no-such-file-xyz"
        "$sb --disable seccomp -- find /usr -name no-such-file-xyz"
        "$sb --disable landlock -- find /usr -name no-such-file-xyz"
        "$sb --disable seccomp,landlock -- find /usr -name no-such-file-xyz")
  cpu=("" "" "" "" "")
  for round in $(seq 8); do
    for i in "${!cmds[@]}"; do
      ms=$( (perf stat -r 3 -x, -e task-clock ${cmds[$i]} 2>&1 >/dev/null || true) |
            awk -F, '/task-clock/ {print $1}')
      cpu[$i]="${cpu[$i]} $ms"
    done
  done
  for i in "${!cmds[@]}"; do
    echo ${cpu[$i]} | tr ' ' '\n' | sort -n | awk -v n="${names[$i]}" \
      '{a[NR]=$1} END {printf "%8.1f ms min  %8.1f ms median  %s\n", a[1], a[int((NR+1)/2)], n}'
  done
fi

echo
echo "== the kernel's seccomp entry cost per system call (seccomp_cost) =="
"$sc"

echo
echo "== git status in a generated 80,000-file repository =="
repo="$ws/repo"
mkdir -p "$repo"
git -C "$repo" init -q
python3 - "$repo" <<'PY'
import os, sys
root = sys.argv[1]
n = 0
for a in range(40):
    for b in range(50):
        d = os.path.join(root, "src", f"m{a}", f"p{b}")
        os.makedirs(d, exist_ok=True)
        for c in range(40):
            with open(os.path.join(d, f"f{c}.c"), "w") as f:
                f.write(f"int f{n}(void) {{ return {n}; }}\n")
            n += 1
PY
git -C "$repo" add -A
git -C "$repo" -c user.name=b -c user.email=b@e commit -q -m files
if [ "$(id -u)" = 0 ]; then chown -R 65534:65534 "$repo"; fi
cd "$repo"
# git as the task user reads $HOME/.config/git: give it one it may read.
export HOME="$ws"
gs="git -c safe.directory=* status --short"
$as_task $gs >/dev/null  # refresh the index once, as a checkout would
hyperfine -i --warmup 2 --min-runs 10 \
  -n bare "$as_task $gs" \
  -n 'stepguard exec (with its changed-files report)' "$sg exec --output /dev/null -- $gs" \
  -n 'sandbox alone (sandbox_bench)' "$sb -- $gs"
cd "$ws"

echo
echo "== load at the end: $(cut -d' ' -f1-3 /proc/loadavg) =="
