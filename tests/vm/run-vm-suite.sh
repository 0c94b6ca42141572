#!/bin/bash
# SPDX-License-Identifier: MIT
# The 'vm' suite: boot ONE Debian 12 guest (systemd as PID 1, pure cgroup v2, QEMU) with the source and
# build trees shared at the same paths, run tests/vm/guest-driver.sh in it as root, relay its TAP output
# (numbered here, plan at the end), and fail when any check fails. See tests/vm/README.md.
#
# Env (set by meson): SANDBOXCTL, SANDBOXCTL_SOURCE_ROOT, SANDBOXCTL_BUILD_ROOT.
# Optional: SANDBOXCTL_MUST_WORK=1 (a skip is a failure), SANDBOXCTL_VM_ONLY=REGEX (run matching checks
# only), SANDBOXCTL_VM_BUDGET (seconds after which the guest skips the remaining host-suite tests, default
# 900), SANDBOXCTL_VM_TIMEOUT (seconds for the whole guest run, default 1080), SANDBOXCTL_VM_DIR (image
# cache, default /var/tmp/sandboxctl-vm), SANDBOXCTL_VM_VERBOSE=1 (print the guest console).
# Exit: 0 all checks passed, 1 a check failed or the guest broke, 77 cannot run here (reason printed).
set -uo pipefail
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
SRC=${SANDBOXCTL_SOURCE_ROOT:-$(cd "$HERE/../.." && pwd)}
BUILD=${SANDBOXCTL_BUILD_ROOT:-}
BIN=${SANDBOXCTL:-}
T0=$SECONDS

skip() {
        if [ "${SANDBOXCTL_MUST_WORK:-0}" = 1 ]; then
                echo "Bail out! cannot run the vm suite: $* (SANDBOXCTL_MUST_WORK=1)"
                exit 1
        fi
        echo "1..0 # SKIP $*"
        exit 77
}

[ -n "$BUILD" ] && [ -n "$BIN" ] || { echo "Bail out! run through meson test (SANDBOXCTL_BUILD_ROOT, SANDBOXCTL unset)"; exit 1; }
[ -x "$BIN" ] || { echo "Bail out! $BIN not built"; exit 1; }
[ "$(id -u)" = 0 ] || skip "needs root (mmdebstrap --mode=root builds the guest image)"
missing=()
command -v qemu-system-x86_64 >/dev/null || missing+=(qemu-system-x86)
command -v mmdebstrap >/dev/null || missing+=(mmdebstrap)
command -v mkfs.ext4 >/dev/null || missing+=(e2fsprogs)
[ ${#missing[@]} = 0 ] || skip "host packages missing: ${missing[*]}"
case ${SANDBOXCTL_VM_ACCEL:-tcg} in
kvm) [ -w /dev/kvm ] || skip "SANDBOXCTL_VM_ACCEL=kvm but /dev/kvm is not usable" ;;
*) qemu-system-x86_64 -accel help 2>/dev/null | grep -qx tcg || skip "qemu-system-x86_64 has no TCG accelerator" ;;
esac

# The guest has Debian 12's libraries only (plus libasan8/libubsan1): refuse a binary it cannot load.
if ldd "$BIN" 2>/dev/null | grep -q 'not found'; then
        echo "Bail out! $BIN has unresolved libraries on the host"
        exit 1
fi

echo "# building/refreshing the guest image (cached in ${SANDBOXCTL_VM_DIR:-/var/tmp/sandboxctl-vm})"
"$HERE/build-image" 2>&1 | sed 's/^/# /'
rc=${PIPESTATUS[0]}
case $rc in
0) ;;
2) skip "host tools for the guest image missing (qemu-system-x86, mmdebstrap, e2fsprogs)" ;;
*) echo "Bail out! building the guest image failed (exit $rc)"; exit 1 ;;
esac

# meson test builds only what the selected tests depend on; the guest also runs the host suite's tests.
if command -v ninja >/dev/null && [ -f "$BUILD/build.ninja" ]; then
        ninja -C "$BUILD" >/dev/null 2>&1 || echo "# warning: ninja -C $BUILD failed; host-suite tests may be stale"
fi

# Share the source tree, and the build tree when it lies outside it, at the same paths in the guest.
SRC=$(cd "$SRC" && pwd -P)
BUILD=$(cd "$BUILD" && pwd -P)
BIN=$(cd "$(dirname "$BIN")" && pwd -P)/$(basename "$BIN")
shares=(--share "$SRC")
case $BUILD/ in "$SRC"/*) ;; *) shares+=(--share "$BUILD") ;; esac

args=(--sandboxctl "$BIN" --build "$BUILD" --budget "${SANDBOXCTL_VM_BUDGET:-900}")
[ -n "${SANDBOXCTL_VM_ONLY:-}" ] && args+=(--only "$SANDBOXCTL_VM_ONLY")
vmargs=(--timeout "${SANDBOXCTL_VM_TIMEOUT:-1080}" --mem 1024 --cpus 2)
[ "${SANDBOXCTL_VM_VERBOSE:-0}" = 1 ] && vmargs+=(-v)

# vm-run passes only the command line into the guest: forward SANDBOXCTL_MUST_WORK through env(1).
echo "# booting the guest: vm-run ${shares[*]} -- guest-driver.sh ${args[*]}"
n=0 failed=0 skipped=0 vmrc=
while IFS= read -r line; do
        if [[ $line =~ ^(not\ ok|ok)(\ [0-9]+)?(\ -)?\ ?(.*)$ ]]; then
                n=$((n + 1))
                echo "${BASH_REMATCH[1]} $n - ${BASH_REMATCH[4]}"
                # "not ok … # TODO …" is reported, not counted (TAP semantics).
                [ "${BASH_REMATCH[1]}" = "not ok" ] && [[ $line != *"# TODO"* ]] && failed=$((failed + 1))
                [[ $line == *"# SKIP"* ]] && skipped=$((skipped + 1))
        elif [[ $line =~ ^vm-run-exit\ ([0-9]+)$ ]]; then
                vmrc=${BASH_REMATCH[1]}
        elif [[ $line == "Bail out!"* ]]; then
                echo "$line"
                failed=$((failed + 1))
        else
                echo "$line"
        fi
done < <("$HERE/vm-run" "${vmargs[@]}" "${shares[@]}" -- \
                env "SANDBOXCTL_MUST_WORK=${SANDBOXCTL_MUST_WORK:-}" \
                /bin/bash "$HERE/guest-driver.sh" "${args[@]}" 2>&1; echo "vm-run-exit $?")
echo "1..$n"
echo "# $n checks, $failed failed, $skipped skipped, $((SECONDS - T0)) s in total"
if [ "$vmrc" != 0 ]; then
        # 124: the guest run timed out, 125: the guest died without a status (console printed above).
        echo "# the guest run failed: vm-run exit ${vmrc:-unknown}"
        exit 1
fi
if [ "$n" = 0 ]; then
        echo "# no check ran"
        exit 1
fi
[ $failed = 0 ] || exit 1
exit 0
