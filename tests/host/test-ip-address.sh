#!/bin/bash
# SPDX-License-Identifier: MIT
# IPAddressAllow=/IPAddressDeny= (systemd's BPF firewall on the scope): the payload connects over TCP to a
# loopback port nobody listens on. Allowed, the kernel answers ECONNREFUSED; denied, the packets are dropped
# and connect() fails with EPERM or times out (5 s) - anything but ECONNREFUSED or success. Needs the systemd system manager (the vm guest runs the host suite);
# this host has none, so the test exits 77 there (also under SANDBOXCTL_MUST_WORK=1: nothing is
# misconfigured). cgroupfs refuses these directives (test-cgroupfs-lifecycle.sh).
. "$(dirname "$0")/lib.sh"

start --backend=systemd "$UNITS/cgroupfs-devices-off.unit" -- /bin/true
if [ "$RC" != 0 ]; then
    echo "SKIP: no systemd system manager answers on the bus"
    exit 77
fi

CONNECT='
import errno, socket
s = socket.socket()
s.settimeout(5)
try:
    s.connect(("127.0.0.1", 9))
    print("connect: ok")
except OSError as e:
    print("connect:", errno.errorcode.get(e.errno, e.errno) if e.errno else "timeout")
'

for c in "ip-deny-any EPERM|timeout" "ip-allow-localhost ECONNREFUSED" "ip-deny-other ECONNREFUSED"; do
    set -- $c
    start --backend=systemd "$UNITS/$1.unit" -- "$PYTHON" -c "$CONNECT"
    got=$(printf '%s\n' "$OUT" | sed -n 's/^connect: //p')
    if [ "$RC" = 0 ] && [[ $got =~ ^($2)$ ]]; then
        ok "$1: connect to 127.0.0.1:9 -> $got"
    else
        fail "$1: connect -> '$got' (rc $RC), expected $2; output: $(echo "$OUT" | tr '\n' '|')"
    fi
done
