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

# wait_listed: the name of our running sandbox from `list --json`, within 10 s.
wait_listed() {
    local i name
    for i in $(seq 100); do
        name=$("$SANDBOXCTL" list --json --backend=cgroupfs 2>/dev/null | "$PYTHON" -c '
import json, sys
for s in json.load(sys.stdin):
    if s["name"].startswith("sandboxctl-cgroupfs-lifecycle-") and s["state"] == "running" and s["pid"]:
        print(s["name"]); break')
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
