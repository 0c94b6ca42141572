#!/bin/bash
# SPDX-License-Identifier: MIT
# freeze / thaw / kill with the cgroupfs backend: a frozen busy loop gets no CPU until it is thawed, kill
# --signal=SIGTERM reaches the payload (its trap writes a marker), kill --signal=SIGKILL of a frozen sandbox
# leaves no process, stop of a frozen sandbox thaws it first, and status (text and --json) shows the frozen
# state and the memory/pressure figures (null exactly when the cgroup file is absent: on a hybrid host
# memory.* lives on cgroup v1).
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/cgroupfs-lib.sh"

UNIT=$(unit_path cgroupfs-freeze)

# The payload: a busy loop whose path contains $TESTDIR (lib.sh sees leftovers); SIGTERM writes a marker.
cat >"$TESTDIR/busy.sh" <<'SH'
trap 'echo term >"$1"; exit 0' TERM
[ -n "$2" ] && /bin/sh "$0" "$1.child" &
while :; do :; done
SH

# wait_listed: the name of our running sandbox from `list --json`, within 10 s.
wait_listed() {
    local i name
    for i in $(seq 100); do
        name=$("$SANDBOXCTL" list --json --backend=cgroupfs 2>/dev/null | "$PYTHON" -c '
import json, sys
for s in json.load(sys.stdin):
    if s["name"].startswith("sandboxctl-cgroupfs-freeze-") and s["state"] == "running" and s["pid"]:
        print(s["name"]); break')
        [ -n "$name" ] && { echo "$name"; return 0; }
        sleep 0.1
    done
    return 1
}

# cputime PID: utime + stime (clock ticks) from /proc/PID/stat.
cputime() {
    awk '{ sub(/.*\) /, ""); print $12 + $13 }' "/proc/$1/stat" 2>/dev/null
}

# payload_pid NAME: the busy loop (the payload's pid from status --json).
payload_pid() {
    "$SANDBOXCTL" status --json "$1" 2>/dev/null | "$PYTHON" -c 'import json, sys; print(json.load(sys.stdin)["pid"] or "")'
}

# check_status_json DESC NAME WANT_FROZEN: status --json has frozen == WANT_FROZEN and every memory/pressure key,
# null exactly when the cgroup file is absent.
check_status_json() {
    local out
    out=$("$SANDBOXCTL" status --json "$2" 2>&1)
    if msg=$(printf '%s' "$out" | "$PYTHON" -c '
import json, os, sys
want_frozen = sys.argv[1] == "true"
s = json.load(sys.stdin)
cg = s["cgroup"]
assert s["frozen"] is want_frozen, "frozen = %r" % s["frozen"]
for key, f in [("memory_current", "memory.current"), ("memory_peak", "memory.peak"),
               ("memory_swap_current", "memory.swap.current"), ("memory_swap_peak", "memory.swap.peak")]:
    assert key in s, "no key " + key
    if os.path.exists(os.path.join(cg, f)):
        assert isinstance(s[key], int), "%s = %r although %s exists" % (key, s[key], f)
    else:
        assert s[key] is None, "%s = %r although %s is absent" % (key, s[key], f)
for key, f in [("memory_pressure", "memory.pressure"), ("cpu_pressure", "cpu.pressure"), ("io_pressure", "io.pressure")]:
    assert key in s, "no key " + key
    try:
        text = open(os.path.join(cg, f)).read()
    except OSError:
        text = None
    if not text:
        assert s[key] is None, "%s = %r although %s is unreadable" % (key, s[key], f)
        continue
    p = s[key]
    assert isinstance(p, dict), "%s = %r although %s exists" % (key, p, f)
    for line in ("some", "full"):
        if line + " " in text:
            for k in ("avg10", "avg60", "avg300", "total_usec"):
                assert isinstance(p[line][k], (int, float)), "%s.%s.%s = %r" % (key, line, k, p[line][k])
        else:
            assert p.get(line) is None, "%s.%s without a line in %s" % (key, line, f)
print("memory_current=%r memory_peak=%r cpu.pressure some total=%r" % (s["memory_current"], s["memory_peak"],
      (s["cpu_pressure"] or {}).get("some", {}) and s["cpu_pressure"]["some"]["total_usec"]))
' "$3" 2>&1); then
        ok "$1: status --json: frozen=$3, memory and pressure keys match the cgroup files ($msg)"
    else
        fail "$1: status --json: $msg; output: $(echo "$out" | tr '\n' ' ')"
    fi
}

# 1. freeze, thaw, kill --signal=SIGTERM.
"$SANDBOXCTL" start --backend=cgroupfs "$UNIT" -- /bin/sh "$TESTDIR/busy.sh" "$TESTDIR/term-marker" \
    >"$TESTDIR/start.out" 2>&1 &
SUP=$!
STARTED_PIDS+=("$SUP")
if NAME=$(wait_listed) && PID=$(payload_pid "$NAME") && [ -n "$PID" ]; then
    ok "the busy loop runs in $NAME (pid $PID)"
    if [ ! -e "$OWN/$NAME/cgroup.freeze" ]; then
        "$SANDBOXCTL" kill --signal=KILL "$NAME" >/dev/null 2>&1
        wait "$SUP"
        skip "no cgroup.freeze in $OWN/$NAME (the cgroup v2 freezer needs Linux 5.2)"
    fi
    sleep 0.3
    check_status_json "running" "$NAME" false

    OUT=$("$SANDBOXCTL" freeze "$NAME" 2>&1)
    RC=$?
    expect_rc "freeze NAME" 0
    CG="$OWN/$NAME"
    if grep -qx 'frozen 1' "$CG/cgroup.events"; then
        ok "freeze: cgroup.events says frozen 1 when freeze returns"
    else
        fail "freeze: cgroup.events: $(tr '\n' ' ' <"$CG/cgroup.events")"
    fi
    T1=$(cputime "$PID")
    sleep 1
    T2=$(cputime "$PID")
    if [ -n "$T1" ] && [ "$T1" = "$T2" ]; then
        ok "frozen: the busy loop got no CPU for 1 s ($T1 -> $T2 ticks)"
    else
        fail "frozen: the busy loop's CPU time moved: $T1 -> $T2 ticks"
    fi
    OUT=$("$SANDBOXCTL" status "$NAME" 2>&1)
    expect_out "status shows the frozen state" "Frozen: yes"
    check_status_json "frozen" "$NAME" true

    OUT=$("$SANDBOXCTL" thaw "${NAME#sandboxctl-}" 2>&1)
    RC=$?
    expect_rc "thaw with the short name" 0
    T3=$(cputime "$PID")
    sleep 1
    T4=$(cputime "$PID")
    if [ -n "$T3" ] && [ -n "$T4" ] && [ "$T4" -gt $((T3 + 20)) ]; then
        ok "thawed: the busy loop runs again ($T3 -> $T4 ticks in 1 s)"
    else
        fail "thawed: the busy loop's CPU time did not advance: $T3 -> $T4 ticks"
    fi
    OUT=$("$SANDBOXCTL" status "$NAME" 2>&1)
    expect_out "status after thaw" "Frozen: no"
    check_status_json "thawed" "$NAME" false

    OUT=$("$SANDBOXCTL" kill --signal=SIGTERM "$NAME" 2>&1)
    RC=$?
    expect_rc "kill --signal=SIGTERM" 0
    wait "$SUP"
    RC=$?
    expect_rc "the payload exits 0 from its SIGTERM trap" 0
    if [ "$(cat "$TESTDIR/term-marker" 2>/dev/null)" = term ]; then
        ok "kill --signal=SIGTERM: the payload's trap ran"
    else
        fail "kill --signal=SIGTERM: no marker from the payload's trap"
    fi
else
    fail "the sandbox never showed up: $(tr '\n' '|' <"$TESTDIR/start.out")"
    kill "$SUP"
    wait "$SUP"
fi
expect_nothing_left "freeze/thaw/kill SIGTERM"

# 2. kill --signal=SIGKILL of a frozen sandbox with two busy processes: nothing is left when kill returns.
"$SANDBOXCTL" start --backend=cgroupfs "$UNIT" -- /bin/sh "$TESTDIR/busy.sh" "$TESTDIR/kill-marker" child \
    >"$TESTDIR/start2.out" 2>&1 &
SUP=$!
STARTED_PIDS+=("$SUP")
if NAME=$(wait_listed); then
    CG="$OWN/$NAME"
    for i in $(seq 50); do
        [ "$(cat "$CG"/payload/cgroup.procs 2>/dev/null | wc -l)" -ge 2 ] && break
        sleep 0.1
    done
    PIDS=$(cat "$CG"/payload/cgroup.procs 2>/dev/null | tr '\n' ' ')
    OUT=$("$SANDBOXCTL" freeze "$NAME" 2>&1)
    RC=$?
    expect_rc "freeze the two-process sandbox" 0
    OUT=$("$SANDBOXCTL" kill --signal=KILL "$NAME" 2>&1)
    RC=$?
    expect_rc "kill --signal=KILL of a frozen sandbox" 0
    left=""
    for p in $PIDS; do
        [ -d "/proc/$p" ] && [ "$(awk '{ print $3 }' "/proc/$p/stat" 2>/dev/null)" != Z ] && left="$left $p"
    done
    if [ -n "$PIDS" ] && [ -z "$left" ] && ! pgrep -f -- "$TESTDIR/busy.sh" >/dev/null; then
        ok "kill: none of the sandbox's processes ($PIDS) is left when kill returns"
    else
        fail "kill: processes left: [$left] of [$PIDS]; $(pgrep -af -- "$TESTDIR/busy.sh" | tr '\n' ';')"
    fi
    wait "$SUP"
    RC=$?
    expect_rc "start ends with the payload's SIGKILL status" 137
    [ -e "$TESTDIR/kill-marker" ] && fail "SIGKILL ran a trap?" || ok "SIGKILL: no trap ran"
else
    fail "the second sandbox never showed up: $(tr '\n' '|' <"$TESTDIR/start2.out")"
    kill "$SUP"
    wait "$SUP"
fi
expect_nothing_left "kill SIGKILL"

# 3. stop of a frozen sandbox: thawed first, so the payload's SIGTERM trap runs at once (not after the 10 s
# grace period and cgroup.kill).
"$SANDBOXCTL" start --backend=cgroupfs "$UNIT" -- /bin/sh "$TESTDIR/busy.sh" "$TESTDIR/stop-marker" \
    >"$TESTDIR/start3.out" 2>&1 &
SUP=$!
STARTED_PIDS+=("$SUP")
if NAME=$(wait_listed); then
    OUT=$("$SANDBOXCTL" freeze "$NAME" 2>&1)
    RC=$?
    expect_rc "freeze before stop" 0
    T0=$(date +%s%N)
    OUT=$("$SANDBOXCTL" stop "$NAME" 2>&1)
    RC=$?
    MS=$((($(date +%s%N) - T0) / 1000000))
    expect_rc "stop of a frozen sandbox" 0
    if [ "$(cat "$TESTDIR/stop-marker" 2>/dev/null)" = term ] && [ "$MS" -lt 5000 ]; then
        ok "stop of a frozen sandbox: the payload got SIGTERM after a thaw (${MS} ms)"
    else
        fail "stop of a frozen sandbox: marker '$(cat "$TESTDIR/stop-marker" 2>/dev/null)', ${MS} ms"
    fi
    wait "$SUP"
else
    fail "the third sandbox never showed up: $(tr '\n' '|' <"$TESTDIR/start3.out")"
    kill "$SUP"
    wait "$SUP"
fi
expect_nothing_left "stop of a frozen sandbox"

OUT=$("$SANDBOXCTL" freeze --backend=cgroupfs sandboxctl-cgroupfs-freeze-nonexistent 2>&1)
RC=$?
expect_rc "freeze of an unknown sandbox" 1
expect_out "freeze of an unknown sandbox says so" "No sandbox"
OUT=$("$SANDBOXCTL" kill --signal=NOPE x 2>&1)
RC=$?
expect_rc "kill with an unknown signal" 2
