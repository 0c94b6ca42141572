#!/bin/bash
# SPDX-License-Identifier: MIT
# Start-up benchmark on this machine, without systemd (docs/PERFORMANCE.md). One command from a fresh clone:
#
#     tests/bench/run-bench.sh            (builds build-bench/ first when run outside meson)
#     meson test -C build --benchmark start-up -v
#
# Prints, in one invocation: the wall-time table of sandboxctl's kitchen-sink start against bwrap, unshare and
# plain exec (medians, ratios), the cost of each start-up step (--timings), the per-syscall cost of the loaded
# seccomp filters, 200 concurrent starts (all succeed, nothing left behind) and the supervisor's peak RSS,
# then the targets, met or missed. Needs root. Knobs: BENCH_RUNS (default 31), BENCH_CONCURRENCY (200).
# Exit: 0 when every measurement ran (targets missed are reported, not failed), 1 when one failed, 77 skip.
set -u
export LC_ALL=C

skip() {
    if [ "${SANDBOXCTL_MUST_WORK:-0}" = 1 ]; then
        echo "bench: cannot run, but SANDBOXCTL_MUST_WORK=1: $*"
        exit 1
    fi
    echo "SKIP: $*"
    exit 77
}

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
if [ -z "${BENCH_DRIVER:-}" ]; then
    # Run by hand: build our own tree (release-like, the project default debugoptimized).
    B=${BENCH_BUILD_DIR:-$ROOT/build-bench}
    [ -d "$B" ] || meson setup "$B" "$ROOT" >/dev/null || exit 1
    ninja -C "$B" src/cli/sandboxctl tests/bench/bench-driver tests/bench/bench-export-bpf >/dev/null || exit 1
    SANDBOXCTL=$B/src/cli/sandboxctl
    BENCH_DRIVER=$B/tests/bench/bench-driver
    BENCH_EXPORT_BPF=$B/tests/bench/bench-export-bpf
fi
: "${SANDBOXCTL:?}" "${BENCH_EXPORT_BPF:?}"
[ "$(id -u)" = 0 ] || skip "the benchmark needs root (namespaces and mounts, like the host suite)"
for t in bwrap unshare; do
    command -v "$t" >/dev/null || skip "$t is not installed: apt-get install -y bubblewrap util-linux"
done
# hyperfine is not needed (bench-driver does the timing, round-robin); it is only used for a cross-check.
HYPERFINE=$(command -v hyperfine || true)

RUNS=${BENCH_RUNS:-31}
CONC=${BENCH_CONCURRENCY:-200}
UNITS=$HERE/units
KS=$UNITS/kitchen-sink.unit
SCTL="$SANDBOXCTL start --backend=none"
FAILED=0

T=$(mktemp -d /tmp/sandboxctl-bench.XXXXXX)
# The getppid payload must be visible inside the sandbox, where PrivateTmp= hides /tmp and /var/tmp and
# ProtectHome= hides /root and /home (a build tree may be in any of them): stage it under /run.
STAGE=$(mktemp -d /run/bench-stage.XXXXXX)
trap 'rm -rf "$T" "$STAGE"' EXIT
cp "$BENCH_DRIVER" "$STAGE/bench-driver"
chmod 0755 "$STAGE"

echo "# sandboxctl start-up benchmark, $(date -u '+%Y-%m-%d %H:%M UTC')"
echo "# machine: $(nproc) CPUs, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ //'), kernel $(uname -r), load $(cut -d' ' -f1-3 /proc/loadavg)"
echo "# sandboxctl: $SANDBOXCTL ($(meson introspect --buildoptions "$(dirname "$(dirname "$(dirname "$SANDBOXCTL")")")" 2>/dev/null | jq -r '.[] | select(.name=="buildtype") | .value' 2>/dev/null || echo '?'))"
echo "# $(bwrap --version), $(unshare --version | head -1)"
echo

