#!/bin/bash
# SPDX-License-Identifier: MIT
# Start-up benchmark under systemd: boots the vm suite's guest ONCE (tests/vm/vm-run; systemd as PID 1, pure
# cgroup v2) and runs bench-guest.sh there: sandboxctl (systemd, cgroupfs and none backends) against
# systemd-run --scope and systemd-run --wait --pipe, step timings, 200 concurrent starts per backend with a
# leftover check, and the supervisor's RSS. The guest runs under QEMU TCG on the dev machine, 10-20x slower
# than native: read the ratios, not the milliseconds.
#
#     meson test -C build --benchmark start-up-vm -v        (or, by hand, with SANDBOXCTL etc. set)
#
# Env: SANDBOXCTL, BENCH_DRIVER, SANDBOXCTL_SOURCE_ROOT (set by meson); BENCH_RUNS, BENCH_CONCURRENCY,
# BENCH_SECTIONS (default "G1 G2 G3 G4"), BENCH_G3_BACKENDS (default "cgroupfs systemd"), BENCH_SCTL_BASE (another
# sandboxctl binary, e.g. a build of an older commit: G1 gets its systemd rows as *-base, interleaved in the same
# round-robin, G2 its step timings too, and G3 runs it for "systemd-base"; an A/B in one boot), BENCH_G3_REFERENCE=0
# (no systemd-run --scope storm in G3).
# Exit: 0 all measurements ran, 1 one failed, 77 cannot boot the guest here (reason printed).
set -uo pipefail
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
SRC=$(cd "${SANDBOXCTL_SOURCE_ROOT:-$HERE/../..}" && pwd -P)

skip() {
    if [ "${SANDBOXCTL_MUST_WORK:-0}" = 1 ]; then
        echo "bench-vm: cannot run, but SANDBOXCTL_MUST_WORK=1: $*"
        exit 1
    fi
    echo "SKIP: $*"
    exit 77
}

: "${SANDBOXCTL:?run through meson test --benchmark (SANDBOXCTL unset)}" "${BENCH_DRIVER:?}"
[ "$(id -u)" = 0 ] || skip "needs root (the guest image is built with mmdebstrap --mode=root)"
for t in qemu-system-x86_64 mmdebstrap mkfs.ext4; do
    command -v "$t" >/dev/null || skip "$t missing: apt-get install -y qemu-system-x86 mmdebstrap e2fsprogs"
done
VMRUN=$SRC/tests/vm/vm-run
[ -x "$VMRUN" ] || skip "no $VMRUN"

BIN=$(cd "$(dirname "$SANDBOXCTL")" && pwd -P)/$(basename "$SANDBOXCTL")
DRV=$(cd "$(dirname "$BENCH_DRIVER")" && pwd -P)/$(basename "$BENCH_DRIVER")
shares=(--share "$SRC")
BASE=
if [ -n "${BENCH_SCTL_BASE:-}" ]; then
    BASE=$(cd "$(dirname "$BENCH_SCTL_BASE")" && pwd -P)/$(basename "$BENCH_SCTL_BASE")
    [ -x "$BASE" ] || skip "BENCH_SCTL_BASE=$BENCH_SCTL_BASE is not an executable"
fi
for f in "$BIN" "$DRV" ${BASE:+"$BASE"}; do
    case $f in "$SRC"/*) ;; *) shares+=(--share "$(dirname "$f")") ;; esac
done

echo "# sandboxctl start-up benchmark in the systemd guest, $(date -u '+%Y-%m-%d %H:%M UTC')"
echo "# host: $(nproc) CPUs, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ //'), kernel $(uname -r); guest under QEMU ${SANDBOXCTL_VM_ACCEL:-tcg}"
"$VMRUN" "${shares[@]}" --cpus 2 --mem 1024 --timeout "${BENCH_VM_TIMEOUT:-1500}" -- \
    env BENCH_RUNS="${BENCH_RUNS:-11}" BENCH_CONCURRENCY="${BENCH_CONCURRENCY:-200}" \
    BENCH_SECTIONS="${BENCH_SECTIONS:-G1 G2 G3 G4}" BENCH_G3_BACKENDS="${BENCH_G3_BACKENDS:-cgroupfs systemd}" \
    BENCH_SCTL_BASE="$BASE" BENCH_G3_REFERENCE="${BENCH_G3_REFERENCE:-1}" \
    bash "$SRC/tests/bench/bench-guest.sh" "$BIN" "$DRV" "$SRC"
rc=$?
case $rc in
0|1) exit $rc ;;
*) echo "bench-vm: the guest run failed (vm-run exit $rc)"; exit 1 ;;
esac
