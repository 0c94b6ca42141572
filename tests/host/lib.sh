# SPDX-License-Identifier: MIT
# Shared helpers of the host suite. Source it first thing: it checks root, sets up a private scratch directory
# under /tmp, and on exit kills what the test started, removes its files and checks that nothing of the
# sandbox is left behind (mounts, processes, files in /tmp and /var/tmp).
#
# Every check prints "ok - …" or "not ok - …"; the script exits 1 when one failed. A check that cannot run on
# this machine calls skip: exit 77 with the reason, or a failure when SANDBOXCTL_MUST_WORK=1.

set -u

: "${SANDBOXCTL:?SANDBOXCTL must point at the sandboxctl binary (meson test sets it)}"
: "${SANDBOXCTL_SOURCE_ROOT:?}"
: "${SANDBOXCTL_BUILD_ROOT:?}"
UNITS="$SANDBOXCTL_SOURCE_ROOT/tests/host/units"
PROBE="$SANDBOXCTL_BUILD_ROOT/tests/host/sandbox-probe"
# pyenv shims live under /root, which a User= payload cannot read: always the system interpreter.
PYTHON=/usr/bin/python3
export LC_ALL=C

FAILURES=0
CHECKS=0
STARTED_PIDS=()
TESTDIR=""

skip() {
    if [ "${SANDBOXCTL_MUST_WORK:-0}" = 1 ]; then
        echo "not ok - cannot run, but SANDBOXCTL_MUST_WORK=1: $*"
        exit 1
    fi
    echo "SKIP: $*"
    exit 77
}

ok() { CHECKS=$((CHECKS + 1)); echo "ok - $*"; }
fail() { CHECKS=$((CHECKS + 1)); FAILURES=$((FAILURES + 1)); echo "not ok - $*"; }

[ "$(id -u)" = 0 ] || skip "the host suite needs root (namespaces, mounts, capabilities, other users)"
[ -x "$SANDBOXCTL" ] || skip "no sandboxctl binary at $SANDBOXCTL"
[ -x "$PROBE" ] || skip "no sandbox-probe at $PROBE"
[ -x "$PYTHON" ] || skip "no $PYTHON"

# Things that would outlive a broken test: snapshot them now, compare at exit.
snapshot_leftovers() {
    {
        awk '{ print $5 }' /proc/self/mountinfo | grep -E '^/(tmp|var/tmp)(/|$)' | sort
        # What start itself creates there (PrivateTmp= directories); other names are not ours to judge.
        find /tmp /var/tmp -maxdepth 1 -name 'sandboxctl-private-*' 2>/dev/null | sort
    }
}
LEFTOVERS_BEFORE=$(snapshot_leftovers)

cleanup() {
    local rc=$? pid after
    for pid in "${STARTED_PIDS[@]}"; do
        kill -KILL "$pid" 2>/dev/null
        wait "$pid" 2>/dev/null
    done
    if [ -n "$TESTDIR" ]; then
        # A probe that got further than it should have may have mounted here.
        while grep -q " $TESTDIR" /proc/self/mountinfo; do
            umount -l "$(awk -v d="$TESTDIR" 'index($5, d) == 1 { print $5 }' /proc/self/mountinfo | tail -n1)" || break
        done
        if pgrep -f -- "$TESTDIR" >/dev/null; then
            fail "processes of the test are still running: $(pgrep -af -- "$TESTDIR" | tr '\n' ';')"
            pkill -KILL -f -- "$TESTDIR"
        fi
        rm -rf -- "$TESTDIR"
    fi
    if [ -n "${STAGE:-}" ]; then
        if pgrep -f -- "$STAGE" >/dev/null; then
            fail "probes of the test are still running: $(pgrep -af -- "$STAGE" | tr '\n' ';')"
            pkill -KILL -f -- "$STAGE"
        fi
        rm -rf -- "$STAGE"
    fi
    after=$(diff <(echo "$LEFTOVERS_BEFORE") <(snapshot_leftovers) | grep '^>' | tr '\n' ' ')
    if [ -n "$after" ]; then
        fail "something was left behind: $after"
    else
        ok "nothing left behind (mounts under /tmp and /var/tmp, PrivateTmp= directories, processes)"
    fi
    echo "# $CHECKS checks, $FAILURES failed"
    if [ "$FAILURES" -gt 0 ]; then
        exit 1
    fi
    exit "$rc"
}
trap cleanup EXIT

