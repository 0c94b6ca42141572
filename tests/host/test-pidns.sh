#!/bin/bash
# SPDX-License-Identifier: MIT
# PrivatePIDs= (systemd >= 257): the payload is PID 1 of a new PID namespace with its own /proc, host
# processes are invisible, sandboxctl stays outside as the reaper (signals, exit status), and nothing of the
# namespace outlives it. Every check runs supervised (--backend=cgroupfs, or none with a supervisor-less
# start when cgroupfs is unavailable) and in place (--backend=none: sandboxctl itself is the reaper), next to
# a twin without the directive.
. "$(dirname "$0")/lib.sh"

# A host process with a name nobody else has: it must not show up inside.
MARKER="$TESTDIR/sbx-pidns-marker"
cp /bin/sleep "$MARKER"
"$MARKER" 300 &
MARKER_PID=$!
STARTED_PIDS+=("$MARKER_PID")

# The machine may be loaded (guests under emulation): generous, but bounded, waits.
wait_ready() {
    for _ in $(seq 600); do grep -q ready "$TESTDIR/out" && return 0; sleep 0.1; done
    echo "# the payload did not start within 60 s: $(tr '\n' '|' < "$TESTDIR/out")"
}
# Waits for pid, at most 60 s (then SIGKILL); rc gets its exit status.
wait_bounded() {
    for _ in $(seq 600); do kill -0 "$1" 2>/dev/null || break; sleep 0.1; done
    if kill -0 "$1" 2>/dev/null; then
        echo "# pid $1 still running after 60 s: killing it"
        kill -KILL "$1"
    fi
    wait "$1"
    rc=$?
}

BACKENDS=(none)
"$SANDBOXCTL" start --backend=cgroupfs "$UNITS/empty.unit" -- /bin/true >/dev/null 2>&1 && BACKENDS+=(cgroupfs)

# Lists the command names of every process the payload's /proc shows, one line "procs: a b c".
LIST_PROCS='printf "procs:"; for d in /proc/[0-9]*; do printf " %s" "$(tr "\0" " " < $d/cmdline 2>/dev/null | cut -d" " -f1)"; done; echo'

