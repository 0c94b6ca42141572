# SPDX-License-Identifier: MIT
# Helpers for tests/host/test-mount-*.sh (sourced). Each unit under tests/host/units/mount-*.unit is run
# twice: through `sandboxctl start` and through mount-driver (the mount list alone), and its payload
# probes from inside. After every run the host must be unchanged: same mounts, no new files in /tmp and
# /var/tmp.

set -u

: "${SANDBOXCTL:?}" "${SANDBOXCTL_SOURCE_ROOT:?}" "${SANDBOXCTL_BUILD_ROOT:?}"
UNITS="$SANDBOXCTL_SOURCE_ROOT/tests/host/units"
DRIVER="$SANDBOXCTL_BUILD_ROOT/tests/host/mount-driver"
# Every unit refers to this fixed fixture directory; each test creates what it needs below it.
FIX=/var/lib/sandboxctl-mount-test

failures=0
count=0

skip() {
        if [ "${SANDBOXCTL_MUST_WORK:-0}" = 1 ]; then
                echo "Bail out! must work, but: $*"
                exit 1
        fi
        echo "1..0 # SKIP $*"
        exit 77
}

[ "$(id -u)" = 0 ] || skip "needs root (mount namespaces, mounts)"
[ -x "$DRIVER" ] || skip "mount-driver not built"

# The units share one fixed fixture path, so two runs of these tests (two build directories, two people on
# one machine) must not overlap: serialize on this file itself, which leaves nothing behind.
exec 9<"$SANDBOXCTL_SOURCE_ROOT/tests/host/mount-lib.sh"
flock -w 240 9 || skip "another run of the mount tests held the lock for 240 s"

fixture_cleanup() {
        rm -rf --one-file-system -- "$FIX"
}
trap fixture_cleanup EXIT
fixture_cleanup
mkdir -p "$FIX"

ok() {
        count=$((count + 1))
        echo "ok $count - $*"
}

not_ok() {
        count=$((count + 1))
        failures=$((failures + 1))
        echo "not ok $count - $*"
}

# Host state that must survive a run unchanged: every mount point with its options, and what the sandbox
# could leave in /tmp and /var/tmp (sandboxctl*, systemd-private-*, the probes' markers). Other suites run at
# the same time on this shared machine, so their temporary files and their mounts below /tmp/… are not
# compared; none of the mount units mounts below /tmp or /var/tmp.
host_state() {
        cut -d' ' -f5,6 /proc/self/mountinfo | grep -v -E '^/(var/)?tmp/' | sort
        # (minus test-mount-private-tmp.sh's own host markers and other suites' mktemp names)
        ls -A /tmp /var/tmp 2>/dev/null | grep -E '^(sandboxctl|systemd-private)' |
                grep -v -x -E 'sandboxctl-mount-test-host|.*\.[A-Za-z0-9]{6,}' | sort
}

# run RUNNER UNIT: runs the unit's ExecStart=; output in $out, exit status in $rc.
run() {
        case "$1" in
        start) out=$("$SANDBOXCTL" start "$UNITS/$2" 2>&1) ;;
        driver) out=$("$DRIVER" --unit "$UNITS/$2" 2>&1) ;;
        esac
        rc=$?
}

# expect RESULT UNIT [DESCRIPTION]: RESULT is "pass" (payload exits 0: the protection holds) or "fail"
# (the negative twin: the payload ran, its `sh -x` trace is there, and its probe failed, which proves the
# probe detects a missing protection; a refusal to start does not count).
expect() {
        local want="$1" unit="$2" what="${3:-$2}" before after runner

        for runner in start driver; do
                before=$(host_state)
                run "$runner" "$unit"
                after=$(host_state)
                if [ "$before" != "$after" ]; then
                        not_ok "$what ($runner): host changed"
                        diff <(echo "$before") <(echo "$after") | sed 's/^/# /'
                        continue
                fi
                if { [ "$want" = pass ] && [ "$rc" -eq 0 ]; } ||
                   { [ "$want" = fail ] && [ "$rc" -ne 0 ] && echo "$out" | grep -q '^+ '; }; then
                        ok "$what ($runner): exit $rc as expected"
                else
                        not_ok "$what ($runner): exit $rc, expected $want"
                        echo "$out" | sed 's/^/# /'
                fi
        done
}

finish() {
        echo "1..$count"
        [ "$failures" -eq 0 ]
        exit $?
}
