#!/bin/bash
# SPDX-License-Identifier: MIT
# The guest half of run-bench-vm.sh: runs as root inside the systemd guest (PID 1 systemd, pure cgroup v2) and
# prints the guest tables. Usage: bench-guest.sh SANDBOXCTL BENCH_DRIVER SOURCE_ROOT
# Knobs (forwarded through env(1)): BENCH_RUNS (default 11), BENCH_CONCURRENCY (default 200), BENCH_SCTL_BASE (a
# second sandboxctl binary whose systemd rows join G1 as *-base, and whose step timings follow G2's; BENCH_G3_BACKENDS
# may then name "systemd-base"), BENCH_G3_REFERENCE=0 (skip the systemd-run --scope part of G3).
set -u
export LC_ALL=C
SCTL_BIN=$1 DRIVER=$2 SRC=$3
RUNS=${BENCH_RUNS:-11}
CONC=${BENCH_CONCURRENCY:-200}
UNITS=$SRC/tests/bench/units
FAILED=0
T=$(mktemp -d /tmp/sandboxctl-bench-guest.XXXXXX)
trap 'rm -rf "$T"' EXIT

echo "# guest: $(nproc) CPUs, kernel $(uname -r), $(systemctl --version | head -1), $(systemctl is-system-running)"

# The cgroup properties both sides get. They join the unit only when this sandboxctl enforces them with the
# systemd backend (start refuses a directive it cannot enforce); otherwise both sides run without them.
PROPS=(CPUQuota=50% MemoryMax=256M TasksMax=64)
printf '[Sandbox]\n' >"$T/cgroup.unit"
printf '%s\n' "${PROPS[@]}" >>"$T/cgroup.unit"
if "$SCTL_BIN" start --backend=systemd "$T/cgroup.unit" -- /bin/true 2>"$T/probe.err"; then
    CG_NOTE="cgroup properties on both sides: ${PROPS[*]}"
else
    CG_NOTE="cgroup properties NOT used: this sandboxctl refuses them ($(head -1 "$T/probe.err"))"
    PROPS=()
fi
{ cat "$UNITS/kitchen-sink.unit"; printf '%s\n' "${PROPS[@]}"; } >"$T/kitchen-sink.unit"
{ printf '[Sandbox]\n'; printf '%s\n' "${PROPS[@]}"; } >"$T/cgroup.unit"
echo "# $CG_NOTE"

# systemd-run gets the very same directives as -p KEY=VALUE, read from the unit.
SR_EXEC=""
while IFS= read -r l; do
    case $l in ''|'#'*|';'*|'['*) continue ;; esac
    SR_EXEC+=" -p $l"
done <"$T/kitchen-sink.unit"
SR_CG=""
for p in "${PROPS[@]}"; do SR_CG+=" -p $p"; done
SCTL="$SCTL_BIN start"
BASE_BIN=${BENCH_SCTL_BASE:-}
BASE_ROWS=()
[ -n "$BASE_BIN" ] && BASE_ROWS=(
    "sctl-systemd-cgroup-base=$BASE_BIN start --backend=systemd $T/cgroup.unit -- /bin/true"
    "sctl-systemd-ks-base=$BASE_BIN start --backend=systemd $T/kitchen-sink.unit -- /bin/true")

SECTIONS=${BENCH_SECTIONS:-G1 G2 G3 G4}
want() { [[ " $SECTIONS " == *" $1 "* ]]; }

if want G1; then
echo
echo "## G1. Start-up wall time for /bin/true under systemd (TCG emulation: compare ratios, not ms)"
"$DRIVER" run -n "$RUNS" -w 2 -r scope -r service-pipe \
    "exec=/bin/true" \
    "scope=systemd-run -q --scope$SR_CG /bin/true" \
    "service-pipe=systemd-run -q --wait --pipe$SR_EXEC /bin/true" \
    "sctl-systemd-cgroup=$SCTL --backend=systemd $T/cgroup.unit -- /bin/true" \
    "sctl-systemd-ks=$SCTL --backend=systemd $T/kitchen-sink.unit -- /bin/true" \
    "sctl-cgroupfs-ks=$SCTL --backend=cgroupfs $UNITS/kitchen-sink.unit -- /bin/true" \
    "sctl-none-ks=$SCTL --backend=none $UNITS/kitchen-sink.unit -- /bin/true" "${BASE_ROWS[@]}" \
    | tee "$T/table" || FAILED=1
echo "  scope: systemd-run --scope with the cgroup properties; service-pipe: a transient service with"
echo "  --wait --pipe and every kitchen-sink directive; sctl-*: sandboxctl start with the backend named."
echo "  sctl-cgroupfs-ks runs without the cgroup properties: the guest's job runner delegates no controllers,"
echo "  and the cgroupfs backend refuses to enable them in a cgroup it did not create."
echo