# The filters sandboxctl loads, exported for bwrap, one --add-seccomp-fd each.
"$BENCH_EXPORT_BPF" "$KS" "$T" >"$T/bpf.list" || { echo "bench: exporting the seccomp programs failed"; exit 1; }
mkdir -p "$T/per-directive"
"$BENCH_EXPORT_BPF" --per-directive "$KS" "$T/per-directive" >"$T/per-directive.list" || exit 1
SECCOMP_ARGS=""
fd=10
while read -r f _; do
    SECCOMP_ARGS+=" --add-seccomp-fd $fd @$fd=$f"
    fd=$((fd + 1))
done <"$T/bpf.list"
SECCOMP_ARGS_PER_DIRECTIVE=""
fd=30
while read -r f _; do
    SECCOMP_ARGS_PER_DIRECTIVE+=" --add-seccomp-fd $fd @$fd=$f"
    fd=$((fd + 1))
done <"$T/per-directive.list"
HIDE=""
for p in /home /root /run/user; do [ -d "$p" ] && HIDE+=" --tmpfs $p"; done
BWRAP_EQUIV="bwrap --unshare-net --unshare-ipc --unshare-uts --die-with-parent --ro-bind / / --dev /dev --proc /proc --tmpfs /tmp --tmpfs /var/tmp$HIDE --ro-bind /dev/null /proc/kallsyms --ro-bind /dev/null /proc/kmsg --cap-drop ALL --setenv KITCHEN sink$SECCOMP_ARGS /bin/true"
BWRAP_PER_DIRECTIVE="${BWRAP_EQUIV%$SECCOMP_ARGS /bin/true}$SECCOMP_ARGS_PER_DIRECTIVE /bin/true"
BWRAP_PEER="bwrap --unshare-all --die-with-parent --ro-bind / / --tmpfs /tmp --dev /dev --proc /proc /bin/true"

echo "## 1. Start-up wall time for /bin/true (no systemd, --backend=none)"
"$BENCH_DRIVER" run -n "$RUNS" -w 3 -r bwrap-equiv -r unshare-floor -r exec \
    "exec=/bin/true" \
    "unshare-floor=unshare --mount --net --ipc --uts /bin/true" \
    "unshare-5ns=unshare --mount --net --ipc --uts --pid --fork /bin/true" \
    "bwrap-peer=$BWRAP_PEER" \
    "bwrap-equiv=$BWRAP_EQUIV" \
    "bwrap-per-directive=$BWRAP_PER_DIRECTIVE" \
    "sandboxctl-empty=$SCTL $UNITS/empty.unit -- /bin/true" \
    "sandboxctl-kitchen-sink=$SCTL $KS -- /bin/true" | tee "$T/table" || FAILED=1
echo "  exec: plain fork+exec; unshare-floor: the bare-syscall floor of the target; bwrap-peer: the issue's"
echo "  bwrap line; bwrap-equiv: bwrap with the kitchen sink's namespaces, mounts, capability drop and the same"
echo "  seccomp program sandboxctl loads (its per-directive programs merged into one); sandboxctl-empty: a unit"
echo "  with no directive; bwrap-per-directive: bwrap-equiv with the unmerged programs, one per directive."
echo

echo "## 2. Cost of each step (median of $RUNS runs of --timings, kitchen sink)"
"$BENCH_DRIVER" timings -n "$RUNS" $SCTL "$KS" -- /bin/true | tee "$T/steps" || FAILED=1
echo "  Steps from 'fork' on run in the sandbox process when a supervisor stays. Nothing is timed after the"
echo "  seccomp load (a write() under the payload's filter could be killed): the load, the payload's exec,"
echo "  its run, exit and reaping are the wall time minus the sum."
echo

echo "## 3. Per-syscall cost of the loaded filters (getppid loop, ns per call, median of 9 runs each)"
LOOP="$STAGE/bench-driver loop ${BENCH_LOOP:-200000}"
declare -A NS=()
for i in $(seq 9); do
    for v in none namespaces-only kitchen-sink bwrap-equiv; do
        case $v in
            none) out=$($LOOP) ;;
            bwrap-equiv) out=$("$BENCH_DRIVER" exec ${BWRAP_EQUIV% /bin/true} $LOOP 2>/dev/null) ;;
            *) out=$($SCTL "$UNITS/$v.unit" -- $LOOP 2>/dev/null) ;;
        esac
        case $out in
            [0-9]*) NS[$v]+="$out " ;;
            *) echo "  $v: the loop printed nothing (payload not runnable in the sandbox?)"; FAILED=1 ;;
        esac
    done
