#!/bin/bash
# SPDX-License-Identifier: MIT
# cgroupfs backend lifecycle: refusals before anything is created (controllers this cgroup does not delegate,
# directives without a cgroupfs implementation, the none backend, --backend=systemd without a bus),
# list/status/stop of a running sandbox, and what a SIGKILLed supervisor leaves (nothing when the payload
# dies with it; an "orphaned" entry that `stop` removes when a daemon survives).
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/cgroupfs-lib.sh"

SUBTREE=" $(cat "$OWN/cgroup.subtree_control") "

# refusal UNIT DIRECTIVE CONTROLLER LINE: the backend refuses at FILE:LINE naming the directive and the
# controller, and the payload never runs.
refusal() {
    local unit=$1 dir=$2 ctl=$3 line=$4 marker="$TESTDIR/ran-$1" u
    u=$(unit_path "$unit")
    if [[ $SUBTREE == *" $ctl "* ]]; then
        # The controller is there (e.g. a pure cgroup v2 machine): the limit must then be applied instead.
        driver --backend=cgroupfs run "$u" -- /bin/sh -c 'cat "/sys/fs/cgroup$(sed -n "s/^0:://p" /proc/self/cgroup)/../cgroup.controllers"'
        expect_rc "$dir= with the $ctl controller available" 0
        expect_nothing_left "$dir= applied"
        return
    fi
    driver --backend=cgroupfs check "$u"
    expect_rc "$dir= without the $ctl controller: backend check" 1
    expect_out "$dir=: FILE:LINE names the directive and the controller" \
        "^$u:$line: $dir= needs the cgroup v2 '$ctl' controller"
    driver --backend=cgroupfs run "$u" -- /usr/bin/touch "$marker"
    expect_rc "$dir=: driver refuses to run" 1
    start --backend=cgroupfs "$u" -- /usr/bin/touch "$marker"
    if [ "$RC" != 0 ] && printf '%s\n' "$OUT" | grep -q "^$u:$line: $dir="; then
        ok "$dir=: start refuses at $u:$line (rc $RC)"
    else
        fail "$dir=: start did not refuse at $u:$line (rc $RC): $(echo "$OUT" | tr '\n' '|')"
    fi
    if [ -e "$marker" ]; then
        fail "$dir=: the payload ran although the limit cannot be applied"
        rm -f "$marker"
    else
        ok "$dir=: the payload did not run"
    fi
    expect_nothing_left "$dir= refused"
}

refusal cgroupfs-memory-max MemoryMax memory 5
refusal cgroupfs-cpu-quota CPUQuota cpu 5
refusal cgroupfs-tasks-max TasksMax pids 5

driver --backend=cgroupfs check "$(unit_path cgroupfs-ip-allow)"
expect_rc "IPAddressAllow= with cgroupfs" 1
expect_out "IPAddressAllow=: not supported by cgroupfs, at FILE:LINE" \
    "^$(unit_path cgroupfs-ip-allow):5: IPAddressAllow= is not supported by the cgroupfs backend"

driver --backend=cgroupfs check "$(unit_path cgroupfs-oom-stop)"
expect_rc "OOMPolicy=stop, Delegate= with cgroupfs" 1
expect_out "OOMPolicy=stop: refused at FILE:LINE" "^$(unit_path cgroupfs-oom-stop):5: OOMPolicy=stop is not supported"
expect_out "Delegate=: refused at FILE:LINE" "^$(unit_path cgroupfs-oom-stop):6: Delegate= is not supported"

driver --backend=none check "$(unit_path cgroupfs-memory-max)"
expect_rc "MemoryMax= with backend none" 1
expect_out "none: FILE:LINE, needs a cgroup backend" \
    "^$(unit_path cgroupfs-memory-max):5: MemoryMax= needs a cgroup backend"
driver --backend=none check "$(unit_path cgroupfs-devices-off)"
expect_rc "backend none accepts a unit without cgroup directives" 0

