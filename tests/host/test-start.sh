#!/bin/bash
# SPDX-License-Identifier: MIT
# The foreground contract of start: exit statuses, signals, exec in place vs. supervised, several ExecStart=,
# the '+' and '-' prefixes, refusals before anything runs, --dry-run and -v, failing closed.
. "$(dirname "$0")/lib.sh"

# Exit statuses, with the payload exec'd in place (--backend=none) and under the supervisor that the
# cgroupfs backend keeps (it removes its cgroup afterwards).
SUPERVISED=--backend=cgroupfs
"$SANDBOXCTL" start $SUPERVISED "$UNITS/empty.unit" -- /bin/true >/dev/null 2>&1 &&
    "$SANDBOXCTL" start $SUPERVISED --dry-run "$UNITS/empty.unit" -- /bin/true 2>&1 | grep -q ", supervised" \
    || skip "the cgroupfs backend (the supervised mode of these checks) cannot run here"
for mode in "--backend=none" "$SUPERVISED"; do
    start $mode "$UNITS/exit-status.unit"
    expect_rc "[$mode] exit 3 -> 3" 3
    start $mode "$UNITS/exit-signal.unit"
    expect_rc "[$mode] kill -9 self -> 137" 137
    start $mode "$UNITS/empty.unit" -- /bin/sh -c 'kill -TERM $$'
    expect_rc "[$mode] SIGTERM -> 143" 143
done

# In place: no fork, sandboxctl becomes the payload.
"$SANDBOXCTL" start --backend=none "$UNITS/empty.unit" -- /bin/sh -c 'echo $$' > "$TESTDIR/pid" 2>&1 &
P=$!
wait "$P"
[ "$(cat "$TESTDIR/pid")" = "$P" ] && ok "exec in place: the payload has sandboxctl's pid" \
    || fail "exec in place: payload pid $(cat "$TESTDIR/pid"), sandboxctl $P"

# Signals reach the payload, in place and through the supervisor.
PAYLOAD='trap "echo got-$0; exit 42" TERM HUP; echo ready; while :; do sleep 0.1; done'
for mode in "--backend=none" "$SUPERVISED"; do
    for sig in TERM HUP; do
        "$SANDBOXCTL" start $mode "$UNITS/empty.unit" -- /bin/sh -c "$PAYLOAD" "$sig" > "$TESTDIR/sig.out" 2>&1 &
        P=$!
        STARTED_PIDS+=("$P")
        for _ in $(seq 600); do grep -q ready "$TESTDIR/sig.out" && break; sleep 0.05; done
        grep -q ready "$TESTDIR/sig.out" || fail "[$mode] the payload did not start within 30 s"
        kill -"$sig" "$P"
        wait "$P"
        RC=$?
        OUT=$(cat "$TESTDIR/sig.out")
        expect_rc "[$mode] SIG$sig to sandboxctl reaches the payload" 42
        expect_out "[$mode] the payload's trap ran for SIG$sig" "^got-$sig$"
    done
done

# The supervisor's death kills the payload (PR_SET_PDEATHSIG).
"$SANDBOXCTL" start $SUPERVISED "$UNITS/empty.unit" -- /bin/sh -c "echo \$\$ > $TESTDIR/payload.pid; exec sleep 60" &
P=$!
STARTED_PIDS+=("$P")
for _ in $(seq 600); do [ -s "$TESTDIR/payload.pid" ] && break; sleep 0.05; done
PAYLOAD_PID=$(cat "$TESTDIR/payload.pid")
kill -KILL "$P"
wait "$P" 2>/dev/null
for _ in $(seq 200); do kill -0 "$PAYLOAD_PID" 2>/dev/null || break; sleep 0.05; done
kill -0 "$PAYLOAD_PID" 2>/dev/null && { fail "payload $PAYLOAD_PID survived its supervisor"; kill -KILL "$PAYLOAD_PID"; } \
    || ok "payload dies with its supervisor"

# Several ExecStart=: in order, '-' ignores a failure, the first real failure stops the rest.
start "$UNITS/multi-exec.unit"
expect_rc "several ExecStart=: status of the failing one" 4
[ "$(echo "$OUT" | tr '\n' ' ')" = "first second " ] && ok "several ExecStart=: first, (-false), second, stop" \
    || fail "several ExecStart=: output '$OUT'"

# '+': that command runs without the exec sandbox.
HOST_NET=$(readlink /proc/self/ns/net)
start "$UNITS/plus-prefix.unit"
L1=$(echo "$OUT" | sed -n 1p) L2=$(echo "$OUT" | sed -n 2p)
[ "$L1" != "$HOST_NET" ] && [ "$L2" = "$HOST_NET" ] && ok "'+' runs unsandboxed, the other command is sandboxed" \
    || fail "'+': $L1 / $L2 (host $HOST_NET)"