TESTDIR=$(mktemp -d /tmp/sbx-host-test.XXXXXX)
chmod 0755 "$TESTDIR"

# The probes run inside sandboxes that hide /tmp and /var/tmp (PrivateTmp=) and /home, /root (ProtectHome=):
# a source or build tree there (a CI clone under /tmp) would be invisible to them. Stage them under /run,
# which every test unit leaves visible, readable and executable for User=nobody too.
STAGE=$(mktemp -d /run/sandboxctl-host-test.XXXXXX) || skip "cannot create a staging directory under /run"
chmod 0755 "$STAGE"
cp "$PROBE" "$SANDBOXCTL_SOURCE_ROOT"/tests/host/*.py "$STAGE/" || skip "cannot stage the probes in $STAGE"
PROBE=$STAGE/sandbox-probe
PROBES=$STAGE

# Runs sandboxctl start; output (stdout+stderr) in $OUT, exit status in $RC.
start() {
    OUT=$("$SANDBOXCTL" start "$@" 2>&1)
    RC=$?
}

# The probe's verdict from $OUT: "ok", an errno name, or "" (it did not get to print: killed, refused, …).
verdict() {
    local op=$1
    printf '%s\n' "$OUT" | sed -n "s/^$op: \\([A-Za-z0-9_]*\\).*/\\1/p" | tail -n1
}

# expect_probe DESC UNIT WANT OP [ARG] [-- extra start options]: the probe inside UNIT must end with WANT.
expect_probe() {
    local desc=$1 unit=$2 want=$3 op=$4 arg=${5:-} got
    shift 4
    [ $# -gt 0 ] && shift
    start "$@" "$UNITS/$unit" -- "$PROBE" "$op" $arg
    got=$(verdict "$op")
    if [ "$got" = "$want" ]; then
        ok "$desc: $op -> $got"
    else
        fail "$desc: $op -> '${got}' (rc=$RC), expected $want; output: $(echo "$OUT" | tr '\n' '|')"
    fi
}

# expect_probe_not DESC UNIT UNWANTED OP [ARG]: the negative twin; the probe must end with anything else.
expect_probe_not() {
    local desc=$1 unit=$2 unwanted=$3 op=$4 arg=${5:-} got
    start "$UNITS/$unit" -- "$PROBE" "$op" $arg
    got=$(verdict "$op")
    if [ -n "$got" ] && [ "$got" != "$unwanted" ]; then
        ok "$desc: $op -> $got"
    else
        fail "$desc: $op -> '${got}' (rc=$RC), expected anything but $unwanted; output: $(echo "$OUT" | tr '\n' '|')"
    fi
}

# expect_rc DESC WANT: checks $RC from the last start.
expect_rc() {
    if [ "$RC" = "$2" ]; then
        ok "$1: exit status $RC"
    else
        fail "$1: exit status $RC, expected $2; output: $(echo "$OUT" | tr '\n' '|')"
    fi
}

# expect_out DESC REGEX: $OUT of the last start must match.
expect_out() {
    if printf '%s\n' "$OUT" | grep -Eq -- "$2"; then
        ok "$1"
    else
        fail "$1: output does not match /$2/: $(echo "$OUT" | tr '\n' '|')"
    fi
}

expect_no_out() {
    if printf '%s\n' "$OUT" | grep -Eq -- "$2"; then
        fail "$1: output matches /$2/: $(echo "$OUT" | tr '\n' '|')"
    else
        ok "$1"
    fi
}