if [ ! -S /run/dbus/system_bus_socket ] && [ ! -d /run/systemd/system ]; then
    start --backend=systemd "$(unit_path cgroupfs-devices-off)" -- /usr/bin/touch "$TESTDIR/ran-systemd"
    expect_rc "--backend=systemd without a bus" 1
    expect_out "--backend=systemd without a bus: says why" '--backend=systemd: .*(bus|manager)'
    [ -e "$TESTDIR/ran-systemd" ] && fail "--backend=systemd without a bus: payload ran" || \
        ok "--backend=systemd without a bus: payload did not run"
    driver check "$(unit_path cgroupfs-devices-off)"
    expect_out "auto without systemd picks cgroupfs" '^backend: cgroupfs \('
fi

# A payload we can recognise (its path contains $TESTDIR, so lib.sh's cleanup sees leftovers).
cp /bin/sleep "$TESTDIR/sbx-sleep"
UNIT=$(unit_path cgroupfs-lifecycle)

# wait_listed [UNIT]: the name of our running sandbox of UNIT (default cgroupfs-lifecycle) from `list --json`,
# within 10 s.
wait_listed() {
    local i name
    for i in $(seq 100); do
        name=$("$SANDBOXCTL" list --json --backend=cgroupfs 2>/dev/null | "$PYTHON" -c '
import json, sys
for s in json.load(sys.stdin):
    if s["name"].startswith("sandboxctl-" + sys.argv[1] + "-") and s["state"] == "running" and s["pid"]:
        print(s["name"]); break' "${1:-cgroupfs-lifecycle}")
        [ -n "$name" ] && { echo "$name"; return 0; }
        sleep 0.1
    done
    return 1
}

# list, status, stop.
"$SANDBOXCTL" start --backend=cgroupfs "$UNIT" -- "$TESTDIR/sbx-sleep" 60 >"$TESTDIR/start.out" 2>&1 &
SUP=$!
STARTED_PIDS+=("$SUP")
if NAME=$(wait_listed); then
    ok "list: the running sandbox is listed ($NAME)"
    OUT=$("$SANDBOXCTL" list --json --backend=cgroupfs)
    if printf '%s' "$OUT" | "$PYTHON" -c '
import json, os, sys
want_unit, want_sup, own, name = sys.argv[1:5]
s = [s for s in json.load(sys.stdin) if s["name"] == name][0]
assert s["backend"] == "cgroupfs", s
assert s["unit"] == want_unit, s
assert s["supervisor"] == int(want_sup), s
assert s["cgroup"] == own + "/" + name, s
assert "sbx-sleep" in open("/proc/%d/cmdline" % s["pid"]).read(), s
assert s["tasks_current"] == 1, s
' "$UNIT" "$SUP" "$OWN" "$NAME"; then
        ok "list --json: backend, unit, supervisor, cgroup, payload pid, tasks"
    else
        fail "list --json fields: $OUT"
    fi
    OUT=$("$SANDBOXCTL" list --backend=cgroupfs)
    expect_out "list: a text row with name, backend and unit" "^$NAME +cgroupfs +running .*$UNIT\$"
    OUT=$("$SANDBOXCTL" status "$NAME" 2>&1)
    expect_out "status NAME" "State: running"
    OUT=$("$SANDBOXCTL" status --json "${NAME#sandboxctl-}" 2>&1)
    expect_out "status --json with the short name" "\"name\": \"$NAME\""
    OUT=$("$SANDBOXCTL" stop "$NAME" 2>&1)
    RC=$?
    expect_rc "stop NAME" 0
    wait "$SUP"
    RC=$?
    expect_rc "start ends with the payload's SIGTERM status" 143
    OUT=$("$SANDBOXCTL" status "$NAME" 2>&1)
    RC=$?
    expect_rc "status after stop" 1
else
    fail "list: the running sandbox never showed up: $("$SANDBOXCTL" list --backend=cgroupfs 2>&1 | tr '\n' '|')"
    kill "$SUP"
    wait "$SUP"
fi
expect_nothing_left "list/status/stop"

# The supervisor is SIGKILLed: the payload dies with it (parent-death signal), and the next list removes the
# empty cgroup and its registry entry.
"$SANDBOXCTL" start --backend=cgroupfs "$UNIT" -- "$TESTDIR/sbx-sleep" 60 >/dev/null 2>&1 &
SUP=$!
STARTED_PIDS+=("$SUP")
if NAME=$(wait_listed); then
    kill -KILL "$SUP"
    wait "$SUP" 2>/dev/null
    for i in $(seq 50); do
        pgrep -f -- "$TESTDIR/sbx-sleep" >/dev/null || break
        sleep 0.1
    done
    OUT=$("$SANDBOXCTL" list --backend=cgroupfs 2>&1)
    expect_no_out "supervisor killed, payload gone: list does not show it" "$NAME"
    expect_nothing_left "supervisor killed, payload gone"
else
    fail "supervisor-kill: the sandbox never showed up"
    kill "$SUP"
fi

# The supervisor is SIGKILLed and a daemon of the payload (not a child of the supervisor, so no parent-death
# signal reaches it) survives: the cleanup watchdog kills it and removes the cgroup.
DAEMON_CMD="setsid '$TESTDIR/sbx-sleep' 60 </dev/null >/dev/null 2>&1 & exec '$TESTDIR/sbx-sleep' 60"
"$SANDBOXCTL" start --backend=cgroupfs "$UNIT" -- /bin/sh -c "$DAEMON_CMD" >/dev/null 2>&1 &
SUP=$!
STARTED_PIDS+=("$SUP")
if NAME=$(wait_listed); then
    kill -KILL "$SUP"
    wait "$SUP" 2>/dev/null
    expect_nothing_left "supervisor killed, daemon left: the watchdog removes it"
else
    fail "daemon: the sandbox never showed up"
    kill "$SUP"
fi

# Both the supervisor and its watchdog are SIGKILLed: the daemon keeps running in its cgroup, `list` shows
# it as orphaned, and `stop` kills it and removes everything.
"$SANDBOXCTL" start --backend=cgroupfs "$UNIT" -- /bin/sh -c "$DAEMON_CMD" >/dev/null 2>&1 &
SUP=$!
STARTED_PIDS+=("$SUP")
if NAME=$(wait_listed); then
    WD=$(sed -n 's/^watchdog=//p' "$SANDBOXCTL_STATE_DIR/$NAME")
    if [ -n "$WD" ] && [ "$WD" != 0 ] && [ "$(cat "/proc/$WD/comm" 2>/dev/null)" = sbx-watchdog ]; then
        ok "the supervisor has a cleanup watchdog ($WD)"
        kill -KILL $WD
    else
        fail "no sbx-watchdog process for the running sandbox"
    fi
    kill -KILL "$SUP"
    wait "$SUP" 2>/dev/null
    sleep 0.3
    OUT=$("$SANDBOXCTL" list --backend=cgroupfs 2>&1)
    expect_out "orphaned daemon: list shows it as orphaned" "^$NAME +cgroupfs +orphaned"
    OUT=$("$SANDBOXCTL" stop "$NAME" 2>&1)
    RC=$?
    expect_rc "orphaned daemon: stop" 0
    expect_nothing_left "orphaned daemon stopped"
else
    fail "orphan: the sandbox never showed up"
    kill "$SUP"
fi

# Once the payload runs, the supervisor re-executes itself small (supervisor.c, `sandboxctl __supervise`): the
# same pid, without libbpf or libsystemd, at most 2 MiB resident; it still forwards signals and itself removes
# the cgroup, its leftovers and the registry entry. The cleanup watchdog is stopped (SIGSTOP) meanwhile, so
# what is gone when start returns was removed by the supervisor.

# wait_reexec PID: until PID runs `sandboxctl __supervise` (10 s).
wait_reexec() {
    for _ in $(seq 100); do
        tr '\0' ' ' <"/proc/$1/cmdline" 2>/dev/null | grep -q " __supervise " && return 0
        sleep 0.1
    done
    return 1
}

# slim_checks DESC PID NAME: what the re-executed supervisor is.
slim_checks() {
    local maps hwm hwm2 sup
    maps=$(awk 'NF >= 6 {print $6}' "/proc/$2/maps" | sort -u)
    if printf '%s\n' "$maps" | grep -Eq 'libbpf|libsystemd|libelf|libz\.so'; then
        fail "$1: the re-executed supervisor maps $(printf '%s\n' "$maps" | grep -E 'libbpf|libsystemd|libelf|libz' | tr '\n' ' ')"
    else
        ok "$1: the re-executed supervisor maps neither libbpf nor libsystemd"
    fi
    [ "$(cat "/proc/$2/comm")" = sandboxctl ] && ok "$1: its comm is still sandboxctl" \
        || fail "$1: comm '$(cat "/proc/$2/comm")'"
    tr '\0' ' ' <"/proc/$2/cmdline" | grep -q -- "-- $SANDBOXCTL start " \
        && ok "$1: its command line ends with the original one" \
        || fail "$1: command line '$(tr '\0' ' ' <"/proc/$2/cmdline")'"
    sup=$(sed -n 's/^supervisor=//p' "$SANDBOXCTL_STATE_DIR/$3")
    [ "$sup" = "$2" ] && ok "$1: same pid as the registry's supervisor" || fail "$1: registry supervisor $sup, not $2"
    if printf '%s\n' "$maps" | grep -q libasan; then
        ok "$1: RSS not checked in a sanitizer build"
        return
    fi
    # The peak since the execve(), and again after clear_refs reset it (5: peak RSS).
    hwm=$(awk '/^VmHWM:/ {print $2}' "/proc/$2/status")
    echo 5 >"/proc/$2/clear_refs"
    sleep 0.3
    hwm2=$(awk '/^VmHWM:/ {print $2}' "/proc/$2/status")
    if [ -n "$hwm" ] && [ "$hwm" -le 2048 ] && [ -n "$hwm2" ] && [ "$hwm2" -le 2048 ]; then
        ok "$1: supervisor VmHWM ${hwm} kB, ${hwm2} kB after clear_refs (<= 2048)"
    else
        fail "$1: supervisor VmHWM ${hwm:-?} kB, ${hwm2:-?} kB after clear_refs (> 2048)"
    fi
}

# gone_now DESC NAME: the cgroup and the registry entry are gone right as start returned.
gone_now() {
    if [ ! -e "$OWN/$2" ] && [ ! -e "$SANDBOXCTL_STATE_DIR/$2" ] && ! pgrep -f -- "$TESTDIR/sbx-sleep" >/dev/null; then
        ok "$1: the supervisor removed the cgroup, its processes and the registry entry"
    else
        fail "$1: left when start returned: $(ls -d "$OWN/$2" "$SANDBOXCTL_STATE_DIR/$2" 2>/dev/null | tr '\n' ' ')$(pgrep -f -- "$TESTDIR/sbx-sleep" | tr '\n' ' ')"
    fi
}

# A device program (libbpf loaded before the re-exec) that still applies after it; the payload exits by itself.
DEVUNIT=$(unit_path cgroupfs-devices-strict)
PAY="while [ ! -e '$TESTDIR/go' ]; do sleep 0.05; done; exec $PYTHON '$DEVPROBE' /dev/null:r /dev/zero:r"
"$SANDBOXCTL" start --backend=cgroupfs "$DEVUNIT" -- /bin/sh -c "$PAY" >"$TESTDIR/slim.out" 2>&1 &
SUP=$!
STARTED_PIDS+=("$SUP")
if NAME=$(wait_listed cgroupfs-devices-strict) && wait_reexec "$SUP"; then
    WD=$(sed -n 's/^watchdog=//p' "$SANDBOXCTL_STATE_DIR/$NAME")
    [ -n "$WD" ] && [ "$WD" != 0 ] && kill -STOP "$WD"
    slim_checks "re-exec, device program" "$SUP" "$NAME"
    touch "$TESTDIR/go"
    wait "$SUP"
    RC=$?
    gone_now "re-exec, payload exited" "$NAME"
    [ -n "$WD" ] && [ "$WD" != 0 ] && kill -CONT "$WD"
    OUT=$(cat "$TESTDIR/slim.out")
    expect_rc "re-exec: the payload's exit status" 0
    expect_out "re-exec: the device program still allows /dev/null" '^/dev/null:r: ok$'
    expect_out "re-exec: the device program still denies /dev/zero" '^/dev/zero:r: EPERM$'
else
    fail "re-exec: the sandbox never showed up or its supervisor never re-executed: $(tr '\0' ' ' <"/proc/$SUP/cmdline" 2>/dev/null)"
    kill "$SUP"
fi
expect_nothing_left "re-exec, payload exited"

# SIGTERM to the re-executed supervisor: forwarded to the payload (143), and a daemon the payload left is
# killed with the cgroup.
"$SANDBOXCTL" start --backend=cgroupfs "$UNIT" -- /bin/sh -c "$DAEMON_CMD" >/dev/null 2>&1 &
SUP=$!
STARTED_PIDS+=("$SUP")
if NAME=$(wait_listed) && wait_reexec "$SUP"; then
    WD=$(sed -n 's/^watchdog=//p' "$SANDBOXCTL_STATE_DIR/$NAME")
    [ -n "$WD" ] && [ "$WD" != 0 ] && kill -STOP "$WD"
    slim_checks "re-exec, SIGTERM" "$SUP" "$NAME"
    kill -TERM "$SUP"
    wait "$SUP"
    RC=$?
    gone_now "re-exec, SIGTERM with a daemon left" "$NAME"
    [ -n "$WD" ] && [ "$WD" != 0 ] && kill -CONT "$WD"
    expect_rc "re-exec: SIGTERM forwarded, the payload's status" 143
else
    fail "re-exec, SIGTERM: the sandbox never showed up or its supervisor never re-executed"
    kill "$SUP"
fi
expect_nothing_left "re-exec, SIGTERM"

# SANDBOXCTL_SUPERVISOR_REEXEC=0: the in-process supervisor (the fallback when /proc/self/exe cannot be
# executed) does the same.
SANDBOXCTL_SUPERVISOR_REEXEC=0 "$SANDBOXCTL" start --backend=cgroupfs "$UNIT" -- /bin/sh -c "$DAEMON_CMD" >/dev/null 2>&1 &
SUP=$!
STARTED_PIDS+=("$SUP")
if NAME=$(wait_listed); then
    WD=$(sed -n 's/^watchdog=//p' "$SANDBOXCTL_STATE_DIR/$NAME")
    [ -n "$WD" ] && [ "$WD" != 0 ] && kill -STOP "$WD"
    sleep 0.3
    tr '\0' ' ' <"/proc/$SUP/cmdline" | grep -q " __supervise " && fail "REEXEC=0: the supervisor re-executed" \
        || ok "REEXEC=0: the supervisor stays in-process"
    kill -TERM "$SUP"
    wait "$SUP"
    RC=$?
    gone_now "in-process supervisor, SIGTERM with a daemon left" "$NAME"
    [ -n "$WD" ] && [ "$WD" != 0 ] && kill -CONT "$WD"
    expect_rc "in-process supervisor: SIGTERM forwarded" 143
else
    fail "REEXEC=0: the sandbox never showed up"
    kill "$SUP"
fi
expect_nothing_left "in-process supervisor, SIGTERM"