# Refusals: nothing runs, FILE:LINE names the directive.
start "$UNITS/unenforced.unit" -- /bin/touch "$TESTDIR/ran"
expect_rc "an unenforced directive is refused" 1
expect_out "refusal names FILE:LINE and the directive" "unenforced.unit:3: DynamicUser= is not enforced"
start "$UNITS/no-exec-start.unit"
expect_rc "no ExecStart= and no command" 1
expect_out "no ExecStart=: the unit file is named" "no-exec-start.unit: No ExecStart="
start --backend=none -p MemoryMax=100M "$UNITS/empty.unit" -- /bin/touch "$TESTDIR/ran"
expect_rc "--backend=none refuses a cgroup directive" 1
[ ! -e "$TESTDIR/ran" ] && ok "refused units ran nothing" || fail "a refused unit ran its payload"

# --dry-run prints the steps and runs nothing; -v says what applies each directive.
start --dry-run "$UNITS/private-network.unit" -- /bin/touch "$TESTDIR/ran"
expect_rc "--dry-run" 0
expect_out "--dry-run: the namespace step" "^step NAMESPACES: unshare\(CLONE_NEWNET\)"
expect_out "--dry-run: the exec step" "^step EXEC: /bin/touch"
[ ! -e "$TESTDIR/ran" ] && ok "--dry-run ran nothing" || fail "--dry-run ran the payload"
start -v -p NoNewPrivileges=yes "$UNITS/private-network.unit" -- /bin/true
expect_out "-v: PrivateNetwork= and its mechanism" "PrivateNetwork= \(.*private-network.unit:2\): network namespace"
expect_out "-v: NoNewPrivileges=" "NoNewPrivileges= \(<command line>:1\): prctl"

# Failing closed: without the privilege to create the namespace, the step fails and the payload never runs.
if getent passwd nobody >/dev/null && command -v setpriv >/dev/null; then
    OUT=$(setpriv --reuid=nobody --regid=nogroup --clear-groups -- \
        "$SANDBOXCTL" start --backend=none "$UNITS/private-network.unit" -- /bin/echo payload-ran 2>&1)
    RC=$?
    expect_rc "PrivateNetwork= without privilege: step NAMESPACES' status" 225
    expect_out "PrivateNetwork= without privilege: Failed at step NAMESPACES" "Failed at step NAMESPACES"
    expect_no_out "PrivateNetwork= without privilege: payload not run" "payload-ran"
else
    fail "cannot run as nobody (setpriv missing)"
fi

# Load and plan errors: exit 1 before anything, FILE:LINE.
start "$UNITS/no-such-unit-sandboxctl.unit" -- /bin/touch "$TESTDIR/ran"
expect_rc "a unit that does not exist" 1
printf '[Sandbox]\nPrivateNetwork=maybe\n' > "$TESTDIR/bad.unit"
start "$TESTDIR/bad.unit" -- /bin/touch "$TESTDIR/ran"
expect_rc "an invalid value" 1
expect_out "an invalid value at FILE:LINE" "bad.unit:2: .*PrivateNetwork="
[ ! -e "$TESTDIR/ran" ] && ok "invalid units ran nothing" || fail "an invalid unit ran its payload"

# A failing step reports itself without a supervisor too (in place: straight to stderr).
start --backend=none -p WorkingDirectory=/nonexistent-sandboxctl "$UNITS/empty.unit" -- /bin/true
expect_rc "[in place] missing WorkingDirectory=: step CHDIR's status" 200
expect_out "[in place] Failed at step CHDIR" "^sandboxctl: Failed at step CHDIR: No such file or directory \(/nonexistent-sandboxctl\)$"
start --backend=none "$UNITS/empty.unit" -- /nonexistent-sandboxctl/cmd
expect_rc "[in place] a command that does not exist: step EXEC's status" 203
expect_out "[in place] Failed at step EXEC" "Failed at step EXEC: No such file or directory"
start "$UNITS/empty.unit" -- no-such-command-sandboxctl
expect_rc "[supervised] a bare name not in PATH: step EXEC's status" 203
# Supervised by cgroupfs (whose supervisor re-executes itself small as soon as the sandbox process runs):
# the step's record crosses the execve() on the inherited error pipe and is reported once; a death by
# SIGSYS is reported too.
start $SUPERVISED "$UNITS/empty.unit" -- /nonexistent-sandboxctl/cmd
expect_rc "[$SUPERVISED] a command that does not exist: step EXEC's status" 203
[ "$(printf '%s\n' "$OUT" | grep -c "Failed at step EXEC: No such file or directory (/nonexistent-sandboxctl/cmd)")" = 1 ] \
    && ok "[$SUPERVISED] Failed at step EXEC, reported once" \
    || fail "[$SUPERVISED] Failed at step EXEC not reported exactly once: $(echo "$OUT" | tr '\n' '|')"
start $SUPERVISED "$UNITS/syscall-filter-deny-kill.unit" -- /bin/sh -c "sleep 0.5; exec $PROBE uname"
expect_rc "[$SUPERVISED] killed by the seccomp filter: 128+SIGSYS" 159
expect_out "[$SUPERVISED] the supervisor reports SIGSYS on stderr" "killed by SIGSYS"
start --backend=none "$UNITS/empty.unit" -- env
expect_out "a bare command name is searched in the payload's PATH" "^PATH=/usr/local/sbin"

# --dry-run includes the mount list.
start --dry-run -p PrivateTmp=yes "$UNITS/empty.unit" -- /bin/true
expect_out "--dry-run: the mount step and its operations" "^step MOUNTS:"
