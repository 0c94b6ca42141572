#!/bin/bash
# SPDX-License-Identifier: MIT
# PrivateNetwork=, PrivateUsers=, PrivateIPC=, ProtectHostname= (namespace part): each probed from inside,
# next to the same probe without the directive.
. "$(dirname "$0")/lib.sh"

# --- PrivateNetwork=: only lo, and it is UP; a listener on the host's 127.0.0.1 is out of reach.
PORT=$((20000 + RANDOM % 20000))
"$PYTHON" -c '
import socket, sys, time
s = socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind(("127.0.0.1", int(sys.argv[1]))); s.listen(16)
print("listening", flush=True)
s.settimeout(60)
while True:
    try:
        c, _ = s.accept(); c.close()
    except socket.timeout:
        break
' "$PORT" > "$TESTDIR/listener.out" 2>&1 &
STARTED_PIDS+=($!)
for _ in $(seq 300); do grep -q listening "$TESTDIR/listener.out" && break; sleep 0.1; done
grep -q listening "$TESTDIR/listener.out" || skip "could not start a TCP listener on 127.0.0.1:$PORT"

start "$UNITS/private-network.unit" -- "$PROBE" lo-only-up
expect_rc "PrivateNetwork=yes: only lo, UP" 0
expect_out "PrivateNetwork=yes: lo is UP" "^lo: UP"
start "$UNITS/empty.unit" -- "$PROBE" lo-only-up
if [ "$RC" != 0 ] && [ "$(ls /sys/class/net | wc -l)" -gt 1 ]; then
    ok "twin: without PrivateNetwork= the host's interfaces are visible"
else
    fail "twin: without PrivateNetwork= the probe should see more than lo (rc=$RC): $OUT"
fi
expect_probe "PrivateNetwork=yes: host listener unreachable" private-network.unit ECONNREFUSED connect "$PORT"
expect_probe "twin: host listener reachable" empty.unit ok connect "$PORT"

HOST_NET=$(readlink /proc/self/ns/net)
start "$UNITS/private-network.unit" -- /bin/readlink /proc/self/ns/net
[ "$RC" = 0 ] && [ -n "$OUT" ] && [ "$OUT" != "$HOST_NET" ] && ok "PrivateNetwork=yes: own network namespace ($OUT)" \
    || fail "PrivateNetwork=yes: network namespace $OUT, host $HOST_NET"

# --- PrivateUsers=: a user namespace that maps only root (and User=), so host ids do not exist inside.
start "$UNITS/private-users.unit" -- /bin/cat /proc/self/uid_map
MAP=$(echo "$OUT" | tr -s ' ' | sed 's/^ //')
[ "$RC" = 0 ] && [ "$MAP" = "0 0 1" ] && ok "PrivateUsers=yes: uid_map is exactly '0 0 1'" \
    || fail "PrivateUsers=yes: uid_map '$MAP' (rc=$RC)"
start "$UNITS/empty.unit" -- /bin/cat /proc/self/uid_map
MAP=$(echo "$OUT" | tr -s ' ' | sed 's/^ //')
[ "$MAP" != "0 0 1" ] && ok "twin: without PrivateUsers= the full uid map ($MAP)" || fail "twin: uid_map '$MAP'"
# A file owned by a host user the namespace does not map shows as the overflow id.
chown 4321:4321 "$TESTDIR"
start "$UNITS/private-users.unit" -- /usr/bin/stat -c %u "$TESTDIR"
[ "$OUT" = 65534 ] && ok "PrivateUsers=yes: an unmapped owner shows as nobody" || fail "PrivateUsers=yes: owner '$OUT'"
start "$UNITS/empty.unit" -- /usr/bin/stat -c %u "$TESTDIR"
[ "$OUT" = 4321 ] && ok "twin: the owner shows as 4321" || fail "twin: owner '$OUT'"
chown 0:0 "$TESTDIR"
# Capabilities inside are worthless for the host's namespaces (mount, UTS are owned by the host's user
# namespace).
mkdir "$TESTDIR/m"
expect_probe "PrivateUsers=yes: mount on the host" private-users.unit EPERM mount "$TESTDIR/m"
expect_probe "PrivateUsers=yes: sethostname() on the host" private-users.unit EPERM sethostname-same
expect_probe "twin: root may mount on the host" empty.unit ok mount "$TESTDIR/m"
umount "$TESTDIR/m"
start "$UNITS/private-users.unit" -p User=nobody -- /bin/sh -c 'cat /proc/self/uid_map; id -u'
expect_out "PrivateUsers=yes with User=nobody: nobody is mapped and used" "65534 +65534 +1"

# --- PrivateIPC=: its own IPC namespace; a host SysV segment is invisible.
SHMID=$(ipcmk -M 4096 2>/dev/null | awk '{ print $NF }')
if [ -n "$SHMID" ]; then
    SEEN='ipcs -m | awk -v id="$1" "\$2 == id { f = 1 } END { exit !f }"'
    start "$UNITS/private-ipc.unit" -- /bin/sh -c "$SEEN" sh "$SHMID"
    [ "$RC" = 1 ] && ok "PrivateIPC=yes: host shm segment $SHMID invisible" || fail "PrivateIPC=yes: rc=$RC: $OUT"
    start "$UNITS/empty.unit" -- /bin/sh -c "$SEEN" sh "$SHMID"
    [ "$RC" = 0 ] && ok "twin: host shm segment visible" || fail "twin: segment $SHMID not visible: rc=$RC $OUT"
    ipcrm -m "$SHMID"
else
    fail "could not create a SysV shared memory segment with ipcmk"
fi
HOST_IPC=$(readlink /proc/self/ns/ipc)
start "$UNITS/private-ipc.unit" -- /bin/readlink /proc/self/ns/ipc
[ "$RC" = 0 ] && [ "$OUT" != "$HOST_IPC" ] && ok "PrivateIPC=yes: own IPC namespace" || fail "PrivateIPC=yes: $OUT"

# --- ProtectHostname=: own UTS namespace (a hostname set inside stays inside) + seccomp.
HOST_UTS=$(readlink /proc/self/ns/uts)
start "$UNITS/protect-hostname.unit" -- /bin/readlink /proc/self/ns/uts
[ "$RC" = 0 ] && [ "$OUT" != "$HOST_UTS" ] && ok "ProtectHostname=yes: own UTS namespace" || fail "ProtectHostname=yes: $OUT"
start "$UNITS/empty.unit" -- /bin/readlink /proc/self/ns/uts
[ "$OUT" = "$HOST_UTS" ] && ok "twin: host UTS namespace" || fail "twin: $OUT"
expect_probe "ProtectHostname=yes: sethostname()" protect-hostname.unit EPERM sethostname-same
expect_probe "ProtectHostname=yes: setdomainname()" protect-hostname.unit EPERM setdomainname-same
expect_probe "twin: sethostname() to the same name works" empty.unit ok sethostname-same