done
median() { tr ' ' '\n' | grep -v '^$' | sort -g | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
for v in none namespaces-only kitchen-sink bwrap-equiv; do
    printf '  %-18s %6.1f ns/getppid   (runs: %s)\n' "$v" "$(echo "${NS[$v]}" | median)" "${NS[$v]}"
done | tee "$T/loop"
echo "  none: no sandbox; namespaces-only: the kitchen sink without seccomp; kitchen-sink: with its"
echo "  seccomp programs ($(wc -l <"$T/per-directive.list") directives, loaded as $(wc -l <"$T/bpf.list")); bwrap-equiv: bwrap with"
echo "  the same program."
echo

echo "## 4. $CONC kitchen-sink sandboxes started at once (--backend=none, payload sleeps 0.5 s)"
snapshot() {
    # What a sandbox could leave behind: mounts in this namespace, processes running our payload or
    # sandboxctl, files sandboxctl might create in /tmp, /var/tmp, /run.
    awk '{print "mount", $5}' /proc/self/mountinfo | sort
    pgrep -f "sandboxctl start --backend=none $KS" | sed 's/^/sandboxctl pid /'
    pgrep -f '^/bin/sleep 0.5$' | sed 's/^/payload pid /'
    ls -a /tmp /var/tmp /run 2>/dev/null | grep -i sandboxctl | grep -v "^$(basename "$T")$" | sort
}
snapshot >"$T/before"
"$BENCH_DRIVER" concurrent "$CONC" $SCTL "$KS" -- /bin/sleep 0.5 2>"$T/conc.err" | tee "$T/conc" || FAILED=1
sleep 0.5
snapshot >"$T/after"
# Only what appeared counts: other people's tests may unmount or stop things meanwhile on a shared machine.
if ! comm -13 <(sort "$T/before") <(sort "$T/after") | grep . >"$T/left"; then
    echo "  left behind: nothing (mounts, processes, files in /tmp /var/tmp /run unchanged)" | tee -a "$T/conc"
else
    echo "  left behind (new since before the run):"; sed 's/^/    /' "$T/left"; echo "  LEFTOVERS" >>"$T/conc"
    FAILED=1
fi
echo

echo "## 5. Peak RSS of the supervisor while the payload runs (VmHWM after 500 ms, payload sleeps 1 s)"
# A supervisor stays for the cgroupfs backend (it removes its cgroup afterwards) and for several ExecStart=;
# once the sandbox process runs it re-executes itself small (sandboxctl __supervise), so its VmHWM counts
# from then on. --backend=none with one command execs in place: no supervisor, nothing to measure.
CGFS="$SANDBOXCTL start --backend=cgroupfs"
if $CGFS --dry-run "$KS" -- /bin/true 2>/dev/null | grep -q '^backend: cgroupfs .*supervised'; then
    SANDBOXCTL_STATE_DIR="$T/state" "$BENCH_DRIVER" rss 500 $CGFS "$KS" -- /bin/sleep 1 2>/dev/null \
        | sed 's/^/  ks-cgroupfs:   /' | tee "$T/rss" || FAILED=1
else
    echo "  ks-cgroupfs:   the cgroupfs backend cannot run here (no writable cgroup v2 directory), not measured" \
        | tee "$T/rss"
fi
"$BENCH_DRIVER" rss 500 $SCTL "$UNITS/two-commands.unit" | sed 's/^/  two-commands:  /' | tee -a "$T/rss" || FAILED=1
# The other sandboxctl processes a supervised start keeps, for the record (not the target's supervisor): the
# cleanup watchdog (cgroupfs; a fork made before the sandbox exists) and, with several commands, the sandbox
# process that runs them one after the other (a fork that still needs the prepared sandbox for each command).
hwm_of() { awk '/^VmHWM:/ {print $2 " kB"}' "/proc/$1/status" 2>/dev/null; }
if [ -s "$T/rss" ] && grep -q 'ks-cgroupfs: *rss:' "$T/rss"; then
    SANDBOXCTL_STATE_DIR="$T/state" $CGFS "$KS" -- /bin/sleep 1 >/dev/null 2>&1 &
    p=$!; sleep 0.5
    wd=$(sed -n 's/^watchdog=//p' "$T"/state/sandboxctl-* 2>/dev/null | head -1)
    echo "  ks-cgroupfs:   cleanup watchdog (sbx-watchdog) VmHWM $( [ -n "$wd" ] && hwm_of "$wd" || echo '?')"
    wait "$p"
fi
$SCTL "$UNITS/two-commands.unit" >/dev/null 2>&1 &
p=$!; sleep 0.5
echo "  two-commands:  sandbox process running the commands VmHWM $(hwm_of "$(pgrep -P "$p" | head -1)")"
wait "$p"
echo

if [ -n "$HYPERFINE" ]; then
    echo "## 6. Cross-check with hyperfine (sequential, not interleaved: noisier under load)"
    "$HYPERFINE" -N -w 3 -r 15 --style basic \
        "unshare --mount --net --ipc --uts /bin/true" "$SCTL $KS -- /bin/true" 2>&1 \
        | grep -E '^Benchmark|Time \(mean' | sed 's/^/  /'
    echo
fi

echo "## Targets"
med() { awk -v n="$1" '$1 == n {print $2}' "$T/table"; }
target() { # NAME VALUE OP LIMIT
    if awk -v v="$2" -v l="$4" 'BEGIN {exit !(v ~ /^-?[0-9.]+$/ && v + 0 <= l + 0)}'; then r=met; else r=MISSED; fi
    printf '  %-58s %8s  (limit %s) %s\n' "$1" "$2" "$4" "$r"
}
ks=$(med sandboxctl-kitchen-sink); bw=$(med bwrap-equiv); fl=$(med unshare-floor); bp=$(med bwrap-peer)
ratio() { awk -v a="$1" -v b="$2" 'BEGIN {if (a + 0 > 0 && b + 0 > 0) printf "%.2f", a/b; else print "n/a"}'; }
target "kitchen-sink / bwrap-equiv (median ratio)" "$(ratio "$ks" "$bw")" "<=" 0.8
target "kitchen-sink / bwrap-peer (median ratio)" "$(ratio "$ks" "$bp")" "<=" 0.8
target "kitchen-sink / unshare floor (median ratio)" "$(ratio "$ks" "$fl")" "<=" 1.5
# Only rows where sandboxctl itself stayed (exe is sandboxctl): a payload's RSS is not the supervisor's.
hwm=$(awk '/exe [^ ]*sandboxctl / {for (i = 1; i <= NF; i++) if ($i == "VmHWM") print $(i+1)}' "$T/rss" | sort -n | tail -1)
target "supervisor peak RSS, MiB (largest VmHWM above)" "$(awk -v k="${hwm:-0}" 'BEGIN {printf "%.2f", k/1024}')" "<=" 2
# The filter's own cost is kitchen-sink minus namespaces-only (the same sandbox without seccomp); "noise" is
# the interquartile range of the unfiltered runs.
n0=$(awk '$1 == "namespaces-only" {print $2}' "$T/loop"); n1=$(awk '$1 == "kitchen-sink" {print $2}' "$T/loop")
iqr=$(echo "${NS[none]}" | tr ' ' '\n' | grep -v '^$' | sort -g |
      awk '{a[NR]=$1} END {if (NR >= 4) printf "%.1f", a[int(NR*3/4+0.5)] - a[int(NR/4+0.5)]; else print 0}')
target "filter cost per getppid, ns (kitchen-sink - namespaces-only)" \
    "$(awk -v a="$n1" -v b="$n0" 'BEGIN {if (a + 0 > 0 && b + 0 > 0) printf "%.1f", a-b; else print "n/a"}')" "<=" \
    "$iqr"
echo "  (the syscall target is 'within noise': the limit is the interquartile range of the unfiltered runs)"
if grep -q "ok, 0 failed" "$T/conc" && ! grep -q LEFTOVERS "$T/conc"; then
    echo "  $CONC concurrent starts: all succeeded, nothing left behind                     met"
else
    echo "  $CONC concurrent starts: all succeeded, nothing left behind                     MISSED"
fi
exit $FAILED