fi
if want G2; then
echo "## G2. Cost of each step, systemd backend, kitchen sink (median of $RUNS)"
"$DRIVER" timings -n "$RUNS" $SCTL --backend=systemd "$T/kitchen-sink.unit" -- /bin/true || FAILED=1
if [ -n "$BASE_BIN" ]; then
    echo "## G2-base. The same with BENCH_SCTL_BASE ($BASE_BIN)"
    "$DRIVER" timings -n "$RUNS" "$BASE_BIN" start --backend=systemd "$T/kitchen-sink.unit" -- /bin/true || FAILED=1
fi
echo
fi

leftovers() {
    echo "mounts $(wc -l </proc/self/mountinfo)"
    echo "scopes $(systemctl list-units --all --no-legend 'sandboxctl*' 2>/dev/null | wc -l)"
    echo "cgroups $(find /sys/fs/cgroup -type d -name '*sandboxctl*' 2>/dev/null | wc -l)"
    echo "procs $(pgrep -c -f "$SCTL_BIN" || true)"
    [ -z "$BASE_BIN" ] || echo "base procs $(pgrep -c -f "$BASE_BIN" || true)"
    ls -a /tmp /var/tmp /run 2>/dev/null | grep -i sandboxctl | grep -v "^$(basename "$T")$" | sort
}
if want G3 && [ "${BENCH_G3_REFERENCE:-1}" != 0 ]; then
    # The reference: as many systemd-run --scope at once, same properties, same payload.
    echo "## G3. $CONC systemd-run --scope at once (reference for the systemd backend)"
    "$DRIVER" concurrent "$CONC" systemd-run -q --scope $SR_CG /bin/sleep 0.5 2>"$T/conc-ref.err" | sed 's/^/  /'
    [ -s "$T/conc-ref.err" ] && sort "$T/conc-ref.err" | uniq -c | sort -rn | head -4 | sed 's/^/    /'
    echo "  kernel OOM kills so far: $(dmesg 2>/dev/null | grep -c 'Killed process')"
    sleep 2
    echo
fi
want G3 && for be in ${BENCH_G3_BACKENDS:-cgroupfs systemd}; do
    # "systemd-base": the BENCH_SCTL_BASE binary with --backend=systemd.
    sctl=$SCTL
    if [[ $be == *-base ]]; then
        [ -n "$BASE_BIN" ] || { echo "## G3. $be: no BENCH_SCTL_BASE, skipped"; continue; }
        sctl="$BASE_BIN start"
    fi
    echo "## G3. $CONC kitchen-sink sandboxes at once, --backend=$be (payload sleeps 0.5 s)"
    leftovers >"$T/before"
    unit=$T/kitchen-sink.unit
    [ "${be%-base}" = cgroupfs ] && unit=$UNITS/kitchen-sink.unit # no delegated controllers here (see G1)
    "$DRIVER" concurrent "$CONC" $sctl --backend=${be%-base} "$unit" -- /bin/sleep 0.5 2>"$T/conc.err" \
        | tee "$T/conc-$be"
    if [ "${PIPESTATUS[0]}" != 0 ]; then
        FAILED=1
        echo "  why (distinct messages, with counts):"
        grep -v 'bench-driver: instance' "$T/conc.err" | sed 's/[0-9a-f]\{8,\}/X/g; s/[0-9]\+/N/g' | sort | uniq -c \
            | sort -rn 2>/dev/null | head -8 | sed 's/^/    /'
        echo "  kernel OOM kills so far: $(dmesg 2>/dev/null | grep -c 'Killed process')"
    fi
    sleep 2
    leftovers >"$T/after"
    if diff -u "$T/before" "$T/after" >"$T/left"; then
        echo "  left behind: nothing (mounts, scopes, cgroups, processes, files in /tmp /var/tmp /run)"
    else
        echo "  left behind:"; sed 's/^/    /' "$T/left"; FAILED=1
    fi
    echo
done

want G4 && echo "## G4. Peak RSS of the supervisor (cgroupfs backend stays to remove its cgroup; VmHWM after 1 s)"
want G4 && { "$DRIVER" rss 1000 $SCTL --backend=cgroupfs "$UNITS/kitchen-sink.unit" -- /bin/sleep 2 2>/dev/null \
    | sed 's/^/  /'; echo; }

med() { awk -v n="$1" '$1 == n {print $2}' "$T/table"; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN {if (a + 0 > 0 && b + 0 > 0) printf "%.2f", a/b; else print "n/a"}'; }
target() {
    if awk -v v="$2" -v l="$3" 'BEGIN {exit !(v ~ /^-?[0-9.]+$/ && v + 0 <= l + 0)}'; then r=met; else r=MISSED; fi
    printf '  %-58s %8s  (limit %s) %s\n' "$1" "$2" "$3" "$r"
}
want G1 || exit $FAILED
echo "## Guest targets"
target "sctl-systemd-ks / scope (median ratio)" "$(ratio "$(med sctl-systemd-ks)" "$(med scope)")" 1.3
target "sctl-systemd-ks / service-pipe (median ratio)" "$(ratio "$(med sctl-systemd-ks)" "$(med service-pipe)")" 0.4
exit $FAILED