for be in "${BACKENDS[@]}"; do
    start --backend="$be" "$UNITS/private-pids.unit" -- /bin/sh -c 'echo "pid=$$ ppid=$PPID"'
    expect_rc "[$be] PrivatePIDs=yes: payload runs" 0
    expect_out "[$be] PrivatePIDs=yes: the payload is PID 1 (its parent is outside)" '^pid=1 ppid=0$'
    start --backend="$be" "$UNITS/empty.unit" -- /bin/sh -c 'echo "pid=$$"'
    if printf '%s\n' "$OUT" | grep -Eq '^pid=[0-9]+$' && ! printf '%s\n' "$OUT" | grep -q '^pid=1$'; then
        ok "[$be] twin: without PrivatePIDs= the payload has a host PID ($OUT)"
    else
        fail "[$be] twin: without PrivatePIDs= expected a host PID, got: $OUT"
    fi

    start --backend="$be" "$UNITS/private-pids.unit" -- /bin/sh -c "$LIST_PROCS"
    expect_rc "[$be] PrivatePIDs=yes: /proc can be listed" 0
    procs=$(printf '%s\n' "$OUT" | sed -n 's/^procs://p')
    n=$(echo $procs | wc -w)
    if [ "$n" -ge 1 ] && [ "$n" -le 6 ] && ! printf '%s\n' "$OUT" | grep -q "sbx-pidns-marker"; then
        ok "[$be] PrivatePIDs=yes: /proc shows only the sandbox's $n processes:$procs"
    else
        fail "[$be] PrivatePIDs=yes: /proc shows $n processes:$procs (host marker $MARKER_PID must be invisible)"
    fi
    start --backend="$be" "$UNITS/private-pids.unit" -- /bin/sh -c "tr '\\0' ' ' < /proc/1/cmdline; echo; ls /proc/$MARKER_PID >/dev/null 2>&1 && echo marker-visible"
    expect_out "[$be] PrivatePIDs=yes: /proc/1 is the payload itself" '^/bin/sh -c '
    if printf '%s\n' "$OUT" | grep -qx marker-visible; then
        fail "[$be] PrivatePIDs=yes: the host's PID $MARKER_PID is reachable in /proc"
    else
        ok "[$be] PrivatePIDs=yes: the host's PID $MARKER_PID is not in /proc"
    fi
    start --backend="$be" "$UNITS/empty.unit" -- /bin/sh -c "$LIST_PROCS"
    if printf '%s\n' "$OUT" | grep -q "sbx-pidns-marker"; then
        ok "[$be] twin: without PrivatePIDs= the host marker process is visible"
    else
        fail "[$be] twin: without PrivatePIDs= the host marker should be visible: $(echo "$OUT" | head -c 300)"
    fi

    # Exit status passes through.
    start --backend="$be" "$UNITS/private-pids.unit" -- /bin/sh -c 'exit 7'
    expect_rc "[$be] PrivatePIDs=yes: exit status passes" 7

    # SIGTERM to sandboxctl: a payload with a handler gets it (and its exit status passes) ...
    "$SANDBOXCTL" start --backend="$be" "$UNITS/private-pids.unit" -- /bin/sh -c \
        'trap "echo got-TERM; exit 9" TERM; echo ready; while :; do sleep 0.1; done' > "$TESTDIR/out" 2>&1 &
    pid=$!
    STARTED_PIDS+=("$pid")
    wait_ready
    kill -TERM "$pid"
    wait_bounded "$pid"
    if [ "$rc" = 9 ] && grep -q got-TERM "$TESTDIR/out"; then
        ok "[$be] PrivatePIDs=yes: SIGTERM reaches a PID 1 with a handler (exit 9)"
    else
        fail "[$be] PrivatePIDs=yes: SIGTERM with a handler: rc=$rc, output: $(tr '\n' '|' < "$TESTDIR/out")"
    fi
    # ... and one without (which the kernel would drop for a PID 1) is killed: 128+SIGKILL.
    "$SANDBOXCTL" start --backend="$be" "$UNITS/private-pids.unit" -- /bin/sh -c \
        "echo ready; exec $MARKER 300" > "$TESTDIR/out" 2>&1 &
    pid=$!
    STARTED_PIDS+=("$pid")
    wait_ready
    sleep 0.2
    kill -TERM "$pid"
    wait_bounded "$pid"
    [ "$rc" = 137 ] && ok "[$be] PrivatePIDs=yes: SIGTERM ends a PID 1 without a handler (exit 137)" \
        || fail "[$be] PrivatePIDs=yes: SIGTERM without a handler: rc=$rc, expected 137"

    # Nothing left behind: an orphan of the payload dies with the namespace, also when sandboxctl is killed.
    start --backend="$be" "$UNITS/private-pids.unit" -- /bin/sh -c "$MARKER 301 >/dev/null 2>&1 & echo started"
    sleep 0.3
    if pgrep -f "sbx-pidns-marker 301" >/dev/null; then
        fail "[$be] PrivatePIDs=yes: the payload's orphan outlived it: $(pgrep -af 'sbx-pidns-marker 301')"
        pkill -KILL -f "sbx-pidns-marker 301"
    else
        ok "[$be] PrivatePIDs=yes: the payload's orphan died with the namespace"
    fi
    "$SANDBOXCTL" start --backend="$be" "$UNITS/private-pids.unit" -- /bin/sh -c \
        "$MARKER 302 >/dev/null 2>&1 & echo ready; exec $MARKER 303" > "$TESTDIR/out" 2>&1 &
    pid=$!
    STARTED_PIDS+=("$pid")
    wait_ready
    kill -KILL "$pid"
    wait "$pid" 2>/dev/null
    for _ in $(seq 50); do pgrep -f "sbx-pidns-marker 30[23]" >/dev/null || break; sleep 0.1; done
    if pgrep -f "sbx-pidns-marker 30[23]" >/dev/null; then
        fail "[$be] PrivatePIDs=yes: after SIGKILL of sandboxctl, left: $(pgrep -af 'sbx-pidns-marker 30[23]')"
        pkill -KILL -f "sbx-pidns-marker 30[23]"
    else
        ok "[$be] PrivatePIDs=yes: SIGKILL of sandboxctl takes the whole namespace with it"
    fi
done

# With a user namespace and a non-root user: the namespace is owned by it, /proc still a new instance.
start "$UNITS/private-pids-users.unit" -- /bin/sh -c "echo pid=\$\$ uid=\$(id -u); $LIST_PROCS"
expect_out "PrivatePIDs=yes + PrivateUsers=yes + User=nobody: PID 1 as uid 65534" '^pid=1 uid=65534$'
if printf '%s\n' "$OUT" | grep -q '^procs:' && ! printf '%s\n' "$OUT" | grep -q "sbx-pidns-marker"; then
    ok "PrivatePIDs=yes + PrivateUsers=yes: host processes invisible"
else
    fail "PrivatePIDs=yes + PrivateUsers=yes: $(echo "$OUT" | tr '\n' '|' | head -c 300)"
fi

# --dry-run names the step.
OUT=$("$SANDBOXCTL" start --dry-run "$UNITS/private-pids.unit" -- /bin/true 2>&1)
expect_out "--dry-run: PID namespace step and a new /proc" 'CLONE_NEWPID'
expect_out "--dry-run: /proc comes from PrivatePIDs=" '^proc /proc .*# PrivatePIDs='
