#!/bin/bash
# SPDX-License-Identifier: MIT
# Every example unit in units/examples runs with `sandboxctl start` and does its job from inside its
# sandbox. Where no backend here can enforce an example's cgroup directives (this build host: memory and
# pids are bound to cgroup v1), those lines are reset with -p, and the test says so; the vm suite's host
# pass runs them with a real systemd manager, where nothing is reset.
. "$(dirname "$0")/lib.sh"

EX="$SANDBOXCTL_SOURCE_ROOT/units/examples"

# cgroup_resets UNIT: the -p options that reset the unit's cgroup directives, when start would refuse them.
cgroup_resets() {
    RESETS=()
    if "$SANDBOXCTL" start --dry-run "$1" >/dev/null 2>&1; then
        return
    fi
    local k
    for k in MemoryMax TasksMax DevicePolicy DeviceAllow; do
        grep -q "^$k=" "$1" && RESETS+=(-p "$k=")
    done
    echo "# $(basename "$1"): no backend here enforces its cgroup directives; running with ${RESETS[*]}"
}

# hello.unit: prints its greeting.
cgroup_resets "$EX/hello.unit"
start "${RESETS[@]}" "$EX/hello.unit"
expect_rc "hello.unit runs" 0
expect_out "hello.unit prints its greeting" '^Hello from inside a sandboxctl sandbox\.$'

# untrusted.unit: /usr/bin/id as nobody, everything locked down.
cgroup_resets "$EX/untrusted.unit"
start "${RESETS[@]}" "$EX/untrusted.unit"
expect_rc "untrusted.unit runs" 0
expect_out "untrusted.unit's payload runs as nobody" '^uid=65534\(nobody\) gid=65534\(nogroup\)'

# build-offline.unit: compiles /srv/build/src/hello.c into /srv/build/out, nothing else writable, no network.
created=()
for d in /srv/build /srv/build/src /srv/build/out; do
    [ -e "$d" ] || { mkdir "$d" && created=("$d" "${created[@]}"); }
done
if [ -e /srv/build/src/hello.c ] || [ -e /srv/build/out/hello ]; then
    skip "/srv/build/src/hello.c or /srv/build/out/hello exists already; not touching it"
fi
printf '#include <stdio.h>\nint main(void) { puts("built offline"); return 0; }\n' >/srv/build/src/hello.c
if command -v cc >/dev/null; then
    cgroup_resets "$EX/build-offline.unit"
    start "${RESETS[@]}" "$EX/build-offline.unit"
    expect_rc "build-offline.unit compiles" 0
    if [ -x /srv/build/out/hello ] && [ "$(/srv/build/out/hello)" = "built offline" ]; then
        ok "build-offline.unit: the program it built runs"
    else
        fail "build-offline.unit: /srv/build/out/hello missing or wrong; output: $(echo "$OUT" | tr '\n' '|')"
    fi
    start "${RESETS[@]}" "$EX/build-offline.unit" -- /bin/sh -c 'touch /srv/build/src/x'
    [ "$RC" != 0 ] && [ ! -e /srv/build/src/x ] && ok "build-offline.unit: the source tree is read-only" ||
        fail "build-offline.unit: wrote to /srv/build/src (rc=$RC)"
else
    # The vm suite's guest has no compiler; CI's host (build-essential) always has one.
    echo "# build-offline.unit: no C compiler (cc) on this machine, not run"
fi
rm -f /srv/build/src/hello.c /srv/build/src/x /srv/build/out/hello
for d in "${created[@]}"; do rmdir "$d"; done

# webapp.unit: python3's http.server on 127.0.0.1:8080 answers, from the host, while it runs.
cgroup_resets "$EX/webapp.unit"
if "$PYTHON" -c 'import socket,sys; s=socket.socket(); sys.exit(0 if s.connect_ex(("127.0.0.1", 8080)) == 0 else 1)'; then
    skip "something already listens on 127.0.0.1:8080"
fi
"$SANDBOXCTL" start "${RESETS[@]}" "$EX/webapp.unit" >"$TESTDIR/webapp.out" 2>&1 &
WEB=$!
STARTED_PIDS+=("$WEB")
got=""
for _ in $(seq 1 100); do
    got=$("$PYTHON" -c 'import urllib.request; print(urllib.request.urlopen("http://127.0.0.1:8080/", timeout=2).status)' 2>/dev/null) && break
    sleep 0.2
done
if [ "$got" = 200 ]; then
    ok "webapp.unit serves HTTP 200 on 127.0.0.1:8080"
else
    fail "webapp.unit did not answer on 127.0.0.1:8080; output: $(tr '\n' '|' <"$TESTDIR/webapp.out")"
fi
kill -TERM "$WEB" 2>/dev/null
wait "$WEB" 2>/dev/null
rc=$?
[ "$rc" = 143 ] || [ "$rc" = 0 ] && ok "webapp.unit stops on SIGTERM (exit $rc)" || fail "webapp.unit exit $rc after SIGTERM"
